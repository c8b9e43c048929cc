# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the Expiry Analysis tells a user: no sales-based prediction without
sales, and a way to put batches on hold from it."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import BatchCommon


@tagged("post_install", "-at_install")
class TestExpiryAnalysisUi(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # never sold: no pace to predict from
        cls.lot_unsold = cls._create_lot(
            cls.product_honey, "HON-EA-UNSOLD", expiration_days=20
        )
        cls._add_stock(cls.lot_unsold, 10)
        cls.lot_oats = cls._create_lot(cls.product_oats, "OAT-EA-1", expiration_days=40)
        cls._add_stock(cls.lot_oats, 25)

    def _rows(self, lots):
        self.env.flush_all()
        return self.env["batch.expiry.report"].search([("lot_id", "in", lots.ids)])

    def test_no_sales_history_no_days_to_sell_and_no_flag(self):
        row = self._rows(self.lot_unsold)
        self.assertEqual(len(row), 1)
        self.assertFalse(row.has_sales_history)
        self.assertFalse(
            row.expires_before_sold,
            "without sales there is no prediction, so no warning",
        )
        self.env.cr.execute(
            SQL(
                "SELECT days_to_sell FROM batch_expiry_report WHERE id = %s",
                row.id,
            )
        )
        self.assertIsNone(self.env.cr.fetchone()[0], "empty, not 0 days")
        self.assertTrue(
            self.env["batch.expiry.report"].search_count(
                [("id", "=", row.id), ("has_sales_history", "=", False)]
            )
        )
        # the list shows no figure rather than 0.00 for such rows
        arch = self.env["batch.expiry.report"].get_view(view_type="list")["arch"]
        for name in ("days_to_sell", "expires_before_sold"):
            node = arch.split(f'name="{name}"')[1].split("/>")[0]
            self.assertIn('invisible="not has_sales_history"', node)

    def test_flag_only_when_the_sales_pace_leaves_stock_at_expiry(self):
        lot_slow = self._create_lot(
            self.product_honey, "HON-EA-SLOW", expiration_days=300
        )
        self._add_stock(lot_slow, 20)
        # 9 kg over 90 days: 0.1 kg a day; 10 kg need 100 days (> 20 left)
        self._deliver(self.customer, self.product_honey, 9, lot_slow)
        by_lot = {row.lot_id: row for row in self._rows(self.lot_unsold | lot_slow)}
        self.assertTrue(by_lot[self.lot_unsold].has_sales_history)
        self.assertAlmostEqual(by_lot[self.lot_unsold].days_to_sell, 100)
        self.assertTrue(by_lot[self.lot_unsold].expires_before_sold)
        # 11 kg left need 110 days, 300 days to expiry: sells in time
        self.assertAlmostEqual(by_lot[lot_slow].days_to_sell, 110)
        self.assertFalse(by_lot[lot_slow].expires_before_sold)

    def _hold(self, user, rows, reason):
        action = rows.with_user(user).action_batch_put_on_hold()
        self.assertEqual(action["res_model"], "batch.state.reason.wizard")
        self.assertEqual(action["context"]["default_new_state"], "blocked")
        Wizard = self.env["batch.state.reason.wizard"].with_user(user)
        wizard = Wizard.with_context(**action["context"]).create({"reason": reason})
        return wizard.action_confirm()

    def test_quality_user_puts_batches_on_hold_from_the_analysis(self):
        rows = self._rows(self.lot_oats)
        self._hold(self.quality_user, rows, "Pallet damaged, check seal")
        self.assertEqual(self.lot_oats.batch_state, "blocked")
        self.assertIn("check seal", self.lot_oats.message_ids[0].body)
        # a released batch, several at once (bulk), by a Quality manager
        rows = self._rows(self.lot_unsold)
        self._hold(self.quality_manager, rows, "Customer complaint CMP-7")
        self.assertEqual(self.lot_unsold.batch_state, "blocked")

    def test_stock_user_cannot_put_on_hold(self):
        rows = self._rows(self.lot_oats)
        with self.assertRaises(AccessError):
            self._hold(self.stock_user, rows, "I think it is bad")
        Wizard = self.env["batch.state.reason.wizard"].with_user(self.stock_user)
        with self.assertRaises(AccessError):
            Wizard.with_context(batch_wizard_ok=True).create(
                {
                    "lot_ids": [Command.set(self.lot_oats.ids)],
                    "new_state": "blocked",
                    "reason": "I think it is bad",
                }
            )
        self.assertEqual(self.lot_oats.batch_state, "quarantine")
        # the button is only in the quality users' list
        Report = self.env["batch.expiry.report"]
        self.assertNotIn(
            "action_batch_put_on_hold",
            Report.with_user(self.stock_user).get_view(view_type="list")["arch"],
        )
        self.assertIn(
            "action_batch_put_on_hold",
            Report.with_user(self.quality_user).get_view(view_type="list")["arch"],
        )
