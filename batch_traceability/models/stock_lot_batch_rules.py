# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    def _batch_consumption_block_reason(self, date=None):
        """Why this batch may not be consumed by manufacturing on ``date``.

        The status and expiry rules of shipping apply; a customer's minimum
        remaining shelf life does not.
        """
        self.ensure_one()
        date = date or fields.Datetime.now()
        if self.batch_state != "released":
            return self._batch_shipping_block_reason(date=date)
        if (
            self.expiration_date
            and self.expiration_date <= date
            and not self.product_id.product_tmpl_id.batch_allow_expired_shipping
        ):
            return self.env._(
                "Batch %(lot)s of %(product)s expired on %(date)s.",
                lot=self.name,
                product=self.product_id.display_name,
                date=fields.Date.to_string(self.expiration_date.date()),
            )
        return False
