# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Batch Compliance",
    "summary": "FSMA 204 records and 24-hour spreadsheet, GMP batch records, "
    "certificates of analysis, Part 11 audit trail and e-signatures, EPCIS",
    "version": "18.0.1.2.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/batch-tracking/batch-tracking",
    "author": "Batch Tracking Suite contributors",
    "maintainers": ["batch-tracking"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "application": False,
    "installable": True,
    "external_dependencies": {"python": ["xlsxwriter"]},
    "depends": [
        "batch_traceability",
        "batch_recall",
        "mrp",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/batch_compliance_security.xml",
        "wizard/batch_audit_verification_views.xml",
        "views/batch_compliance_views.xml",
        "views/batch_fsma_tlc_views.xml",
        "report/batch_compliance_reports.xml",
        "report/batch_compliance_templates.xml",
        "report/stock_picking_templates.xml",
    ],
    "demo": [
        "demo/batch_compliance_demo.xml",
    ],
}
