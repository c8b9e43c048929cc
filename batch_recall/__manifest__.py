# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Batch Recall",
    "summary": "Recall campaigns and timed mock recalls: scope from a suspect "
    "batch, quarantine, customer notification, returns, mass balance",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/batch-tracking/batch-tracking",
    "author": "Batch Tracking Suite contributors",
    "maintainers": ["batch-tracking"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "application": False,
    "installable": True,
    "depends": [
        "batch_traceability",
        "portal",
        "resource",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/batch_recall_security.xml",
        "security/batch_recall_drill_security.xml",
        "data/batch_recall_data.xml",
        "data/mail_activity_type_data.xml",
        "views/batch_recall_views.xml",
        "views/batch_recall_job_views.xml",
        "views/batch_recall_check_views.xml",
        "views/batch_recall_clock_views.xml",
        "views/batch_recall_disposition_views.xml",
        "views/batch_recall_drill_views.xml",
        "views/res_config_settings_views.xml",
        "views/batch_complaint_views.xml",
        "views/batch_complaint_clock_views.xml",
        "views/product_template_views.xml",
        "views/portal_templates.xml",
        "views/batch_recall_notice_views.xml",
        "wizard/batch_recall_reason_views.xml",
        "wizard/batch_recall_notice_preview_views.xml",
        "report/batch_recall_reports.xml",
        "report/batch_recall_templates.xml",
        "report/batch_recall_drill_templates.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "batch_recall/static/tests/tours/*",
        ],
    },
    "demo": [
        "demo/batch_recall_demo.xml",
    ],
}
