# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Batch Traceability",
    "summary": "Batch master data, QC release status, genealogy, rotation and "
    "expiry control for regulated warehouses",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/batch-tracking/batch-tracking",
    "author": "Batch Tracking Suite contributors",
    "maintainers": ["batch-tracking"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "application": True,
    "installable": True,
    "depends": [
        "stock",
        "mrp",
        "sale_stock",
        "purchase_stock",
        "product_expiry",
        "barcodes_gs1_nomenclature",
    ],
    "data": [
        "security/batch_traceability_groups.xml",
        "security/ir.model.access.csv",
        "security/batch_traceability_security.xml",
        "views/batch_facility_views.xml",
        "views/stock_lot_views.xml",
        "views/product_template_views.xml",
        "views/res_partner_views.xml",
        "views/res_partner_batch_views.xml",
        "views/sale_order_views.xml",
        "views/sale_portal_templates.xml",
        "report/report_invoice_batch.xml",
        "views/batch_traceability_menus.xml",
        "views/stock_picking_batch_views.xml",
        "data/batch_delivery_slip_data.xml",
    ],
    "demo": [
        "demo/batch_traceability_demo.xml",
        "demo/sale_batch_demo.xml",
    ],
}
