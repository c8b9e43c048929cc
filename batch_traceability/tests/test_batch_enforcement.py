# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Server-side batch status rules: what reservation takes and what validation
lets leave the warehouse, whatever filled the move lines."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import BatchCommon


@tagged("post_install", "-at_install")
class TestBatchEnforcement(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot_ok = cls._create_lot(
            cls.product_honey, "HON-ENF-REL", state="released", expiration_days=300
        )
        cls.lot_quarantine = cls._create_lot(
            cls.product_honey, "HON-ENF-QUA", state="quarantine", expiration_days=200
        )
        cls._add_stock(cls.lot_ok, 5)
        cls._add_stock(cls.lot_quarantine, 10)

    def _hand_picked_delivery(self, lot, qty, partner=None):
        """A delivery whose move line the user typed by hand (no reservation)."""
        picking = self._delivery(partner or self.customer, lot.product_id, qty)
        self._set_lot_line(picking, lot, qty)
        picking.move_ids.picked = True
        return picking

    def test_reservation_skips_unreleased_batches(self):
        picking = self._delivery(self.customer, self.product_honey, 12)
        picking.action_assign()
        self.assertEqual(picking.move_ids.move_line_ids.lot_id, self.lot_ok)
        self.assertEqual(picking.move_ids.quantity, 5)
        self.assertEqual(picking.move_ids.state, "partially_available")
        # the picking says which batch was skipped and why
        self.assertIn("HON-ENF-QUA", picking.batch_reservation_note)
        self.assertIn("Quarantine", picking.batch_reservation_note)

    def test_every_blocking_state_refused_at_validation(self):
        for state in ("quarantine", "rejected", "blocked", "recalled"):
            with self.subTest(state=state):
                lot = self._create_lot(
                    self.product_honey, f"HON-ENF-{state}", state=state
                )
                self._add_stock(lot, 3)
                picking = self._hand_picked_delivery(lot, 3)
                with self.assertRaises(UserError) as error:
                    picking.with_context(skip_backorder=True).button_validate()
                self.assertIn(lot.name, str(error.exception))
                self.assertNotEqual(picking.state, "done")

    def test_hand_typed_lot_refused_even_through_rpc_style_write(self):
        picking = self._hand_picked_delivery(self.lot_ok, 2)
        # swap the lot afterwards, as an import or an RPC write would
        picking.move_line_ids.write({"lot_id": self.lot_quarantine.id})
        with self.assertRaises(UserError):
            picking.with_context(skip_backorder=True).button_validate()
        self.assertEqual(self.lot_quarantine.quant_ids.quantity, 10)

    def test_released_batch_ships(self):
        picking = self._hand_picked_delivery(self.lot_ok, 2)
        picking.with_context(skip_backorder=True).button_validate()
        self.assertEqual(picking.state, "done")

    def test_internal_move_of_quarantined_batch_allowed(self):
        qc_location = self.env["stock.location"].create(
            {
                "name": "QC Hold",
                "usage": "internal",
                "location_id": self.warehouse.view_location_id.id,
                "batch_accepts_unreleased": True,
            }
        )
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.int_type_id.id,
                "location_id": self.stock_location.id,
                "location_dest_id": qc_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "to QC hold",
                            "product_id": self.product_honey.id,
                            "product_uom_qty": 10,
                            "product_uom": self.product_honey.uom_id.id,
                            "location_id": self.stock_location.id,
                            "location_dest_id": qc_location.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        # a move into a quarantine location may reserve unreleased batches
        self.assertIn(self.lot_quarantine, picking.move_line_ids.lot_id)
        self._validate(picking)
        self.assertEqual(picking.state, "done")
        moved = sum(
            picking.move_line_ids.filtered(
                lambda ml: ml.lot_id == self.lot_quarantine
            ).mapped("quantity")
        )
        self.assertGreater(moved, 0)
        self.assertEqual(
            sum(
                self.lot_quarantine.quant_ids.filtered(
                    lambda q: q.location_id == qc_location
                ).mapped("quantity")
            ),
            moved,
        )

    def test_expired_batch_refused_unless_product_allows(self):
        expired = self._create_lot(
            self.product_honey, "HON-ENF-EXP", state="released", expiration_days=-2
        )
        self._add_stock(expired, 4)
        picking = self._hand_picked_delivery(expired, 4)
        # skip_expired: the user confirmed product_expiry's "expired lots"
        # prompt; the batch rule still refuses
        with self.assertRaises(UserError) as error:
            picking.with_context(
                skip_backorder=True, skip_expired=True
            ).button_validate()
        self.assertIn("expired", str(error.exception))
        self.product_honey.batch_allow_expired_shipping = True
        picking.with_context(skip_backorder=True, skip_expired=True).button_validate()
        self.assertEqual(picking.state, "done")

    def test_override_needs_quality_manager_and_reason(self):
        picking = self._hand_picked_delivery(self.lot_quarantine, 2)
        Wizard = self.env["batch.validation.override.wizard"]
        with self.assertRaises(AccessError):
            Wizard.with_user(self.stock_user).create(
                {"picking_id": picking.id, "reason": "urgent"}
            )
        wizard = Wizard.with_user(self.quality_manager).create(
            {"picking_id": picking.id, "reason": "   "}
        )
        self.assertIn("HON-ENF-QUA", wizard.blocked_info)
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertNotEqual(picking.state, "done")
        wizard.reason = "Customer QA accepted batch in writing, deviation DEV-17"
        wizard.with_context(skip_backorder=True).action_confirm()
        self.assertEqual(picking.state, "done")
        logged = self.lot_quarantine.message_ids.mapped("body")
        self.assertTrue(any("DEV-17" in body for body in logged))
        self.assertTrue(
            any("DEV-17" in body for body in picking.message_ids.mapped("body"))
        )

    def test_override_context_alone_does_not_help_a_stock_user(self):
        picking = self._hand_picked_delivery(self.lot_quarantine, 1)
        picking = picking.with_user(self.stock_user)
        # the context key is not a permission: the rules refuse as usual
        with self.assertRaises(UserError):
            picking.with_context(
                skip_backorder=True, batch_override_reason="trust me"
            ).button_validate()
        self.assertNotEqual(picking.state, "done")

    def test_manufacturing_reserves_released_and_refuses_blocked(self):
        oats_ok = self._create_lot(
            self.product_oats, "OAT-ENF-REL", state="released", expiration_days=100
        )
        oats_blocked = self._create_lot(
            self.product_oats, "OAT-ENF-BLK", state="blocked", expiration_days=20
        )
        self._add_stock(oats_blocked, 30)
        self._add_stock(oats_ok, 30)
        self.product_oats.categ_id = self.env["product.category"].create(
            {
                "name": "Cereals (FEFO)",
                "removal_strategy_id": self.env.ref("product_expiry.removal_fefo").id,
            }
        )
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
        # FEFO would take the blocked batch first (earlier expiry): it is skipped
        self.assertEqual(oats_move.move_line_ids.lot_id, oats_ok)
        # a blocked batch typed into the consumption is refused at "Produce"
        oats_move.move_line_ids.lot_id = oats_blocked
        finished = self.env["stock.lot"].create(
            {"name": "GRB-ENF-001", "product_id": self.product_bar.id}
        )
        with Form(production) as mo:
            mo.qty_producing = 100
            mo.lot_producing_id = finished
        production.move_raw_ids.picked = True
        with self.assertRaises(UserError) as error:
            production.with_context(skip_consumption=True).button_mark_done()
        self.assertIn("OAT-ENF-BLK", str(error.exception))
        self.assertNotEqual(production.state, "done")

    def test_quarantined_receipts_go_to_the_quarantine_location(self):
        hold = self.env["stock.location"].create(
            {
                "name": "QC Hold",
                "usage": "internal",
                "location_id": self.warehouse.view_location_id.id,
            }
        )
        self.warehouse.batch_quarantine_location_id = hold
        self.assertTrue(hold.batch_accepts_unreleased)
        self._receive(self.product_oats, 40, "OAT-QH-1")
        self._receive(self.product_honey, 10, "HON-QH-1")
        oats = self.env["stock.lot"].search([("name", "=", "OAT-QH-1")])
        honey = self.env["stock.lot"].search([("name", "=", "HON-QH-1")])
        self.assertEqual(oats.batch_state, "quarantine")
        self.assertEqual(
            oats.quant_ids.filtered(lambda q: q.quantity > 0).location_id, hold
        )
        self.assertEqual(
            honey.quant_ids.filtered(lambda q: q.quantity > 0).location_id,
            self.stock_location,
            "released batches go to stock",
        )
        # deliveries do not reserve from the hold even though it is internal
        picking = self._delivery(self.customer, self.product_oats, 5)
        picking.action_assign()
        self.assertFalse(picking.move_line_ids)
