# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""QC results are evidence: specifications, recorded values and stamps
cannot be bent, results are never deleted; every path a real user can take
is tried."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import BatchCommon


@tagged("post_install", "-at_install")
class TestRulesQcResults(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env["product.category"].create({"name": "Oats (QC rules)"})
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

    def setUp(self):
        super().setUp()
        self.lot = self._create_lot(self.product_oats, "OAT-QCR-1")
        self.moisture = self.lot.qc_result_ids.filtered(lambda r: r.name == "Moisture")
        self.salmonella = self.lot.qc_result_ids - self.moisture
        # the lab records a failing salmonella result
        self.salmonella.with_user(self.quality_user).value = "Present"
        self.assertEqual(self.lot.qc_state, "fail")

    def _snapshot(self, test):
        test.invalidate_recordset()
        return test.read(
            ["value", "spec_min", "spec_max", "spec_text", "mandatory", "state"]
        )[0]

    def test_quality_user_cannot_untick_mandatory_or_rewrite_specs(self):
        before = self._snapshot(self.salmonella)
        for vals in (
            {"mandatory": False},
            {"spec_text": "Present"},
            {"value": "Absent"},
        ):
            with self.assertRaises(AccessError):
                self.salmonella.with_user(self.quality_user).write(vals)
            with self.assertRaises(AccessError):
                self.salmonella.with_user(self.quality_user).with_context(
                    batch_qc_reason="by RPC", batch_audit_reason="by RPC"
                ).write(vals)
        with self.assertRaises(AccessError):
            self.moisture.with_user(self.quality_user).write({"spec_max": 50})
        self.assertEqual(self._snapshot(self.salmonella), before)
        self.assertEqual(self.lot.qc_state, "fail")

    def test_stamps_are_the_systems(self):
        for user in (self.quality_user, self.quality_manager):
            for vals in (
                {"tester_id": user.id},
                {"test_date": "2020-01-01 00:00:00"},
                {"state": "cancelled"},
            ):
                with self.assertRaises(AccessError):
                    self.salmonella.with_user(user).write(vals)
        self.assertEqual(self.salmonella.tester_id, self.quality_user)
        self.assertEqual(self.salmonella.state, "active")

    def test_manager_correction_needs_a_reason_and_is_logged(self):
        with self.assertRaises(UserError):
            self.salmonella.with_user(self.quality_manager).write({"value": "Absent"})
        self.assertEqual(self.salmonella.value, "Present")
        self.salmonella.with_user(self.quality_manager).with_context(
            batch_qc_reason="Lab error LIMS-2291: sample mix-up"
        ).write({"value": "Absent"})
        self.assertEqual(self.salmonella.result, "pass")
        self.assertEqual(self.salmonella.tester_id, self.quality_manager)
        body = self.lot.message_ids[0].body
        self.assertIn("LIMS-2291", body)
        self.assertIn("Present", body)

    def test_correction_wizard(self):
        wizard = (
            self.env["batch.qc.result.correction"]
            .with_user(self.quality_manager)
            .create({"result_id": self.moisture.id, "spec_max": 13, "reason": ""})
        )
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertEqual(self.moisture.spec_max, 12)
        wizard.reason = "Specification v4 approved in CC-88"
        wizard.action_confirm()
        self.assertEqual(self.moisture.spec_max, 13)
        with self.assertRaises(AccessError):
            self.env["batch.qc.result.correction"].with_user(self.quality_user).create(
                {"result_id": self.moisture.id, "reason": "x"}
            )

    def test_results_are_never_deleted_only_cancelled(self):
        with self.assertRaises(UserError):
            self.salmonella.with_user(self.quality_manager).unlink()
        with self.assertRaises(UserError):
            self.salmonella.with_user(self.quality_user).unlink()
        self.assertTrue(self.salmonella.exists())
        with self.assertRaises(AccessError):
            self.salmonella.with_user(self.quality_user)._batch_qc_cancel("x")
        with self.assertRaises(UserError):
            self.salmonella.with_user(self.quality_manager)._batch_qc_cancel(" ")
        wizard = (
            self.env["batch.qc.result.correction"]
            .with_user(self.quality_manager)
            .create(
                {
                    "result_id": self.salmonella.id,
                    "action": "cancel",
                    "reason": "Method not validated: re-test ordered",
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(self.salmonella.state, "cancelled")
        self.assertEqual(self.salmonella.cancelled_by_id, self.quality_manager)
        self.assertEqual(self.lot.qc_state, "pending", "moisture still pending")
        self.assertIn("re-test ordered", self.lot.message_ids[0].body)

    def test_decided_batch_results_are_frozen(self):
        self.salmonella.with_user(self.quality_manager).with_context(
            batch_qc_reason="Lab error"
        ).value = "Absent"
        self.moisture.with_user(self.quality_user).value = "10"
        self.lot.with_user(self.quality_manager).action_batch_release()
        self.assertEqual(self.lot.batch_state, "released")
        reason = {"batch_qc_reason": "after the fact"}
        with self.assertRaises(UserError):
            self.moisture.with_user(self.quality_manager).with_context(**reason).write(
                {"value": "30"}
            )
        with self.assertRaises(UserError):
            self.moisture.with_user(self.quality_manager)._batch_qc_cancel("x")
        with self.assertRaises(UserError):
            self.env["batch.qc.result"].with_user(self.quality_manager).create(
                {"lot_id": self.lot.id, "name": "Extra", "value": "1"}
            )
        self.assertEqual(self.moisture.value, "10")

    def test_import_cannot_change_recorded_results(self):
        result = (
            self.env["batch.qc.result"]
            .with_user(self.quality_user)
            .load(
                [".id", "value"],
                [[str(self.salmonella.id), "Absent"]],
            )
        )
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        self.assertEqual(self.salmonella.value, "Present")

    def test_not_a_number_is_refused(self):
        for text in ("nan", "NaN", "inf", "-Infinity", "wet"):
            with self.assertRaises(ValidationError):
                self.moisture.with_user(self.quality_user).value = text
        self.assertFalse(self.moisture.value)
        with self.assertRaises(ValidationError):
            self.env["batch.qc.result"].with_user(self.quality_manager).create(
                {"lot_id": self.lot.id, "name": "pH", "spec_max": float("nan")}
            )
