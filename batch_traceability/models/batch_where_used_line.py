# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class BatchWhereUsedLine(models.TransientModel):
    _name = "batch.where.used.line"
    _description = "Batch Where-Used Line"
    _order = "kind, depth, id"

    where_used_id = fields.Many2one(
        "batch.where.used", required=True, ondelete="cascade"
    )
    kind = fields.Selection(
        [
            ("batch", "Batches Made From It"),
            ("customer", "Customers"),
            ("stock", "Stock on Hand"),
        ],
        required=True,
    )
    reached_lot_id = fields.Many2one("stock.lot", string="Batch")
    product_id = fields.Many2one("product.product")
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    depth = fields.Integer(
        aggregator=False, help="Manufacturing levels from the batch."
    )
    partner_id = fields.Many2one("res.partner", string="Customer")
    location_id = fields.Many2one("stock.location")
    quantity = fields.Float(
        help="Shipped, net of returns (customers), or on hand (stock)."
    )
