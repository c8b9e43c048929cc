# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import re
from datetime import datetime, timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..tools.fsma_kde_files import (
    KdeFileError,
    gtin_check_digit,
    read_kde_file,
)

# Names suppliers give the units Odoo calls kg, g, lb, L, Units ...
UNIT_ALIASES = {
    "kgs": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "lbs": "lb",
    "pound": "lb",
    "pounds": "lb",
    "grams": "g",
    "liter": "l",
    "liters": "l",
    "litre": "l",
    "litres": "l",
    "each": "units",
    "ea": "units",
    "unit": "units",
    "pcs": "units",
    "pieces": "units",
}
REFERENCE_TYPE_ALIASES = {
    "ffrn": "ffrn",
    "fda food facility registration": "ffrn",
    "fda food facility registration number": "ffrn",
    "gln": "gln",
    "gs1 global location number": "gln",
    "url": "url",
    "web address": "url",
}
MAX_TLC_LENGTH = 64


def _valid_gln(value):
    return bool(re.fullmatch(r"\d{13}", value)) and (
        gtin_check_digit(value[:12]) == value[12]
    )


class BatchFsmaKdeImport(models.TransientModel):
    """Import the shipping KDEs a supplier sent (21 CFR 1.1340(b)) against
    the expected receipt: every row is checked first (product by GTIN or
    code, lot code, TLC source, quantity and unit, ship date); one failing
    row and nothing is imported, the rows are listed with their errors.
    Otherwise the receipt's lines get the received codes and sources, which
    the batches take when the receipt is validated (21 CFR 1.1345)."""

    _name = "batch.fsma.kde.import"
    _description = "Import Supplier KDEs"

    picking_id = fields.Many2one(
        "stock.picking", string="Receipt", required=True, readonly=True
    )
    partner_id = fields.Many2one(related="picking_id.partner_id", string="Supplier")
    file = fields.Binary(attachment=False)
    filename = fields.Char()
    file_format = fields.Selection(
        [("csv", "CSV (FDA / PTI columns)"), ("epcis", "EPCIS 2.0 JSON-LD")],
        readonly=True,
    )
    line_ids = fields.One2many(
        "batch.fsma.kde.import.line", "import_id", string="Rows", readonly=True
    )
    error_count = fields.Integer(readonly=True)

    @api.model
    def _receipt_check(self, picking):
        if picking.picking_type_code != "incoming" or picking.state in (
            "done",
            "cancel",
        ):
            raise UserError(
                self.env._(
                    "%(picking)s is not a receipt waiting for its goods: supplier "
                    "KDEs are imported before the receipt is validated.",
                    picking=picking.display_name,
                )
            )
        picking.check_access("write")

    def action_import(self):
        """Check every row; import all of them or none."""
        self.ensure_one()
        picking = self.picking_id
        self._receipt_check(picking)
        raw = base64.b64decode(self.file or b"")
        if not raw.strip():
            raise UserError(
                self.env._(
                    "%(file)s cannot be imported: it is empty. Nothing was imported.",
                    file=self.filename or self.env._("The file"),
                )
            )
        try:
            file_format, rows = read_kde_file(raw, self.filename or "")
        except KdeFileError as error:
            raise UserError(self._file_error_message(error)) from error
        checked = [self._check_row(row) for row in rows]
        self._check_totals(checked)
        self.line_ids.unlink()
        self.write(
            {
                "file_format": file_format,
                "error_count": sum(1 for row in checked if row["errors"]),
                "line_ids": [
                    fields.Command.create(self._line_values(row)) for row in checked
                ],
            }
        )
        if self.error_count:
            return {
                "type": "ir.actions.act_window",
                "res_model": self._name,
                "res_id": self.id,
                "view_mode": "form",
                "target": "new",
                "name": self.env._("Import Supplier KDEs"),
            }
        self._apply(checked)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s rows imported: the receipt's lines carry the "
                    "supplier's lot codes and sources.",
                    count=len(checked),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _file_error_message(self, error):
        name = self.filename or self.env._("The file")
        reasons = {
            "encoding": self.env._("it is neither UTF-8 nor Windows-1252 text."),
            "empty": self.env._("it is empty."),
            "no_rows": self.env._("it has a header but no rows."),
            "columns": self.env._(
                "columns missing: %(missing)s.", missing=error.details.get("missing")
            ),
            "json": self.env._(
                "it is not valid JSON (%(error)s).", error=error.details.get("error")
            ),
            "not_epcis": self.env._("it is not an EPCIS document."),
            "no_shipping": self.env._(
                "it holds no shipping event with quantities (ObjectEvent, "
                "business step shipping, quantityList)."
            ),
        }
        return self.env._(
            "%(file)s cannot be imported: %(reason)s Nothing was imported.",
            file=name,
            reason=reasons.get(error.code, error.code),
        )

    # ------------------------------------------------------------------
    # Checks, one row at a time
    # ------------------------------------------------------------------
    def _expected_moves(self):
        return self.picking_id.move_ids.filtered(
            lambda move: move.state not in ("done", "cancel")
        )

    def _check_row(self, row):
        """The row's values as Odoo records, and its errors (a list of
        texts, empty when the row can be imported)."""
        errors = []
        product, error = self._match_product(row)
        if error:
            errors.append(error)
        tlc = row["tlc"]
        if not tlc:
            errors.append(self.env._("Traceability lot code missing."))
        elif len(tlc) > MAX_TLC_LENGTH or any(ord(c) < 32 for c in tlc):
            errors.append(
                self.env._(
                    "Traceability lot code %(tlc)s is not a lot code (at most "
                    "%(max)s characters, no line breaks).",
                    tlc=tlc[:MAX_TLC_LENGTH],
                    max=MAX_TLC_LENGTH,
                )
            )
        quantity, error = self._parse_quantity(row["quantity"])
        if error:
            errors.append(error)
        uom, error = self._match_uom(row["uom"], product)
        if error:
            errors.append(error)
        ship_date, error = self._parse_date(row["ship_date"])
        if error:
            errors.append(error)
        source_values, error = self._source_values(row)
        if error:
            errors.append(error)
        supplier = self.picking_id.partner_id.commercial_partner_id
        if (
            not source_values
            and not supplier.batch_tlc_source_id
            and not supplier.batch_fsma_exempt
        ):
            errors.append(
                self.env._(
                    "TLC source missing: the place where the code was assigned "
                    "or its reference (FDA registration, GLN, web address) "
                    "(21 CFR 1.1345)."
                )
            )
        product_qty = 0.0
        if product and uom and quantity:
            product_qty = uom._compute_quantity(
                quantity, product.uom_id, rounding_method="HALF-UP"
            )
        return {
            "row": row,
            "product": product,
            "tlc": tlc,
            "quantity": quantity,
            "uom": uom,
            "product_qty": product_qty,
            "ship_date": ship_date,
            "source_values": source_values,
            "errors": errors,
        }

    def _match_product(self, row):
        """The receipt's product the row names: by GTIN, then by our or the
        supplier's product code, then by name."""
        products = self._expected_moves().product_id
        supplier = self.picking_id.partner_id.commercial_partner_id
        gtin = re.sub(r"\D", "", row["gtin"])
        if gtin:
            gtin = gtin.zfill(14)
            found = products.filtered(
                lambda p: re.sub(r"\D", "", p.barcode or "").zfill(14) == gtin
            )
            if found:
                return found[:1], None
            other = self.env["product.product"].search(
                [("barcode", "in", [gtin, gtin.lstrip("0"), gtin[1:]])], limit=1
            )
            if other:
                return None, self.env._(
                    "%(product)s (GTIN %(gtin)s) is not expected on this receipt.",
                    product=other.display_name,
                    gtin=gtin,
                )
            return None, self.env._("No product has the GTIN %(gtin)s.", gtin=gtin)
        code = row["product_code"]
        if code:
            found = products.filtered(
                lambda p: (
                    p.default_code == code
                    or code
                    in p.seller_ids.filtered(
                        lambda s: s.partner_id.commercial_partner_id == supplier
                    ).mapped("product_code")
                )
            )
            if found:
                return found[:1], None
            return None, self.env._(
                "No product of this receipt has the code %(code)s.", code=code
            )
        name = (row["product"] or "").strip().lower()
        if name:
            found = products.filtered(
                lambda p: (
                    name
                    in (
                        (p.name or "").lower(),
                        (p.display_name or "").lower(),
                        *[
                            (s.product_name or "").lower()
                            for s in p.seller_ids
                            if s.product_name
                        ],
                    )
                )
            )
            if found:
                return found[:1], None
            return None, self.env._(
                "No product of this receipt is called %(name)s.", name=row["product"]
            )
        return None, self.env._("Product missing (GTIN, code or description).")

    def _parse_quantity(self, text):
        text = (text or "").replace(" ", "")
        if "," in text and "." in text:
            text = text.replace(",", "")
        elif "," in text:
            text = text.replace(",", ".")
        try:
            quantity = float(text)
        except ValueError:
            return 0.0, self.env._("Quantity %(text)s is not a number.", text=text)
        if quantity <= 0:
            return 0.0, self.env._("Quantity %(text)s is not positive.", text=text)
        return quantity, None

    def _match_uom(self, text, product):
        name = (text or "").strip()
        if not name:
            return None, self.env._("Unit of measure missing.")
        if not product:
            return None, None
        key = name.lower()
        key = UNIT_ALIASES.get(key, key)
        category = product.uom_id.category_id
        uoms = self.env["uom.uom"].search([("category_id", "=", category.id)])
        uom = uoms.filtered(lambda u: (u.name or "").lower() == key)
        if uom:
            return uom[:1], None
        return None, self.env._(
            "Unit %(unit)s cannot be converted into %(product_unit)s, the unit "
            "of %(product)s.",
            unit=name,
            product_unit=product.uom_id.name,
            product=product.display_name,
        )

    def _parse_date(self, text):
        text = (text or "").strip()
        if not text:
            return None, self.env._("Ship date missing.")
        value = None
        iso = re.match(r"(\d{4}-\d{2}-\d{2})", text)
        try:
            if iso:
                value = fields.Date.to_date(iso.group(1))
            elif re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
                value = datetime.strptime(text, "%m/%d/%Y").date()
        except ValueError:
            value = None
        if not value:
            return None, self.env._(
                "Ship date %(date)s is not a date (YYYY-MM-DD or MM/DD/YYYY).",
                date=text,
            )
        # one day of slack: the supplier's date is in its own time zone
        if value > fields.Date.today() + timedelta(days=1):
            return None, self.env._(
                "Ship date %(date)s is in the future.",
                date=fields.Date.to_string(value),
            )
        return value, None

    def _source_values(self, row):
        """The TLC source as FSMA location values, or None when the row
        carries none."""
        values = {
            "name": row["source_name"],
            "phone": row["source_phone"],
            "street": row["source_street"],
            "city": row["source_city"],
            "state": row["source_state"],
            "zip": row["source_zip"],
            "gln": re.sub(r"\s", "", row["source_gln"]),
            "reference": row["source_reference"],
        }
        reference_type = row["source_reference_type"].strip().lower()
        if reference_type:
            values["reference_type"] = REFERENCE_TYPE_ALIASES.get(reference_type)
            if not values["reference_type"]:
                return None, self.env._(
                    "TLC source reference type %(type)s is none of: FDA Food "
                    "Facility Registration, GLN, web address.",
                    type=row["source_reference_type"],
                )
        text = row["source_text"]
        if text and not any(values.values()):
            values.update(self._classify_source_text(text))
        if values.get("reference") and not values.get("reference_type"):
            values.update(self._classify_source_text(values["reference"]))
        if row["source_country"]:
            country = self.env["res.country"].search(
                [
                    "|",
                    ("code", "=ilike", row["source_country"]),
                    ("name", "=ilike", row["source_country"]),
                ],
                limit=1,
            )
            if not country:
                return None, self.env._(
                    "TLC source country %(country)s is unknown.",
                    country=row["source_country"],
                )
            values["country_id"] = country.id
        for gln in (
            values.get("gln"),
            values.get("reference") if values.get("reference_type") == "gln" else "",
        ):
            if gln and not _valid_gln(gln):
                return None, self.env._(
                    "GLN %(gln)s of the TLC source is not valid (13 digits, "
                    "GS1 check digit).",
                    gln=gln,
                )
        values = {key: value for key, value in values.items() if value}
        return values or None, None

    @api.model
    def _classify_source_text(self, text):
        """A TLC source given as one text: a GLN (13 digits or a GS1 URI),
        an FDA registration number (11 digits), a web address, or the
        location written out."""
        text = text.strip()
        digits = re.sub(r"\D", "", text)
        gln_uri = re.search(r"/414/(\d{13})", text)
        if gln_uri:
            return {"reference_type": "gln", "reference": gln_uri.group(1)}
        if re.fullmatch(r"[\d\s.-]+", text) and len(digits) == 13:
            return {"reference_type": "gln", "reference": digits}
        if re.fullmatch(r"[\d\s.-]+", text) and len(digits) == 11:
            return {"reference_type": "ffrn", "reference": digits}
        if re.match(r"https?://", text):
            return {"reference_type": "url", "reference": text}
        return {"name": text}

    def _check_totals(self, checked):
        """The rows of a product may not bring more than the receipt
        expects of it."""
        moves = self._expected_moves()
        totals = {}
        for row in checked:
            if row["product"] and not row["errors"]:
                totals[row["product"]] = (
                    totals.get(row["product"], 0.0) + row["product_qty"]
                )
        for product, total in totals.items():
            expected = sum(
                moves.filtered(lambda m, p=product: m.product_id == p).mapped(
                    "product_qty"
                )
            )
            rounding = product.uom_id.rounding
            if float_compare(total, expected, precision_rounding=rounding) > 0:
                message = self.env._(
                    "The rows bring %(total)s %(unit)s of %(product)s; the "
                    "receipt expects %(expected)s %(unit)s.",
                    total=round(total, 6),
                    expected=round(expected, 6),
                    unit=product.uom_id.name,
                    product=product.display_name,
                )
                for row in checked:
                    if row["product"] == product:
                        row["errors"].append(message)

    def _line_values(self, row):
        raw = row["row"]
        source = row["source_values"] or {}
        return {
            "row": raw["row"],
            "product_id": row["product"].id if row["product"] else False,
            "product_text": raw["gtin"] or raw["product_code"] or raw["product"],
            "tlc": row["tlc"],
            "quantity": row["quantity"],
            "uom_name": raw["uom"],
            "ship_date": row["ship_date"],
            "tlc_source": ", ".join(
                str(source[key])
                for key in ("name", "city", "reference")
                if source.get(key)
            ),
            "error": "\n".join(row["errors"]) or False,
        }

    # ------------------------------------------------------------------
    # Import (every row passed)
    # ------------------------------------------------------------------
    def _apply(self, checked):
        """Put the received codes and sources on the receipt's lines: one
        line per lot code and source, reusing the line already typed for
        that code, else an empty line, else a new one."""
        Location = self.env["batch.fsma.location"]
        moves = self._expected_moves()
        groups = {}
        for row in checked:
            source = (
                Location._fsma_snapshot(row["source_values"])
                if row["source_values"]
                else Location
            )
            key = (row["product"], row["tlc"], source)
            groups[key] = groups.get(key, 0.0) + row["product_qty"]
        used = self.env["stock.move.line"]
        for (product, tlc, source), quantity in groups.items():
            move = moves.filtered(lambda m, p=product: m.product_id == p)[:1]
            lines = move.move_line_ids - used
            line = (
                lines.filtered(
                    lambda ml, code=tlc: (
                        ml.batch_tlc == code
                        or (not ml.batch_tlc and ml.batch_supplier_lot == code)
                    )
                )[:1]
                or lines.filtered(
                    lambda ml: (
                        not (
                            ml.batch_tlc
                            or ml.lot_id
                            or ml.lot_name
                            or ml.batch_supplier_lot
                        )
                    )
                )[:1]
            )
            values = {
                "batch_tlc": tlc,
                "batch_tlc_source_id": source.id,
                "quantity": quantity,
                "product_uom_id": product.uom_id.id,
            }
            if line:
                line.write(values)
            else:
                line = self.env["stock.move.line"].create(
                    dict(
                        values,
                        move_id=move.id,
                        picking_id=self.picking_id.id,
                        product_id=product.id,
                        location_id=move.location_id.id,
                        location_dest_id=move.location_dest_id.id,
                    )
                )
            used |= line
        # the empty lines Odoo prepared for the expected quantities
        (
            moves.move_line_ids
            - used
            - moves.move_line_ids.filtered(
                lambda ml: ml.batch_tlc or ml.lot_id or ml.lot_name
            )
        ).unlink()
        self._post_on_receipt(checked)

    def _post_on_receipt(self, checked):
        """The file, and what was taken from it, on the receipt's chatter:
        the record of what the supplier sent."""
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.filename or "supplier_kdes",
                "datas": self.file,
                "res_model": "stock.picking",
                "res_id": self.picking_id.id,
            }
        )
        items = Markup("").join(
            Markup("<li>%s: %s %s %s, %s</li>")
            % (
                row["product"].display_name,
                row["tlc"],
                row["quantity"],
                row["uom"].name,
                fields.Date.to_string(row["ship_date"]),
            )
            for row in checked
        )
        self.picking_id.message_post(
            body=Markup("<p>%s</p><ul>%s</ul>")
            % (
                self.env._(
                    "Supplier shipping KDEs imported (%(format)s):",
                    format=dict(self._fields["file_format"].selection).get(
                        self.file_format
                    ),
                ),
                items,
            ),
            attachment_ids=attachment.ids,
        )


class BatchFsmaKdeImportLine(models.TransientModel):
    """One row of a supplier's KDE file, as read, with its errors."""

    _name = "batch.fsma.kde.import.line"
    _description = "Supplier KDE Row"
    _order = "id"

    import_id = fields.Many2one(
        "batch.fsma.kde.import", required=True, ondelete="cascade"
    )
    row = fields.Char(help="Line of the CSV file, or event.element of EPCIS.")
    product_text = fields.Char(string="Product in the File")
    product_id = fields.Many2one("product.product")
    tlc = fields.Char(string="Traceability Lot Code")
    quantity = fields.Float()
    uom_name = fields.Char(string="Unit")
    ship_date = fields.Date()
    tlc_source = fields.Char(string="TLC Source")
    error = fields.Text(string="Errors")
