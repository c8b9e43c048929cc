# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.tools import format_date


class AccountMove(models.Model):
    _inherit = "account.move"

    def _get_invoiced_lot_values(self):
        """Add each invoiced batch's expiration date to the lots on invoices.

        sale_stock lists the invoiced lots (setting "Display Lots & Serial
        Numbers on Invoices"); the customer also needs the expiry of each
        batch. Adds ``expiration_date`` (formatted, or False) to each value.
        """
        res = super()._get_invoiced_lot_values()
        lot_ids = [value["lot_id"] for value in res if value.get("lot_id")]
        if not lot_ids:
            return res
        # As sale_stock: the lots are read as superuser so that an accountant
        # without stock access can print the invoice.
        lots = self.env["stock.lot"].sudo().browse(lot_ids)
        expirations = {lot.id: lot.expiration_date for lot in lots}
        lang_code = self.partner_id.lang or self.env.lang
        for value in res:
            expiration = expirations.get(value.get("lot_id"))
            value["expiration_date"] = (
                format_date(self.env, expiration, lang_code=lang_code)
                if expiration
                else False
            )
        return res
