# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError

from .common import BatchCommon


class TestGenealogyEngine(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._receive(cls.product_oats, 300, "OAT-G-1", supplier_lot="AO-1")
        cls._receive(cls.product_honey, 100, "HON-G-1", vendor=cls.vendor_honey)
        cls.oats = cls.env["stock.lot"].search([("name", "=", "OAT-G-1")])
        cls.honey = cls.env["stock.lot"].search([("name", "=", "HON-G-1")])
        cls.oats._set_batch_state("released", reason="QC passed (test setup)")
        cls.mo = cls._manufacture(
            cls.bom_bar, 1000, "GRB-G-1", {cls.oats: 30, cls.honey: 10}
        )
        cls.bar = cls.mo.lot_producing_id
        cls.out_1 = cls._deliver(cls.customer, cls.product_bar, 600, cls.bar)
        cls.out_2 = cls._deliver(cls.customer_2, cls.product_bar, 150, cls.bar)

    def test_downstream_reaches_finished_batch_and_customers(self):
        trace = self.oats.batch_trace("downstream")
        self.assertEqual(trace["lots"], self.bar)
        self.assertEqual(trace["depth"][self.bar.id], 1)
        self.assertEqual(trace["depth"][self.oats.id], 0)
        self.assertEqual(trace["partners"], self.customer | self.customer_2)
        self.assertIn(self.out_1.move_line_ids, trace["move_lines"])

    def test_upstream_reaches_ingredients_and_suppliers(self):
        trace = self.bar.batch_trace("upstream")
        self.assertEqual(trace["lots"], self.oats | self.honey)
        self.assertEqual(trace["partners"], self.vendor | self.vendor_honey)

    def test_where_used(self):
        self.assertEqual(self.honey.batch_where_used(), self.bar)

    def test_bad_direction_is_a_user_error(self):
        with self.assertRaises(UserError):
            self.oats.batch_trace("sideways")
