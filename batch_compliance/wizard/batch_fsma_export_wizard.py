# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import csv
import io
from datetime import timedelta

import xlsxwriter

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.batch_fsma_event import CTE_TYPES

# A cell starting with one of these is read as a formula (or a DDE call) by
# spreadsheet programs (CWE-1236).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A CSV cell that a spreadsheet program shows as text: text starting
    with a formula character gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def xlsx_write(sheet, row, col, value, cell_format=None):
    """Write text as text (never a formula) and numbers as numbers."""
    if isinstance(value, bool) or value is None:
        value = ""
    if isinstance(value, int | float):
        return sheet.write_number(row, col, value, cell_format)
    return sheet.write_string(row, col, str(value), cell_format)


COLUMNS = [
    ("event_type", "Event Type"),
    ("tlc", "Traceability Lot Code"),
    ("product_description", "Product Description"),
    ("commodity", "Commodity / Variety"),
    ("quantity", "Quantity"),
    ("uom_name", "Unit of Measure"),
    ("event_date", "Event Date"),
    ("own_location", "Location of the Event"),
    ("other_location", "Previous Source / Next Recipient"),
    ("tlc_source", "TLC Source or Reference"),
    ("input_description", "Inputs (lot | product | quantity)"),
    ("reference_document_type", "Reference Document Type"),
    ("reference_document_number", "Reference Document Number"),
    ("missing_kdes", "Missing KDEs"),
]


class BatchFsmaExportWizard(models.TransientModel):
    """The electronic sortable spreadsheet FDA may request within 24 hours."""

    _name = "batch.fsma.export.wizard"
    _description = "FSMA 204 Sortable Spreadsheet"

    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    product_ids = fields.Many2many("product.product", string="Products")
    lot_ids = fields.Many2many("stock.lot", string="Batches")
    event_type = fields.Selection(
        CTE_TYPES, string="Event Type", help="Empty: all events."
    )
    file_format = fields.Selection(
        [("xlsx", "Excel (XLSX)"), ("csv", "CSV")], required=True, default="xlsx"
    )

    def _events(self):
        domain = [
            ("event_date", ">=", fields.Datetime.to_datetime(self.date_from)),
            (
                "event_date",
                "<",
                fields.Datetime.to_datetime(self.date_to) + timedelta(days=1),
            ),
        ]
        if self.product_ids:
            domain.append(("product_id", "in", self.product_ids.ids))
        if self.lot_ids:
            domain.append(("lot_id", "in", self.lot_ids.ids))
        if self.event_type:
            domain.append(("event_type", "=", self.event_type))
        return self.env["batch.fsma.event"].search(domain, order="event_date, id")

    def _row(self, event):
        labels = dict(CTE_TYPES)
        row = []
        for name, __ in COLUMNS:
            value = event[name]
            if name == "event_type":
                value = labels[value]
            elif name == "event_date":
                value = fields.Datetime.to_string(value)
            row.append(value if value or value == 0 else "")
        return row

    def action_export(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(self.env._("The start date is after the end date."))
        events = self._events()
        if not events:
            raise UserError(self.env._("No traceability event matches these criteria."))
        if self.file_format == "csv":
            data, name, mimetype = self._csv(events), "fsma204_events.csv", "text/csv"
        else:
            data = self._xlsx(events)
            name = "fsma204_events.xlsx"
            mimetype = (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
        attachment = self.env["ir.attachment"].create(
            {
                "name": name,
                "raw": data,
                "mimetype": mimetype,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _csv(self, events):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([label for __, label in COLUMNS])
        for event in events:
            writer.writerow([csv_safe(value) for value in self._row(event)])
        return buffer.getvalue().encode("utf-8-sig")

    def _xlsx(self, events):
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        bold = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        labels = dict(CTE_TYPES)
        for event_type, __ in CTE_TYPES:
            subset = events.filtered(lambda e, t=event_type: e.event_type == t)
            if not subset:
                continue
            sheet = book.add_worksheet(labels[event_type][:31])
            for col, (__, label) in enumerate(COLUMNS):
                xlsx_write(sheet, 0, col, label, bold)
                sheet.set_column(col, col, 22)
            for row, event in enumerate(subset, start=1):
                for col, value in enumerate(self._row(event)):
                    xlsx_write(sheet, row, col, value)
            sheet.autofilter(0, 0, len(subset), len(COLUMNS) - 1)
            sheet.freeze_panes(1, 0)
        report = book.add_worksheet("Completeness")
        for col, label in enumerate(
            ["Event Type", "Traceability Lot Code", "Reference", "Missing KDEs"]
        ):
            xlsx_write(report, 0, col, label, bold)
        incomplete = events.filtered("missing_kdes")
        for row, event in enumerate(incomplete, start=1):
            for col, value in enumerate(
                [
                    labels[event.event_type],
                    event.tlc or "",
                    event.reference_document_number or "",
                    event.missing_kdes,
                ]
            ):
                xlsx_write(report, row, col, value)
        if not incomplete:
            xlsx_write(report, 1, 0, "Every event carries all its Key Data Elements.")
        book.close()
        return buffer.getvalue()
