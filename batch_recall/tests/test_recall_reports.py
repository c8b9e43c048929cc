# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Recall documents rendered as real PDFs (wkhtmltopdf) and read back."""

import shutil

from odoo.tests import tagged

from odoo.addons.batch_traceability.tests.report_common import pdf_text

from .common import RecallCommon


@tagged("post_install", "-at_install")
class TestRecallReports(RecallCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is required"
        assert shutil.which("wkhtmltopdf"), "wkhtmltopdf is required"

    def _pdf(self, xmlid, records):
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, kind = report._render_qweb_pdf(xmlid, records.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf_text(pdf)

    def test_notice_letter_and_status_report(self):
        recall = self._recall()
        recall.action_compute_scope()
        recall.action_launch()
        recall.action_notify_customers()
        notice = recall.notice_ids.filtered(lambda n: n.partner_id == self.customer)
        text = self._pdf("batch_recall.action_report_recall_notice", notice)
        self.assertIn("URGENT", text)
        self.assertIn("GRB-RC-1", text)
        self.assertIn(recall.name, text)
        text = self._pdf("batch_recall.action_report_recall_status", recall)
        self.assertIn("Recall Status Report", text)
        self.assertIn("Consignees notified", text)
        self.assertIn("Corner Deli", text)

    def test_mock_recall_report(self):
        recall = self._recall(recall_type="mock")
        recall.action_compute_scope()
        text = self._pdf("batch_recall.action_report_mock_recall", recall)
        self.assertIn("Mock Recall Report", text)
        self.assertIn("100.0 % accounted", text)
        self.assertIn("GBX-RC-1", text)
