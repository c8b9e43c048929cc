# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The shipping gate tried on every path, as ordinary users and over RPC-style
calls: a batch that is not released (or is expired) never reaches a customer,
another company or production, unless a Quality manager overrode the rules
through the one dialog that records it. Odoo's own flows that legitimately
move unreleased batches keep working."""

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import BatchCommon


@tagged("post_install", "-at_install")
class TestRulesShippingGate(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot_ok = cls._create_lot(
            cls.product_honey, "HON-GATE-REL", state="released", expiration_days=300
        )
        cls.lot_quarantine = cls._create_lot(
            cls.product_honey, "HON-GATE-QUA", state="quarantine", expiration_days=200
        )
        cls._add_stock(cls.lot_ok, 20)
        cls._add_stock(cls.lot_quarantine, 10)
        cls.production_location = cls.env["stock.location"].search(
            [("usage", "=", "production"), ("company_id", "=", cls.company.id)],
            limit=1,
        )
        # a stock user who can also validate manufacturing (unbuild test)
        cls.stock_user.groups_id += cls.env.ref("mrp.group_mrp_user")

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _qty(self, lot, location):
        return sum(
            self.env["stock.quant"]
            .search([("lot_id", "=", lot.id), ("location_id", "=", location.id)])
            .mapped("quantity")
        )

    def _picking(self, picking_type, source, dest, product, qty, partner=None):
        return self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": (partner or self.customer).id,
                "location_id": source.id,
                "location_dest_id": dest.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.display_name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": dest.id,
                        }
                    )
                ],
            }
        )

    def _typed_line(self, picking, qty, lot=None, lot_name=None):
        picking.action_confirm()
        move = picking.move_ids
        move.move_line_ids.unlink()
        self.env["stock.move.line"].create(
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": move.product_id.id,
                "lot_id": lot.id if lot else False,
                "lot_name": lot_name,
                "quantity": qty,
                "product_uom_id": move.product_uom.id,
                "location_id": picking.location_id.id,
                "location_dest_id": picking.location_dest_id.id,
            }
        )
        move.picked = True
        return picking

    def _receipt_to_customer(self, product, qty, lot_name):
        """A receipt-type transfer from the vendor straight to the customer
        (what a dropship does), with the batch typed as a name."""
        picking = self._picking(
            self.warehouse.in_type_id,
            self.supplier_location,
            self.customer_location,
            product,
            qty,
        )
        return self._typed_line(picking, qty, lot_name=lot_name)

    def assertRefused(self, error, lot_name):
        """The refusal is the batch gate's (AccessError is a UserError in
        Odoo: an access problem must not pass for the rule)."""
        self.assertNotIsInstance(error.exception, AccessError)
        self.assertIn(lot_name, str(error.exception))

    def _done_delivery(self, lot, qty):
        picking = self._delivery(self.customer, lot.product_id, qty)
        self._set_lot_line(picking, lot, qty)
        self._validate(picking)
        self.assertEqual(picking.state, "done")
        return picking

    # ------------------------------------------------------------------
    # lot_name resolved before judging
    # ------------------------------------------------------------------
    def test_typed_new_batch_of_qc_product_refused_to_customer(self):
        picking = self._receipt_to_customer(self.product_oats, 5, "OAT-DROP-1")
        with self.assertRaises(UserError) as error:
            picking.with_user(self.stock_user).with_context(
                skip_backorder=True
            ).button_validate()
        self.assertIn("OAT-DROP-1", str(error.exception))
        self.assertIn("Quarantine", str(error.exception))
        self.assertNotEqual(picking.state, "done")
        self.assertFalse(
            self.env["stock.lot"].search([("name", "=", "OAT-DROP-1")]),
            "no batch was created",
        )
        self.assertFalse(
            self.env["stock.quant"].search(
                [
                    ("product_id", "=", self.product_oats.id),
                    ("location_id", "=", self.customer_location.id),
                ]
            )
        )

    def test_typed_name_of_existing_quarantined_batch_refused(self):
        picking = self._receipt_to_customer(
            self.product_honey, 2, self.lot_quarantine.name
        )
        with self.assertRaises(UserError) as error:
            picking.with_user(self.stock_user).with_context(
                skip_backorder=True
            ).button_validate()
        self.assertIn("HON-GATE-QUA", str(error.exception))
        self.assertEqual(self._qty(self.lot_quarantine, self.customer_location), 0)
        self.assertFalse(picking.move_line_ids.lot_id)

    def test_typed_new_batch_of_product_without_qc_ships(self):
        picking = self._receipt_to_customer(self.product_honey, 3, "HON-DROP-OK")
        picking.with_user(self.stock_user).with_context(
            skip_backorder=True
        ).button_validate()
        self.assertEqual(picking.state, "done")
        lot = self.env["stock.lot"].search([("name", "=", "HON-DROP-OK")])
        self.assertEqual(lot.batch_state, "released")
        self.assertEqual(self._qty(lot, self.customer_location), 3)

    # ------------------------------------------------------------------
    # done transfers: Odoo moves the stock itself
    # ------------------------------------------------------------------
    def test_swapping_the_batch_of_a_done_delivery_refused(self):
        picking = self._done_delivery(self.lot_ok, 2)
        line = picking.move_line_ids.with_user(self.stock_user)
        with self.assertRaises(UserError) as error:
            line.write({"lot_id": self.lot_quarantine.id})
        self.assertIn("HON-GATE-QUA", str(error.exception))
        self.assertEqual(line.lot_id, self.lot_ok)
        self.assertEqual(self._qty(self.lot_quarantine, self.stock_location), 10)
        self.assertEqual(self._qty(self.lot_quarantine, self.customer_location), 0)
        self.assertEqual(self._qty(self.lot_ok, self.customer_location), 2)

    def test_more_of_a_batch_blocked_since_refused_less_allowed(self):
        picking = self._done_delivery(self.lot_ok, 4)
        self.lot_ok.sudo()._batch_transition(
            "blocked", reason="Supplier notice SN-4 under review"
        )
        line = picking.move_line_ids.with_user(self.stock_user)
        with self.assertRaises(UserError) as error:
            line.write({"quantity": 6})
        self.assertRefused(error, "HON-GATE-REL")
        self.assertEqual(line.quantity, 4)
        self.assertEqual(self._qty(self.lot_ok, self.customer_location), 4)
        # correcting the quantity down ships nothing new (as an inventory
        # manager: stock valuation needs accounting rights, not the gate)
        line.sudo().write({"quantity": 3})
        self.assertEqual(self._qty(self.lot_ok, self.customer_location), 3)
        self.assertEqual(self._qty(self.lot_ok, self.stock_location), 17)

    def test_line_added_to_a_done_delivery_refused(self):
        picking = self._done_delivery(self.lot_ok, 2)
        vals = {
            "picking_id": picking.id,
            "product_id": self.product_honey.id,
            "lot_id": self.lot_quarantine.id,
            "quantity": 3,
            "product_uom_id": self.product_honey.uom_id.id,
            "location_id": self.stock_location.id,
            "location_dest_id": self.customer_location.id,
        }
        with self.assertRaises(UserError) as error:
            self.env["stock.move.line"].with_user(self.stock_user).create(vals)
        self.assertIn("HON-GATE-QUA", str(error.exception))
        self.assertEqual(len(picking.move_line_ids), 1)
        self.assertEqual(self._qty(self.lot_quarantine, self.stock_location), 10)
        self.assertEqual(self._qty(self.lot_quarantine, self.customer_location), 0)

    def test_import_of_lines_onto_a_done_delivery_refused(self):
        picking = self._done_delivery(self.lot_ok, 2)
        result = (
            self.env["stock.move.line"]
            .with_user(self.stock_user)
            .load(
                [
                    "picking_id/.id",
                    "product_id/.id",
                    "lot_id/.id",
                    "quantity",
                    "product_uom_id/.id",
                    "location_id/.id",
                    "location_dest_id/.id",
                ],
                [
                    [
                        str(picking.id),
                        str(self.product_honey.id),
                        str(self.lot_quarantine.id),
                        "3",
                        str(self.product_honey.uom_id.id),
                        str(self.stock_location.id),
                        str(self.customer_location.id),
                    ]
                ],
            )
        )
        self.assertFalse(result["ids"])
        self.assertTrue(
            any("HON-GATE-QUA" in msg["message"] for msg in result["messages"]),
            result["messages"],
        )
        self.assertEqual(len(picking.move_line_ids), 1)
        self.assertEqual(self._qty(self.lot_quarantine, self.customer_location), 0)

    def test_last_line_sees_direct_stock_updates(self):
        """Whatever path calls it, stock.quant refuses the arrival."""
        Quant = self.env["stock.quant"]
        for location in (self.customer_location, self.production_location):
            with self.subTest(location=location.name):
                with self.assertRaises(UserError) as error:
                    Quant._update_available_quantity(
                        self.product_honey,
                        location,
                        1,
                        lot_id=self.lot_quarantine,
                    )
                self.assertRefused(error, "HON-GATE-QUA")
                self.assertEqual(self._qty(self.lot_quarantine, location), 0)
        # leaving a customer (a return) and arriving in stock are not judged
        Quant._update_available_quantity(
            self.product_honey, self.stock_location, 1, lot_id=self.lot_quarantine
        )
        self.assertEqual(self._qty(self.lot_quarantine, self.stock_location), 11)

    # ------------------------------------------------------------------
    # exemptions decided from what users cannot write
    # ------------------------------------------------------------------
    def test_unbuild_link_written_by_a_user_exempts_nothing(self):
        finished = self._create_lot(
            self.product_bar, "GRB-GATE-QUA", state="quarantine", expiration_days=90
        )
        self._add_stock(finished, 50)
        unbuild = self.env["mrp.unbuild"].create(
            {
                "product_id": self.product_bar.id,
                "bom_id": self.bom_bar.id,
                "lot_id": finished.id,
                "product_qty": 10,
            }
        )
        picking = self._picking(
            self.warehouse.int_type_id,
            self.stock_location,
            self.production_location,
            self.product_honey,
            4,
        )
        self._typed_line(picking, 4, lot=self.lot_quarantine)
        picking.move_ids.with_user(self.stock_user).write(
            {"unbuild_id": unbuild.id, "consume_unbuild_id": unbuild.id}
        )
        with self.assertRaises(UserError) as error:
            picking.with_user(self.stock_user).with_context(
                skip_backorder=True
            ).button_validate()
        self.assertIn("HON-GATE-QUA", str(error.exception))
        self.assertEqual(self._qty(self.lot_quarantine, self.stock_location), 10)
        self.assertEqual(unbuild.state, "draft")

    def test_source_location_of_usage_production_exempts_nothing(self):
        # a production location is virtual: it gives what it is asked for
        picking = self._picking(
            self.warehouse.out_type_id,
            self.production_location,
            self.customer_location,
            self.product_honey,
            5,
        )
        self._typed_line(picking, 5, lot=self.lot_quarantine)
        with self.assertRaises(UserError) as error:
            picking.with_user(self.stock_user).with_context(
                skip_backorder=True
            ).button_validate()
        self.assertRefused(error, "HON-GATE-QUA")
        self.assertEqual(self._qty(self.lot_quarantine, self.customer_location), 0)

    def test_unbuild_of_a_recalled_batch_still_works(self):
        oats = self._create_lot(
            self.product_oats, "OAT-GATE-UNB", state="released", expiration_days=200
        )
        honey = self._create_lot(
            self.product_honey, "HON-GATE-UNB", state="released", expiration_days=200
        )
        self._add_stock(oats, 30)
        self._add_stock(honey, 10)
        production = self._manufacture(
            self.bom_bar, 100, "GRB-GATE-UNB", {oats: 3, honey: 1}
        )
        bar = production.lot_producing_id
        bar.sudo()._batch_transition("recalled", reason="Recall RC-UNB: allergen")
        unbuild = (
            self.env["mrp.unbuild"]
            .with_user(self.stock_user)
            .create(
                {
                    "mo_id": production.id,
                    "product_id": self.product_bar.id,
                    "bom_id": self.bom_bar.id,
                    "product_uom_id": self.product_bar.uom_id.id,
                    "product_qty": 100,
                    "lot_id": bar.id,
                }
            )
        )
        unbuild.action_unbuild()
        self.assertEqual(unbuild.state, "done")
        self.assertEqual(self._qty(bar, self.stock_location), 0)
        self.assertEqual(self._qty(oats, self.stock_location), 30)

    # ------------------------------------------------------------------
    # other companies
    # ------------------------------------------------------------------
    def test_inter_company_transit_is_leaving_the_company(self):
        transit = self.env.ref("stock.stock_location_inter_company")
        picking = self._picking(
            self.warehouse.int_type_id,
            self.stock_location,
            transit,
            self.product_honey,
            3,
        )
        self._typed_line(picking, 3, lot=self.lot_quarantine)
        with self.assertRaises(UserError) as error:
            picking.with_user(self.stock_user).with_context(
                skip_backorder=True
            ).button_validate()
        self.assertRefused(error, "HON-GATE-QUA")
        self.assertEqual(self._qty(self.lot_quarantine, transit), 0)
        # a released batch goes
        picking.move_line_ids.lot_id = self.lot_ok
        picking.with_user(self.stock_user).with_context(
            skip_backorder=True
        ).button_validate()
        self.assertEqual(self._qty(self.lot_ok, transit), 3)

    def test_batch_of_one_company_refused_in_another_companys_stock(self):
        other = self.env["res.company"].create({"name": "Gate Other Co"})
        other_stock = (
            self.env["stock.warehouse"]
            .search([("company_id", "=", other.id)], limit=1)
            .lot_stock_id
        )
        lot = self._create_lot(
            self.product_honey,
            "HON-GATE-COA",
            state="quarantine",
            company_id=self.company.id,
        )
        with self.assertRaises(UserError) as error:
            self.env["stock.quant"]._update_available_quantity(
                self.product_honey, other_stock, 2, lot_id=lot
            )
        self.assertRefused(error, "HON-GATE-COA")
        self.assertEqual(self._qty(lot, other_stock), 0)

    # ------------------------------------------------------------------
    # the override: the wizard is the one way through
    # ------------------------------------------------------------------
    def test_context_key_alone_lets_nothing_through(self):
        for user in (self.stock_user, self.quality_manager):
            with self.subTest(user=user.login):
                picking = self._delivery(self.customer, self.product_honey, 2)
                self._set_lot_line(picking, self.lot_quarantine, 2)
                picking.move_ids.picked = True
                with self.assertRaises(UserError) as error:
                    picking.with_user(user).with_context(
                        skip_backorder=True, batch_override_reason="trust me"
                    ).button_validate()
                self.assertRefused(error, "HON-GATE-QUA")
                self.assertNotEqual(picking.state, "done")
                self.assertEqual(
                    self._qty(self.lot_quarantine, self.customer_location), 0
                )
        self.assertFalse(self.env["batch.rule.override"].search([]))

    def test_override_records_cannot_be_forged_edited_or_deleted(self):
        Override = self.env["batch.rule.override"]
        vals = {
            "company_id": self.company.id,
            "user_id": self.quality_manager.id,
            "granted_date": fields.Datetime.now(),
            "document": "WH/OUT/FAKE",
            "batch_names": "HON-GATE-QUA",
            "covered_keys": [f"{self.product_honey.id}:HON-GATE-QUA"],
            "problems": "-",
            "reason": "forged",
        }
        for model in (Override.with_user(self.quality_manager), Override.sudo()):
            with self.assertRaises(AccessError):
                model.create(vals)
        with self.assertRaises(AccessError):
            Override.with_user(self.stock_user)._batch_register(
                self.env["stock.move"], "because"
            )
        # the wizard's path
        picking = self._delivery(self.customer, self.product_honey, 2)
        self._set_lot_line(picking, self.lot_quarantine, 2)
        picking.move_ids.picked = True
        wizard = (
            self.env["batch.validation.override.wizard"]
            .with_user(self.quality_manager)
            .create({"picking_id": picking.id, "reason": "Deviation DEV-88"})
        )
        wizard.with_context(skip_backorder=True).action_confirm()
        override = Override.search([("picking_id", "=", picking.id)])
        self.assertEqual(len(override), 1)
        for user in (self.quality_manager, self.quality_user):
            with self.assertRaises(AccessError):
                override.with_user(user).write({"reason": "rewritten"})
            with self.assertRaises(UserError):
                override.with_user(user).unlink()
        with self.assertRaises(UserError):
            override.sudo().unlink()
        self.assertEqual(override.reason, "Deviation DEV-88")
        with self.assertRaises(AccessError):
            override.with_user(self.stock_user).read(["reason"])

    def test_override_wizard_validates_once_and_is_recorded(self):
        picking = self._delivery(self.customer, self.product_honey, 2)
        self._set_lot_line(picking, self.lot_quarantine, 2)
        picking.move_ids.picked = True
        wizard = (
            self.env["batch.validation.override.wizard"]
            .with_user(self.quality_manager)
            .create(
                {
                    "picking_id": picking.id,
                    "reason": "Customer QA accepted in writing, deviation DEV-91",
                }
            )
        )
        self.assertIn("HON-GATE-QUA", wizard.blocked_info)
        wizard.with_context(skip_backorder=True).action_confirm()
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._qty(self.lot_quarantine, self.customer_location), 2)
        override = (
            self.env["batch.rule.override"]
            .with_user(self.quality_user)
            .search([("picking_id", "=", picking.id)])
        )
        self.assertEqual(override.user_id, self.quality_manager)
        self.assertEqual(override.state, "used")
        self.assertEqual(override.lot_ids, self.lot_quarantine)
        self.assertEqual(override.document, picking.name)
        self.assertIn("HON-GATE-QUA", override.batch_names)
        self.assertIn("Quarantine", override.problems)
        self.assertIn("DEV-91", override.reason)
        self.assertTrue(override.granted_date and override.used_date)
        bodies = self.lot_quarantine.message_ids.mapped("body")
        self.assertTrue(any("DEV-91" in body for body in bodies))
        # used: the next document needs its own decision
        again = self._delivery(self.customer, self.product_honey, 1)
        self._set_lot_line(again, self.lot_quarantine, 1)
        again.move_ids.picked = True
        with self.assertRaises(UserError) as error:
            again.with_user(self.quality_manager).with_context(
                skip_backorder=True
            ).button_validate()
        self.assertRefused(error, "HON-GATE-QUA")
        self.assertEqual(self._qty(self.lot_quarantine, self.customer_location), 2)

    def test_override_covers_a_typed_batch_name(self):
        picking = self._receipt_to_customer(self.product_oats, 5, "OAT-DROP-OVR")
        wizard = (
            self.env["batch.validation.override.wizard"]
            .with_user(self.quality_manager)
            .create({"picking_id": picking.id, "reason": "Supplier CoA reviewed"})
        )
        self.assertIn("OAT-DROP-OVR", wizard.blocked_info)
        wizard.with_context(skip_backorder=True).action_confirm()
        self.assertEqual(picking.state, "done")
        lot = self.env["stock.lot"].search([("name", "=", "OAT-DROP-OVR")])
        self.assertEqual(lot.batch_state, "quarantine")
        self.assertEqual(self._qty(lot, self.customer_location), 5)
        override = self.env["batch.rule.override"].search(
            [("picking_id", "=", picking.id)]
        )
        self.assertEqual(override.lot_ids, lot)

    def test_override_of_a_manufacturing_order(self):
        oats_blocked = self._create_lot(
            self.product_oats, "OAT-GATE-BLK", state="blocked", expiration_days=60
        )
        honey = self._create_lot(
            self.product_honey, "HON-GATE-MO", state="released", expiration_days=200
        )
        self._add_stock(oats_blocked, 30)
        self._add_stock(honey, 10)
        production = self.env["mrp.production"].create(
            {
                "product_id": self.product_bar.id,
                "bom_id": self.bom_bar.id,
                "product_qty": 100,
            }
        )
        production.action_confirm()
        finished = self.env["stock.lot"].create(
            {"name": "GRB-GATE-MO", "product_id": self.product_bar.id}
        )
        production.write({"qty_producing": 100, "lot_producing_id": finished.id})
        for move in production.move_raw_ids:
            lot = oats_blocked if move.product_id == self.product_oats else honey
            move.move_line_ids.unlink()
            self.env["stock.move.line"].create(
                {
                    "move_id": move.id,
                    "product_id": move.product_id.id,
                    "lot_id": lot.id,
                    "quantity": move.product_uom_qty,
                    "product_uom_id": move.product_uom.id,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                }
            )
        production.move_raw_ids.picked = True
        with self.assertRaises(UserError) as error:
            production.with_user(self.quality_manager).with_context(
                skip_consumption=True, batch_override_reason="trust me"
            ).button_mark_done()
        self.assertRefused(error, "OAT-GATE-BLK")
        self.assertEqual(self._qty(oats_blocked, self.stock_location), 30)
        wizard = (
            self.env["batch.validation.override.wizard"]
            .with_user(self.quality_manager)
            .create(
                {
                    "production_id": production.id,
                    "reason": "Block concerns the bag labels only, DEV-102",
                }
            )
        )
        wizard.with_context(skip_consumption=True).action_confirm()
        self.assertEqual(production.state, "done")
        self.assertEqual(self._qty(oats_blocked, self.stock_location), 27)
        override = self.env["batch.rule.override"].search(
            [("production_id", "=", production.id)]
        )
        self.assertEqual(override.state, "used")
        self.assertEqual(override.lot_ids, oats_blocked)

    # ------------------------------------------------------------------
    # the status copy on stock
    # ------------------------------------------------------------------
    def test_quant_status_copy_not_writable(self):
        quant = self.env["stock.quant"].search(
            [
                ("lot_id", "=", self.lot_quarantine.id),
                ("location_id", "=", self.stock_location.id),
            ]
        )
        self.assertEqual(quant.batch_state, "quarantine")
        for model in (quant.with_user(self.stock_user), quant.sudo()):
            with self.assertRaises(AccessError):
                model.write({"batch_state": "released"})
        self.assertEqual(quant.batch_state, "quarantine")
        created = (
            self.env["stock.quant"]
            .sudo()
            .create(
                {
                    "product_id": self.product_honey.id,
                    "location_id": self.stock_location.id,
                    "lot_id": self.lot_quarantine.id,
                    "batch_state": "released",
                }
            )
        )
        self.assertEqual(created.batch_state, "quarantine")
        picking = self._delivery(self.customer, self.product_honey, 25)
        picking.with_user(self.stock_user).action_assign()
        self.assertEqual(picking.move_line_ids.lot_id, self.lot_ok)

    # ------------------------------------------------------------------
    # Odoo's own flows that move unreleased batches
    # ------------------------------------------------------------------
    def test_scrap_return_and_inventory_of_unreleased_batches_work(self):
        scrap = (
            self.env["stock.scrap"]
            .with_user(self.stock_user)
            .create(
                {
                    "product_id": self.product_honey.id,
                    "lot_id": self.lot_quarantine.id,
                    "scrap_qty": 1,
                    "location_id": self.stock_location.id,
                }
            )
        )
        scrap.action_validate()
        self.assertEqual(scrap.state, "done")
        self.assertEqual(self._qty(self.lot_quarantine, self.stock_location), 9)
        # shipped while released, recalled since, sent back by the customer
        delivery = self._done_delivery(self.lot_ok, 5)
        self.lot_ok.sudo()._batch_transition("recalled", reason="Recall RC-RET")
        returned = self._return(delivery, self.lot_ok, 5)
        self.assertEqual(returned.state, "done")
        self.assertEqual(self._qty(self.lot_ok, self.customer_location), 0)
        # counted in an inventory adjustment
        quant = (
            self.env["stock.quant"]
            .with_user(self.stock_user)
            .with_context(inventory_mode=True)
            .search(
                [
                    ("lot_id", "=", self.lot_quarantine.id),
                    ("location_id", "=", self.stock_location.id),
                ]
            )
        )
        quant.inventory_quantity = 12
        quant.action_apply_inventory()
        self.assertEqual(self._qty(self.lot_quarantine, self.stock_location), 12)
