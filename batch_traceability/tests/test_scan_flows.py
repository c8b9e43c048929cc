# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scan to work: the verdicts, operations to do, receive, pick and consume
from the Batch Scan screen, as a warehouse user (not the superuser). Every
refusal path leaves the operation as it was."""

from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import BatchCommon

GTIN = "09506000134352"  # the granola bar of common.py


@tagged("post_install", "-at_install")
class TestScanFlows(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parser = cls.env["batch.gs1.parser"]
        cls.product_oats.barcode = "09506000134376"
        cls.lot_late = cls._create_lot(
            cls.product_bar, "GRB-FL-LATE", expiration_days=200
        )
        cls.lot_early = cls._create_lot(
            cls.product_bar, "GRB-FL-EARLY", expiration_days=60
        )
        cls.lot_short = cls._create_lot(
            cls.product_bar, "GRB-FL-SHORT", expiration_days=10
        )
        cls.lot_quar = cls._create_lot(
            cls.product_bar, "GRB-FL-QUAR", state="quarantine", expiration_days=300
        )
        for lot in (cls.lot_late, cls.lot_early, cls.lot_short, cls.lot_quar):
            cls._add_stock(lot, 20)
        cls.customer.min_shelf_life_days = 30
        cls.product_bar.categ_id = cls.env["product.category"].create(
            {
                "name": "Bars (FEFO)",
                "removal_strategy_id": cls.env.ref("product_expiry.removal_fefo").id,
            }
        )
        cls.Picking = cls.env["stock.picking"].with_user(cls.stock_user)

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _as_user(self, record):
        return record.with_user(self.stock_user)

    def _snapshot(self, picking):
        return sorted(
            (ml.lot_id.name or ml.lot_name or "", ml.quantity, ml.picked)
            for ml in picking.move_line_ids
        )

    # ------------------------------------------------------------------
    # The parser: quantities and SSCC
    # ------------------------------------------------------------------
    def test_parser_reads_quantities_and_sscc(self):
        parsed = self.parser.parse(f"(01){GTIN}(10)L1(37)12")
        self.assertEqual((parsed["quantity"], parsed["quantity_ai"]), (12.0, "37"))
        parsed = self.parser.parse(f"(01){GTIN}(30)5(10)L1")
        self.assertEqual(parsed["quantity"], 5.0)
        self.assertEqual(parsed["lot"], "L1")
        parsed = self.parser.parse(f"(01){GTIN}(3102)012550(10)L1")
        self.assertAlmostEqual(parsed["quantity"], 125.5)
        self.assertEqual(parsed["quantity_uom_id"], self.uom_kg.id)
        parsed = self.parser.parse(f"(00)106141411234567897(01){GTIN}(10)L1")
        self.assertEqual(parsed["sscc"], "106141411234567897")
        self.assertTrue(parsed["is_gs1"])
        parsed = self.parser.parse("00106141411234567897")
        self.assertEqual(parsed["sscc"], "106141411234567897")
        for bad in ("(00)106141411234567890", f"(01){GTIN}(37)0(10)L1"):
            with self.subTest(code=bad), self.assertRaises(UserError):
                self.parser.parse(bad)

    def test_sscc_alone_names_the_batch_on_the_pallet(self):
        package = self.env["stock.quant.package"].create({"name": "106141411234567897"})
        lot = self._create_lot(self.product_bar, "GRB-FL-PAL", expiration_days=100)
        self.env["stock.quant"]._update_available_quantity(
            self.product_bar, self.stock_location, 40, lot_id=lot, package_id=package
        )
        Lot = self.env["stock.lot"].with_user(self.stock_user)
        result = Lot.batch_scan_lookup("(00)106141411234567897")
        self.assertEqual(result.get("lot"), "GRB-FL-PAL", result)
        self.assertEqual(result["sscc"], "106141411234567897")
        result = Lot.batch_scan_lookup("(00)006141411234567890")
        self.assertIn("not in stock here", result["error"])

    # ------------------------------------------------------------------
    # The banner is the verdict for this operation
    # ------------------------------------------------------------------
    def test_banner_is_the_verdict_for_this_delivery(self):
        picking = self._delivery(self.customer, self.product_bar, 5)
        Lot = self.env["stock.lot"].with_user(self.stock_user)
        # a released batch short of the customer's shelf life: red DO NOT PICK
        result = Lot.batch_scan_lookup(self.lot_short.name, picking_id=picking.id)
        self.assertEqual(result["state"], "released")
        self.assertEqual(result["banner"], "danger")
        self.assertEqual(result["headline"], "Do not pick")
        self.assertIn("30", result["picking_message"])
        # the same batch without an operation: its status
        result = Lot.batch_scan_lookup(self.lot_short.name)
        self.assertEqual(
            (result["banner"], result["headline"]), ("success", "Released")
        )
        # a product that is not on the transfer: red
        other = self._create_lot(self.product_honey, "HON-FL-1", expiration_days=300)
        result = Lot.batch_scan_lookup(other.name, picking_id=picking.id)
        self.assertEqual(
            (result["banner"], result["headline"]), ("danger", "Not on this transfer")
        )
        result = self._as_user(picking).batch_scan_confirm(other.name)
        self.assertEqual(result["banner"], "danger")
        self.assertFalse(picking.move_line_ids.filtered(lambda ml: ml.picked))

    def test_new_batch_values_and_print_label(self):
        receipt = self._receipt(self.product_bar, 10)
        result = self._as_user(receipt).batch_scan_confirm(
            f"(01){GTIN}(17)301231(10)GRB-FL-NEW"
        )
        self.assertFalse(result["lot_id"])
        self.assertFalse(result["can_open"], "no blank batch form for a new batch")
        self.assertIsInstance(result["days_left"], int)
        self.assertGreater(result["days_left"], 0)
        action = self.lot_late.with_user(self.stock_user).batch_scan_print_label()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "batch_traceability.report_batch_label")
        self.assertEqual(action["context"]["active_ids"], self.lot_late.ids)
        with self.assertRaises(UserError):
            self._as_user(receipt).batch_scan_print_labels()

    # ------------------------------------------------------------------
    # Operations to do
    # ------------------------------------------------------------------
    def test_operations_of_today_and_scan_by_name(self):
        receipt = self._receipt(self.product_bar, 10)
        delivery = self._delivery(self.customer, self.product_bar, 5)
        res = self.Picking.batch_scan_operations()
        names = {row["name"] for row in res["operations"]}
        self.assertTrue({receipt.name, delivery.name} <= names)
        res = self.Picking.batch_scan_operations(kind="incoming")
        kinds = {row["kind"] for row in res["operations"]}
        self.assertEqual(kinds, {"incoming"})
        with self.assertRaises(UserError):
            self.Picking.batch_scan_operations(kind="nonsense")
        res = self.Picking.batch_scan(delivery.name)
        self.assertEqual(res["open"], {"model": "stock.picking", "id": delivery.id})
        data = self._as_user(delivery).batch_scan_data()
        self.assertEqual(data["moves"][0]["demand"], 5)
        self.assertTrue(data["can_validate"])

    # ------------------------------------------------------------------
    # Receive
    # ------------------------------------------------------------------
    def test_receive_splits_per_batch_with_label_quantities(self):
        receipt = self._receipt(self.product_bar, 30)
        Rcv = self._as_user(receipt)
        res = Rcv.batch_scan_confirm(f"(01){GTIN}(17)300630(10)SUP-A(37)12")
        self.assertTrue(res["picking_ok"], res)
        self.assertEqual(res["banner"], "success")
        res = Rcv.batch_scan_confirm(f"(01){GTIN}(17)300731(10)SUP-B(37)12")
        self.assertTrue(res["picking_ok"], res)
        lines = receipt.move_line_ids.sorted("id")
        self.assertEqual(
            [(ml.lot_name, ml.quantity) for ml in lines], [("SUP-A", 12), ("SUP-B", 12)]
        )
        self.assertEqual(lines[1].expiration_date.date(), date(2030, 7, 31))
        self.assertEqual(lines[1].batch_supplier_lot, "SUP-B")
        move_row = res["moves"][0]
        self.assertEqual((move_row["done"], move_row["status"]), (24, "todo"))
        # the same batch again adds its label quantity; past the order: amber
        res = Rcv.batch_scan_confirm(f"(01){GTIN}(10)SUP-B(37)10")
        self.assertEqual(lines[1].quantity, 22)
        self.assertEqual(res["banner"], "warning")
        self.assertEqual(res["moves"][0]["status"], "over")
        self.assertIn("more than ordered", res["picking_message"])

    def test_receive_qc_batch_to_quarantine_location(self):
        quarantine = self.env["stock.location"].create(
            {"name": "QC hold", "location_id": self.stock_location.id}
        )
        self.warehouse.batch_quarantine_location_id = quarantine
        receipt = self._receipt(self.product_oats, 500)
        res = self._as_user(receipt).batch_scan_confirm(
            "(01)09506000134376(17)301231(10)OAT-FL-1(3102)025000"
        )
        self.assertTrue(res["picking_ok"], res)
        self.assertEqual(res["headline"], "Received: quarantine")
        line = receipt.move_line_ids.filtered(lambda ml: ml.lot_name == "OAT-FL-1")
        self.assertEqual(line.quantity, 250)
        self.assertEqual(line.location_dest_id, quarantine)
        # validate from the screen: the rest is Odoo's backorder question
        res = self._as_user(receipt).batch_scan_validate()
        self.assertEqual(res["action"]["res_model"], "stock.backorder.confirmation")
        wizard = (
            self.env["stock.backorder.confirmation"]
            .with_user(self.stock_user)
            .with_context(**res["action"]["context"])
            .create({})
        )
        wizard.process()
        self.assertEqual(receipt.state, "done")
        lot = receipt.move_line_ids.lot_id
        self.assertEqual(lot.batch_state, "quarantine")
        self.assertEqual(lot.expiration_date.date(), date(2030, 12, 31))
        self.assertEqual(lot.supplier_lot, "OAT-FL-1")
        self.assertTrue(receipt.backorder_ids)
        action = self._as_user(receipt).batch_scan_print_labels()
        self.assertEqual(action["context"]["active_ids"], lot.ids)

    def test_receive_refusals_change_nothing(self):
        receipt = self._receipt(self.product_bar, 10)
        Rcv = self._as_user(receipt)
        cases = [
            # a product that is not on the receipt
            ("(01)09506000134376(10)OAT-X", "not on"),
            # no batch in the code
            (f"(01){GTIN}(17)301231", "no batch number"),
            # a weight on a product counted in units
            (f"(01){GTIN}(10)GRB-W(3102)001000", "counted in"),
            # unknown GTIN
            ("(01)00000000000017(10)X", "No product has the GTIN"),
        ]
        for code, message in cases:
            with self.subTest(code=code):
                before = self._snapshot(receipt)
                res = Rcv.batch_scan_confirm(code)
                text = res.get("error") or res.get("picking_message")
                self.assertIn(message, text)
                self.assertEqual(res["banner"], "danger")
                self.assertEqual(self._snapshot(receipt), before)
        receipt.action_cancel()
        res = Rcv.batch_scan_confirm(f"(01){GTIN}(10)GRB-LATE")
        self.assertIn("not open", res["error"])

    def test_put_away_with_location_barcodes(self):
        quarantine = self.env["stock.location"].create(
            {
                "name": "QC hold",
                "location_id": self.stock_location.id,
                "barcode": "QC-HOLD",
            }
        )
        self.warehouse.batch_quarantine_location_id = quarantine
        bin_a1 = self.env["stock.location"].create(
            {"name": "A1", "location_id": self.stock_location.id, "barcode": "BIN-A1"}
        )
        self.customer_location.barcode = "CUST-LOC"
        receipt = self._receipt(self.product_oats, 100)
        receipt.move_ids = [
            Command.create(
                {
                    "name": self.product_bar.display_name,
                    "product_id": self.product_bar.id,
                    "product_uom_qty": 10,
                    "product_uom": self.product_bar.uom_id.id,
                    "location_id": self.supplier_location.id,
                    "location_dest_id": self.stock_location.id,
                }
            )
        ]
        receipt.action_confirm()
        Picking = self.Picking
        # a location before any batch: nothing to put away
        res = Picking.batch_scan("BIN-A1", "stock.picking", receipt.id)
        self.assertIn("scan a batch first", res["error"])
        res = Picking.batch_scan(
            "(01)09506000134376(10)OAT-PA-1(3102)010000", "stock.picking", receipt.id
        )
        oats_line = receipt.move_line_ids.filtered(lambda ml: ml.lot_name == "OAT-PA-1")
        self.assertEqual(oats_line.location_dest_id, quarantine)
        # quarantined oats to a pickable bin: refused, nothing changes
        res = Picking.batch_scan("BIN-A1", "stock.picking", receipt.id, res["line_id"])
        self.assertEqual((res["banner"], res["headline"]), ("danger", "Not here"))
        self.assertIn("Quarantine", res["picking_message"])
        self.assertEqual(oats_line.location_dest_id, quarantine)
        # outside the receipt's destination: refused
        res = Picking.batch_scan("CUST-LOC", "stock.picking", receipt.id, oats_line.id)
        self.assertIn("not a place", res["picking_message"])
        # a released batch goes to the bin
        res = Picking.batch_scan(
            f"(01){GTIN}(10)GRB-PA-1(37)10", "stock.picking", receipt.id
        )
        bar_line = receipt.move_line_ids.filtered(lambda ml: ml.lot_name == "GRB-PA-1")
        res = Picking.batch_scan("BIN-A1", "stock.picking", receipt.id, res["line_id"])
        self.assertTrue(res["picking_ok"], res)
        self.assertEqual(bar_line.location_dest_id, bin_a1)

    # ------------------------------------------------------------------
    # Pick
    # ------------------------------------------------------------------
    def test_pick_shows_fefo_and_swaps_allowed_batch(self):
        picking = self._delivery(self.customer, self.product_bar, 20)
        picking.action_assign()
        # reservation took the earliest allowed batch (short and quarantined
        # skipped)
        self.assertEqual(picking.move_line_ids.lot_id, self.lot_early)
        Pick = self._as_user(picking)
        data = Pick.batch_scan_data()
        self.assertEqual(data["moves"][0]["lines"][0]["lot"], "GRB-FL-EARLY")
        # scanning the later batch: it replaces the reservation, 8 of it
        res = Pick.batch_scan_confirm(f"(01){GTIN}(10)GRB-FL-LATE(30)8")
        self.assertTrue(res["picking_ok"], res)
        self.assertEqual(res["banner"], "success")
        lines = {
            ml.lot_id.name: (ml.quantity, ml.picked) for ml in picking.move_line_ids
        }
        self.assertEqual(lines, {"GRB-FL-EARLY": (12, False), "GRB-FL-LATE": (8, True)})
        quant = self.env["stock.quant"].search(
            [
                ("lot_id", "=", self.lot_early.id),
                ("location_id", "=", self.stock_location.id),
            ]
        )
        self.assertEqual(quant.reserved_quantity, 12)
        # the reserved batch: picked with its reserved quantity
        res = Pick.batch_scan_confirm("GRB-FL-EARLY")
        self.assertTrue(res["picking_ok"], res)
        self.assertEqual(res["moves"][0]["status"], "done")
        # nothing left to take: another batch is refused
        res = Pick.batch_scan_confirm("GRB-FL-LATE")
        self.assertIn("already picked", res["picking_message"] or res.get("error"))
        res = Pick.batch_scan_validate()
        self.assertTrue(res.get("done"), res)
        self.assertEqual(picking.state, "done")

    def test_pick_swap_moves_the_reservation(self):
        picking = self._delivery(self.customer, self.product_bar, 5)
        picking.action_assign()
        self.assertEqual(picking.move_line_ids.lot_id, self.lot_early)
        res = self._as_user(picking).batch_scan_confirm("GRB-FL-LATE")
        self.assertTrue(res["picking_ok"], res)
        self.assertIn("replaces the reserved batch", res["picking_message"])
        line = picking.move_line_ids
        self.assertEqual(
            (line.lot_id, line.quantity, line.picked), (self.lot_late, 5, True)
        )
        Quant = self.env["stock.quant"]
        reserved = {
            lot.name: sum(
                Quant.search([("lot_id", "=", lot.id)]).mapped("reserved_quantity")
            )
            for lot in (self.lot_early, self.lot_late)
        }
        self.assertEqual(reserved, {"GRB-FL-EARLY": 0, "GRB-FL-LATE": 5})

    def test_pick_refusals_change_nothing(self):
        picking = self._delivery(self.customer, self.product_bar, 5)
        picking.action_assign()
        other = self._delivery(self.customer_2, self.product_bar, 20)
        other.move_ids.move_line_ids.unlink()
        self._set_lot_line(other, self.lot_late, 20)  # all of LATE reserved there
        Pick = self._as_user(picking)
        cases = [
            ("GRB-FL-QUAR", "only released"),  # quarantined
            ("GRB-FL-SHORT", "requires at least 30 days"),  # customer's shelf life
            ("GRB-FL-LATE", "no free stock"),  # reserved for another delivery
            ("NO-SUCH-BATCH", "unknown"),
        ]
        for code, message in cases:
            with self.subTest(code=code):
                before = self._snapshot(picking)
                res = Pick.batch_scan_confirm(code)
                self.assertIn(message, res.get("error") or res["picking_message"])
                self.assertEqual(res["banner"], "danger")
                self.assertEqual(self._snapshot(picking), before)
        res = Pick.batch_scan_confirm("GRB-FL-QUAR")
        self.assertEqual(res["headline"], "Do not pick")

    def test_set_quantity_and_its_refusals(self):
        picking = self._delivery(self.customer, self.product_bar, 5)
        picking.action_assign()
        Pick = self._as_user(picking)
        line = picking.move_line_ids
        res = Pick.batch_scan_set_quantity(line.id, 3)
        self.assertNotIn("error", res)
        self.assertEqual((line.quantity, line.picked), (3, True))
        other = self._receipt(self.product_bar, 4)
        for line_id, qty, message in (
            (line.id, -1, "negative"),
            (line.id, "abc", "not a quantity"),
            (other.move_line_ids[:1].id, 1, "not on"),
        ):
            with self.subTest(qty=qty):
                res = Pick.batch_scan_set_quantity(line_id, qty)
                self.assertIn(message, res["error"])
        self.assertEqual(line.quantity, 3)

    # ------------------------------------------------------------------
    # Consume
    # ------------------------------------------------------------------
    def test_consume_refuses_unreleased_component(self):
        oats_ok = self._create_lot(
            self.product_oats, "OAT-FL-OK", state="released", expiration_days=200
        )
        oats_q = self._create_lot(self.product_oats, "OAT-FL-Q", expiration_days=200)
        self._add_stock(oats_ok, 10)
        self._add_stock(oats_q, 10)
        production = self.env["mrp.production"].create(
            {
                "product_id": self.product_bar.id,
                "bom_id": self.bom_bar.id,
                "product_qty": 100,
            }
        )
        production.action_confirm()
        mo = production.with_user(self.quality_manager)
        res = mo.batch_scan_confirm("OAT-FL-Q")
        self.assertEqual((res["banner"], res["headline"]), ("danger", "Do not pick"))
        self.assertFalse(production.move_raw_ids.move_line_ids.filtered("picked"))
        res = mo.batch_scan_confirm("GRB-FL-LATE")
        self.assertIn("not a component", res["picking_message"])
        res = mo.batch_scan_confirm("OAT-FL-OK")
        self.assertTrue(res["picking_ok"], res)
        oats_move = production.move_raw_ids.filtered(
            lambda m: m.product_id == self.product_oats
        )
        self.assertEqual(oats_move.move_line_ids.filtered("picked").lot_id, oats_ok)

    def test_consume_and_produce_from_the_screen(self):
        oats = self._create_lot(
            self.product_oats, "OAT-FL-MO", state="released", expiration_days=200
        )
        honey = self._create_lot(self.product_honey, "HON-FL-MO", expiration_days=200)
        self._add_stock(oats, 10)
        self._add_stock(honey, 10)
        production = self.env["mrp.production"].create(
            {
                "product_id": self.product_bar.id,
                "bom_id": self.bom_bar.id,
                "product_qty": 100,
            }
        )
        production.action_confirm()
        mo = production.with_user(self.quality_manager)
        for code in ("OAT-FL-MO", "HON-FL-MO"):
            res = mo.batch_scan_confirm(code)
            self.assertTrue(res["picking_ok"], res)
        res = mo.batch_scan_validate()
        self.assertTrue(res.get("done"), res)
        self.assertEqual(production.state, "done")
        self.assertTrue(production.lot_producing_id)
        self.assertEqual(production.move_raw_ids.move_line_ids.lot_id, oats | honey)
        action = mo.batch_scan_print_labels()
        self.assertEqual(
            action["context"]["active_ids"], production.lot_producing_id.ids
        )
