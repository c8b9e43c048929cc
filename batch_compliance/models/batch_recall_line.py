# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class BatchRecallLine(models.Model):
    _name = "batch.recall.line"
    _inherit = ["batch.recall.line", "batch.audit.mixin"]

    _batch_audit_fields = (
        "partner_id",
        "lot_id",
        "qty_shipped",
        "qty_returned",
        "qty_destroyed",
        "qty_corrected",
        "qty_customer_on_hand",
        "state",
        "answered_at",
        "write_off_reason",
    )

    def _batch_audit_lot(self):
        return self.lot_id
