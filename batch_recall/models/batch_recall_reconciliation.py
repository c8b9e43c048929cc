# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import float_compare, float_is_zero

from ..tools import bulk_insert
from .batch_recall import SCOPE_KEY


class BatchRecallReconciliation(models.Model):
    """Mass balance of one affected batch.

    Produced or received = on hand + consumed in other batches + shipped (net
    of customer returns) + scrapped + returned to the supplier + adjusted. Any
    difference is the gap, shown as is.

    Stock that only appeared through an inventory count (a negative
    adjustment, nothing produced or received) balances arithmetically but has
    no traced origin: such a batch is not *balanced* and keeps the recall from
    being stamped reconciled.
    """

    _name = "batch.recall.reconciliation"
    _inherit = ["batch.engine.rows"]
    _description = "Recall Mass Balance"
    # rows of the scope, written by the recall engine only (see batch.recall)
    _engine_key = SCOPE_KEY
    _order = "recall_id, lot_id"

    recall_id = fields.Many2one(
        "batch.recall", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="recall_id.company_id", store=True)
    lot_id = fields.Many2one("stock.lot", string="Batch", required=True)
    product_id = fields.Many2one("product.product", required=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    qty_in = fields.Float(string="Produced / Received")
    qty_on_hand = fields.Float(string="On Hand")
    qty_consumed = fields.Float(string="Consumed in Other Batches")
    qty_shipped = fields.Float(string="Shipped")
    qty_returned = fields.Float(string="Returned by Customers")
    qty_scrapped = fields.Float(string="Scrapped")
    qty_adjusted = fields.Float(
        string="Inventory Adjustments", help="Net quantity lost in inventory counts."
    )
    qty_to_supplier = fields.Float(string="Returned to Supplier")
    qty_accounted = fields.Float(compute="_compute_gap", store=True)
    qty_gap = fields.Float(string="Gap", compute="_compute_gap", store=True)
    has_gap = fields.Boolean(compute="_compute_gap", store=True)
    is_balanced = fields.Boolean(
        string="Balanced",
        compute="_compute_gap",
        store=True,
        help="Traced to a production or receipt, and every unit of it accounted "
        "for (no gap).",
    )
    balance_pct = fields.Float(
        string="Accounted (%)", compute="_compute_gap", store=True, aggregator="avg"
    )

    @api.depends(
        "qty_in",
        "qty_on_hand",
        "qty_consumed",
        "qty_shipped",
        "qty_returned",
        "qty_scrapped",
        "qty_adjusted",
        "qty_to_supplier",
    )
    def _compute_gap(self):
        for rec in self:
            rec.update(
                self._balance_values(rec, rec.product_id.uom_id.rounding or 0.01)
            )

    @api.model
    def _balance_values(self, row, rounding):
        """The balance of one batch; ``row`` is a record or a dict of the
        quantities (the bulk scope insert uses the same rule)."""
        accounted = (
            row["qty_on_hand"]
            + row["qty_consumed"]
            + (row["qty_shipped"] - row["qty_returned"])
            + row["qty_scrapped"]
            + row["qty_adjusted"]
            + row["qty_to_supplier"]
        )
        gap = row["qty_in"] - accounted
        has_gap = not float_is_zero(gap, precision_rounding=rounding or 0.01)
        traced = float_compare(row["qty_in"], 0.0, precision_rounding=rounding or 0.01)
        return {
            "qty_accounted": accounted,
            "qty_gap": gap,
            "has_gap": has_gap,
            "is_balanced": traced > 0 and not has_gap,
            "balance_pct": 100.0 * accounted / row["qty_in"] if row["qty_in"] else 0.0,
        }

    @api.model
    def _recall_scope_write(self, recall, lot_ids):
        """The mass-balance rows of ``recall``'s scope, from the shared mass
        balance of the recall's company (recall engine only: scope and
        refresh). Samples and inventory count differences are shown together
        as adjustments."""
        Product = self.env["product.product"]
        rows = []
        for balance in self.env["stock.lot"]._batch_mass_balance(
            lot_ids, recall.company_id.ids
        ):
            row = {
                "recall_id": recall.id,
                "company_id": recall.company_id.id,
                "lot_id": balance["lot_id"],
                "product_id": balance["product_id"],
                "qty_in": balance["qty_in"],
                "qty_on_hand": balance["qty_on_hand"],
                "qty_consumed": balance["qty_consumed"],
                "qty_shipped": balance["qty_delivered"],
                "qty_returned": balance["qty_returned"],
                "qty_scrapped": balance["qty_scrapped"],
                "qty_adjusted": balance["qty_samples"] + balance["qty_counted"],
                "qty_to_supplier": balance["qty_to_supplier"],
            }
            rounding = Product.browse(row["product_id"]).uom_id.rounding
            row.update(self._balance_values(row, rounding))
            rows.append(row)
        bulk_insert(self, rows)
