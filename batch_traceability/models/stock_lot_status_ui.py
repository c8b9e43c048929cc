# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import UserError

from .stock_lot import BATCH_STATES


class StockLot(models.Model):
    """What the screens offer for the batch status: only the changes the
    status engine would accept from the current user."""

    _inherit = "stock.lot"

    def _batch_allowed_states(self):
        """The statuses the current user may set all of these batches to.

        Asks the engine itself (group, reversal and recall rules, then the
        preconditions such as passed QC for a release) instead of repeating
        its rules; the reason is left out of the question since the dialog
        asks for one. Nothing is written: the checks only read.

        :return: list of ``BATCH_STATES`` keys, in their order
        """
        allowed = []
        for state, _label in BATCH_STATES:
            lots = self.filtered(lambda lot, state=state: lot.batch_state != state)
            if not lots:
                continue
            try:
                lots._check_batch_state_change(state, reason="x")
                lots._batch_transition_preconditions(state)
            except UserError:
                # AccessError and ValidationError are UserErrors too
                continue
            allowed.append(state)
        return allowed

    def action_batch_put_on_hold(self):
        """Open the reason dialog to block the selected batches (list bulk
        action); the engine decides who may."""
        return self.with_context(batch_new_state="blocked").action_batch_state_reason()
