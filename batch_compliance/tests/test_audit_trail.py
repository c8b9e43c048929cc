# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Part 11 audit trail: complete, immutable, tamper-evident."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.batch_traceability.tests.common import BatchCommon


@tagged("post_install", "-at_install")
class TestAuditTrail(BatchCommon):
    def _entries(self, lot, field_name=None):
        domain = [("lot_id", "=", lot.id)]
        if field_name:
            domain.append(("field_name", "=", field_name))
        return self.env["batch.audit.log"].search(domain, order="id")

    def test_state_change_recorded_with_old_new_and_reason(self):
        lot = self._create_lot(self.product_honey, "HON-AUD-1")
        self.assertTrue(self._entries(lot, "name"), "creation is recorded")
        lot.with_user(self.quality_manager)._set_batch_state(
            "quarantine", "Customer complaint CMP-12"
        )
        entry = self._entries(lot, "batch_state")[-1]
        self.assertEqual((entry.old_value, entry.new_value), ("Released", "Quarantine"))
        self.assertEqual(entry.reason, "Customer complaint CMP-12")
        self.assertEqual(entry.user_id, self.quality_manager)
        self.assertEqual(entry.user_name, self.quality_manager.name)
        self.assertTrue(entry.logged_at)

    def test_master_data_and_qc_results_recorded(self):
        lot = self._create_lot(self.product_oats, "OAT-AUD-2")
        lot.supplier_lot = "BV-9"
        result = self.env["batch.qc.result"].create(
            {"lot_id": lot.id, "name": "Moisture", "spec_min": 0, "spec_max": 18}
        )
        result.value = "17.2"
        self.assertEqual(self._entries(lot, "supplier_lot")[-1].new_value, "BV-9")
        values = self._entries(lot, "value")
        self.assertEqual(values[-1].new_value, "17.2")
        self.assertEqual(values[-1].res_model, "batch.qc.result")

    def test_entries_cannot_be_changed_or_deleted_even_by_superuser(self):
        lot = self._create_lot(self.product_honey, "HON-AUD-3")
        entry = self._entries(lot)[:1]
        with self.assertRaises(UserError):
            entry.sudo().write({"new_value": "forged"})
        with self.assertRaises(UserError):
            entry.sudo().unlink()
        with self.assertRaises(UserError):
            self.env["batch.audit.log"].with_user(self.quality_manager).create(
                {"res_model": "stock.lot"}
            )

    def _verification(self, Log):
        result = Log.action_verify_chain()
        return self.env[result["res_model"]].browse(result["res_id"])

    def test_hash_chain_detects_a_database_edit(self):
        lot = self._create_lot(self.product_honey, "HON-AUD-4")
        lot.supplier_lot = "BV-1"
        lot.supplier_lot = "BV-2"
        Log = self.env["batch.audit.log"]
        self.assertFalse(Log._verify_chain())
        self.assertTrue(self._verification(Log).intact)
        target = self._entries(lot, "supplier_lot")[0]
        self.env.cr.execute(
            "UPDATE batch_audit_log SET new_value = 'BV-X' WHERE id = %s", [target.id]
        )
        self.assertEqual(Log._verify_chain()["entry_id"], target.id)
        self.assertFalse(self._verification(Log).intact)

    def test_deleted_entry_is_detected(self):
        lot = self._create_lot(self.product_honey, "HON-AUD-5")
        lot.supplier_lot = "BV-3"
        lot.supplier_lot = "BV-4"
        entries = self._entries(lot, "supplier_lot")
        self.env.cr.execute(
            "DELETE FROM batch_audit_log WHERE id = %s", [entries[0].id]
        )
        problem = self.env["batch.audit.log"]._verify_chain()
        self.assertEqual(problem["entry_id"], entries[1].id)
