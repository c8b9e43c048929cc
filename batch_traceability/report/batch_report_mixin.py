# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

import pytz

from odoo import api, fields, models

# Company header height on printed documents (mm): logo plus a four-line
# address does not fit in the 52 mm of Odoo's default paper formats.
DOCUMENT_MARGIN_TOP = 60


class BatchReportMixin(models.AbstractModel):
    """What the batch documents (report models) share: dates as auditors
    read them (ISO, with the time zone named) and signature rows."""

    _name = "batch.report.mixin"
    _description = "Batch Document Helpers"

    @api.model
    def _batch_report_tz(self):
        """The time zone documents print in: the user's, else the company's."""
        name = self.env.user.tz or self.env.company.partner_id.tz or "UTC"
        try:
            return pytz.timezone(name)
        except pytz.UnknownTimeZoneError:
            return pytz.utc

    @api.model
    def _batch_format_datetime(self, value):
        """``2026-12-02 14:05 CET``: a UTC datetime in the report's time
        zone, with that zone's name."""
        if not value:
            return ""
        value = fields.Datetime.to_datetime(value)
        local = pytz.utc.localize(value).astimezone(self._batch_report_tz())
        return local.strftime("%Y-%m-%d %H:%M %Z")

    @api.model
    def _batch_format_date(self, value, tz=None):
        """``2026-12-02`` (ISO 8601); a datetime gives its day in ``tz``
        (default: the report's time zone)."""
        if not value:
            return ""
        if isinstance(value, datetime):
            tz = tz or self._batch_report_tz()
            value = pytz.utc.localize(value).astimezone(tz).date()
        elif not isinstance(value, date):
            value = fields.Date.to_date(value)
        return value.isoformat()

    @api.model
    def _batch_signature_row(self, user, when, meaning, login=None, record_hash=""):
        """One line of a signature block: printed name, date and time with
        the time zone, meaning (and the hash an e-signature covers)."""
        name = user if isinstance(user, str) else user.name
        if login is None and not isinstance(user, str):
            login = user.login
        return {
            "name": name or "",
            "login": login or "",
            "when": self._batch_format_datetime(when),
            "meaning": meaning or "",
            "record_hash": record_hash or "",
        }

    @api.model
    def _batch_document_values(self, docids, model, **values):
        """The values of a document printed with the company's layout."""
        return dict(
            doc_ids=docids,
            doc_model=model,
            docs=self.env[model].browse(docids),
            data_report_margin_top=DOCUMENT_MARGIN_TOP,
            data_report_header_spacing=DOCUMENT_MARGIN_TOP,
            # formatters for the dates the template prints from its records
            batch_datetime=self._batch_format_datetime,
            batch_date=self._batch_format_date,
            **values,
        )
