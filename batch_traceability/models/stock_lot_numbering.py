# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    @api.model
    def _batch_next_name(self, product, facility=None, date=None):
        """The next batch number from the product's numbering format, or
        False when no format applies.

        :param product: product.product
        :param facility: batch.facility (for {FAC} and facility formats)
        :param date: the production date (date or datetime), today by default
        """
        fmt = self.env["batch.numbering.format"].sudo()._format_for(product, facility)
        if not fmt:
            return False
        date = date or fields.Date.context_today(self)
        if hasattr(date, "date"):
            date = date.date()
        facility = facility or fmt.facility_id
        for _attempt in range(100):
            name = fmt._render(
                date,
                facility.code if facility else "",
                product.default_code or "",
                fmt._next_number(date),
            )
            # numbers typed by hand may already use the next value: skip them
            if not self.search_count(
                [("product_id", "=", product.id), ("name", "=", name)], limit=1
            ):
                return name
        return False

    @api.model
    def _batch_fill_names(self, vals_list):
        """Number the new batches that come without a name, by their
        product's format (called by ``create``, on its own copies of the
        caller's values)."""
        for vals in vals_list:
            if vals.get("name") or not vals.get("product_id"):
                continue
            product = self.env["product.product"].browse(vals["product_id"])
            facility = self.env["batch.facility"].browse(vals.get("facility_id"))
            production_date = fields.Datetime.to_datetime(vals.get("production_date"))
            name = self._batch_next_name(product, facility or None, production_date)
            if name:
                vals["name"] = name
