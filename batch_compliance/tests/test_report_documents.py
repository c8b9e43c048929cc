# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""GMP documents an auditor accepts: values prepared by report models, the
company header and page numbers, signature blocks with printed name, date
and time with the time zone, and meaning."""

from odoo.tests import new_test_user, tagged

from odoo.addons.batch_traceability.tests.common import BatchCommon
from odoo.addons.batch_traceability.tests.report_common import ReportDocumentsMixin


@tagged("post_install", "-at_install")
class TestComplianceReportDocuments(ReportDocumentsMixin, BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._check_pdf_tools()
        cls.env.company.write(
            {"street": "4 Quality Park", "city": "Fresno", "zip": "93650"}
        )
        cls.signer = new_test_user(
            cls.env,
            login="bt_doc_signer",
            password="Doc-Sign-2026!",
            name="Rita Release",
            tz="Europe/Brussels",
            groups="batch_traceability.group_quality_manager,stock.group_stock_user",
        )

    def _signed_release(self, lot):
        self.env.company.batch_require_esignature = True
        self.env["batch.signature.wizard"].with_user(self.signer).create(
            {
                "res_model": "stock.lot",
                "res_ids": str(lot.id),
                "action": "release",
                "meaning": "Approved for release",
                "login": "bt_doc_signer",
                "password": "Doc-Sign-2026!",
            }
        ).action_sign()
        lot.invalidate_recordset()
        self.assertEqual(lot.batch_state, "released")
        self.assertEqual(lot.released_by_id, self.signer)

    def _when(self, value):
        return (
            self.env["batch.report.mixin"]
            .with_user(self.signer)
            ._batch_format_datetime(value)
        )

    def test_coa_values_and_pdf_signature_block(self):
        lot = self._create_lot(self.product_oats, "OAT-DOC-1", expiration_days=300)
        moisture = self.env["batch.qc.result"].create(
            {
                "lot_id": lot.id,
                "name": "Moisture",
                "method": "AOAC 925.10",
                "spec_min": 8,
                "spec_max": 12,
                "unit": "%",
            }
        )
        moisture.value = "10.2"
        self._signed_release(lot)
        signature = self.env["batch.signature"].search(
            [("res_model", "=", "stock.lot"), ("res_id", "=", lot.id)]
        )
        values = (
            self.env["report.batch_compliance.report_coa"]
            .with_user(self.signer)
            ._get_report_values(lot.ids)
        )
        certificate = values["certificates"][lot.id]
        self.assertEqual([row["test"] for row in certificate["tests"]], [moisture])
        self.assertRegex(certificate["expiration_date"], r"^\d{4}-\d{2}-\d{2}$")
        decision, esign = certificate["signature_rows"]
        self.assertEqual(decision["name"], "Rita Release")
        self.assertEqual(decision["meaning"], "Released by (Quality)")
        self.assertEqual(decision["when"], self._when(lot.released_date))
        self.assertTrue(decision["when"].endswith((" CET", " CEST")))
        self.assertEqual(esign["meaning"], "Approved for release")
        self.assertEqual(esign["login"], "bt_doc_signer")
        self.assertEqual(esign["record_hash"], signature.record_hash)

        text = self._pdf("batch_compliance.action_report_coa", lot, user=self.signer)
        self._assert_company_header_and_pages(text, self.env.company)
        self.assertIn("Certificate of Analysis", text)
        self.assertIn(certificate["expiration_date"], text)
        self._assert_signature(
            "Rita Release",
            self._when(lot.released_date),
            "Released by (Quality)",
        )
        self._assert_signature(
            "Rita Release", self._when(signature.signed_at), "Approved for release"
        )
        self.assertIn("Electronic signatures (21 CFR Part 11)", text)
        self.assertIn(signature.record_hash[:16], text.replace("\n", ""))

    def test_batch_record_signature_block_and_traceability_values(self):
        honey = self._create_lot(self.product_honey, "HON-DOC-9", supplier_lot="BV-9")
        self._add_stock(honey, 5)
        oats = self._create_lot(self.product_oats, "OAT-DOC-9", state="released")
        self._add_stock(oats, 10)
        production = self._manufacture(
            self.bom_bar, 100, "GRB-DOC-9", {oats: 3, honey: 1}
        )
        bars = production.lot_producing_id
        if bars.batch_state != "quarantine":
            bars.with_user(self.quality_manager)._set_batch_state(
                "quarantine", "Hold for the batch record review"
            )
        self._signed_release(bars)
        values = (
            self.env["report.batch_compliance.report_batch_record"]
            .with_user(self.signer)
            ._get_report_values(production.ids)
        )
        record = values["records"][production.id]
        self.assertEqual(record["lot"], bars)
        self.assertAlmostEqual(record["yield_pct"], 100.0)
        self.assertEqual(
            {row["lot_name"] for row in record["components"]},
            {"HON-DOC-9", "OAT-DOC-9"},
        )
        self.assertEqual(
            [row["meaning"] for row in record["signature_rows"]],
            ["Released by (Quality)", "Approved for release"],
        )
        text = self._pdf(
            "batch_compliance.action_report_batch_record",
            production,
            user=self.signer,
        )
        self._assert_company_header_and_pages(text, self.env.company)
        self.assertIn("Batch Production Record", text)
        self._assert_signature(
            "Rita Release",
            self._when(bars.released_date),
            "Released by (Quality)",
        )
        # the genealogy is read by the report model, once
        values = self.env[
            "report.batch_compliance.report_batch_traceability"
        ]._get_report_values(bars.ids)
        trace = values["traces"][bars.id]
        upstream = {
            row["name"] for row in trace["genealogy"] if row["direction"] == "Upstream"
        }
        self.assertEqual(upstream, {"HON-DOC-9", "OAT-DOC-9"})
        self.assertEqual(
            {row["name"] for row in trace["back"]}, {"HON-DOC-9", "OAT-DOC-9"}
        )

    def test_audit_statement_and_entries_documents(self):
        lot = self._create_lot(self.product_honey, "HON-DOC-AUD")
        lot.supplier_lot = "BV-AUDIT"
        entries = self.env["batch.audit.log"].search([("lot_id", "=", lot.id)])
        values = self.env[
            "report.batch_compliance.report_audit_entries"
        ]._get_report_values(entries.ids)
        self.assertEqual(values["entries"], entries.sorted("id"))
        self.assertEqual(values["period_start"], entries.sorted("id")[0].logged_at)
        text = self._pdf("batch_compliance.action_report_audit_trail", lot)
        self._assert_company_header_and_pages(text, self.env.company)
        self.assertIn("BV-AUDIT", text)

    def test_delivery_slip_values_carry_fsma_kdes(self):
        lot = self._create_lot(self.product_honey, "HON-DOC-SHIP", state="released")
        self._add_stock(lot, 10)
        picking = self._deliver(self.customer, self.product_honey, 4, lot)
        values = self.env["report.stock.report_deliveryslip"]._get_report_values(
            picking.ids
        )
        self.assertEqual(values["docs"], picking)
        self.assertEqual(
            values["fsma_kdes_by_picking"][picking.id],
            picking._batch_fsma_shipping_kdes(),
        )
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "stock.report_deliveryslip", picking.ids
        )
        self.assertIn(b"HON-DOC-SHIP", html)

    def test_templates_only_read_prepared_values(self):
        self._assert_report_templates_prepared("batch_compliance")
