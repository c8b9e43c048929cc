# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class BatchQcTemplate(models.Model):
    _name = "batch.qc.template"
    _inherit = ["batch.qc.template", "batch.audit.mixin"]

    _batch_audit_fields = (
        "name",
        "active",
        "company_id",
        "product_tmpl_ids",
        "categ_ids",
    )
