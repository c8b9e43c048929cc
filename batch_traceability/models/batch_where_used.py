# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import api, fields, models


class BatchWhereUsed(models.TransientModel):
    """Where a batch went: every batch made from it (any depth), every
    customer who received any of them with quantities, and the stock left."""

    _name = "batch.where.used"
    _description = "Batch Where-Used"

    lot_id = fields.Many2one("stock.lot", string="Batch", required=True)
    line_ids = fields.One2many("batch.where.used.line", "where_used_id")

    @api.model
    def _open_for(self, lot):
        wizard = self.create({"lot_id": lot.id})
        wizard._build()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Where-Used: %(lot)s", lot=lot.name),
            "res_model": "batch.where.used.line",
            "view_mode": "list",
            "domain": [("where_used_id", "=", wizard.id)],
            "context": {"search_default_group_kind": 1, "create": False},
            "help": Markup("<p class='o_view_nocontent_empty_folder'>%s</p><p>%s</p>")
            % (
                self.env._(
                    "Nothing was made from this batch, shipped or kept in stock"
                ),
                self.env._(
                    "Where-used follows done manufacturing orders to every batch made "
                    "from this one, the customers who received any of them, and the "
                    "stock left."
                ),
            ),
        }

    def _build(self):
        self.ensure_one()
        lot = self.lot_id
        companies = self.env.companies.ids
        trace = lot._batch_trace_ids("downstream", company_ids=companies)
        # record rules: only what the user may see
        visible = self.env["stock.lot"].search([("id", "in", trace["lot_ids"])])
        depth = trace["depth"]
        lot_ids = [lot.id, *visible.ids]
        vals_list = [
            {
                "where_used_id": self.id,
                "kind": "batch",
                "reached_lot_id": reached.id,
                "product_id": reached.product_id.id,
                "depth": depth.get(reached.id, 0),
            }
            for reached in visible
        ]
        Lot = self.env["stock.lot"]
        for row in Lot._batch_shipments(lot_ids, companies):
            vals_list.append(
                {
                    "where_used_id": self.id,
                    "kind": "customer",
                    "partner_id": row["partner_id"],
                    "reached_lot_id": row["lot_id"],
                    "product_id": row["product_id"],
                    "depth": depth.get(row["lot_id"], 0),
                    "quantity": row["qty_shipped"],
                }
            )
        for row in Lot._batch_stock_on_hand(lot_ids, companies):
            vals_list.append(
                {
                    "where_used_id": self.id,
                    "kind": "stock",
                    "location_id": row["location_id"],
                    "reached_lot_id": row["lot_id"],
                    "product_id": row["product_id"],
                    "depth": depth.get(row["lot_id"], 0),
                    "quantity": row["qty_on_hand"],
                }
            )
        self.env["batch.where.used.line"].create(vals_list)
