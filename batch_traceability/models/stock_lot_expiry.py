# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL


class StockLot(models.Model):
    _inherit = "stock.lot"

    @api.model
    def _batch_cron_expiry_activities(self):
        """One activity per batch with stock that entered its alert window.

        Set-based: one query finds the batches, one search the open
        activities; re-running creates no duplicate.
        """
        activity_type = self.env.ref(
            "batch_traceability.mail_activity_type_batch_expiry"
        )
        # every company's batches: the cron runs once for the whole database
        self.flush_model(["alert_date"])
        self.env["stock.quant"].flush_model(["lot_id", "quantity", "location_id"])
        self.env["stock.location"].flush_model(["usage"])
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT lot.id
                  FROM stock_lot lot
                  JOIN stock_quant q ON q.lot_id = lot.id AND q.quantity > 0
                  JOIN stock_location loc ON loc.id = q.location_id
                                         AND loc.usage = 'internal'
                 WHERE lot.alert_date <= %(now)s
                """,
                now=fields.Datetime.now(),
            )
        )
        lots = self.browse([row[0] for row in self.env.cr.fetchall()])
        if not lots:
            return True
        open_activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "stock.lot"),
                ("res_id", "in", lots.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        lots -= self.browse(open_activities.mapped("res_id"))
        managers = self.env.ref("batch_traceability.group_quality_manager").users
        fallback = managers.filtered(lambda u: not u.share)[:1] or self.env.ref(
            "base.user_admin"
        )
        model_id = self.env["ir.model"]._get_id("stock.lot")
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": lot.id,
                    "activity_type_id": activity_type.id,
                    "user_id": (lot.product_id.responsible_id or fallback).id,
                    "date_deadline": (
                        lot.removal_date or lot.expiration_date or fields.Datetime.now()
                    ).date(),
                    "summary": self.env._(
                        "Batch %(lot)s expires on %(date)s",
                        lot=lot.name,
                        date=fields.Date.to_string(
                            (lot.expiration_date or fields.Datetime.now()).date()
                        ),
                    ),
                }
                for lot in lots
            ]
        )
        return True
