# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from urllib.parse import quote

from odoo import models


class StockLot(models.Model):
    _inherit = "stock.lot"

    def _batch_label_codes(self):
        """GS1 strings printed on the batch label: GS1-128 element string
        (FNC1 as reportlab's Code 128 \\xf1), its human-readable form, and
        the GS1 Digital Link for the QR code."""
        self.ensure_one()
        barcode = (self.product_id.barcode or "").strip()
        gtin = barcode.zfill(14) if barcode.isdigit() and len(barcode) <= 14 else ""
        expiry = self.expiration_date.strftime("%y%m%d") if self.expiration_date else ""
        human = ""
        gs1_128 = digital_link = ""
        if gtin:
            human = (
                f"(01){gtin}" + (f"(17){expiry}" if expiry else "") + f"(10){self.name}"
            )
            gs1_128 = (
                "\xf1"
                + f"01{gtin}"
                + (f"17{expiry}" if expiry else "")
                + f"10{self.name}"
            )
            digital_link = (
                f"https://id.gs1.org/01/{gtin}/10/{quote(self.name, safe='')}"
            )
            if expiry:
                digital_link += f"?17={expiry}"
        return {
            "human": human or self.name,
            "gs1_128": gs1_128,
            "gs1_128_quoted": quote(gs1_128, safe=""),
            "digital_link": digital_link,
            "digital_link_quoted": quote(digital_link, safe=""),
        }
