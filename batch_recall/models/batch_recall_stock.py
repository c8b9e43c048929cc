# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools import bulk_insert
from .batch_recall import SCOPE_KEY


class BatchRecallStock(models.Model):
    """Affected stock still in the company's hands when the scope was computed."""

    _name = "batch.recall.stock"
    _inherit = ["batch.engine.rows"]
    _description = "Recall Stock on Hand"
    # rows of the scope, written by the recall engine only (see batch.recall)
    _engine_key = SCOPE_KEY
    _order = "recall_id, lot_id, location_id"

    recall_id = fields.Many2one(
        "batch.recall", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="recall_id.company_id", store=True)
    lot_id = fields.Many2one("stock.lot", string="Batch", required=True)
    product_id = fields.Many2one("product.product", required=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    location_id = fields.Many2one("stock.location", required=True)
    qty_on_hand = fields.Float(string="On Hand")
    qty_reserved = fields.Float(
        string="Reserved", help="Reserved by open deliveries and manufacturing orders."
    )

    @api.model
    def _recall_scope_write(self, recall, lot_ids):
        """The stock rows of ``recall``'s scope, from the shared on-hand query
        of the recall's company (recall engine only)."""
        bulk_insert(
            self,
            [
                dict(row, recall_id=recall.id, company_id=recall.company_id.id)
                for row in self.env["stock.lot"]._batch_stock_on_hand(
                    lot_ids, recall.company_id.ids
                )
            ],
        )
