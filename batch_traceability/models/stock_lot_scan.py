# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from urllib.parse import quote

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

BANNER = {
    "released": "success",
    "quarantine": "warning",
    "blocked": "secondary",
    "rejected": "danger",
    "recalled": "danger",
    "expired": "danger",
}


class StockLot(models.Model):
    _inherit = "stock.lot"

    @api.model
    def _batch_find_scanned(self, parsed):
        Product = self.env["product.product"]
        product = Product.browse()
        if parsed["gtin"]:
            gtin = parsed["gtin"]
            candidates = {gtin, gtin.lstrip("0"), gtin[1:]} - {""}
            product = Product.search([("barcode", "in", list(candidates))], limit=1)
            if not product:
                raise UserError(
                    self.env._("No product has the GTIN %(gtin)s.", gtin=gtin)
                )
        if not parsed["lot"]:
            raise UserError(self.env._("The code carries no batch number (AI 10)."))
        domain = [("name", "=", parsed["lot"])]
        if product:
            domain.append(("product_id", "=", product.id))
        lots = self.search(domain, limit=2)
        if not lots:
            raise UserError(self.env._("Batch %(lot)s is unknown.", lot=parsed["lot"]))
        if len(lots) > 1:
            raise UserError(
                self.env._(
                    "Batch %(lot)s exists for several products: scan the GS1 code "
                    "with the GTIN.",
                    lot=parsed["lot"],
                )
            )
        return lots

    @api.model
    def batch_scan_lookup(self, code, picking_id=False):
        """What the Batch Scan screen shows for ``code``: a JSON-able dict, or
        ``{'error': message}`` for any bad scan."""
        try:
            parsed = self.env["batch.gs1.parser"].parse(code)
            lot = self._batch_find_scanned(parsed)
            return lot._batch_scan_values(parsed, picking_id)
        except UserError as error:
            return {"error": error.args[0]}

    def _batch_scan_values(self, parsed, picking_id=False):
        self.ensure_one()
        now = fields.Datetime.now()
        labels = dict(self._fields["batch_state"]._description_selection(self.env))
        expired = bool(self.expiration_date and self.expiration_date <= now)
        status = (
            "expired"
            if expired and self.batch_state == "released"
            else self.batch_state
        )
        quants = self.env["stock.quant"]._read_group(
            [("lot_id", "=", self.id), ("location_id.usage", "=", "internal")],
            ["location_id"],
            ["quantity:sum"],
        )
        # the screen shows one level each way: stop the walk there
        trace = (
            self._batch_trace_ids("upstream", max_depth=1),
            self._batch_trace_ids("downstream", max_depth=1),
        )
        first_level = {
            direction: self.browse(
                [lot_id for lot_id, depth in result["depth"].items() if depth == 1]
            ).mapped("display_name")
            for direction, result in zip(("upstream", "downstream"), trace, strict=True)
        }
        values = {
            "lot_id": self.id,
            "lot": self.name,
            "product": self.product_id.display_name,
            "state": status,
            "state_label": self.env._("Expired")
            if status == "expired"
            else labels[self.batch_state],
            "banner": BANNER[status],
            "expiration_date": fields.Date.to_string(self.expiration_date.date())
            if self.expiration_date
            else False,
            "days_left": (self.expiration_date - now).days
            if self.expiration_date
            else False,
            "production_date": fields.Date.to_string(self.production_date.date())
            if self.production_date
            else False,
            "supplier_lot": self.supplier_lot or False,
            "quantities": [
                {
                    "location": location.display_name,
                    "quantity": qty,
                    "uom": self.product_uom_id.name,
                }
                for location, qty in quants
            ],
            "upstream": first_level["upstream"],
            "downstream": first_level["downstream"],
            "can_quarantine": self._batch_scan_may_quarantine(),
            "picking_message": False,
            "picking_ok": True,
            "expiry_mismatch": False,
        }
        scanned_expiry = parsed.get("expiration_date")
        if (
            scanned_expiry
            and self.expiration_date
            and scanned_expiry != self.expiration_date.date()
        ):
            values["expiry_mismatch"] = self.env._(
                "The label says %(label)s but the batch is recorded to expire on "
                "%(recorded)s.",
                label=fields.Date.to_string(scanned_expiry),
                recorded=values["expiration_date"],
            )
        if picking_id:
            values.update(
                self.env["stock.picking"].browse(picking_id)._batch_scan_check(self)
            )
        return values

    def _batch_scan_may_quarantine(self):
        """Whether the current user's groups allow quarantining this batch
        (the same check the status change itself runs)."""
        if self.batch_state in ("quarantine", "recalled"):
            return False
        try:
            self.with_context(batch_state_reason="scan")._check_batch_state_change(
                "quarantine"
            )
        except AccessError:
            return False
        return True

    def batch_scan_quarantine(self):
        """Quarantine from the scan screen: checks the user's groups, then
        opens the reason dialog (the status change is logged with a reason)."""
        self.ensure_one()
        self.with_context(batch_state_reason="scan")._check_batch_state_change(
            "quarantine"
        )
        return self.with_context(
            batch_new_state="quarantine"
        ).action_batch_state_reason()


class StockLotLabel(models.Model):
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
