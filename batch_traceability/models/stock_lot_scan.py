# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

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
    def _batch_product_for_gtin(self, gtin):
        """The product whose barcode is ``gtin`` (GTIN-14, -13 or -12 form)."""
        candidates = {gtin, gtin.lstrip("0"), gtin[1:]} - {""}
        product = self.env["product.product"].search(
            [("barcode", "in", list(candidates))], limit=1
        )
        if not product:
            raise UserError(self.env._("No product has the GTIN %(gtin)s.", gtin=gtin))
        return product

    @api.model
    def _batch_find_scanned(self, parsed):
        product = self.env["product.product"]
        if parsed["gtin"]:
            product = self._batch_product_for_gtin(parsed["gtin"])
        if not parsed["lot"] and parsed.get("sscc"):
            return self._batch_find_by_sscc(parsed["sscc"], product)
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
    def _batch_find_by_sscc(self, sscc, product):
        """The one batch on the pallet (package) named by the SSCC."""
        package = self.env["stock.quant.package"].search([("name", "=", sscc)], limit=1)
        lots = package.quant_ids.filtered(
            lambda q: q.lot_id and (not product or q.product_id == product)
        ).lot_id
        if len(lots) == 1:
            return lots
        if not package:
            message = self.env._(
                "Pallet SSCC %(sscc)s is not in stock here: scan the product label "
                "(GTIN and batch).",
                sscc=sscc,
            )
        else:
            message = self.env._(
                "Pallet SSCC %(sscc)s holds %(count)s batches: scan the product "
                "label of the one you take.",
                sscc=sscc,
                count=len(lots),
            )
        raise UserError(message)

    @api.model
    def batch_scan_lookup(self, code, picking_id=False):
        """What the Batch Scan screen shows for ``code``: a JSON-able dict, or
        ``{'error': message}`` for any bad scan."""
        try:
            parsed = self.env["batch.gs1.parser"].parse(code)
            lot = self._batch_find_scanned(parsed)
            return lot._batch_scan_values(parsed, picking_id)
        except UserError as error:
            return {
                "error": error.args[0],
                "banner": "danger",
                "headline": self.env._("Refused"),
            }

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
            "can_open": True,
            "picking_message": False,
            "picking_ok": True,
            "verdict": False,
            "expiry_mismatch": False,
            "quantity": parsed.get("quantity") or False,
            "sscc": parsed.get("sscc") or False,
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
        values.update(self._batch_scan_verdict(values))
        return values

    @api.model
    def _batch_scan_new_values(self, parsed, product):
        """What the screen shows for a batch not recorded yet (a receipt)."""
        now = fields.Date.context_today(self)
        expiry = parsed.get("expiration_date")
        state = self._default_batch_state_for(product)
        labels = dict(self._fields["batch_state"]._description_selection(self.env))
        return {
            "lot_id": False,
            "lot": parsed["lot"],
            "product": product.display_name,
            "state": "new",
            "state_label": self.env._("New batch (%(state)s)", state=labels[state]),
            "banner": "info",
            "expiration_date": fields.Date.to_string(expiry) if expiry else False,
            "days_left": (expiry - now).days if expiry else False,
            "production_date": fields.Date.to_string(parsed["production_date"])
            if parsed["production_date"]
            else False,
            "supplier_lot": parsed["lot"],
            "quantities": [],
            "upstream": [],
            "downstream": [],
            "can_quarantine": False,
            "can_open": False,
            "expiry_mismatch": False,
            "quantity": parsed.get("quantity") or False,
            "sscc": parsed.get("sscc") or False,
        }

    @api.model
    def _batch_scan_verdict(self, values):
        """The banner's colour and words: the verdict for the operation the
        scan is for, not the batch's general status. A batch refused for this
        transfer is red whatever its status."""
        verdict = values.get("verdict")
        if not verdict:
            # a plain look-up: the batch's own status
            return {"headline": values["state_label"]}
        if verdict == "do_not_pick":
            return {"banner": "danger", "headline": self.env._("Do not pick")}
        if verdict == "not_on_transfer":
            return {"banner": "danger", "headline": self.env._("Not on this transfer")}
        if verdict == "over":
            return {"banner": "warning", "headline": self.env._("Over the order")}
        if verdict == "received":
            if values.get("received_state") == "quarantine":
                return {
                    "banner": "warning",
                    "headline": self.env._("Received: quarantine"),
                }
            return {"banner": "success", "headline": self.env._("Received")}
        return {"banner": "success", "headline": self.env._("OK: pick")}

    def batch_scan_print_label(self):
        """The batch label report for these batches (the client opens it)."""
        if not self:
            raise UserError(self.env._("No batch to print a label for."))
        return self.env.ref(
            "batch_traceability.action_report_batch_label_4x2"
        ).report_action(self)

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
