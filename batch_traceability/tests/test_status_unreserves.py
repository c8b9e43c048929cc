# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A batch put on hold, rejected or blocked leaves the open deliveries and
manufacturing orders that reserved it (the status engine does it, whatever
path changed the status); moves into a quarantine location keep it."""

from odoo import Command
from odoo.tests import Form

from .common import BatchCommon


class TestStatusUnreserves(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bars_a = cls._create_lot(
            cls.product_bar, "GRB-UR-A", state="released", expiration_days=200
        )
        cls.bars_b = cls._create_lot(
            cls.product_bar, "GRB-UR-B", state="released", expiration_days=300
        )
        cls._add_stock(cls.bars_a, 50)
        cls.delivery = cls._delivery(cls.customer, cls.product_bar, 30)
        cls.delivery.user_id = cls.stock_user
        cls.delivery.action_assign()
        cls._add_stock(cls.bars_b, 50)

    def test_hold_by_dialog_unreserves_the_delivery(self):
        self.assertEqual(self.delivery.move_line_ids.lot_id, self.bars_a)
        self.delivery.move_ids.picked = True
        wizard = (
            self.env["batch.state.reason.wizard"]
            .with_user(self.quality_user)
            .create(
                {
                    "lot_ids": [Command.set(self.bars_a.ids)],
                    "new_state": "blocked",
                    "reason": "Foreign body complaint CMP-31",
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(self.bars_a.batch_state, "blocked")
        # picked lines included; the other released batch is reserved instead
        self.assertEqual(self.delivery.move_line_ids.lot_id, self.bars_b)
        self.assertFalse(self.delivery.move_ids.picked)
        self.assertIn(
            "CMP-31", self.delivery.message_ids[:1].body, "the document says why"
        )
        activity = self.delivery.activity_ids
        self.assertEqual(activity.user_id, self.stock_user)
        self.assertIn("GRB-UR-A", activity.summary)

    def test_rejection_unreserves_manufacturing_orders(self):
        oats_1 = self._create_lot(self.product_oats, "OAT-UR-1", state="released")
        oats_2 = self._create_lot(self.product_oats, "OAT-UR-2", state="released")
        honey = self._create_lot(self.product_honey, "HON-UR-1", state="released")
        self._add_stock(oats_1, 10)
        self._add_stock(honey, 10)
        mo_form = Form(self.env["mrp.production"])
        mo_form.product_id = self.product_bar
        mo_form.bom_id = self.bom_bar
        mo_form.product_qty = 100
        production = mo_form.save()
        production.action_confirm()
        production.action_assign()
        oats_move = production.move_raw_ids.filtered(
            lambda m: m.product_id == self.product_oats
        )
        self.assertEqual(oats_move.move_line_ids.lot_id, oats_1)
        self._add_stock(oats_2, 10)
        oats_1.with_user(self.quality_manager)._batch_transition(
            "rejected", reason="Aflatoxin over the limit (lab report L-77)"
        )
        self.assertEqual(oats_move.move_line_ids.lot_id, oats_2)
        self.assertIn("L-77", production.message_ids[:1].body)

    def test_quarantine_transfer_keeps_its_reservation(self):
        hold = self.env["stock.location"].create(
            {
                "name": "QC Hold",
                "usage": "internal",
                "location_id": self.warehouse.view_location_id.id,
                "batch_accepts_unreleased": True,
            }
        )
        transfer = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.int_type_id.id,
                "location_id": self.stock_location.id,
                "location_dest_id": hold.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "to QC hold",
                            "product_id": self.product_bar.id,
                            "product_uom_qty": 10,
                            "product_uom": self.product_bar.uom_id.id,
                            "location_id": self.stock_location.id,
                            "location_dest_id": hold.id,
                        }
                    )
                ],
            }
        )
        transfer.action_confirm()
        self._set_lot_line(transfer, self.bars_b, 10)
        self.bars_b.with_user(self.quality_user)._batch_transition(
            "blocked", reason="Hold for re-inspection"
        )
        self.assertEqual(transfer.move_line_ids.lot_id, self.bars_b)
        self.assertEqual(transfer.move_line_ids.quantity, 10)
