# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from .common import BatchCommon


class TestBatchMasterData(BatchCommon):
    def test_receipt_fills_supplier_and_quarantines_qc_products(self):
        self._receive(self.product_oats, 400, "OAT-T-001", supplier_lot="AO-5561")
        lot = self.env["stock.lot"].search([("name", "=", "OAT-T-001")])
        self.assertEqual(lot.batch_state, "quarantine")
        self.assertEqual(lot.supplier_id, self.vendor)
        self.assertEqual(lot.supplier_lot, "AO-5561")
        self.assertEqual(lot.facility_id.warehouse_id, self.warehouse)

    def test_products_without_qc_release_start_released(self):
        self._receive(self.product_honey, 50, "HON-T-001", vendor=self.vendor_honey)
        lot = self.env["stock.lot"].search([("name", "=", "HON-T-001")])
        self.assertEqual(lot.batch_state, "released")
        self.assertEqual(lot.supplier_id, self.vendor_honey)

    def test_storage_defaults_come_from_the_product(self):
        self.product_oats.write(
            {
                "batch_storage_temp_min": 4.0,
                "batch_storage_temp_max": 20.0,
                "batch_storage_conditions": "Keep dry",
            }
        )
        lot = self._create_lot(self.product_oats, "OAT-T-002")
        self.assertEqual(
            (lot.storage_temp_min, lot.storage_temp_max, lot.storage_conditions),
            (4.0, 20.0, "Keep dry"),
        )

    def test_quality_manager_releases_and_rejects(self):
        lot = self._create_lot(self.product_oats, "OAT-T-003")
        lot.with_user(self.quality_manager).action_batch_release()
        self.assertEqual(lot.batch_state, "released")
        other = self._create_lot(self.product_oats, "OAT-T-004")
        other.with_user(self.quality_manager).action_batch_reject()
        self.assertEqual(other.batch_state, "rejected")

    def test_quality_user_may_quarantine_and_block_but_not_release(self):
        lot = self._create_lot(self.product_oats, "OAT-T-002B")
        self.assertEqual(lot.batch_state, "quarantine")
        lot.with_user(self.quality_user).action_batch_block()
        self.assertEqual(lot.batch_state, "blocked")
        lot.with_user(self.quality_user).action_batch_quarantine()
        self.assertEqual(lot.batch_state, "quarantine")
        with self.assertRaises(AccessError):
            lot.with_user(self.quality_user).action_batch_release()
        self.assertEqual(lot.batch_state, "quarantine")

    def test_taking_back_a_release_needs_a_reason(self):
        lot = self._create_lot(self.product_honey, "HON-T-002")
        self.assertEqual(lot.batch_state, "released")
        with self.assertRaises(AccessError):
            lot.with_user(self.stock_user).with_context(
                batch_state_reason="x"
            ).action_batch_quarantine()
        with self.assertRaises(UserError):
            lot.with_user(self.quality_user).action_batch_quarantine()
        with self.assertRaises(UserError):
            lot.with_user(self.quality_manager).action_batch_quarantine()
        self.assertEqual(lot.batch_state, "released")
        wizard = (
            self.env["batch.state.reason.wizard"]
            .with_user(self.quality_manager)
            .create(
                {
                    "lot_ids": [(6, 0, lot.ids)],
                    "new_state": "quarantine",
                    "reason": "Supplier recall notice 2026-17",
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(lot.batch_state, "quarantine")
        self.assertIn("2026-17", lot.message_ids[0].body)

    def test_stock_user_cannot_change_status_by_rpc_write(self):
        lot = self._create_lot(self.product_oats, "OAT-T-005")
        with self.assertRaises(AccessError):
            lot.with_user(self.stock_user).write({"batch_state": "released"})
        self.assertEqual(lot.batch_state, "quarantine")

    def test_stock_user_cannot_create_a_released_qc_batch(self):
        with self.assertRaises(AccessError):
            self.env["stock.lot"].with_user(self.stock_user).create(
                {
                    "name": "OAT-T-006",
                    "product_id": self.product_oats.id,
                    "batch_state": "released",
                }
            )

    def test_only_recall_manager_sets_or_lifts_recalled(self):
        lot = self._create_lot(self.product_bar, "GRB-T-001")
        with self.assertRaises(AccessError):
            lot.with_user(self.quality_manager).write({"batch_state": "recalled"})
        lot.with_user(self.recall_manager).with_context(
            batch_state_reason="Recall RC-7"
        ).write({"batch_state": "recalled"})
        self.assertEqual(lot.batch_state, "recalled")
        with self.assertRaises(AccessError):
            lot.with_user(self.quality_manager).write({"batch_state": "blocked"})

    def test_state_change_is_tracked_in_chatter(self):
        lot = self._create_lot(self.product_oats, "OAT-T-007").with_context(
            tracking_disable=False, mail_notrack=False
        )
        self.env.cr.flush()
        lot.with_user(self.quality_manager)._set_batch_state(
            "released", reason="All tests passed"
        )
        self.env.cr.flush()
        bodies = " ".join(lot.message_ids.mapped("body"))
        self.assertIn("All tests passed", bodies)
        tracked = lot.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "batch_state"
        )
        self.assertTrue(tracked)

    def test_facility_code_unique_per_company(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["batch.facility"].create({"name": "Copy", "code": "TP1"})
            self.env.cr.flush()

    def test_move_line_lot_index_exists(self):
        self.env.cr.execute(
            "SELECT 1 FROM pg_indexes WHERE indexname = %s",
            ["stock_move_line__lot_id_index"],
        )
        self.assertTrue(self.env.cr.fetchone())
