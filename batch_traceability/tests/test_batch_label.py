# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.tests import tagged

from .common import BatchCommon
from .report_common import pdf_text


@tagged("post_install", "-at_install")
class TestBatchLabel(BatchCommon):
    def test_label_renders_with_gs1_codes(self):
        lot = self._create_lot(self.product_bar, "GRB-LBL-1", expiration_days=200)
        codes = lot._batch_label_codes()
        expiry = lot.expiration_date.strftime("%y%m%d")
        self.assertEqual(codes["human"], f"(01)09506000134352(17){expiry}(10)GRB-LBL-1")
        self.assertTrue(codes["gs1_128"].startswith("\xf101"))
        self.assertEqual(
            codes["digital_link"],
            f"https://id.gs1.org/01/09506000134352/10/GRB-LBL-1?17={expiry}",
        )
        # the label's barcodes render with Odoo's own barcode route
        report = self.env["ir.actions.report"]
        self.assertTrue(
            report.barcode("Code128", codes["gs1_128"]).startswith(b"\x89PNG")
        )
        self.assertTrue(
            report.barcode("QR", codes["digital_link"]).startswith(b"\x89PNG")
        )
        for xmlid in (
            "batch_traceability.action_report_batch_label_4x2",
            "batch_traceability.action_report_batch_label_4x6",
        ):
            pdf, kind = report.with_context(
                force_report_rendering=True
            )._render_qweb_pdf(xmlid, lot.ids)
            self.assertEqual(kind, "pdf")
            text = pdf_text(pdf, layout=False)
            self.assertIn("GRB-LBL-1", text)
            self.assertIn("Granola Bar", text)
