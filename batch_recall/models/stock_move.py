# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        returned = moves.filtered(
            lambda m: m.state == "done" and m.location_id.usage == "customer"
        ).move_line_ids.lot_id
        if returned:
            # keep the recovery figures of open recalls current as returns arrive
            lines = (
                self.env["batch.recall.line"]
                .sudo()
                .search(
                    [
                        ("lot_id", "in", returned.ids),
                        ("recall_id.state", "in", ("in_progress", "monitoring")),
                    ]
                )
            )
            lines._refresh_returned()
            lines.recall_id._check_reconciled()
        return moves
