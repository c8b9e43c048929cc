# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""batch_trace() finds exactly what Odoo's Traceability report finds when
fully unfolded, on genealogies with several manufacturing levels, split and
merged batches, a customer return and a rework cycle."""

from odoo import Command
from odoo.tests import tagged

from .common import BatchCommon
from .odoo_traceability import odoo_report_trace


@tagged("post_install", "-at_install")
class TestGenealogyCompare(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        common = {"is_storable": True, "tracking": "lot"}
        cls.product_box = Product.create(
            dict(common, name="Granola Box", default_code="GBX")
        )
        cls.product_pallet = Product.create(
            dict(common, name="Granola Pallet", default_code="PAL")
        )
        cls.bom_box = cls._bom(cls.product_box, [(cls.product_bar, 10)])
        cls.bom_pallet = cls._bom(cls.product_pallet, [(cls.product_box, 5)])
        # raw: two honey batches, one oats batch
        cls._receive(cls.product_honey, 20, "HON-GC-1", vendor=cls.vendor_honey)
        cls._receive(cls.product_honey, 20, "HON-GC-2", vendor=cls.vendor_honey)
        Lot = cls.env["stock.lot"]
        cls.honey_1 = Lot.search([("name", "=", "HON-GC-1")])
        cls.honey_2 = Lot.search([("name", "=", "HON-GC-2")])
        cls.oats = cls._create_lot(cls.product_oats, "OAT-GC-1", state="released")
        cls._add_stock(cls.oats, 50)
        # split: honey 1 goes into two bar batches; merge: bar 2 takes both honeys
        cls._manufacture(cls.bom_bar, 100, "GRB-GC-1", {cls.oats: 3, cls.honey_1: 1})
        cls._manufacture(
            cls.bom_bar,
            100,
            "GRB-GC-2",
            {cls.oats: 3, cls.honey_1: 0.5, cls.honey_2: 0.5},
        )
        cls._manufacture(cls.bom_bar, 100, "GRB-GC-3", {cls.oats: 3, cls.honey_2: 1})
        cls.bar_1, cls.bar_2, cls.bar_3 = (
            Lot.search([("name", "=", n)]) for n in ("GRB-GC-1", "GRB-GC-2", "GRB-GC-3")
        )
        # levels 3 and 4: boxes, then a pallet of boxes
        cls._manufacture(cls.bom_box, 4, "GBX-GC-1", {cls.bar_1: 20, cls.bar_2: 20})
        cls.box_1 = Lot.search([("name", "=", "GBX-GC-1")])
        cls._manufacture(cls.bom_pallet, 1, "PAL-GC-1", {cls.box_1: 4})
        cls.pallet_1 = Lot.search([("name", "=", "PAL-GC-1")])
        # shipments and a customer return
        delivery = cls._deliver(cls.customer, cls.product_bar, 30, cls.bar_1)
        cls._deliver(cls.customer_2, cls.product_bar, 10, cls.bar_3)
        cls._return(delivery, cls.bar_1, 5)
        # rework: part of bar 3 reprocessed into bar 3 itself (a cycle)
        cls._rework(cls.bar_3, 5)

    @classmethod
    def _bom(cls, product, components, qty=1):
        return cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "product_qty": qty,
                "bom_line_ids": [
                    Command.create({"product_id": p.id, "product_qty": q})
                    for p, q in components
                ],
            }
        )

    @classmethod
    def _rework(cls, lot, qty):
        """An MO without bill of materials reprocessing part of a batch into
        the same batch (Odoo refuses a BoM that contains its own product)."""
        product = lot.product_id
        production = cls.env["mrp.production"].create(
            {
                "product_id": product.id,
                "product_qty": qty,
                "product_uom_id": product.uom_id.id,
                "lot_producing_id": lot.id,
                "move_raw_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                        }
                    )
                ],
            }
        )
        production.action_confirm()
        production.qty_producing = qty
        production.lot_producing_id = lot
        move = production.move_raw_ids
        move.move_line_ids.unlink()
        cls.env["stock.move.line"].create(
            {
                "move_id": move.id,
                "product_id": product.id,
                "lot_id": lot.id,
                "quantity": qty,
                "product_uom_id": product.uom_id.id,
                "location_id": move.location_id.id,
                "location_dest_id": move.location_dest_id.id,
            }
        )
        move.picked = True
        production.with_context(skip_consumption=True).button_mark_done()
        assert production.state == "done"

    def _assert_same(self, lot, direction):
        ours = lot.batch_trace(direction)["lots"]
        odoo = odoo_report_trace(self.env, lot, direction)
        self.assertEqual(
            sorted(ours.mapped("name")),
            sorted(odoo.mapped("name")),
            f"{lot.name} {direction}",
        )
        return ours

    def test_downstream_matches_odoo_report(self):
        ours = self._assert_same(self.honey_1, "downstream")
        self.assertEqual(ours, self.bar_1 | self.bar_2 | self.box_1 | self.pallet_1)
        ours = self._assert_same(self.honey_2, "downstream")
        self.assertEqual(ours, self.bar_2 | self.bar_3 | self.box_1 | self.pallet_1)
        self._assert_same(self.oats, "downstream")
        self._assert_same(self.bar_3, "downstream")

    def test_upstream_matches_odoo_report(self):
        ours = self._assert_same(self.pallet_1, "upstream")
        self.assertEqual(
            ours,
            self.box_1
            | self.bar_1
            | self.bar_2
            | self.honey_1
            | self.honey_2
            | self.oats,
        )
        self._assert_same(self.bar_3, "upstream")
        self._assert_same(self.box_1, "upstream")

    def test_depth_partners_and_cycle(self):
        trace = self.honey_1.batch_trace("downstream")
        depth = trace["depth"]
        self.assertEqual(
            (depth[self.bar_1.id], depth[self.box_1.id], depth[self.pallet_1.id]),
            (1, 2, 3),
        )
        self.assertIn(self.customer, trace["partners"])
        self.assertNotIn(self.customer_2, trace["partners"])
        # the rework cycle neither loops nor counts bar 3 twice
        cycle = self.bar_3.batch_trace("downstream")
        self.assertNotIn(self.bar_3, cycle["lots"])
        upstream = self.honey_1.batch_trace("upstream")
        self.assertIn(self.vendor_honey, upstream["partners"])

    def test_smart_buttons_and_where_used(self):
        self.assertEqual(self.honey_1.batch_downstream_count, 4)
        self.assertEqual(self.pallet_1.batch_upstream_count, 6)
        action = self.honey_1.action_view_batch_downstream()
        self.assertEqual(
            self.env["stock.lot"].search(action["domain"]),
            self.bar_1 | self.bar_2 | self.box_1 | self.pallet_1,
        )
        action = self.honey_1.action_view_batch_where_used()
        lines = self.env["batch.where.used.line"].search(action["domain"])
        customers = lines.filtered(lambda x: x.kind == "customer")
        self.assertEqual(customers.partner_id, self.customer)
        self.assertEqual(customers.reached_lot_id, self.bar_1)
        self.assertEqual(customers.quantity, 25, "30 shipped, 5 returned")
        batches = lines.filtered(lambda x: x.kind == "batch")
        self.assertEqual(
            batches.reached_lot_id, self.bar_1 | self.bar_2 | self.box_1 | self.pallet_1
        )
        stock = lines.filtered(
            lambda x: x.kind == "stock" and x.reached_lot_id == self.bar_1
        )
        self.assertEqual(sum(stock.mapped("quantity")), 100 - 20 - 30 + 5)

    def test_where_used_respects_companies(self):
        other = self.env["res.company"].create({"name": "Other Foods Inc"})
        user = self.env["res.users"].create(
            {
                "name": "Other company clerk",
                "login": "bt_other_clerk",
                "company_id": other.id,
                "company_ids": [Command.set(other.ids)],
                "groups_id": [Command.set(self.env.ref("stock.group_stock_user").ids)],
            }
        )
        self.product_box.company_id = self.env.company
        self.box_1.company_id = self.env.company
        trace = self.honey_1.with_user(user).sudo(False).batch_trace("downstream")
        self.assertNotIn(self.box_1.id, trace["lots"].ids)

    def test_unbuild_matches_odoo_report(self):
        # the pallet is taken apart again: its box batch comes back to stock
        production = self.env["mrp.production"].search(
            [("lot_producing_id", "=", self.pallet_1.id)], limit=1
        )
        unbuild = self.env["mrp.unbuild"].create(
            {
                "mo_id": production.id,
                "product_id": self.product_pallet.id,
                "bom_id": self.bom_pallet.id,
                "product_qty": 1,
                "lot_id": self.pallet_1.id,
                "location_id": self.stock_location.id,
                "location_dest_id": self.stock_location.id,
            }
        )
        unbuild.action_unbuild()
        self.assertEqual(unbuild.state, "done")
        for lot in (self.box_1, self.pallet_1, self.honey_1):
            for direction in ("downstream", "upstream"):
                self._assert_same(lot, direction)
