# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import csv
import io
from datetime import timedelta

import xlsxwriter

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

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


def _location_columns(prefix, alias, fallback=None):
    """The eight columns of a location (21 CFR 1.1310: business name, phone,
    street, city, state, ZIP, country; plus GLN). Events recorded before
    locations were structured keep their text in the business name."""
    name = f"{alias}.name"
    if fallback:
        name = f"COALESCE({alias}.name, {fallback})"
    return [
        (f"{prefix}: Business Name", name),
        (f"{prefix}: Phone", f"{alias}.phone"),
        (f"{prefix}: Street Address", f"{alias}.street"),
        (f"{prefix}: City", f"{alias}.city"),
        (f"{prefix}: State", f"{alias}.state"),
        (f"{prefix}: ZIP", f"{alias}.zip"),
        (f"{prefix}: Country", f"{alias}_country.name->>'en_US'"),
        (f"{prefix}: GLN", f"{alias}.gln"),
    ]


_REFERENCE_TYPE = (
    "CASE {alias}.reference_type WHEN 'ffrn' THEN 'FDA Food Facility Registration' "
    "WHEN 'gln' THEN 'GLN' WHEN 'url' THEN 'Web Address' END"
)


def _source_columns(alias="src"):
    """TLC source location (7 fields) and TLC source reference."""
    return [
        *_location_columns("TLC Source", alias, "e.tlc_source")[:7],
        ("TLC Source Reference Type", _REFERENCE_TYPE.format(alias=alias)),
        ("TLC Source Reference", f"{alias}.reference"),
    ]


_DATE = "to_char(e.event_date, 'YYYY-MM-DD')"
_TIME = "to_char(e.event_date, 'HH24:MI:SS')"
_DOCUMENTS = [
    ("Reference Document Type", "e.reference_document_type"),
    ("Reference Document Number", "e.reference_document_number"),
]

# One sheet per Critical Tracking Event, in FDA's illustrative layout
# (June 2024): one row per traceability lot code per event, one Key Data
# Element per column. (label, SQL expression over the aliases of _FROM)
SHEETS = {
    "receiving": [  # 21 CFR 1.1345
        ("Traceability Lot Code", "e.tlc"),
        ("Quantity", "e.quantity"),
        ("Unit of Measure", "e.uom_name"),
        ("Product Description", "e.product_description"),
        ("Commodity / Variety", "e.commodity"),
        *_location_columns("Immediate Previous Source", "oth", "e.other_location"),
        *_location_columns("Receiving Location", "own", "e.own_location"),
        ("Receive Date (UTC)", _DATE),
        ("Receive Time (UTC)", _TIME),
        *_source_columns(),
        *_DOCUMENTS,
        ("Exempt Supplier", "CASE WHEN e.exempt_supplier THEN 'Yes' ELSE 'No' END"),
        ("Our Batch", "lot.name"),
    ],
    "shipping": [  # 21 CFR 1.1340
        ("Traceability Lot Code", "e.tlc"),
        ("Quantity", "e.quantity"),
        ("Unit of Measure", "e.uom_name"),
        ("Product Description", "e.product_description"),
        ("Commodity / Variety", "e.commodity"),
        *_location_columns("Immediate Subsequent Recipient", "oth", "e.other_location"),
        *_location_columns("Ship-From Location", "own", "e.own_location"),
        ("Ship Date (UTC)", _DATE),
        ("Ship Time (UTC)", _TIME),
        *_source_columns(),
        *_DOCUMENTS,
        ("Our Batch", "lot.name"),
    ],
    "transformation": [  # 21 CFR 1.1350: one row per input TLC
        ("Input Traceability Lot Code", "i.tlc"),
        ("Input Product Description", "i.product_description"),
        ("Input Quantity Used", "i.quantity"),
        ("Input Unit of Measure", "i.uom_name"),
        ("Input Batch", "ilot.name"),
        ("New Traceability Lot Code", "e.tlc"),
        *_location_columns("Transformation Location", "own", "e.own_location"),
        ("TLC Source Reference Type", _REFERENCE_TYPE.format(alias="src")),
        ("TLC Source Reference", "src.reference"),
        ("Date Completed (UTC)", _DATE),
        ("Output Product Description", "e.product_description"),
        ("Output Quantity Produced", "e.quantity"),
        ("Output Unit of Measure", "e.uom_name"),
        *_DOCUMENTS,
        ("Output Batch", "lot.name"),
    ],
}
# Harvesting, cooling, initial packing, first land-based receiving (entered
# by hand): the KDEs they share.
_FIELD_SHEET = [
    ("Traceability Lot Code", "e.tlc"),
    ("Commodity / Variety", "e.commodity"),
    ("Product Description", "e.product_description"),
    ("Quantity", "e.quantity"),
    ("Unit of Measure", "e.uom_name"),
    *_location_columns("Location of the Event", "own", "e.own_location"),
    *_location_columns("Previous Source / Next Recipient", "oth", "e.other_location"),
    ("Date (UTC)", _DATE),
    ("Time (UTC)", _TIME),
    *_source_columns(),
    *_DOCUMENTS,
    ("Our Batch", "lot.name"),
]
NUMBER_COLUMNS = {
    "Quantity",
    "Input Quantity Used",
    "Output Quantity Produced",
}

