# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..models.stock_lot import BATCH_STATES

# Statuses the dialog sets; recalls are started from a recall campaign.
WIZARD_STATES = [state for state in BATCH_STATES if state[0] != "recalled"]


class BatchStateReasonWizard(models.TransientModel):
    """Change the status of batches with a reason logged on each of them.

    The dialog only collects the reason and offers the statuses the engine
    would accept (``stock.lot._batch_allowed_states``); the rules (group, QC,
    signature, audit) are those of ``stock.lot._batch_transition``.
    """

    _name = "batch.state.reason.wizard"
    _description = "Change Batch Status with a Reason"

    lot_ids = fields.Many2many("stock.lot", string="Batches", required=True)
    new_state = fields.Selection(WIZARD_STATES, string="New Status", required=True)
    reason = fields.Text(required=True)
    allowed_states = fields.Char(
        compute="_compute_allowed_states",
        help="Statuses the current user may set these batches to, comma separated.",
    )
    can_quarantine = fields.Boolean(compute="_compute_allowed_states")
    can_block = fields.Boolean(compute="_compute_allowed_states")
    can_release = fields.Boolean(compute="_compute_allowed_states")
    can_reject = fields.Boolean(compute="_compute_allowed_states")

    @api.depends("lot_ids")
    @api.depends_context("uid")
    def _compute_allowed_states(self):
        offered = dict(WIZARD_STATES)
        for wizard in self:
            allowed = [
                state
                for state in wizard.lot_ids._origin._batch_allowed_states()
                if state in offered
            ]
            wizard.allowed_states = ",".join(allowed)
            wizard.can_quarantine = "quarantine" in allowed
            wizard.can_block = "blocked" in allowed
            wizard.can_release = "released" in allowed
            wizard.can_reject = "rejected" in allowed

    def action_confirm(self):
        self.ensure_one()
        self.lot_ids._batch_transition(self.new_state, reason=self.reason)
        return {"type": "ir.actions.act_window_close"}

    def _confirm_state(self, new_state):
        self.ensure_one()
        self.new_state = new_state
        return self.action_confirm()

    def action_set_quarantine(self):
        return self._confirm_state("quarantine")

    def action_set_blocked(self):
        return self._confirm_state("blocked")

    def action_set_released(self):
        return self._confirm_state("released")

    def action_set_rejected(self):
        return self._confirm_state("rejected")
