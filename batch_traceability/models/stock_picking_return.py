# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _batch_return_lots(self, lots):
        """Create, through Odoo's own return wizard, one return transfer per
        delivery in ``self`` for what it shipped of ``lots`` and has not come
        back yet (earlier returns that are not cancelled are deducted).
        Deliveries with nothing left out get no return.

        :return: the return transfers created (not validated: the goods have
            to arrive first)
        """
        Return = self.env["stock.return.picking"]
        returns = self.browse()
        for delivery in self:
            wizard = Return.with_context(
                active_id=delivery.id, active_model="stock.picking"
            ).create({"picking_id": delivery.id})
            for line in wizard.product_return_moves:
                move = line.move_id
                shipped = sum(
                    move.move_line_ids.filtered(lambda ml: ml.lot_id in lots).mapped(
                        "quantity"
                    )
                )
                back = sum(
                    move.returned_move_ids.filtered(
                        lambda m: m.state != "cancel"
                    ).mapped("product_uom_qty")
                )
                line.quantity = max(0.0, shipped - back)
            if not any(wizard.product_return_moves.mapped("quantity")):
                continue
            action = wizard.action_create_returns()
            returns |= self.browse(action["res_id"])
        return returns
