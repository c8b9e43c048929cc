# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Exports write text as text: a batch or partner named like a formula stays
a string in the FSMA spreadsheet (XLSX and CSV); the EPCIS export opens from
the menu as well as from a batch selection."""

import base64
import csv
import io

import openpyxl

from odoo import fields
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.batch_traceability.tests.common import BatchCommon

EVIL = '=HYPERLINK("http://x","y")'


@tagged("post_install", "-at_install")
class TestExportInjection(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot = cls._create_lot(cls.product_honey, EVIL)
        Event = cls.env["batch.fsma.event"]
        for text in (EVIL, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tTab"):
            Event.create(
                {
                    "event_type": "shipping",
                    "lot_id": cls.lot.id,
                    "tlc": text,
                    "other_location": text,
                    "quantity": -4.0,
                    "event_date": fields.Datetime.now(),
                }
            )

    def _export(self, file_format):
        wizard = (
            self.env["batch.fsma.export.wizard"]
            .with_user(self.quality_user)
            .create(
                {
                    "date_from": fields.Date.today(),
                    "date_to": fields.Date.today(),
                    "file_format": file_format,
                }
            )
        )
        action = wizard.action_export()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        return base64.b64decode(attachment.datas)

    def test_xlsx_has_no_formula(self):
        book = openpyxl.load_workbook(io.BytesIO(self._export("xlsx")))
        texts = []
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    self.assertNotEqual(cell.data_type, "f", cell.coordinate)
                    if isinstance(cell.value, str):
                        texts.append(cell.value)
        self.assertIn(EVIL, texts)
        # numbers stay numbers
        sheet = book["Shipping"]
        column = [cell.value for cell in sheet[1]].index("Quantity")
        quantities = [row[column].value for row in sheet.iter_rows(min_row=2)]
        self.assertIn(-4.0, quantities)

    def test_csv_neutralised(self):
        text = self._export("csv").decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))[1:]
        cells = [cell for row in rows for cell in row]
        self.assertIn("'" + EVIL, cells)
        self.assertNotIn(EVIL, cells)
        for cell in cells:
            self.assertFalse(cell.startswith(("=", "+", "@", "\t")), cell)
        # a negative number is a number, not text to neutralise
        self.assertIn("-4.0", cells)

    def test_epcis_opens_from_the_menu(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "batch_compliance.batch_epcis_export_wizard_action"
        )
        # the web client evaluates the action's context without active_ids
        # when the action comes from a menu
        context = safe_eval(action.get("context") or "{}", {"uid": self.env.uid})
        Wizard = self.env["batch.epcis.export.wizard"].with_user(self.quality_user)
        wizard = Wizard.with_context(**context).create({})
        self.assertFalse(wizard.lot_ids)
        # from the batch list's Action menu, the selection is preselected
        from_list = Wizard.with_context(
            **context, active_model="stock.lot", active_ids=self.lot.ids
        ).create({})
        self.assertEqual(from_list.lot_ids, self.lot)
