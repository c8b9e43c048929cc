# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Batch labels: values prepared by their report model, ISO dates, the
human-readable GS1 code on one line under its barcode."""

from datetime import datetime

from odoo.tests import tagged

from .common import BatchCommon
from .report_common import ReportDocumentsMixin


@tagged("post_install", "-at_install")
class TestReportDocuments(ReportDocumentsMixin, BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._check_pdf_tools()
        cls.lot = cls._create_lot(
            cls.product_bar,
            "GRB-DOC-2026-0042",
            production_date=datetime(2026, 11, 30, 6, 0),
            expiration_date=datetime(2027, 6, 18, 22, 30),
        )

    def test_label_values_prepared_by_report_model(self):
        values = self.env[
            "report.batch_traceability.report_batch_label"
        ]._get_report_values(self.lot.ids)
        self.assertEqual(values["docs"], self.lot)
        label = values["labels"][self.lot.id]
        human = "(01)09506000134352(17)270618(10)GRB-DOC-2026-0042"
        self.assertEqual(label["human"], human)
        # the days the GS1 code carries, in ISO 8601
        self.assertEqual(label["production_date"], "2026-11-30")
        self.assertEqual(label["expiration_date"], "2027-06-18")
        self.assertIn("barcode_type=Code128", label["gs1_128_src"])
        self.assertIn("barcode_type=QR", label["qr_src"])
        # the longer the code, the smaller its text (one line across 94 mm)
        self.assertLessEqual(label["human_font_pt"], 10)
        self.assertLessEqual(0.62 * len(human) * label["human_font_pt"], 92 / 25.4 * 72)
        Label = self.env["report.batch_traceability.report_batch_label"]
        self.assertLess(Label._batch_label_font_pt("x" * 70), label["human_font_pt"])
        self.assertEqual(Label._batch_label_font_pt("x" * 500), 5.0)

    def test_label_pdf_iso_dates_and_code_on_one_line(self):
        human = "(01)09506000134352(17)270618(10)GRB-DOC-2026-0042"
        for xmlid in (
            "batch_traceability.action_report_batch_label_4x2",
            "batch_traceability.action_report_batch_label_4x6",
        ):
            text = self._pdf(xmlid, self.lot, user=self.stock_user)
            self.assertEqual(text.count("\f"), 1, f"{xmlid}: one page per label")
            self.assertIn("Produced: 2026-11-30", text)
            self.assertIn("Expiry: 2027-06-18", text)
            # not wrapped: the whole code is on one line, and it is the last
            # line of the label (under the barcode)
            lines = [line.strip() for line in text.split("\f")[0].splitlines()]
            lines = [line for line in lines if line]
            self.assertEqual(lines[-1], human)
        # the template itself carries the no-wrap rule
        arch = self.env.ref("batch_traceability.report_batch_label").arch_db
        self.assertIn("white-space: nowrap", arch)

    def test_date_formats_with_time_zone(self):
        Mixin = self.env["batch.report.mixin"]
        self.stock_user.tz = "Europe/Brussels"
        brussels = Mixin.with_user(self.stock_user)
        self.assertEqual(
            brussels._batch_format_datetime(datetime(2026, 12, 2, 13, 5)),
            "2026-12-02 14:05 CET",
        )
        self.assertEqual(
            brussels._batch_format_datetime(datetime(2026, 7, 2, 13, 5)),
            "2026-07-02 15:05 CEST",
        )
        # a datetime late in the UTC day is the next local day
        self.assertEqual(
            brussels._batch_format_date(datetime(2026, 12, 2, 23, 30)), "2026-12-03"
        )
        row = brussels._batch_signature_row(
            self.stock_user, datetime(2026, 12, 2, 13, 5), "Checked by (Warehouse)"
        )
        self.assertEqual(
            row,
            {
                "name": self.stock_user.name,
                "login": self.stock_user.login,
                "when": "2026-12-02 14:05 CET",
                "meaning": "Checked by (Warehouse)",
                "record_hash": "",
            },
        )

    def test_time_zone_of_the_company_without_user_zone(self):
        self.stock_user.tz = False
        self.env.company.partner_id.tz = "America/Chicago"
        self.assertEqual(
            self.env["batch.report.mixin"]
            .with_user(self.stock_user)
            ._batch_format_datetime(datetime(2026, 12, 2, 13, 5)),
            "2026-12-02 07:05 CST",
        )

    def test_templates_only_read_prepared_values(self):
        self._assert_report_templates_prepared("batch_traceability")
