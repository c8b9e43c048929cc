# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .batch_recall_drill import DRILL_KEY


class BatchRecallDrillSource(models.Model):
    """One step back of a mock recall drill: where an input of a starting
    batch (or the starting batch itself, when it was bought in) came from."""

    _name = "batch.recall.drill.source"
    _inherit = ["batch.engine.rows"]
    _description = "Mock Recall Drill Source"
    # figures of the drill's result, written by the drill only
    _engine_key = DRILL_KEY
    _order = "recall_id, start_lot_id, origin, lot_id, date"

    recall_id = fields.Many2one(
        "batch.recall", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="recall_id.company_id", store=True)
    start_lot_id = fields.Many2one("stock.lot", string="Starting Batch", required=True)
    lot_id = fields.Many2one("stock.lot", string="Input Batch", required=True)
    product_id = fields.Many2one(related="lot_id.product_id", string="Product")
    uom_id = fields.Many2one(related="lot_id.product_id.uom_id", string="Unit")
    origin = fields.Selection(
        [
            ("supplier", "Supplier Receipt"),
            ("production", "Made in House"),
            ("unknown", "Origin Unknown"),
        ],
        required=True,
    )
    partner_id = fields.Many2one("res.partner", string="Supplier")
    supplier_lot = fields.Char(string="Supplier Lot")
    picking_id = fields.Many2one("stock.picking", string="Receipt")
    production_id = fields.Many2one("mrp.production", string="Manufacturing Order")
    date = fields.Datetime()
    quantity = fields.Float(string="Quantity Received or Made")
