# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import fields, models
from odoo.tools import SQL


class StockLot(models.Model):
    _inherit = "stock.lot"

    batch_delivery_line_ids = fields.Many2many(
        "stock.move.line",
        compute="_compute_batch_distribution",
        string="Shipped To",
        help="Done movements of this batch to customers (and returns from them).",
    )
    batch_receipt_line_ids = fields.Many2many(
        "stock.move.line",
        compute="_compute_batch_distribution",
        string="Received From",
        help="Done movements of this batch from suppliers.",
    )
    batch_delivery_count = fields.Integer(compute="_compute_batch_distribution")
    batch_customer_count = fields.Integer(compute="_compute_batch_distribution")
    batch_receipt_count = fields.Integer(compute="_compute_batch_distribution")

    def _compute_batch_distribution(self):
        """Where each batch went and came from: one query for all batches."""
        lots = self.filtered("id")
        (self - lots).update(
            {
                "batch_delivery_line_ids": False,
                "batch_receipt_line_ids": False,
                "batch_delivery_count": 0,
                "batch_customer_count": 0,
                "batch_receipt_count": 0,
            }
        )
        if not lots:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT ml.lot_id, ml.id, src.usage, dest.usage,
                       COALESCE(sm.partner_id, sp.partner_id)
                  FROM stock_move_line ml
                  JOIN stock_location src ON src.id = ml.location_id
                  JOIN stock_location dest ON dest.id = ml.location_dest_id
                  LEFT JOIN stock_move sm ON sm.id = ml.move_id
                  LEFT JOIN stock_picking sp ON sp.id = ml.picking_id
                 WHERE ml.lot_id = ANY(%(lots)s)
                   AND ml.state = 'done'
                   AND ml.company_id = ANY(%(companies)s)
                   AND (src.usage IN ('customer', 'supplier')
                        OR dest.usage IN ('customer', 'supplier'))
                """,
                lots=lots.ids,
                companies=self.env.companies.ids,
            )
        )
        deliveries, receipts, customers = (
            defaultdict(list),
            defaultdict(list),
            defaultdict(set),
        )
        for lot_id, line_id, src, dest, partner in self.env.cr.fetchall():
            if "customer" in (src, dest):
                deliveries[lot_id].append(line_id)
                if dest == "customer" and partner:
                    customers[lot_id].add(partner)
            if src == "supplier":
                receipts[lot_id].append(line_id)
        MoveLine = self.env["stock.move.line"]
        for lot in lots:
            lot.batch_delivery_line_ids = MoveLine.browse(deliveries[lot.id])
            lot.batch_receipt_line_ids = MoveLine.browse(receipts[lot.id])
            lot.batch_delivery_count = len(
                lot.batch_delivery_line_ids.filtered(
                    lambda ml: ml.location_dest_id.usage == "customer"
                ).picking_id
            )
            lot.batch_customer_count = len(customers[lot.id])
            lot.batch_receipt_count = len(lot.batch_receipt_line_ids.picking_id)

    def _batch_move_line_action(self, lines, name):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "stock.move.line",
            "view_mode": "list,form",
            "views": [
                (self.env.ref("stock.view_move_line_tree").id, "list"),
                (False, "form"),
            ],
            "domain": [("id", "in", lines.ids)],
            "context": {"create": False},
        }

    def action_view_batch_deliveries(self):
        self.ensure_one()
        return self._batch_move_line_action(
            self.batch_delivery_line_ids, self.env._("Shipped: %(lot)s", lot=self.name)
        )

    def action_view_batch_receipts(self):
        self.ensure_one()
        return self._batch_move_line_action(
            self.batch_receipt_line_ids, self.env._("Received: %(lot)s", lot=self.name)
        )
