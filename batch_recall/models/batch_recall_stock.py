# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.batch_traceability.models.rule_guard import is_trusted

from .batch_recall import SCOPE_KEY


class BatchRecallStock(models.Model):
    """Affected stock still in the company's hands when the scope was computed."""

    _name = "batch.recall.stock"
    _description = "Recall Stock on Hand"
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

    # Rows of the scope, written by the recall engine only (see batch.recall).
    @api.model_create_multi
    def create(self, vals_list):
        self._recall_check_engine()
        return super().create(vals_list)

    def write(self, vals):
        self._recall_check_engine()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_engine(self):
        self._recall_check_engine()

    def _recall_check_engine(self):
        if not is_trusted(self.env, SCOPE_KEY):
            raise UserError(
                self.env._(
                    "%(what)s rows are computed by the recall; they cannot be "
                    "changed or deleted by hand.",
                    what=self._description,
                )
            )
