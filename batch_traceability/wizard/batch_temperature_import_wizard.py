# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import csv
import io
import math
from datetime import datetime

import pytz

from odoo import fields, models
from odoo.exceptions import UserError

COLUMNS = ("location", "time", "temperature")


class BatchTemperatureImportWizard(models.TransientModel):
    """Import logger readings from a CSV file: location (barcode or full
    name), time (ISO 8601), temperature, optional humidity and batch. The
    file is checked whole before anything is recorded.

    Times: an ISO 8601 time with an offset (``2026-11-24T06:00:00+02:00``,
    ``...Z``) is converted to UTC; a time without one is read in the time zone
    of the user who imports (UTC if the user has none), as the user sees times
    on screen. NaN and infinite values are refused with their row number.
    """

    _name = "batch.temperature.import.wizard"
    _description = "Import Temperature Readings"

    file = fields.Binary(required=True)
    filename = fields.Char()
    source = fields.Char(default="CSV import")

    def action_import(self):
        self.ensure_one()
        try:
            text = base64.b64decode(self.file).decode("utf-8-sig")
        except (ValueError, UnicodeDecodeError) as error:
            raise UserError(self.env._("The file is not a UTF-8 CSV file.")) from error
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise UserError(
                self.env._(
                    "Missing column(s): %(columns)s.", columns=", ".join(missing)
                )
            )
        Location = self.env["stock.location"]
        Lot = self.env["stock.lot"]
        vals_list, errors = [], []
        for number, raw in enumerate(reader, start=2):
            row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
            location = Location.search(
                [
                    "|",
                    ("barcode", "=", row["location"]),
                    ("complete_name", "=", row["location"]),
                ],
                limit=1,
            )
            if not location:
                errors.append(
                    self.env._(
                        "row %(row)s: unknown location %(loc)s",
                        row=number,
                        loc=row["location"],
                    )
                )
                continue
            try:
                when = self._parse_time(row["time"])
                temperature = float(row["temperature"].replace(",", "."))
                humidity = float(row.get("humidity", "").replace(",", ".") or 0.0)
            except ValueError:
                errors.append(
                    self.env._("row %(row)s: invalid time or number", row=number)
                )
                continue
            if not (math.isfinite(temperature) and math.isfinite(humidity)):
                errors.append(
                    self.env._(
                        "row %(row)s: temperature and humidity must be finite "
                        "numbers (not NaN or infinity)",
                        row=number,
                    )
                )
                continue
            if not when:
                errors.append(self.env._("row %(row)s: missing time", row=number))
                continue
            vals = {
                "location_id": location.id,
                "reading_time": when,
                "temperature": temperature,
                "humidity": humidity,
                "source": self.source or self.filename,
                "company_id": location.company_id.id or self.env.company.id,
            }
            if row.get("lot"):
                lot = Lot.search(
                    [
                        ("name", "=", row["lot"]),
                        ("company_id", "in", [False, vals["company_id"]]),
                    ],
                    limit=1,
                )
                if not lot:
                    errors.append(
                        self.env._(
                            "row %(row)s: unknown batch %(lot)s",
                            row=number,
                            lot=row["lot"],
                        )
                    )
                    continue
                vals["lot_id"] = lot.id
            vals_list.append(vals)
        if errors:
            raise UserError(
                self.env._(
                    "Nothing was imported:\n%(errors)s", errors="\n".join(errors)
                )
            )
        if not vals_list:
            raise UserError(self.env._("The file holds no reading."))
        readings = self.env["batch.temperature.reading"].create(vals_list)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Imported Readings"),
            "res_model": "batch.temperature.reading",
            "view_mode": "list,form",
            "domain": [("id", "in", readings.ids)],
        }

    def _parse_time(self, text):
        """UTC naive datetime of an ISO 8601 time (see the class docstring),
        None when empty. Raises ValueError when it is not a time."""
        text = (text or "").strip()
        if not text:
            return None
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        when = datetime.fromisoformat(text)
        if when.tzinfo is None:
            tz_name = self.env.context.get("tz") or self.env.user.tz or "UTC"
            try:
                tz = pytz.timezone(tz_name)
            except pytz.UnknownTimeZoneError:
                tz = pytz.utc
            when = tz.localize(when)
        return when.astimezone(pytz.utc).replace(tzinfo=None, microsecond=0)
