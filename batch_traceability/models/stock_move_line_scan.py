# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import UserError


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def _batch_scan_set_quantity(self, quantity):
        """The quantity typed on the scan screen (transfers and manufacturing
        orders alike): a number, not negative, written with the line picked;
        return the screen's values of its move."""
        self.ensure_one()
        try:
            quantity = float(quantity)
        except (TypeError, ValueError) as error:
            raise UserError(
                self.env._("%(qty)s is not a quantity.", qty=quantity)
            ) from error
        if quantity < 0:
            raise UserError(self.env._("A quantity cannot be negative."))
        with self.env.cr.savepoint():
            self.write({"quantity": quantity, "picked": True})
        return {"moves": self.move_id._batch_scan_move_values()}
