# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class BatchRecallLine(models.Model):
    """What one delivery address received of one affected batch, and what
    became of it."""

    _name = "batch.recall.line"
    _description = "Recall Consignee Line"
    _order = "recall_id, commercial_partner_id, partner_id, lot_id"

    recall_id = fields.Many2one(
        "batch.recall", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="recall_id.company_id", store=True)
    recall_type = fields.Selection(related="recall_id.recall_type")
    partner_id = fields.Many2one(
        "res.partner", string="Delivery Address", required=True, index=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, string="Customer"
    )
    lot_id = fields.Many2one("stock.lot", string="Batch", required=True, index=True)
    product_id = fields.Many2one("product.product", required=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    qty_shipped = fields.Float(
        string="Shipped", help="Delivered to this address, net of earlier returns."
    )
    first_ship_date = fields.Datetime(string="First Shipped")
    last_ship_date = fields.Datetime(string="Last Shipped")
    documents = fields.Char(string="Deliveries")
    qty_returned = fields.Float(
        string="Returned", help="Received back from this address since the scope."
    )
    qty_destroyed = fields.Float(
        string="Destroyed", help="Destroyed at the customer, as confirmed by them."
    )
    qty_corrected = fields.Float(
        string="Corrected", help="Corrected in place (relabelled, reworked)."
    )
    qty_customer_on_hand = fields.Float(
        string="Held by Customer", help="Quantity the customer still holds (answer)."
    )
    qty_unaccounted = fields.Float(
        string="Unaccounted", compute="_compute_qty_unaccounted", store=True
    )
    effectiveness = fields.Float(
        string="Effectiveness (%)", compute="_compute_qty_unaccounted", store=True
    )
    state = fields.Selection(
        [
            ("pending", "Not Notified"),
            ("notified", "Notified"),
            ("answered", "Answered"),
            ("written_off", "Written Off"),
        ],
        default="pending",
        required=True,
    )
    answered_at = fields.Datetime()
    write_off_reason = fields.Char()

    @api.depends("qty_shipped", "qty_returned", "qty_destroyed", "qty_corrected")
    def _compute_qty_unaccounted(self):
        for line in self:
            line.update(
                self._accounting_values(
                    line.qty_shipped,
                    line.qty_returned,
                    line.qty_destroyed,
                    line.qty_corrected,
                )
            )

    @api.model
    def _accounting_values(self, shipped, returned, destroyed, corrected):
        """Shipped = returned + destroyed + corrected + unaccounted."""
        accounted = returned + destroyed + corrected
        return {
            "qty_unaccounted": max(0.0, shipped - accounted),
            "effectiveness": min(100.0, 100.0 * accounted / shipped)
            if shipped
            else 100.0,
        }

    def _refresh_returned(self):
        """Returned quantities from the done returns of each address and batch
        since the recall was scoped: one query for all lines."""
        if not self:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT line.id, COALESCE(SUM(ml.quantity_product_uom), 0)
                  FROM batch_recall_line line
                  JOIN batch_recall recall ON recall.id = line.recall_id
                  JOIN stock_move_line ml ON ml.lot_id = line.lot_id
                                         AND ml.state = 'done'
                                         AND ml.date >= recall.scoped_at
                  JOIN stock_move sm ON sm.id = ml.move_id
                  JOIN stock_location src ON src.id = ml.location_id
                                         AND src.usage = 'customer'
                  LEFT JOIN stock_picking sp ON sp.id = ml.picking_id
                 WHERE line.id = ANY(%(lines)s)
                   AND COALESCE(sm.partner_id, sp.partner_id) = line.partner_id
                 GROUP BY line.id
                """,
                lines=self.ids,
            )
        )
        returned = defaultdict(float, self.env.cr.fetchall())
        for line in self:
            if line.qty_returned != returned[line.id]:
                line.qty_returned = returned[line.id]

    def action_write_off(self):
        for line in self:
            if not (line.write_off_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Give the reason for writing off %(customer)s / %(lot)s.",
                        customer=line.partner_id.display_name,
                        lot=line.lot_id.name,
                    )
                )
        self.recall_id._check_recall_manager()
        self.state = "written_off"
        for line in self:
            line.recall_id.message_post(
                body=self.env._(
                    "Written off %(customer)s / %(lot)s (%(qty)s unaccounted): "
                    "%(reason)s",
                    customer=line.partner_id.display_name,
                    lot=line.lot_id.name,
                    qty=line.qty_unaccounted,
                    reason=line.write_off_reason,
                )
            )
        return True
