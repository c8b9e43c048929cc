# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class BatchQcResult(models.Model):
    _name = "batch.qc.result"
    _inherit = ["batch.qc.result", "batch.audit.mixin"]

    _batch_audit_fields = (
        "name",
        "method",
        "value",
        "result",
        "spec_type",
        "spec_min",
        "spec_max",
        "spec_text",
        "mandatory",
        "tester_id",
        "test_date",
        "state",
        "cancel_reason",
    )

    def _batch_audit_lot(self):
        return self.lot_id
