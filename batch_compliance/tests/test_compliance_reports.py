# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""GMP documents rendered as real PDFs and read back with pdftotext."""

from odoo.tests import new_test_user, tagged

from odoo.addons.batch_traceability.tests.common import BatchCommon
from odoo.addons.batch_traceability.tests.report_common import pdf_text


@tagged("post_install", "-at_install")
class TestComplianceReports(BatchCommon):
    def _pdf(self, xmlid, records):
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, kind = report._render_qweb_pdf(xmlid, records.ids)
        self.assertEqual(kind, "pdf")
        # as laid out, then in reading order (a table cell whole, however
        # its column wraps it)
        words = " ".join(pdf_text(pdf, layout=False).split())
        return pdf_text(pdf) + "\n" + words

    def test_coa_with_tests_and_signature(self):
        self.env.company.batch_require_esignature = True
        signer = new_test_user(
            self.env,
            login="bt_coa_signer",
            password="Coa-Sign-2026!",
            name="Rita Release",
            groups="batch_traceability.group_quality_manager",
        )
        lot = self._create_lot(self.product_oats, "OAT-COA-1")
        self.env["batch.qc.result"].create(
            {
                "lot_id": lot.id,
                "name": "Moisture",
                "method": "AOAC 925.10",
                "spec_min": 8,
                "spec_max": 12,
                "unit": "%",
            }
        ).value = "10.2"
        self.env["batch.signature.wizard"].with_user(signer).create(
            {
                "res_model": "stock.lot",
                "res_ids": str(lot.id),
                "action": "release",
                "meaning": "Approved for release",
                "login": "bt_coa_signer",
                "password": "Coa-Sign-2026!",
            }
        ).action_sign()
        signature = self.env["batch.signature"].search(
            [("res_model", "=", "stock.lot"), ("res_id", "=", lot.id)]
        )
        text = self._pdf("batch_compliance.action_report_coa", lot)
        # the hash of the signed record is printed (possibly wrapped)
        self.assertIn(signature.record_hash[:16], text.replace("\n", ""))
        self.assertIn("Certificate of Analysis", text)
        self.assertIn("OAT-COA-1", text)
        self.assertIn("Moisture", text)
        self.assertIn("10.2", text)
        self.assertIn("Pass", text)
        self.assertIn("Rita Release", text)
        self.assertIn("Approved for", text)

    def test_audit_trail_and_distribution_record(self):
        lot = self._create_lot(self.product_honey, "HON-DOC-1")
        self._add_stock(lot, 10)
        self.customer.write({"street": "9 Market St", "city": "Oakland"})
        self._deliver(self.customer, self.product_honey, 4, lot)
        lot.with_user(self.quality_manager)._set_batch_state(
            "quarantine", "Lab re-test DEV-88"
        )
        text = self._pdf("batch_compliance.action_report_audit_trail", lot)
        self.assertIn("HON-DOC-1", text)
        # the reason column wraps "DEV-88" at its hyphen, which pdftotext
        # drops as a hyphenation: compare without hyphens and spaces
        self.assertIn("DEV88", "".join(text.replace("-", "").split()))
        self.assertIn("Quarantine", text)
        text = self._pdf("batch_compliance.action_report_distribution", lot)
        self.assertIn("FreshMart Stores", text)
        self.assertIn("Oakland", text)
        self.assertIn("4.00", text)

    def test_batch_record_traceability_report_and_plan(self):
        honey = self._create_lot(self.product_honey, "HON-BPR-1", supplier_lot="BV-55")
        self._add_stock(honey, 5)
        oats = self._create_lot(self.product_oats, "OAT-BPR-1", state="released")
        self._add_stock(oats, 10)
        production = self._manufacture(
            self.bom_bar, 100, "GRB-BPR-1", {oats: 3, honey: 1}
        )
        text = self._pdf("batch_compliance.action_report_batch_record", production)
        self.assertIn("Batch Production Record", text)
        self.assertIn("GRB-BPR-1", text)
        self.assertIn("HON-BPR-1", text)
        self.assertIn("BV-55", text)
        self.assertIn("100.0 % of theoretical", text)
        bars = production.lot_producing_id
        self._deliver(self.customer, self.product_bar, 10, bars)
        text = self._pdf("batch_compliance.action_report_batch_traceability", bars)
        self.assertIn("Traceability Report", text)
        self.assertIn("HON-BPR-1", text)
        self.assertIn("OAT-BPR-1", text)
        self.assertIn("FreshMart Stores", text)
        self.assertIn("(01)09506000134352", text)
        plan = self.env["batch.fsma.plan"].create({"contact_id": self.customer.id})
        text = self._pdf("batch_compliance.action_report_fsma_plan", plan)
        self.assertIn("Traceability Plan", text)
        self.assertIn("traceability lot code", text.lower())

    def test_audit_entries_of_a_period(self):
        lot = self._create_lot(self.product_honey, "HON-PER-1")
        lot.supplier_lot = "BV-PERIOD"
        entries = self.env["batch.audit.log"].search(
            [
                ("logged_at", ">=", lot.create_date.replace(microsecond=0)),
                ("lot_id", "=", lot.id),
            ]
        )
        text = self._pdf("batch_compliance.action_report_audit_entries", entries)
        self.assertIn("Audit Trail", text)
        self.assertIn("BV-PERIOD", text)
        self.assertIn(f"{len(entries)} entries", text)
