# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError

from ..models.stock_lot import BATCH_STATES


class BatchStateReasonWizard(models.TransientModel):
    """Change the status of batches with a reason logged on each of them."""

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
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for the change."))
        if self.new_state == "released":
            self.lot_ids._batch_check_qc_passed()
        self.lot_ids._set_batch_state(self.new_state, reason)
        if self.new_state in ("released", "rejected"):
            self.lot_ids.write(
                {"released_by_id": self.env.uid, "released_date": fields.Datetime.now()}
            )
        return {"type": "ir.actions.act_window_close"}
