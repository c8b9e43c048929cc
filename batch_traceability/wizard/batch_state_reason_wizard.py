# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..models.stock_lot import BATCH_STATES


class BatchStateReasonWizard(models.TransientModel):
    """Change the status of batches with a reason logged on each of them.

    The dialog only collects the reason: the rules (group, QC, signature,
    audit) are those of ``stock.lot._batch_transition``.
    """

    _name = "batch.state.reason.wizard"
    _description = "Change Batch Status with a Reason"

    lot_ids = fields.Many2many("stock.lot", string="Batches", required=True)
    new_state = fields.Selection(
        [state for state in BATCH_STATES if state[0] != "recalled"],
        string="New Status",
        required=True,
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.lot_ids._batch_transition(self.new_state, reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
