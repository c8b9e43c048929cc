# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class BatchComplaint(models.Model):
    _name = "batch.complaint"
    _inherit = ["batch.complaint", "batch.audit.mixin"]

    _batch_audit_fields = (
        "name",
        "partner_id",
        "product_id",
        "lot_ids",
        "date",
        "description",
        "severity",
        "serious_adverse_event",
        "state",
        "investigation",
        "reply",
        "recall_id",
    )

    def _batch_audit_lot(self):
        return self.lot_ids[:1]
