# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""FIFO / FEFO / LIFO rotation that is batch-aware: unreleased and expired
batches skipped, customers' minimum remaining shelf life honoured."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import BatchCommon


@tagged("post_install", "-at_install")
class TestRotation(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env["product.category"].create({"name": "Honey (rotation)"})
        cls.product_honey.categ_id = cls.category
        now = fields.Datetime.now()
        Quant = cls.env["stock.quant"]
        # received oldest first: A (long-dated), B, C (short-dated), then a
        # quarantined batch D that expires first of all
        cls.lot_a = cls._create_lot(cls.product_honey, "HON-ROT-A", expiration_days=400)
        cls.lot_b = cls._create_lot(cls.product_honey, "HON-ROT-B", expiration_days=250)
        cls.lot_c = cls._create_lot(cls.product_honey, "HON-ROT-C", expiration_days=90)
        cls.lot_d = cls._create_lot(
            cls.product_honey, "HON-ROT-D", state="quarantine", expiration_days=30
        )
        for age, lot in (
            (40, cls.lot_a),
            (30, cls.lot_b),
            (20, cls.lot_c),
            (10, cls.lot_d),
        ):
            Quant._update_available_quantity(
                cls.product_honey,
                cls.stock_location,
                10,
                lot_id=lot,
                in_date=now - timedelta(days=age),
            )
        cls.customer.min_shelf_life_days = 180
        cls.delivery_address = cls.env["res.partner"].create(
            {
                "name": "FreshMart DC North",
                "type": "delivery",
                "parent_id": cls.customer.id,
            }
        )

    def _use(self, strategy_xmlid):
        self.category.removal_strategy_id = self.env.ref(strategy_xmlid)

    def _reserved_lots(self, partner, qty):
        picking = self._delivery(partner, self.product_honey, qty)
        picking.action_assign()
        return picking, picking.move_line_ids.lot_id

    def test_fefo_takes_earliest_released_expiry(self):
        self._use("product_expiry.removal_fefo")
        __, lots = self._reserved_lots(self.customer_2, 5)
        # D expires first but is quarantined: C is the first that qualifies
        self.assertEqual(lots, self.lot_c)

    def test_fifo_and_lifo_choose_by_receipt_date(self):
        self._use("stock.removal_fifo")
        __, lots = self._reserved_lots(self.customer_2, 5)
        self.assertEqual(lots, self.lot_a)
        self._use("stock.removal_lifo")
        __, lots = self._reserved_lots(self.customer_2, 5)
        # D is the newest receipt but quarantined
        self.assertEqual(lots, self.lot_c)

    def test_customer_minimum_shelf_life_skips_short_dated(self):
        self._use("product_expiry.removal_fefo")
        # the delivery address inherits the 180 days of its company
        picking, lots = self._reserved_lots(self.delivery_address, 15)
        self.assertEqual(lots, self.lot_b | self.lot_a)
        by_lot = {ml.lot_id: ml.quantity for ml in picking.move_line_ids}
        self.assertEqual(by_lot[self.lot_b], 10, "FEFO among qualifying batches")
        self.assertEqual(by_lot[self.lot_a], 5)

    def test_partial_availability_explains_skipped_batches(self):
        self._use("product_expiry.removal_fefo")
        picking, lots = self._reserved_lots(self.customer, 30)
        self.assertEqual(lots, self.lot_a | self.lot_b)
        self.assertEqual(picking.move_ids.quantity, 20)
        self.assertEqual(picking.move_ids.state, "partially_available")
        note = picking.batch_reservation_note
        self.assertIn("HON-ROT-C", note)
        self.assertIn("180", note)
        self.assertIn("HON-ROT-D", note)
        self.assertNotIn("HON-ROT-A", note)

    def test_customer_without_requirement_gets_short_dated(self):
        self._use("product_expiry.removal_fefo")
        __, lots = self._reserved_lots(self.customer_2, 15)
        self.assertEqual(lots, self.lot_c | self.lot_b)

    def test_expired_batch_never_reserved(self):
        self._use("product_expiry.removal_fefo")
        self.lot_c.expiration_date = fields.Datetime.now() - timedelta(days=1)
        __, lots = self._reserved_lots(self.customer_2, 5)
        self.assertEqual(lots, self.lot_b)

    def test_product_minimum_applies_to_every_customer(self):
        self._use("product_expiry.removal_fefo")
        self.product_honey.batch_min_shelf_life_days = 120
        __, lots = self._reserved_lots(self.customer_2, 5)
        self.assertEqual(lots, self.lot_b)

    def test_hand_picked_short_dated_batch_refused(self):
        picking = self._delivery(self.delivery_address, self.product_honey, 5)
        self._set_lot_line(picking, self.lot_c, 5)
        picking.move_ids.picked = True
        with self.assertRaises(UserError) as error:
            picking.with_context(skip_backorder=True).button_validate()
        self.assertIn("HON-ROT-C", str(error.exception))
        self.assertIn("180", str(error.exception))

    def test_multi_step_pick_honours_customer_of_final_delivery(self):
        self._use("product_expiry.removal_fefo")
        self.warehouse.delivery_steps = "pick_ship"
        route = self.warehouse.delivery_route_id
        group = self.env["procurement.group"].create(
            {"name": "SO-ROT-1", "partner_id": self.delivery_address.id}
        )
        self.env["procurement.group"].run(
            [
                self.env["procurement.group"].Procurement(
                    self.product_honey,
                    5,
                    self.product_honey.uom_id,
                    self.customer_location,
                    "SO-ROT-1",
                    "SO-ROT-1",
                    self.company,
                    {
                        "group_id": group,
                        "route_ids": route,
                        "warehouse_id": self.warehouse,
                        "partner_id": self.delivery_address.id,
                    },
                )
            ]
        )
        pick = self.env["stock.picking"].search(
            [
                ("group_id", "=", group.id),
                ("picking_type_id", "=", self.warehouse.pick_type_id.id),
            ]
        )
        self.assertTrue(pick)
        pick.action_assign()
        # the pick step already refuses C for the 180-day customer
        self.assertEqual(pick.move_line_ids.lot_id, self.lot_b)

    def test_delivery_slip_shows_batch_and_expiry(self):
        # installed with Odoo's "lots / expiration dates on delivery slips" on
        internal_users = self.env.ref("base.group_user")
        self.assertIn(
            self.env.ref("stock.group_lot_on_delivery_slip"), internal_users.implied_ids
        )
        self.assertIn(
            self.env.ref("product_expiry.group_expiry_date_on_delivery_slip"),
            internal_users.implied_ids,
        )
        picking = self._deliver(self.customer_2, self.product_honey, 2, self.lot_b)
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "stock.report_deliveryslip", picking.ids
        )
        html = html.decode()
        self.assertIn("HON-ROT-B", html)
        self.assertIn("Expiration Date", html)
        expiry = self.lot_b.expiration_date
        self.assertTrue(
            str(expiry.year) in html and f"{expiry.day:02d}" in html,
            "the batch's expiration date is printed",
        )
