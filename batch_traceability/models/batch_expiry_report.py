# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

BUCKETS = [
    ("expired", "Expired"),
    ("30", "Within 30 days"),
    ("60", "31 to 60 days"),
    ("90", "61 to 90 days"),
    ("later", "Later"),
    ("none", "No expiry"),
]


class BatchExpiryReport(models.Model):
    """Batches in stock by expiry bucket, with the value at risk and whether
    they will sell before their removal date at the current sales pace."""

    _name = "batch.expiry.report"
    _description = "Batch Expiry Analysis"
    _auto = False
    _order = "expiration_date, product_id"

    lot_id = fields.Many2one("stock.lot", string="Batch", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Category", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    batch_state = fields.Selection(
        selection=lambda self: self.env["stock.lot"]._fields["batch_state"].selection,
        string="Batch Status",
        readonly=True,
    )
    expiration_date = fields.Datetime(readonly=True)
    removal_date = fields.Datetime(readonly=True)
    days_left = fields.Integer(string="Days to Expiry", readonly=True)
    bucket = fields.Selection(BUCKETS, string="Expiry", readonly=True)
    quantity = fields.Float(readonly=True)
    value = fields.Float(string="Value at Cost", readonly=True)
    daily_sales = fields.Float(
        string="Avg. Daily Outgoing",
        readonly=True,
        aggregator="avg",
        help="Average quantity of the product delivered per day over the last 90 days.",
    )
    has_sales_history = fields.Boolean(
        string="Sold Recently",
        readonly=True,
        help="The product was delivered to customers in the last 90 days; "
        "without that there is no sales pace to predict from.",
    )
    days_to_sell = fields.Float(
        readonly=True,
        aggregator="max",
        help="Days needed to sell this batch at the average daily outgoing "
        "quantity; empty when the product has no recent sales.",
    )
    expires_before_sold = fields.Boolean(
        string="Will Expire Before It Sells",
        readonly=True,
        help="At the product's recent sales pace, part of the batch will still "
        "be in stock at its removal (or expiry) date. Not set for products "
        "without recent sales: there is no pace to predict from.",
    )

    def action_batch_put_on_hold(self):
        """Put the selected batches on hold (blocked), through the reason
        dialog; the status rules are those of the batch."""
        return self.lot_id.with_context(
            batch_new_state="blocked"
        ).action_batch_state_reason()

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    WITH stock AS (
                        SELECT q.lot_id, q.product_id, wh.id AS warehouse_id,
                               q.company_id, SUM(q.quantity) AS quantity
                          FROM stock_quant q
                          JOIN stock_location loc ON loc.id = q.location_id
                          LEFT JOIN stock_warehouse wh ON wh.id = loc.warehouse_id
                         WHERE loc.usage = 'internal' AND q.lot_id IS NOT NULL
                         GROUP BY q.lot_id, q.product_id, wh.id, q.company_id
                        HAVING SUM(q.quantity) > 0
                    ),
                    pace AS (
                        SELECT sm.product_id, SUM(sm.product_qty) / 90.0 AS daily
                          FROM stock_move sm
                          JOIN stock_location dest ON dest.id = sm.location_dest_id
                         WHERE sm.state = 'done'
                           AND dest.usage = 'customer'
                           AND sm.date >= now() - interval '90 days'
                         GROUP BY sm.product_id
                    )
                    -- ordered: a row keeps its id from one query to the
                    -- next (a search then a read, an action on selected rows)
                    SELECT row_number() OVER (
                               ORDER BY s.lot_id, s.warehouse_id, s.company_id
                           ) AS id,
                           s.lot_id, s.product_id, pt.categ_id, s.warehouse_id,
                           s.company_id, lot.batch_state, lot.expiration_date,
                           lot.removal_date,
                           (lot.expiration_date::date - now()::date) AS days_left,
                           CASE
                               WHEN lot.expiration_date IS NULL THEN 'none'
                               WHEN lot.expiration_date <= now() THEN 'expired'
                               WHEN lot.expiration_date
                                    <= now() + interval '30 days' THEN '30'
                               WHEN lot.expiration_date
                                    <= now() + interval '60 days' THEN '60'
                               WHEN lot.expiration_date
                                    <= now() + interval '90 days' THEN '90'
                               ELSE 'later'
                           END AS bucket,
                           s.quantity,
                           s.quantity * COALESCE(
                               (pp.standard_price ->> s.company_id::text)::numeric, 0
                           ) AS value,
                           COALESCE(pace.daily, 0) AS daily_sales,
                           COALESCE(pace.daily, 0) > 0 AS has_sales_history,
                           -- no sales pace, no prediction: NULL, not 0 days
                           CASE WHEN COALESCE(pace.daily, 0) > 0
                                THEN s.quantity / pace.daily END AS days_to_sell,
                           COALESCE(pace.daily, 0) > 0
                           AND COALESCE(lot.removal_date, lot.expiration_date)
                               IS NOT NULL
                           AND now() + make_interval(
                               days => CEIL(s.quantity / pace.daily)::int
                           ) > COALESCE(lot.removal_date, lot.expiration_date)
                           AS expires_before_sold
                      FROM stock s
                      JOIN stock_lot lot ON lot.id = s.lot_id
                      JOIN product_product pp ON pp.id = s.product_id
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                      LEFT JOIN pace ON pace.product_id = s.product_id
                )
                """,
                table=SQL.identifier(self._table),
            )
        )
