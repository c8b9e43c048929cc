# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Recall documents: values prepared by their report models, the company
header and page numbers, the status report's signature block."""

import re

from odoo.tests import tagged

from odoo.addons.batch_traceability.tests.report_common import (
    DATETIME_TZ,
    ReportDocumentsMixin,
)

from .common import RecallCommon


@tagged("post_install", "-at_install")
class TestRecallReportDocuments(ReportDocumentsMixin, RecallCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._check_pdf_tools()
        cls.env.company.write(
            {"street": "12 Orchard Road", "city": "Salinas", "zip": "93901"}
        )
        cls.recall_manager.tz = "Europe/Brussels"

    def _launched_recall(self):
        recall = self._recall()
        recall.action_compute_scope()
        recall.action_launch()
        recall.action_notify_customers()
        return recall

    def test_status_report_values_prepared(self):
        recall = self._launched_recall()
        Report = self.env["report.batch_recall.report_recall_status"].with_user(
            self.recall_manager
        )
        values = Report._get_report_values(recall.ids)
        self.assertEqual(values["docs"], recall)
        info = values["status"][recall.id]
        self.assertEqual(info["consignees"], len(recall.line_ids.commercial_partner_id))
        self.assertEqual(len(info["lines"]), len(recall.line_ids))
        notified = [row for row in info["lines"] if row["has_notice"]]
        self.assertTrue(notified)
        for row in notified:
            self.assertRegex(row["notified"], r"^\d{4}-\d{2}-\d{2}$")
        self.assertEqual(
            info["figures"]["checks_planned"], len(recall.check_ids), info["figures"]
        )
        meanings = [row["meaning"] for row in info["signature_rows"]]
        self.assertEqual(
            meanings,
            [
                "Report issued by (Recall management)",
                "Recall launched by (Recall management)",
            ],
        )
        launched = info["signature_rows"][1]
        self.assertEqual(launched["name"], self.recall_manager.name)
        self.assertEqual(
            launched["when"], Report._batch_format_datetime(recall.launched_at)
        )
        self.assertTrue(launched["when"].endswith((" CET", " CEST")))
        # the page is laid out below the company header
        self.assertEqual(values["data_report_margin_top"], 60)

    def test_status_report_pdf_header_pages_signatures(self):
        recall = self._launched_recall()
        text = self._pdf(
            "batch_recall.action_report_recall_status",
            recall,
            user=self.recall_manager,
        )
        self._assert_company_header_and_pages(text, self.env.company)
        self.assertIn("Recall Status Report", text)
        self.assertIn("Signatures", text)
        Report = self.env["report.batch_recall.report_recall_status"].with_user(
            self.recall_manager
        )
        self._assert_signature(
            self.recall_manager.name,
            Report._batch_format_datetime(recall.launched_at),
            "Recall launched by (Recall management)",
        )
        self.assertRegex(
            self.pdf_words,
            re.escape(self.recall_manager.name)
            + r"( \([^)]*\))? "
            + DATETIME_TZ
            + re.escape(" Report issued by (Recall management)"),
        )
        # the dates of the figures are ISO dates and times with the zone
        self.assertRegex(text, r"Launched\s+" + DATETIME_TZ)

    def test_notice_letter_and_mock_recall_documents(self):
        recall = self._launched_recall()
        notice = recall.notice_ids.filtered(lambda n: n.partner_id == self.customer)
        values = self.env[
            "report.batch_recall.report_recall_notice"
        ]._get_report_values(notice.ids)
        letter = values["letters"][notice.id]
        self.assertTrue(letter["urgent"])
        self.assertEqual({row["line"] for row in letter["lines"]}, set(notice.line_ids))
        text = self._pdf(
            "batch_recall.action_report_recall_notice", notice, user=self.recall_manager
        )
        self._assert_company_header_and_pages(text, self.env.company)
        self.assertIn("URGENT", text)
        for row in letter["lines"]:
            self.assertRegex(row["shipped"], r"^\d{4}-\d{2}-\d{2}$")
            self.assertIn(row["shipped"], text)

        mock = self._recall(recall_type="mock", lot_ids=[(6, 0, self.box_1.ids)])
        mock.action_compute_scope()
        values = self.env["report.batch_recall.report_mock_recall"]._get_report_values(
            mock.ids
        )
        info = values["mock"][mock.id]
        self.assertEqual(info["suspect_batches"], "GBX-RC-1")
        self.assertAlmostEqual(info["accounted_pct"], 100.0)
        text = self._pdf(
            "batch_recall.action_report_mock_recall", mock, user=self.recall_manager
        )
        self._assert_company_header_and_pages(text, self.env.company)
        self.assertTrue(re.search(r"100\.0 % accounted", text))

    def test_templates_only_read_prepared_values(self):
        self._assert_report_templates_prepared("batch_recall")
