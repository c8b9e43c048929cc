# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Batch Scan screen at phone size, as a warehouse user: receive two
supplier batches with their label quantities and validate with Odoo's
backorder question; pick with a refused and a swapped batch."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

GTIN = "09506000134390"
OTHER_GTIN = "09506000134406"


@tagged("post_install", "-at_install")
class TestScanTour(HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.user = new_test_user(
            env,
            login="scan_tour_picker",
            groups="stock.group_stock_user,stock.group_production_lot",
        )
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        cls.warehouse = warehouse
        env["stock.picking"].search(
            [
                ("picking_type_id.warehouse_id", "=", warehouse.id),
                ("state", "not in", ("done", "cancel")),
            ]
        ).write({"scheduled_date": fields.Datetime.now() + timedelta(days=30)})
        category = env["product.category"].create(
            {
                "name": "Tour bars (FEFO)",
                "removal_strategy_id": env.ref("product_expiry.removal_fefo").id,
            }
        )
        Product = env["product.product"]
        cls.product = Product.create(
            {
                "name": "Tour Oat Bar",
                "is_storable": True,
                "tracking": "lot",
                "use_expiration_date": True,
                "barcode": GTIN,
                "categ_id": category.id,
            }
        )
        Product.create(
            {
                "name": "Tour Honey",
                "is_storable": True,
                "tracking": "lot",
                "barcode": OTHER_GTIN,
            }
        )
        now = fields.Datetime.now()
        for name, days, state in (
            ("TOUR-EARLY", 60, "released"),
            ("TOUR-LATE", 200, "released"),
            ("TOUR-QUAR", 300, "quarantine"),
        ):
            lot = env["stock.lot"].create(
                {
                    "name": name,
                    "product_id": cls.product.id,
                    "batch_state": state,
                    "expiration_date": now + timedelta(days=days),
                }
            )
            env["stock.quant"]._update_available_quantity(
                cls.product, warehouse.lot_stock_id, 20, lot_id=lot
            )

    def _picking(self, picking_type, src, dest, qty, **vals):
        picking = self.env["stock.picking"].create(
            dict(
                vals,
                picking_type_id=picking_type.id,
                location_id=src.id,
                location_dest_id=dest.id,
                move_ids=[
                    Command.create(
                        {
                            "name": self.product.name,
                            "product_id": self.product.id,
                            "product_uom_qty": qty,
                            "product_uom": self.product.uom_id.id,
                            "location_id": src.id,
                            "location_dest_id": dest.id,
                        }
                    )
                ],
            )
        )
        picking.action_confirm()
        return picking

    def test_receive_at_phone_size(self):
        tour_bin = self.env["stock.location"].create(
            {
                "name": "Tour Bin 1",
                "location_id": self.warehouse.lot_stock_id.id,
                "barcode": "TOUR-BIN-1",
            }
        )
        receipt = self._picking(
            self.warehouse.in_type_id,
            self.env.ref("stock.stock_location_suppliers"),
            self.warehouse.lot_stock_id,
            30,
        )
        self.start_tour(
            "/odoo/action-batch_traceability.action_batch_scan",
            "batch_scan_receive_tour",
            login=self.user.login,
        )
        self.assertEqual(receipt.state, "done")
        self.assertEqual(
            sorted(
                (
                    ml.lot_id.name,
                    ml.quantity,
                    ml.lot_id.expiration_date.date().isoformat(),
                )
                for ml in receipt.move_line_ids
            ),
            [("TOUR-SUP-A", 12, "2030-12-31"), ("TOUR-SUP-B", 12, "2031-01-31")],
        )
        self.assertEqual(receipt.backorder_ids.move_ids.product_uom_qty, 6)
        line_b = receipt.move_line_ids.filtered(
            lambda ml: ml.lot_id.name == "TOUR-SUP-B"
        )
        self.assertEqual(line_b.location_dest_id, tour_bin)

    def test_pick_at_phone_size(self):
        customer = self.env["res.partner"].create({"name": "Tour Customer"})
        delivery = self._picking(
            self.warehouse.out_type_id,
            self.warehouse.lot_stock_id,
            self.env.ref("stock.stock_location_customers"),
            10,
            partner_id=customer.id,
            name="TOUR-OUT-1",
        )
        delivery.action_assign()
        self.assertEqual(delivery.move_line_ids.lot_id.name, "TOUR-EARLY")
        self.start_tour(
            "/odoo/action-batch_traceability.action_batch_scan",
            "batch_scan_pick_tour",
            login=self.user.login,
        )
        self.assertEqual(delivery.state, "done")
        self.assertEqual(delivery.move_line_ids.lot_id.name, "TOUR-LATE")
        self.assertEqual(delivery.move_line_ids.quantity, 10)
