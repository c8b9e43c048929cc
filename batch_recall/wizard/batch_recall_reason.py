# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class BatchRecallReason(models.TransientModel):
    """Asks why a recall is cancelled or reset to draft, then hands the
    decision to the recall's transition engine (which checks everything)."""

    _name = "batch.recall.reason"
    _description = "Recall Decision Reason"

    recall_ids = fields.Many2many("batch.recall", string="Recalls", required=True)
    new_state = fields.Selection(
        [("cancel", "Cancel"), ("draft", "Reset to Draft")],
        string="Decision",
        required=True,
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.recall_ids._recall_transition(self.new_state, reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
