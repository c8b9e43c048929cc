# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The batch status changes only through its transition engine: every path a
real (non-superuser) user can take is tried, and refused where the rules say
so, with nothing changed."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import BatchCommon


@tagged("post_install", "-at_install")
class TestRulesBatchStatus(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env["product.category"].create({"name": "Oats (rules)"})
        cls.product_oats.categ_id = cls.category
        cls.env["batch.qc.template"].create(
            {
                "name": "Oats release",
                "categ_ids": [Command.set(cls.category.ids)],
                "line_ids": [
                    Command.create({"name": "Moisture", "spec_min": 8, "spec_max": 12}),
                    Command.create(
                        {
                            "name": "Salmonella",
                            "spec_type": "text",
                            "spec_text": "Absent",
                        }
                    ),
                ],
            }
        )

    def _pass_all(self, lot):
        for test in lot.qc_result_ids:
            test.with_user(self.quality_user).value = (
                "10" if test.spec_type == "range" else test.spec_text
            )

    def _assert_unchanged(self, lot, state="quarantine"):
        lot.invalidate_recordset()
        self.assertEqual(lot.batch_state, state)
        self.assertFalse(lot.released_by_id)
        self.assertFalse(lot.released_date)

    # ------------------------------------------------------------------
    # Release needs passed QC whatever the path
    # ------------------------------------------------------------------
    def test_orm_write_release_checks_qc_like_the_button(self):
        lot = self._receive(self.product_oats, 500, "OAT-R-001").move_line_ids.lot_id
        with self.assertRaises(UserError) as error:
            lot.with_user(self.quality_manager).write({"batch_state": "released"})
        self.assertIn("Moisture", str(error.exception))
        self._assert_unchanged(lot)

    def test_orm_write_release_stamps_like_the_button(self):
        lot = self._create_lot(self.product_oats, "OAT-R-002")
        self._pass_all(lot)
        lot.with_user(self.quality_manager).write({"batch_state": "released"})
        self.assertEqual(lot.batch_state, "released")
        self.assertEqual(lot.released_by_id, self.quality_manager)
        self.assertTrue(lot.released_date)

    def test_mass_edit_is_all_or_nothing(self):
        good = self._create_lot(self.product_oats, "OAT-R-003")
        bad = self._create_lot(self.product_oats, "OAT-R-004")
        self._pass_all(good)
        with self.assertRaises(UserError):
            (good | bad).with_user(self.quality_manager).write(
                {"batch_state": "released"}
            )
        self._assert_unchanged(good)
        self._assert_unchanged(bad)

    def test_rpc_context_keys_grant_nothing(self):
        lot = self._create_lot(self.product_oats, "OAT-R-005")
        self._pass_all(lot)
        rpc_context = {
            "batch_state_reason": "by RPC",
            "batch_signature_done": True,
            "batch_override_reason": "by RPC",
            "default_batch_state": "released",
        }
        with self.assertRaises(AccessError):
            lot.with_user(self.quality_user).with_context(**rpc_context).write(
                {"batch_state": "released"}
            )
        with self.assertRaises(AccessError):
            self.env["stock.lot"].with_user(self.stock_user).with_context(
                **rpc_context
            ).create({"name": "OAT-R-006", "product_id": self.product_oats.id})
        self._assert_unchanged(lot)

    def test_import_cannot_release_or_stamp(self):
        lot = self._create_lot(self.product_oats, "OAT-R-007")
        Lot = self.env["stock.lot"].with_user(self.quality_manager)
        result = Lot.load([".id", "batch_state"], [[str(lot.id), "released"]])
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        self.assertIn("Moisture", result["messages"][0]["message"])
        self._assert_unchanged(lot)
        # a new batch imported as released waits for its QC tests too
        result = Lot.load(
            ["name", "product_id/.id", "batch_state"],
            [["OAT-R-008", str(self.product_oats.id), "released"]],
        )
        self.assertFalse(result["ids"])
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "OAT-R-008")]))
        # a stock user cannot stamp a release
        result = (
            self.env["stock.lot"]
            .with_user(self.stock_user)
            .load(
                [".id", "released_by_id/.id"],
                [[str(lot.id), str(self.quality_manager.id)]],
            )
        )
        self.assertFalse(result["ids"])
        self._assert_unchanged(lot)

    def test_result_fields_not_writable(self):
        lot = self._create_lot(self.product_oats, "OAT-R-009")
        for user in (self.stock_user, self.quality_manager):
            with self.assertRaises(AccessError):
                lot.with_user(user).write({"released_by_id": user.id})
            with self.assertRaises(AccessError):
                lot.with_user(user).write({"released_date": "2026-01-01 00:00:00"})
            with self.assertRaises(AccessError):
                lot.with_user(user).write({"qc_state": "pass"})
        self._assert_unchanged(lot)
        self.assertEqual(lot.qc_state, "pending")

    def test_reason_wizard_follows_the_rules(self):
        lot = self._create_lot(self.product_oats, "OAT-R-010")
        Wizard = self.env["batch.state.reason.wizard"]
        wizard = Wizard.with_user(self.quality_user).create(
            {"lot_ids": [Command.set(lot.ids)], "new_state": "released", "reason": "x"}
        )
        with self.assertRaises(AccessError):
            wizard.action_confirm()
        wizard = Wizard.with_user(self.quality_manager).create(
            {"lot_ids": [Command.set(lot.ids)], "new_state": "released", "reason": "x"}
        )
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self._assert_unchanged(lot)
        self._pass_all(lot)
        wizard.action_confirm()
        self.assertEqual(lot.released_by_id, self.quality_manager)

    # ------------------------------------------------------------------
    # Reasons and reversals
    # ------------------------------------------------------------------
    def test_hold_needs_a_reason_and_rejection_reversal_a_manager(self):
        lot = self._create_lot(self.product_honey, "HON-R-001")
        self.assertEqual(lot.batch_state, "released")
        with self.assertRaises(AccessError):
            lot.with_user(self.stock_user).with_context(
                batch_state_reason="hold"
            ).write({"batch_state": "blocked"})
        with self.assertRaises(UserError):
            lot.with_user(self.quality_user).write({"batch_state": "blocked"})
        with self.assertRaises(UserError):
            lot.with_user(self.quality_manager).with_context(
                batch_state_reason="   "
            ).write({"batch_state": "blocked"})
        self.assertEqual(lot.batch_state, "released")
        # a Quality user puts a released batch on hold, with a reason
        lot.with_user(self.quality_user).with_context(
            batch_state_reason="Deviation DEV-12"
        ).write({"batch_state": "blocked"})
        self.assertEqual(lot.batch_state, "blocked")
        self.assertIn("DEV-12", lot.message_ids[0].body)
        # ... but only a Quality manager takes back a rejection
        rejected = self._create_lot(self.product_honey, "HON-R-001B")
        rejected.with_user(self.quality_manager).with_context(
            batch_state_reason="Supplier audit failed"
        ).action_batch_reject()
        with self.assertRaises(AccessError):
            rejected.with_user(self.quality_user).with_context(
                batch_state_reason="re-test"
            ).write({"batch_state": "quarantine"})
        self.assertEqual(rejected.batch_state, "rejected")
        rejected.with_user(self.quality_manager).with_context(
            batch_state_reason="Lab error LIMS-7: re-test"
        ).write({"batch_state": "quarantine"})
        self.assertEqual(rejected.batch_state, "quarantine")

    def test_superuser_flows_need_an_explicit_reason(self):
        lot = self._create_lot(self.product_honey, "HON-R-002")
        with self.assertRaises(UserError):
            lot.sudo()._batch_transition("blocked")
        lot.sudo()._batch_transition("blocked", reason="Cron: temperature alarm")
        self.assertEqual(lot.batch_state, "blocked")

    def test_non_text_reason_is_recorded_as_text(self):
        lot = self._create_lot(self.product_honey, "HON-R-003")
        lot.with_user(self.quality_manager).with_context(
            batch_state_reason=12345
        ).write({"batch_state": "blocked"})
        self.assertIn("12345", lot.message_ids[0].body)

    def test_unknown_status_is_a_user_error(self):
        lot = self._create_lot(self.product_honey, "HON-R-004")
        with self.assertRaises(UserError):
            lot.with_user(self.quality_manager)._batch_transition("shipped", "x")

    # ------------------------------------------------------------------
    # New batches never skip quarantine
    # ------------------------------------------------------------------
    def test_quick_create_with_product_from_context_is_quarantined(self):
        Lot = (
            self.env["stock.lot"]
            .with_user(self.stock_user)
            .with_context(default_product_id=self.product_oats.id)
        )
        lot_id, __ = Lot.name_create("OAT-R-QC1")
        lot = self.env["stock.lot"].browse(lot_id)
        self.assertEqual(lot.batch_state, "quarantine")
        lot = Lot.create({"name": "OAT-R-QC2"})
        self.assertEqual(lot.batch_state, "quarantine")
        self.assertTrue(lot.qc_result_ids, "QC tests come with the batch")

    def test_manufacturing_order_lot_quick_create_is_quarantined(self):
        self.product_bar.batch_requires_qc_release = True
        production = self.env["mrp.production"].create(
            {"product_id": self.product_bar.id, "product_qty": 100}
        )
        lot = (
            self.env["stock.lot"]
            .with_user(self.stock_user)
            .with_context(
                default_product_id=production.product_id.id,
                default_company_id=production.company_id.id,
            )
            .create({"name": "GRB-R-MO1"})
        )
        self.assertEqual(lot.batch_state, "quarantine")

    def test_product_change_sends_a_batch_back_to_quarantine(self):
        lot = self._create_lot(self.product_honey, "HON-R-005")
        self.assertEqual(lot.batch_state, "released")
        lot.with_user(self.stock_user).write({"product_id": self.product_oats.id})
        self.assertEqual(lot.batch_state, "quarantine")
        self.assertIn("needs QC release", lot.message_ids[0].body)

    def test_decided_batch_cannot_be_deleted(self):
        lot = self._create_lot(self.product_oats, "OAT-R-011")
        self._pass_all(lot)
        lot.with_user(self.quality_manager).action_batch_release()
        with self.assertRaises(UserError):
            lot.with_user(self.stock_user).unlink()
        self.assertTrue(lot.exists())

    def test_only_a_recall_manager_takes_a_batch_out_of_a_recall(self):
        lot = self._create_lot(self.product_honey, "HON-R-006")
        lot.sudo()._batch_transition("recalled", reason="Recall RC-9 launched")
        with self.assertRaises(UserError):
            lot.with_user(self.quality_manager).action_batch_release()
        Wizard = self.env["batch.state.reason.wizard"]
        values = {
            "lot_ids": [Command.set(lot.ids)],
            "new_state": "quarantine",
            "reason": "RC-9 closed: stock re-inspected",
        }
        with self.assertRaises(AccessError):
            Wizard.with_user(self.quality_manager).create(values).action_confirm()
        self.assertEqual(lot.batch_state, "recalled")
        Wizard.with_user(self.recall_manager).create(values).action_confirm()
        self.assertEqual(lot.batch_state, "quarantine")
        self.assertIn("re-inspected", lot.message_ids[0].body)
