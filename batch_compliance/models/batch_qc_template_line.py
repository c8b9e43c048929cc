# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class BatchQcTemplateLine(models.Model):
    _name = "batch.qc.template.line"
    _inherit = ["batch.qc.template.line", "batch.audit.mixin"]

    _batch_audit_fields = (
        "template_id",
        "name",
        "method",
        "unit",
        "spec_type",
        "spec_min",
        "spec_max",
        "spec_text",
        "mandatory",
    )

    def _batch_audit_company(self):
        return self.template_id.company_id
