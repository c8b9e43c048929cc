# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""FSMA 204 events captured from stock flows, and the 24-hour spreadsheet."""

import base64
import csv
import io
from datetime import date, timedelta

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.batch_traceability.tests.common import BatchCommon


@tagged("post_install", "-at_install")
class TestFsma(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.product_honey | cls.product_oats | cls.product_bar).batch_fsma_ftl = True
        cls.vendor_honey.write(
            {
                "street": "1 Hive Road",
                "city": "Napa",
                "zip": "94558",
                "phone": "+1 707 555 0101",
            }
        )
        cls.customer.write({"street": "9 Market St", "city": "Oakland", "zip": "94607"})
        cls._receive(
            cls.product_honey,
            10,
            "HON-FSMA-1",
            vendor=cls.vendor_honey,
            supplier_lot="BV-FS-7",
        )
        cls.honey = cls.env["stock.lot"].search([("name", "=", "HON-FSMA-1")])
        cls.oats = cls._create_lot(cls.product_oats, "OAT-FSMA-1", state="released")
        cls._add_stock(cls.oats, 10)
        cls.production = cls._manufacture(
            cls.bom_bar, 100, "GRB-FSMA-1", {cls.oats: 3, cls.honey: 1}
        )
        cls.bars = cls.env["stock.lot"].search([("name", "=", "GRB-FSMA-1")])
        cls.delivery = cls._deliver(cls.customer, cls.product_bar, 40, cls.bars)

    def _events(self, **domain):
        return self.env["batch.fsma.event"].search(
            [("lot_id", "in", (self.honey | self.bars).ids)]
            + [(k, "=", v) for k, v in domain.items()]
        )

    def test_receiving_shipping_transformation_captured(self):
        receiving = self._events(event_type="receiving")
        self.assertEqual(
            receiving.tlc, "BV-FS-7", "the supplier's traceability lot code"
        )
        self.assertIn("Bee Valley Honey", receiving.other_location)
        self.assertEqual(receiving.quantity, 10)
        self.assertEqual(receiving.reference_document_type, "Receipt")
        transformation = self._events(event_type="transformation")
        self.assertEqual(transformation.tlc, "GRB-FSMA-1")
        self.assertEqual(transformation.reference_document_number, self.production.name)
        self.assertIn("HON-FSMA-1", transformation.input_description)
        self.assertIn("OAT-FSMA-1", transformation.input_description)
        shipping = self._events(event_type="shipping")
        self.assertEqual(shipping.quantity, 40)
        self.assertIn("Oakland", shipping.other_location)
        self.assertEqual(shipping.reference_document_number, self.delivery.name)

    def test_spreadsheet_xlsx_and_csv(self):
        wizard = self.env["batch.fsma.export.wizard"].create(
            {
                "date_from": date.today() - timedelta(days=1),
                "date_to": date.today(),
                "lot_ids": [(6, 0, (self.honey | self.bars).ids)],
            }
        )
        action = wizard.action_export()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        book = openpyxl.load_workbook(io.BytesIO(attachment.raw))
        self.assertIn("Receiving", book.sheetnames)
        self.assertIn("Shipping", book.sheetnames)
        self.assertIn("Completeness", book.sheetnames)
        sheet = book["Shipping"]
        headers = [cell.value for cell in sheet[1]]
        self.assertIn("Traceability Lot Code", headers)
        self.assertIn("Reference Document Number", headers)
        row = [cell.value for cell in sheet[2]]
        self.assertEqual(row[headers.index("Traceability Lot Code")], "GRB-FSMA-1")
        wizard.file_format = "csv"
        action = wizard.action_export()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        rows = list(csv.reader(io.StringIO(attachment.raw.decode("utf-8-sig"))))
        self.assertEqual(rows[0][0], "Event Type")
        # one row per input lot code of the transformation (honey and oats)
        self.assertEqual(len(rows), 1 + 4)
        self.assertEqual(
            [r[0] for r in rows[1:]].count("Transformation"), 2, "one row per input"
        )
        self.assertEqual(
            {r[0] for r in rows[1:]}, {"Receiving", "Transformation", "Shipping"}
        )

    def test_missing_kdes_listed_not_hidden(self):
        event = self.env["batch.fsma.event"].create(
            {"event_type": "cooling", "manual": True, "quantity": 100, "uom_name": "kg"}
        )
        self.assertIn("Commodity", event.missing_kdes)
        self.assertIn("Location of the Event", event.missing_kdes)
        wizard = self.env["batch.fsma.export.wizard"].create(
            {
                "date_from": date.today(),
                "date_to": date.today(),
                "event_type": "cooling",
            }
        )
        action = wizard.action_export()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        book = openpyxl.load_workbook(io.BytesIO(attachment.raw))
        sheet = book["Completeness"]
        missing = [c.value for c in sheet[1]].index("Missing KDEs")
        completeness = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
        self.assertTrue(
            any("Commodity" in (row[missing] or "") for row in completeness)
        )

    def test_bad_criteria(self):
        wizard = self.env["batch.fsma.export.wizard"].create(
            {"date_from": date.today(), "date_to": date.today() - timedelta(days=3)}
        )
        with self.assertRaises(UserError):
            wizard.action_export()
        self.assertTrue(base64)
