# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class BatchRecallNotice(models.Model):
    _name = "batch.recall.notice"
    _inherit = ["batch.recall.notice", "batch.audit.mixin"]

    _batch_audit_fields = (
        "state",
        "sent_at",
        "answered_at",
        "answered_by",
        "customer_comment",
    )

    def _batch_audit_lot(self):
        return self.recall_id.lot_ids[:1]
