# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        # transformations are captured once the MO has linked its inputs
        lines = moves.filtered(
            lambda m: (
                m.state == "done"
                and m.product_id.product_tmpl_id.batch_fsma_ftl
                and not m.production_id
            )
        ).move_line_ids.filtered("lot_id")
        if lines:
            self.env["batch.fsma.event"].sudo()._fsma_capture(lines)
        return moves
