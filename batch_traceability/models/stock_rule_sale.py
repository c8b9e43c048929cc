# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockRule(models.Model):
    _inherit = "stock.rule"

    def _get_custom_move_fields(self):
        # The batch a customer requested on the sale line (procurement value
        # set by sale.order.line/stock.move._prepare_procurement_values).
        return super()._get_custom_move_fields() + ["batch_requested_lot_id"]
