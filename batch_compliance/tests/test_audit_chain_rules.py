# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Part 11 audit trail an auditor can rely on: tampering of any kind is
detected (a changed value, a removed entry, the newest entries removed, a
full rewrite against a signed statement), deletions of users and companies
break nothing, every audited record is covered, and only Quality managers
verify the chain."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.batch_traceability.tests.common import BatchCommon

PASSWORD = "Audit-Chain-2026!"


@tagged("post_install", "-at_install")
class TestAuditChainRules(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Log = cls.env["batch.audit.log"]
        cls.auditor = new_test_user(
            cls.env,
            login="bt_chain_auditor",
            password=PASSWORD,
            name="Alma Auditor",
            groups="batch_traceability.group_quality_manager",
        )

    def _entries(self, record, field_name=None, event=None):
        domain = [("res_model", "=", record._name), ("res_id", "=", record.id)]
        if field_name:
            domain.append(("field_name", "=", field_name))
        if event:
            domain.append(("event", "=", event))
        return self.Log.search(domain, order="id")

    def _verify(self):
        return self.Log._verify_chain([self.company.id])

    # ------------------------------------------------------------------
    # Tampering
    # ------------------------------------------------------------------
    def test_sql_change_of_a_hashed_column_detected(self):
        lot = self._create_lot(self.product_honey, "HON-CH-1")
        lot.supplier_lot = "BV-1"
        self.assertFalse(self._verify())
        entry = self._entries(lot, "supplier_lot")
        for column, value in (
            ("res_name", "forged"),
            ("field_label", "forged"),
            ("lot_name", "forged"),
            ("user_name", "forged"),
            ("reason", "forged"),
        ):
            self.env.cr.execute("SAVEPOINT tamper")
            self.env.cr.execute(
                SQL(
                    "UPDATE batch_audit_log SET %s = %s WHERE id = %s",
                    SQL.identifier(column),
                    value,
                    entry.id,
                )
            )
            problem = self._verify()
            self.assertEqual(problem and problem["entry_id"], entry.id, column)
            self.env.cr.execute("ROLLBACK TO SAVEPOINT tamper")
        self.assertFalse(self._verify())

    def test_removal_of_the_newest_entries_detected(self):
        lot = self._create_lot(self.product_honey, "HON-CH-2")
        lot.supplier_lot = "BV-2"
        lot.supplier_lot = "BV-3"
        newest = self._entries(lot, "supplier_lot")[-1]
        self.env.cr.execute("DELETE FROM batch_audit_log WHERE id = %s", [newest.id])
        problem = self._verify()
        self.assertTrue(problem)
        self.assertIn("head records", problem["message"])
        result = self.Log.with_user(self.auditor).action_verify_chain()
        verification = self.env[result["res_model"]].browse(result["res_id"])
        self.assertFalse(verification.intact)
        self.assertIn("head records", verification.message)

    def test_removal_in_the_middle_detected(self):
        lot = self._create_lot(self.product_honey, "HON-CH-3")
        lot.supplier_lot = "BV-4"
        lot.supplier_lot = "BV-5"
        first, second = self._entries(lot, "supplier_lot")
        self.env.cr.execute("DELETE FROM batch_audit_log WHERE id = %s", [first.id])
        self.assertEqual(self._verify()["entry_id"], second.id)

    def test_deleting_a_user_or_company_link_breaks_nothing(self):
        clerk = new_test_user(
            self.env,
            login="bt_chain_clerk",
            groups="batch_traceability.group_quality_user",
        )
        lot = self._create_lot(self.product_honey, "HON-CH-4")
        lot.with_user(clerk).supplier_lot = "BV-6"
        entry = self._entries(lot, "supplier_lot")
        self.assertEqual(entry.user_id, clerk)
        clerk.unlink()
        entry.invalidate_recordset()
        self.assertFalse(entry.user_id)
        self.assertEqual(entry.user_login, "bt_chain_clerk")
        # what the database does when a company or batch is deleted
        self.env.cr.execute(
            "UPDATE batch_audit_log SET company_id = NULL, lot_id = NULL WHERE id = %s",
            [entry.id],
        )
        self.assertFalse(self._verify())

    def test_non_text_reason_keeps_the_chain_valid(self):
        lot = self._create_lot(self.product_honey, "HON-CH-5")
        lot.with_context(batch_audit_reason=4711).supplier_lot = "BV-7"
        entry = self._entries(lot, "supplier_lot")
        self.assertEqual(entry.reason, "4711")
        self.assertFalse(self._verify())

    def test_signed_statement_detects_a_full_rewrite(self):
        lot = self._create_lot(self.product_honey, "HON-CH-6")
        lot.supplier_lot = "BV-8"
        action = self.company.with_user(self.auditor).action_batch_audit_statement()
        context = {k[8:]: v for k, v in action["context"].items()}
        result = (
            self.env["batch.signature.wizard"]
            .with_user(self.auditor)
            .create(dict(context, login=self.auditor.login, password=PASSWORD))
            .action_sign()
        )
        statement = self.env["batch.audit.statement"].browse(result["res_id"])
        head = self.env["batch.audit.chain"].search(
            [("company_ref", "=", self.company.id)]
        )
        self.assertEqual(statement.company_name, self.company.name)
        self.assertTrue(statement.last_hash)
        # the statement and its signature were appended after the stated head
        self.assertGreater(head.entry_count, statement.entry_count)
        signatures = self.env["batch.signature"].search(
            [("res_model", "=", statement._name)]
        )
        self.assertTrue(
            signatures, self.env["batch.signature"].search([]).mapped("res_model")
        )
        self.assertTrue(statement.signature_ids)
        self.assertFalse(self._verify())
        pdf, __ = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "batch_compliance.action_report_audit_statement", statement.ids
            )
        )
        self.assertTrue(pdf.startswith(b"%PDF"))
        # a forger rewrites a value and recomputes every hash and the head
        entry = self._entries(lot, "supplier_lot")
        self.env.cr.execute(
            "UPDATE batch_audit_log SET new_value = 'BV-X' WHERE id = %s", [entry.id]
        )
        self.Log._batch_audit_rechain()
        problem = self._verify()
        self.assertTrue(problem)
        self.assertIn("statement", problem["message"])
        # statements cannot be made or changed by hand
        with self.assertRaises(UserError):
            self.env["batch.audit.statement"].with_user(self.auditor).create(
                {"entry_count": 1}
            )
        with self.assertRaises(UserError):
            statement.sudo().write({"last_hash": "x"})
        with self.assertRaises(UserError):
            self.env["batch.audit.statement"].with_user(self.auditor)._issue(
                self.company
            )

    def test_heads_not_writable(self):
        self._create_lot(self.product_honey, "HON-CH-7")
        head = self.env["batch.audit.chain"].search(
            [("company_ref", "=", self.company.id)]
        )
        self.assertTrue(head.entry_count)
        with self.assertRaises(UserError):
            head.sudo().write({"entry_count": 0})
        with self.assertRaises(UserError):
            head.sudo().unlink()

    # ------------------------------------------------------------------
    # Who verifies
    # ------------------------------------------------------------------
    def test_only_quality_managers_verify(self):
        portal = new_test_user(
            self.env, login="bt_chain_portal", groups="base.group_portal"
        )
        for user in (self.stock_user, self.quality_user, portal):
            with self.assertRaises(AccessError):
                self.Log.with_user(user).action_verify_chain()
            with self.assertRaises(AccessError):
                self.company.with_user(user).action_batch_audit_statement()
        result = self.Log.with_user(self.auditor).action_verify_chain()
        verification = self.env[result["res_model"]].browse(result["res_id"])
        self.assertTrue(verification.intact)
        self.assertTrue(verification.entry_count)

    def test_nobody_writes_entries(self):
        lot = self._create_lot(self.product_honey, "HON-CH-8")
        entry = self._entries(lot)[:1]
        for user in (self.quality_user, self.auditor):
            # AccessError is a UserError
            with self.assertRaises(UserError):
                entry.with_user(user).write({"new_value": "x"})
            with self.assertRaises(AccessError):
                entry.with_user(user).unlink()
        with self.assertRaises(AccessError):
            entry.with_user(self.stock_user).read(["new_value"])

    # ------------------------------------------------------------------
    # Coverage
    # ------------------------------------------------------------------
    def test_status_change_one_entry_with_reason(self):
        lot = self._create_lot(self.product_oats, "OAT-CH-9")
        before = len(self._entries(lot, "batch_state"))
        lot.with_user(self.quality_manager).with_context(
            batch_state_reason="Supplier CoA received"
        ).write({"batch_state": "blocked"})
        entries = self._entries(lot, "batch_state")
        self.assertEqual(len(entries) - before, 1)
        self.assertEqual(entries[-1].new_value, "Blocked")
        self.assertEqual(entries[-1].reason, "Supplier CoA received")
        lot.with_user(self.quality_manager)._batch_transition(
            "quarantine", reason="Re-test"
        )
        self.assertEqual(len(self._entries(lot, "batch_state")) - before, 2)

    def test_deletion_logged_with_last_values(self):
        lot = self._create_lot(self.product_honey, "HON-CH-10", supplier_lot="SL-77")
        lot_id = lot.id
        lot.unlink()
        entry = self.Log.search(
            [("res_model", "=", "stock.lot"), ("res_id", "=", lot_id)], order="id"
        )[-1]
        self.assertEqual(entry.event, "unlink")
        self.assertIn("SL-77", entry.old_value)
        self.assertEqual(entry.lot_name, "HON-CH-10")
        self.assertFalse(self._verify())

    def test_override_event_logged(self):
        lot = self._create_lot(self.product_honey, "HON-CH-11")
        lot._batch_log_event(
            "override", "Shipped despite short shelf life", reason="Customer OK"
        )
        entry = self._entries(lot, event="override")
        self.assertEqual(entry.new_value, "Shipped despite short shelf life")
        self.assertEqual(entry.reason, "Customer OK")

    def test_more_records_audited(self):
        lot = self._create_lot(self.product_honey, "HON-CH-12")
        # FSMA event
        event = self.env["batch.fsma.event"].create(
            {"event_type": "harvesting", "lot_id": lot.id, "commodity": "Honey"}
        )
        event.quantity = 12
        self.assertEqual(self._entries(event, "quantity").new_value, "12.0")
        # complaint
        complaint = self.env["batch.complaint"].create(
            {
                "product_id": self.product_honey.id,
                "lot_ids": [Command.set(lot.ids)],
                "description": "Crystallised",
            }
        )
        complaint.severity = "high"
        self.assertEqual(self._entries(complaint, "severity")[-1].new_value, "High")
        # QC template and its line
        template = self.env["batch.qc.template"].create(
            {
                "name": "Honey QC",
                "line_ids": [Command.create({"name": "HMF", "spec_max": 40})],
            }
        )
        template.line_ids.spec_max = 30
        self.assertEqual(
            self._entries(template.line_ids, "spec_max")[-1].old_value, "40.0"
        )
        template.name = "Honey QC v2"
        self.assertTrue(self._entries(template, "name"))
        # product flags
        tmpl = self.product_honey.product_tmpl_id
        tmpl.batch_fsma_ftl = not tmpl.batch_fsma_ftl
        tmpl.batch_requires_qc_release = not tmpl.batch_requires_qc_release
        self.assertTrue(self._entries(tmpl, "batch_fsma_ftl"))
        self.assertTrue(self._entries(tmpl, "batch_requires_qc_release"))
        # the e-signature switch
        switch = self.company.batch_require_esignature
        self.company.batch_require_esignature = not switch
        self.assertTrue(self._entries(self.company, "batch_require_esignature"))
        self.assertFalse(self._verify())
