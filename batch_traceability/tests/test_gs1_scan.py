# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""GS1 parsing and the batch scan lookup."""

import contextlib
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import BatchCommon

GTIN = "09506000134352"  # the test granola bar (see common.py)


@tagged("post_install", "-at_install")
class TestGs1Scan(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parser = cls.env["batch.gs1.parser"]
        cls.lot = cls._create_lot(
            cls.product_bar, "GRB-SCAN-1", expiration_days=120, supplier_lot="SUP-9"
        )
        cls._add_stock(cls.lot, 24)
        cls.recalled = cls._create_lot(
            cls.product_bar, "GRB-SCAN-RCL", state="recalled"
        )

    def test_element_string_with_fnc1_and_production_date(self):
        parsed = self.parser.parse(
            f"01{GTIN}1125080117261231" + "10GRB-SCAN-1\x1d21SN42"
        )
        self.assertEqual(parsed["gtin"], GTIN)
        self.assertEqual(parsed["lot"], "GRB-SCAN-1")
        self.assertEqual(parsed["serial"], "SN42")
        self.assertEqual(parsed["production_date"], date(2025, 8, 1))
        self.assertEqual(parsed["expiration_date"], date(2026, 12, 31))

    def test_human_readable_digital_link_and_day_zero(self):
        parsed = self.parser.parse(f"(01){GTIN}(17)270200(10)GRB-SCAN-1")
        self.assertEqual(
            parsed["expiration_date"], date(2027, 2, 28), "DD=00 is month end"
        )
        parsed = self.parser.parse(
            f"https://id.gs1.org/01/{GTIN}/10/GRB%2DSCAN%2D1?17=261231&11=250801"
        )
        self.assertEqual(parsed["lot"], "GRB-SCAN-1")
        self.assertEqual(parsed["production_date"], date(2025, 8, 1))
        parsed = self.parser.parse("GRB-SCAN-1")
        self.assertFalse(parsed["is_gs1"])
        self.assertEqual(parsed["lot"], "GRB-SCAN-1")

    def test_bad_codes_are_user_errors(self):
        bad = [
            f"(01){GTIN}(17)261331(10)X",  # month 13
            "(01)09506000134353(10)X",  # wrong check digit
            f"(01){GTIN}(99",  # malformed
            "https://id.gs1.org/10/ABC",  # digital link without GTIN
            "",
        ]
        for code in bad:
            with self.subTest(code=code), self.assertRaises(UserError):
                self.parser.parse(code)

    def test_lookup_for_the_scan_screen(self):
        result = self.env["stock.lot"].batch_scan_lookup(f"(01){GTIN}(10)GRB-SCAN-1")
        self.assertEqual(result["lot"], "GRB-SCAN-1")
        self.assertEqual(result["banner"], "success")
        self.assertEqual(result["supplier_lot"], "SUP-9")
        self.assertEqual(sum(q["quantity"] for q in result["quantities"]), 24)
        result = self.env["stock.lot"].batch_scan_lookup("GRB-SCAN-RCL")
        self.assertEqual((result["state"], result["banner"]), ("recalled", "danger"))
        result = self.env["stock.lot"].batch_scan_lookup("(01)00000000000017(10)X")
        self.assertIn("No product has the GTIN", result["error"])
        result = self.env["stock.lot"].batch_scan_lookup("NO-SUCH-BATCH")
        self.assertIn("unknown", result["error"])

    def test_picking_check_refuses_what_may_not_ship(self):
        self.customer.min_shelf_life_days = 200
        picking = self._delivery(self.customer, self.product_bar, 5)
        result = self.env["stock.lot"].batch_scan_lookup(
            f"(01){GTIN}(10)GRB-SCAN-1", picking_id=picking.id
        )
        self.assertFalse(result["picking_ok"])
        self.assertIn("200", result["picking_message"])
        result = self.env["stock.lot"].batch_scan_lookup(
            "GRB-SCAN-RCL", picking_id=picking.id
        )
        self.assertFalse(result["picking_ok"])
        self.customer.min_shelf_life_days = 0
        result = self.env["stock.lot"].batch_scan_lookup(
            f"(01){GTIN}(10)GRB-SCAN-1", picking_id=picking.id
        )
        self.assertTrue(result["picking_ok"])

    def test_receipt_expiry_mismatch_flagged(self):
        result = self.env["stock.lot"].batch_scan_lookup(
            f"(01){GTIN}(17)200101(10)GRB-SCAN-1"
        )
        self.assertIn("2020-01-01", result["expiry_mismatch"])

    def test_receipt_scan_confirms_new_batch(self):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "partner_id": self.vendor.id,
                "location_id": self.supplier_location.id,
                "location_dest_id": self.stock_location.id,
                "move_ids": [
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
                ],
            }
        )
        picking.action_confirm()
        result = picking.batch_scan_confirm(f"(01){GTIN}(17)281130(10)GRB-RCV-NEW")
        self.assertTrue(result["picking_ok"], result)
        self.assertEqual(result["state"], "new")
        line = picking.move_line_ids.filtered(lambda ml: ml.lot_name == "GRB-RCV-NEW")
        self.assertEqual(line.quantity, 10, "no quantity in the code: what is open")
        self.assertEqual(line.expiration_date.date(), date(2028, 11, 30))
        # a second batch on the covered line is a new line (to be counted),
        # not a refusal
        result = picking.batch_scan_confirm(f"(01){GTIN}(10)GRB-SCAN-1")
        self.assertTrue(result["picking_ok"], result)
        self.assertIn("enter its quantity", result["picking_message"])
        self.assertEqual(len(picking.move_line_ids), 2)
        # 6 of the 10 came with the new batch; an existing batch whose label
        # expiry differs from the record is flagged
        line.quantity = 6
        result = picking.batch_scan_confirm(f"(01){GTIN}(17)200101(30)4(10)GRB-SCAN-1")
        self.assertIn("2020-01-01", result["expiry_mismatch"])
        self.assertIn("2020-01-01", result["picking_message"])
        line = picking.move_line_ids.filtered(lambda ml: ml.lot_id == self.lot)
        self.assertEqual(line.quantity, 4)
        result = picking.batch_scan_confirm("(01)09506000134353(10)X")
        self.assertIn("check digit", result["error"])

    def test_delivery_scan_confirms_reserved_batch_only(self):
        picking = self._delivery(self.customer, self.product_bar, 5)
        picking.action_assign()
        self.assertEqual(picking.move_line_ids.lot_id, self.lot)
        result = picking.batch_scan_confirm("GRB-SCAN-RCL")
        self.assertFalse(result["picking_ok"])
        self.assertIn("only released batches", result["picking_message"])
        other = self._create_lot(self.product_bar, "GRB-SCAN-2", expiration_days=300)
        result = picking.batch_scan_confirm(other.name)
        self.assertIn("no free stock", result["error"])
        self.assertEqual(result["banner"], "danger")
        self.assertFalse(picking.move_line_ids.picked)
        self.assertEqual(picking.move_line_ids.lot_id, self.lot)
        result = picking.batch_scan_confirm(f"(01){GTIN}(10)GRB-SCAN-1")
        self.assertTrue(result["picking_ok"], result)
        self.assertTrue(picking.move_line_ids.picked)

    def test_quarantine_from_scan_needs_quality_group(self):
        lot = self._create_lot(self.product_bar, "GRB-SCAN-Q", expiration_days=90)
        result = (
            self.env["stock.lot"].with_user(self.stock_user).batch_scan_lookup(lot.name)
        )
        self.assertFalse(result["can_quarantine"])
        with self.assertRaises(UserError):
            lot.with_user(self.stock_user).batch_scan_quarantine()
        # a Quality user may put a released batch on hold from the screen
        result = (
            self.env["stock.lot"]
            .with_user(self.quality_user)
            .batch_scan_lookup(lot.name)
        )
        self.assertTrue(result["can_quarantine"])
        result = (
            self.env["stock.lot"]
            .with_user(self.quality_manager)
            .batch_scan_lookup(lot.name)
        )
        self.assertTrue(result.get("can_quarantine"), result)
        action = lot.with_user(self.quality_manager).batch_scan_quarantine()
        self.assertEqual(action["res_model"], "batch.state.reason.wizard")
        self.env["batch.state.reason.wizard"].with_user(
            self.quality_manager
        ).with_context(**action["context"]).create(
            {"reason": "Damaged pallet seen at the scan"}
        ).action_confirm()
        self.assertEqual(lot.batch_state, "quarantine")

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.text(max_size=60))
    def test_fuzz_only_user_errors(self, code):
        with contextlib.suppress(UserError):
            self.parser.parse(code)
        result = self.env["stock.lot"].batch_scan_lookup(code)
        self.assertIsInstance(result, dict)

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["01", "10", "11", "15", "17", "21", "37", "99"]),
                st.text(alphabet="0123456789ABC-", max_size=16),
            ),
            max_size=5,
        )
    )
    def test_fuzz_structured_element_strings(self, pairs):
        code = "".join(f"({ai}){value}" for ai, value in pairs)
        try:
            parsed = self.parser.parse(code)
        except UserError:
            return
        self.assertIn("lot", parsed)
