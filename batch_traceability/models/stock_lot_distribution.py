# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from markupsafe import Markup

from odoo import fields, models


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
        deliveries, receipts = defaultdict(list), defaultdict(list)
        # the counts come from the query's rows: no move line is read
        delivery_docs, receipt_docs, customers = (
            defaultdict(set),
            defaultdict(set),
            defaultdict(set),
        )
        for row in self._batch_partner_movements(lots.ids, self.env.companies.ids):
            lot_id = row["lot_id"]
            if "customer" in (row["src_usage"], row["dest_usage"]):
                deliveries[lot_id].append(row["move_line_id"])
                if row["dest_usage"] == "customer":
                    if row["picking_id"]:
                        delivery_docs[lot_id].add(row["picking_id"])
                    if row["partner_id"]:
                        customers[lot_id].add(row["partner_id"])
            if row["src_usage"] == "supplier":
                receipts[lot_id].append(row["move_line_id"])
                if row["picking_id"]:
                    receipt_docs[lot_id].add(row["picking_id"])
        MoveLine = self.env["stock.move.line"]
        for lot in lots:
            lot.batch_delivery_line_ids = MoveLine.browse(deliveries[lot.id])
            lot.batch_receipt_line_ids = MoveLine.browse(receipts[lot.id])
            lot.batch_delivery_count = len(delivery_docs[lot.id])
            lot.batch_customer_count = len(customers[lot.id])
            lot.batch_receipt_count = len(receipt_docs[lot.id])

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
            "help": Markup("<p class='o_view_nocontent_empty_folder'>%s</p><p>%s</p>")
            % (
                self.env._("No movement"),
                self.env._(
                    "Done movements of this batch to or from partners appear here."
                ),
            ),
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
