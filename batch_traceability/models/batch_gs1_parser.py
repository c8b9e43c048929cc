# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from urllib.parse import parse_qsl, unquote, urlparse

from odoo import api, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.barcode import get_barcode_check_digit

FNC1 = "\x1d"
# Variable-length AIs end with FNC1 unless last (GS1 General Specifications 7.8.6)
VARIABLE_AIS = {"10", "21", "30", "37"}
DIGITAL_LINK_KEYS = {
    "00",
    "01",
    "10",
    "21",
    "22",
    "11",
    "13",
    "15",
    "16",
    "17",
    "30",
    "37",
}
# Rule types of Odoo's GS1 nomenclature read into the parse result
TYPE_KEYS = {
    "expiration_date": "expiration_date",
    "use_date": "use_date",
    "batch_production_date": "production_date",
    "batch_sell_by_date": "sell_by_date",
}


class BatchGs1Parser(models.AbstractModel):
    """Reads what a warehouse scanner sends: GS1-128 / DataMatrix element
    strings (with FNC1 or a group separator), their human-readable form
    "(01)...(10)...", GS1 Digital Link URLs, or a plain batch number.

    Decoding is Odoo's GS1 nomenclature (barcodes_gs1_nomenclature), to which
    this module adds AIs 11 (production date) and 16 (sell by). Any bad input
    ends in a UserError that says what is wrong, never in a traceback.
    """

    _name = "batch.gs1.parser"
    _description = "GS1 Batch Barcode Parser"

    @api.model
    def _to_element_string(self, code):
        code = code.strip()
        if re.match(r"^https?://", code, re.IGNORECASE):
            return self._digital_link_to_element_string(code)
        if code.startswith("("):
            pairs = re.findall(r"\((\d{2,4})\)([^(]*)", code)
            if not pairs or "".join(f"({a}){v}" for a, v in pairs) != code.replace(
                " ", ""
            ):
                raise UserError(self.env._("Malformed GS1 code: %(code)s", code=code))
            return self._join(pairs)
        return code.replace("<GS>", FNC1).replace("\\x1d", FNC1)

    @api.model
    def _digital_link_to_element_string(self, url):
        parsed = urlparse(url)
        parts = [unquote(p) for p in parsed.path.split("/") if p]
        pairs = []
        # the primary key and qualifiers are the last key/value pairs of the path
        while len(parts) >= 2 and parts[-2] in DIGITAL_LINK_KEYS:
            pairs.insert(0, (parts[-2], parts[-1]))
            parts = parts[:-2]
        pairs += [(k, v) for k, v in parse_qsl(parsed.query) if k in DIGITAL_LINK_KEYS]
        if not pairs or pairs[0][0] not in ("00", "01"):
            raise UserError(
                self.env._("This GS1 Digital Link has no GTIN (01): %(url)s", url=url)
            )
        gtin = pairs[0][1]
        if pairs[0][0] == "01" and gtin.isdigit() and len(gtin) < 14:
            pairs[0] = ("01", gtin.zfill(14))
        return self._join(pairs)

    @api.model
    def _join(self, pairs):
        chunks = []
        for index, (ai, value) in enumerate(pairs):
            chunk = ai + value
            if ai in VARIABLE_AIS and index < len(pairs) - 1:
                chunk += FNC1
            chunks.append(chunk)
        return "".join(chunks)

    @api.model
    def _check_gtin(self, element_string):
        match = re.match(r"^(?:\]C1|\]d2|\]Q3|\x1d)?01(\d{14})", element_string)
        if match:
            gtin = match.group(1)
            if gtin[-1] != str(get_barcode_check_digit("0" * 4 + gtin)):
                raise UserError(
                    self.env._("GTIN %(gtin)s has a wrong check digit.", gtin=gtin)
                )
        match = re.match(r"^(?:\]C1|\]d2|\]Q3|\x1d)?00(\d{18})", element_string)
        if match:
            sscc = match.group(1)
            if sscc[-1] != str(get_barcode_check_digit(sscc)):
                raise UserError(
                    self.env._("SSCC %(sscc)s has a wrong check digit.", sscc=sscc)
                )

    @api.model
    def parse(self, code):
        """:return: dict with gtin, sscc (AI 00), lot, serial,
        expiration_date, production_date, use_date, sell_by_date (dates or
        False), quantity (AI 30, 37 or a 3xxx measure, as a float) with
        quantity_ai and quantity_uom_id (the unit the nomenclature gives the
        measure, or False) and raw; ``is_gs1`` False for a plain batch
        number."""
        if not isinstance(code, str) or not code.strip():
            raise UserError(self.env._("Nothing was scanned."))
        if len(code) > 512:
            raise UserError(self.env._("This code is too long to be a GS1 barcode."))
        if any(ord(char) < 32 and char != FNC1 for char in code):
            raise UserError(self.env._("The scan holds unreadable control characters."))
        result = dict.fromkeys(
            (
                "gtin",
                "sscc",
                "lot",
                "serial",
                "expiration_date",
                "production_date",
                "use_date",
                "sell_by_date",
                "quantity",
                "quantity_ai",
                "quantity_uom_id",
            ),
            False,
        )
        result.update(raw=code, is_gs1=False)
        element_string = self._to_element_string(code)
        looks_gs1 = (
            code.strip().startswith(("(", "http", "HTTP", FNC1, "]C1", "]d2", "]Q3"))
            or FNC1 in element_string
            or bool(re.match(r"^(01\d{14}|00\d{18})", element_string))
        )
        if not looks_gs1:
            result["lot"] = code.strip()
            return result
        self._check_gtin(element_string)
        nomenclature = self.env.ref(
            "barcodes_gs1_nomenclature.default_gs1_nomenclature"
        ).sudo()
        try:
            parts = nomenclature.gs1_decompose_extanded(element_string)
        except (ValueError, ValidationError) as error:
            # e.g. month 13: strptime refuses the date
            raise UserError(
                self.env._("Invalid date in GS1 code %(code)s.", code=code)
            ) from error
        if not parts:
            raise UserError(
                self.env._(
                    "Malformed GS1 code %(code)s: check the application identifiers "
                    "and the GTIN.",
                    code=code,
                )
            )
        for part in parts:
            key = {
                "00": "sscc",
                "01": "gtin",
                "10": "lot",
                "21": "serial",
            }.get(part["ai"]) or TYPE_KEYS.get(part["type"])
            if key:
                result[key] = part["value"]
            elif part["type"] == "quantity" and not result["quantity"]:
                # AI 30/37 (a count) or a 3xxx measure with its decimals
                result.update(
                    quantity=float(part["value"]),
                    quantity_ai=part["ai"],
                    quantity_uom_id=part["rule"].associated_uom_id.id or False,
                )
        if result["quantity"] is not False and result["quantity"] <= 0:
            raise UserError(self.env._("The quantity in %(code)s is zero.", code=code))
        result["is_gs1"] = True
        return result
