# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    # Display helpers for the batches shipped on sale orders; the lot's own
    # expiration date (not the line's copy) is what the customer has.
    batch_lot_expiration_date = fields.Datetime(
        string="Batch Expiration Date",
        related="lot_id.expiration_date",
    )
    batch_sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Sale Order Line",
        related="move_id.sale_line_id",
    )