_FROM = """
      FROM batch_fsma_event e
 LEFT JOIN stock_lot lot ON lot.id = e.lot_id
 LEFT JOIN batch_fsma_location own ON own.id = e.own_location_id
 LEFT JOIN res_country own_country ON own_country.id = own.country_id
 LEFT JOIN batch_fsma_location oth ON oth.id = e.other_location_id
 LEFT JOIN res_country oth_country ON oth_country.id = oth.country_id
 LEFT JOIN batch_fsma_location src ON src.id = e.tlc_source_id
 LEFT JOIN res_country src_country ON src_country.id = src.country_id
"""
_FROM_INPUTS = """
 LEFT JOIN batch_fsma_event_input i ON i.event_id = e.id
 LEFT JOIN stock_lot ilot ON ilot.id = i.lot_id
"""


def sheet_columns(event_type):
    return SHEETS.get(event_type, _FIELD_SHEET)


class BatchFsmaExportWizard(models.TransientModel):
    """The electronic sortable spreadsheet FDA may request within 24 hours
    (21 CFR 1.1455(c)(3)(ii))."""

    _name = "batch.fsma.export.wizard"
    _description = "FSMA 204 Sortable Spreadsheet"

    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    product_ids = fields.Many2many("product.product", string="Products")
    lot_ids = fields.Many2many("stock.lot", string="Batches")
    tlc = fields.Char(
        string="Traceability Lot Code",
        help="Events whose lot code (or, for transformations, an input's code) "
        "contains this text.",
    )
    tlc_from = fields.Char(string="TLC From")
    tlc_to = fields.Char(string="TLC To")
    event_type = fields.Selection(
        CTE_TYPES, string="Event Type", help="Empty: all events."
    )
    file_format = fields.Selection(
        [("xlsx", "Excel (XLSX)"), ("csv", "CSV")], required=True, default="xlsx"
    )

    def _where(self):
        """The wizard's criteria as SQL, within the user's companies."""
        self.ensure_one()
        conditions = [
            SQL("e.company_id = ANY(%s)", self.env.companies.ids),
            SQL("e.event_date >= %s", fields.Datetime.to_datetime(self.date_from)),
            SQL(
                "e.event_date < %s",
                fields.Datetime.to_datetime(self.date_to) + timedelta(days=1),
            ),
        ]
        if self.event_type:
            conditions.append(SQL("e.event_type = %s", self.event_type))
        if self.product_ids:
            conditions.append(SQL("e.product_id = ANY(%s)", self.product_ids.ids))
        if self.lot_ids:
            conditions.append(
                SQL(
                    "(e.lot_id = ANY(%s) OR EXISTS (SELECT 1 FROM "
                    "batch_fsma_event_input fi WHERE fi.event_id = e.id "
                    "AND fi.lot_id = ANY(%s)))",
                    self.lot_ids.ids,
                    self.lot_ids.ids,
                )
            )
        if self.tlc or self.tlc_from or self.tlc_to:
            conditions.append(
                SQL(
                    "(%s OR EXISTS (SELECT 1 FROM batch_fsma_event_input fi "
                    "WHERE fi.event_id = e.id AND %s))",
                    self._tlc_condition(SQL.identifier("e", "tlc")),
                    self._tlc_condition(SQL.identifier("fi", "tlc")),
                )
            )
        return SQL(" AND ").join(conditions)

    def _tlc_condition(self, column):
        """The lot code criteria (text, range) on ``column``."""
        conditions = []
        if self.tlc:
            text = self.tlc.replace("\\", "\\\\").replace("%", "\\%")
            text = text.replace("_", "\\_")
            conditions.append(SQL("%s ILIKE %s", column, f"%{text}%"))
        if self.tlc_from:
            conditions.append(SQL("%s >= %s", column, self.tlc_from))
        if self.tlc_to:
            conditions.append(SQL("%s <= %s", column, self.tlc_to))
        return SQL("(%s)", SQL(" AND ").join(conditions))

    def _flush(self):
        for model in (
            "batch.fsma.event",
            "batch.fsma.event.input",
            "batch.fsma.location",
        ):
            self.env[model].flush_model()
        self.env["stock.lot"].flush_model(["name"])

    def _sheet_rows(self, event_type):
        """Rows of one CTE sheet, straight from the database (a year of events
        is read in one query)."""
        columns = sheet_columns(event_type)
        select = SQL(", ".join(expr for __, expr in columns))
        joins = _FROM + (_FROM_INPUTS if event_type == "transformation" else "")
        order = "e.event_date, e.id" + (
            ", i.id" if event_type == "transformation" else ""
        )
        query = SQL(
            "SELECT %s " + joins + " WHERE e.event_type = %s AND %s ORDER BY " + order,
            select,
            event_type,
            self._where(),
        )
        self.env.cr.execute(query)
        return self.env.cr.fetchall()

    def _event_types(self):
        """The CTEs with events matching the criteria."""
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT e.event_type FROM batch_fsma_event e WHERE %s",
                self._where(),
            )
        )
        found = {row[0] for row in self.env.cr.fetchall()}
        return [event_type for event_type, __ in CTE_TYPES if event_type in found]

    def _completeness_rows(self):
        self.env.cr.execute(
            SQL(
                "SELECT e.event_type, to_char(e.event_date, 'YYYY-MM-DD'), e.tlc, "
                "lot.name, e.product_description, e.reference_document_number, "
                "e.missing_kdes FROM batch_fsma_event e "
                "LEFT JOIN stock_lot lot ON lot.id = e.lot_id "
                "WHERE e.missing_kdes IS NOT NULL AND %s "
                "ORDER BY e.event_type, e.event_date, e.id",
                self._where(),
            )
        )
        labels = dict(CTE_TYPES)
        return [(labels[row[0]], *row[1:]) for row in self.env.cr.fetchall()]

    def _summary_rows(self):
        self.env.cr.execute(
            SQL(
                "SELECT e.event_type, count(*), count(e.missing_kdes) "
                "FROM batch_fsma_event e WHERE %s GROUP BY e.event_type",
                self._where(),
            )
        )
        counts = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        return [
            (label, counts[key][0], counts[key][0] - counts[key][1], counts[key][1])
            for key, label in CTE_TYPES
            if key in counts
        ]

    def action_export(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(self.env._("The start date is after the end date."))
        if self.tlc_from and self.tlc_to and self.tlc_from > self.tlc_to:
            raise UserError(
                self.env._("The start of the lot code range is after its end.")
            )
        # raw SQL below: the same access as reading the events in the ORM
        self.env["batch.fsma.event"].check_access("read")
        self._flush()
        event_types = self._event_types()
        if not event_types:
            raise UserError(self.env._("No traceability event matches these criteria."))
        if self.file_format == "csv":
            data = self._csv(event_types)
            name, mimetype = "fsma204_events.csv", "text/csv"
        else:
            data = self._xlsx(event_types)
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

    def _csv(self, event_types):
        """One table: the event type, then the union of the sheets' columns."""
        header = []
        for event_type in event_types:
            for label, __ in sheet_columns(event_type):
                if label not in header:
                    header.append(label)
        position = {label: index for index, label in enumerate(header)}
        labels = dict(CTE_TYPES)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["Event Type", *header])
        for event_type in event_types:
            indexes = [position[label] for label, __ in sheet_columns(event_type)]
            for values in self._sheet_rows(event_type):
                row = [""] * len(header)
                for index, value in zip(indexes, values, strict=True):
                    row[index] = _one_line(value)
                writer.writerow(
                    [labels[event_type], *(csv_safe(value) for value in row)]
                )
        return buffer.getvalue().encode("utf-8-sig")

    def _xlsx(self, event_types):
        buffer = io.BytesIO()
        # rows are written in order: constant memory, whatever the volume
        book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
        bold = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        labels = dict(CTE_TYPES)
        for event_type in event_types:
            columns = sheet_columns(event_type)
            sheet = book.add_worksheet(labels[event_type][:31])
            sheet.set_column(0, len(columns) - 1, 22)
            for col, (label, __) in enumerate(columns):
                sheet.write_string(0, col, label, bold)
            numbers = {
                col
                for col, (label, __) in enumerate(columns)
                if label in NUMBER_COLUMNS
            }
            row = 0
            for row, values in enumerate(self._sheet_rows(event_type), start=1):
                for col, value in enumerate(values):
                    if value is None or value == "":
                        continue
                    if col in numbers:
                        sheet.write_number(row, col, value)
                    else:
                        # text as text, never a formula (CWE-1236)
                        sheet.write_string(row, col, _one_line(value))
            sheet.autofilter(0, 0, max(row, 1), len(columns) - 1)
            sheet.freeze_panes(1, 0)
        summary = book.add_worksheet("Completeness by Event")
        for col, label in enumerate(
            ["Event Type", "Events", "Complete", "Missing KDEs"]
        ):
            summary.write_string(0, col, label, bold)
        for row, values in enumerate(self._summary_rows(), start=1):
            for col, value in enumerate(values):
                xlsx_write(summary, row, col, value)
        report = book.add_worksheet("Completeness")
        headers = [
            "Event Type",
            "Date (UTC)",
            "Traceability Lot Code",
            "Our Batch",
            "Product Description",
            "Reference Document Number",
            "Missing KDEs",
        ]
        for col, label in enumerate(headers):
            report.write_string(0, col, label, bold)
        incomplete = self._completeness_rows()
        for row, values in enumerate(incomplete, start=1):
            for col, value in enumerate(values):
                xlsx_write(report, row, col, _one_line(value))
        if not incomplete:
            xlsx_write(report, 1, 0, "Every event carries all its Key Data Elements.")
        else:
            report.autofilter(0, 0, len(incomplete), len(headers) - 1)
        book.close()
        return buffer.getvalue()


def _one_line(value):
    """No multi-line cells: a line break in a recorded text becomes a space."""
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        return " ".join(value.split())
    return value
