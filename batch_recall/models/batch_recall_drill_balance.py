# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .batch_recall_drill import DRILL_KEY


class BatchRecallDrillBalance(models.Model):
    """Mass balance of one starting batch of a mock recall drill, as the
    figures stood when the drill team reconciled them.

    Produced or received = shipped (net of customer returns) + on hand + used
    in other batches + scrapped + samples + returned to the supplier. Stock
    lost or found by inventory counts is the difference nobody can explain,
    which is what the drill measures: it is shown, never counted as accounted.
    """

    _name = "batch.recall.drill.balance"
    _inherit = ["batch.engine.rows"]
    _description = "Mock Recall Drill Mass Balance"
    # figures of the drill's result, written by the drill only
    _engine_key = DRILL_KEY
    _order = "recall_id, lot_id"

    recall_id = fields.Many2one(
        "batch.recall", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="recall_id.company_id", store=True)
    lot_id = fields.Many2one("stock.lot", string="Batch", required=True)
    product_id = fields.Many2one("product.product", required=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    qty_in = fields.Float(string="Produced / Received")
    qty_shipped = fields.Float(
        string="Shipped", help="Delivered to customers, net of customer returns."
    )
    qty_on_hand = fields.Float(string="On Hand")
    qty_consumed = fields.Float(string="Used in Other Batches")
    qty_scrapped = fields.Float(string="Scrapped")
    qty_samples = fields.Float(
        string="Samples",
        help="Moved out to a virtual location that is neither scrap nor an "
        "inventory count (e.g. retained or laboratory samples).",
    )
    qty_to_supplier = fields.Float(string="Returned to Supplier")
    qty_counted = fields.Float(
        string="Count Differences",
        help="Net quantity lost (positive) or found (negative) by inventory "
        "counts: not accounted for.",
    )
    qty_accounted = fields.Float(string="Accounted For")
    qty_difference = fields.Float(string="Unaccounted")
    balance_pct = fields.Float(string="Accounted (%)")
    in_band = fields.Boolean(string="Within Pass Band")
