# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Status choices that make sense: the reason dialog offers what the engine
accepts from the current user; banners and the bulk 'Put on Hold'."""

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import BatchCommon


@tagged("post_install", "-at_install")
class TestBatchStatusUi(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot_q = cls._create_lot(cls.product_oats, "OAT-UI-Q")
        cls.lot_rejected = cls._create_lot(cls.product_oats, "OAT-UI-R")
        cls.lot_rejected.with_user(cls.quality_manager).action_batch_reject()
        cls.lot_released = cls._create_lot(cls.product_honey, "HON-UI-1")
        cls.lot_released_2 = cls._create_lot(cls.product_honey, "HON-UI-2")

    def _dialog(self, user, lots, new_state="blocked"):
        action = (
            lots.with_user(user)
            .with_context(batch_new_state=new_state)
            .action_batch_state_reason()
        )
        return Form(
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
        )

    def test_rejected_batch_quarantine_only_for_a_quality_manager(self):
        self.assertEqual(self.lot_rejected.batch_state, "rejected")
        allowed = self.lot_rejected.with_user(self.quality_user)._batch_allowed_states()
        self.assertNotIn("quarantine", allowed)
        self.assertNotIn("rejected", allowed)
        form = self._dialog(self.quality_user, self.lot_rejected, "quarantine")
        self.assertFalse(form.can_quarantine)
        self.assertNotIn("quarantine", form.allowed_states or "")
        allowed = self.lot_rejected.with_user(
            self.quality_manager
        )._batch_allowed_states()
        self.assertIn("quarantine", allowed)
        form = self._dialog(self.quality_manager, self.lot_rejected, "quarantine")
        self.assertTrue(form.can_quarantine)
        form.reason = "Re-test ordered after lab error LIMS-77"
        wizard = form.save()
        wizard.action_set_quarantine()
        self.assertEqual(self.lot_rejected.batch_state, "quarantine")

    def test_choices_follow_the_engine(self):
        # quarantine batch, QC not passed: no release offered, block is
        lot = self.lot_q
        self.env["batch.qc.result"].create(
            {"lot_id": lot.id, "name": "Moisture", "spec_min": 8, "spec_max": 12}
        )
        allowed = lot.with_user(self.quality_manager)._batch_allowed_states()
        self.assertNotIn("quarantine", allowed, "already there")
        self.assertNotIn("released", allowed, "mandatory test pending")
        self.assertIn("blocked", allowed)
        self.assertIn("rejected", allowed)
        allowed = lot.with_user(self.quality_user)._batch_allowed_states()
        self.assertEqual(allowed, ["blocked"])
        self.assertEqual(lot.with_user(self.stock_user)._batch_allowed_states(), [])
        # recalled batches: only a recall manager takes them out
        recalled = self._create_lot(self.product_honey, "HON-UI-RC")
        recalled.sudo()._batch_transition("recalled", reason="Recall RC-1 launched")
        self.assertNotIn(
            "quarantine",
            recalled.with_user(self.quality_manager)._batch_allowed_states(),
        )
        # nothing was written by asking
        self.assertEqual(lot.batch_state, "quarantine")
        self.assertEqual(recalled.batch_state, "recalled")

    def test_refused_choice_is_refused_on_every_path(self):
        values = {
            "lot_ids": [Command.set(self.lot_rejected.ids)],
            "new_state": "quarantine",
            "reason": "I want it back",
        }
        Wizard = self.env["batch.state.reason.wizard"].with_user(self.quality_user)
        with self.assertRaises(AccessError):
            Wizard.create(values).action_confirm()
        with self.assertRaises(AccessError):
            Wizard.with_context(batch_new_state="quarantine").create(
                values
            ).action_set_quarantine()
        self.assertEqual(self.lot_rejected.batch_state, "rejected")

    def test_bulk_put_on_hold_from_the_list(self):
        lots = self.lot_released | self.lot_released_2
        form = self._dialog(self.quality_manager, lots)
        self.assertTrue(form.can_block)
        self.assertEqual(form.new_state, "blocked")
        action = lots.with_user(self.quality_manager).action_batch_put_on_hold()
        self.assertEqual(action["context"]["default_new_state"], "blocked")
        self.assertEqual(action["context"]["default_lot_ids"], lots.ids)
        wizard = (
            self.env["batch.state.reason.wizard"]
            .with_user(self.quality_manager)
            .with_context(**action["context"])
            .create({"reason": "Foreign body complaint CMP-12"})
        )
        wizard.action_set_blocked()
        self.assertEqual(set(lots.mapped("batch_state")), {"blocked"})
        # the bulk button is in the quality users' list only
        Lot = self.env["stock.lot"]
        self.assertIn(
            "action_batch_put_on_hold",
            Lot.with_user(self.quality_user).get_view(view_type="list")["arch"],
        )
        self.assertNotIn(
            "action_batch_put_on_hold",
            Lot.with_user(self.stock_user).get_view(view_type="list")["arch"],
        )

    def test_stock_user_cannot_put_on_hold(self):
        action = self.lot_released.with_user(self.stock_user).action_batch_put_on_hold()
        with self.assertRaises(AccessError):
            self.env["batch.state.reason.wizard"].with_user(
                self.stock_user
            ).with_context(**action["context"]).create({"reason": "x"})
        with self.assertRaises(AccessError):
            self.lot_released.with_user(self.stock_user).write(
                {"batch_state": "blocked"}
            )
        self.assertEqual(self.lot_released.batch_state, "released")

    def test_warning_banners_for_blocked_and_recalled(self):
        arch = etree.fromstring(
            self.env["stock.lot"].get_view(view_type="form")["arch"]
        )
        hold = arch.xpath("//div[@name='batch_hold_banner']")
        recall = arch.xpath("//div[@name='batch_recall_banner']")
        self.assertEqual(len(hold), 1)
        self.assertIn("alert-warning", hold[0].get("class"))
        self.assertEqual(hold[0].get("invisible"), "batch_state != 'blocked'")
        self.assertEqual(len(recall), 1)
        self.assertIn("alert", recall[0].get("class"))
        self.assertEqual(recall[0].get("invisible"), "batch_state != 'recalled'")
        ribbons = arch.xpath("//widget[@name='web_ribbon']")
        self.assertTrue(
            any(r.get("bg_color") == "text-bg-warning" for r in ribbons), "on hold"
        )
