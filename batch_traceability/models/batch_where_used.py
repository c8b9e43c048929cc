# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL


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
        self.env.cr.execute(
            SQL(
                """
                SELECT COALESCE(sm.partner_id, sp.partner_id), ml.lot_id, ml.product_id,
                       SUM(CASE WHEN dest.usage = 'customer'
                                THEN ml.quantity_product_uom ELSE 0 END)
                     - SUM(CASE WHEN src.usage = 'customer'
                                THEN ml.quantity_product_uom ELSE 0 END)
                  FROM stock_move_line ml
                  JOIN stock_move sm ON sm.id = ml.move_id
                  JOIN stock_location src ON src.id = ml.location_id
                  JOIN stock_location dest ON dest.id = ml.location_dest_id
                  LEFT JOIN stock_picking sp ON sp.id = ml.picking_id
                 WHERE ml.lot_id = ANY(%(lots)s) AND ml.state = 'done'
                   AND ml.company_id = ANY(%(companies)s)
                   AND (dest.usage = 'customer' OR src.usage = 'customer')
                 GROUP BY 1, 2, 3
                """,
                lots=lot_ids,
                companies=companies,
            )
        )
        for partner_id, lot_id, product_id, qty in self.env.cr.fetchall():
            vals_list.append(
                {
                    "where_used_id": self.id,
                    "kind": "customer",
                    "partner_id": partner_id,
                    "reached_lot_id": lot_id,
                    "product_id": product_id,
                    "depth": depth.get(lot_id, 0),
                    "quantity": qty,
                }
            )
        self.env.cr.execute(
            SQL(
                """
                SELECT q.location_id, q.lot_id, q.product_id, SUM(q.quantity)
                  FROM stock_quant q
                  JOIN stock_location loc ON loc.id = q.location_id
                 WHERE q.lot_id = ANY(%(lots)s) AND loc.usage IN ('internal', 'transit')
                   AND q.company_id = ANY(%(companies)s)
                 GROUP BY 1, 2, 3
                HAVING SUM(q.quantity) <> 0
                """,
                lots=lot_ids,
                companies=companies,
            )
        )
        for location_id, lot_id, product_id, qty in self.env.cr.fetchall():
            vals_list.append(
                {
                    "where_used_id": self.id,
                    "kind": "stock",
                    "location_id": location_id,
                    "reached_lot_id": lot_id,
                    "product_id": product_id,
                    "depth": depth.get(lot_id, 0),
                    "quantity": qty,
                }
            )
        self.env["batch.where.used.line"].create(vals_list)


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
