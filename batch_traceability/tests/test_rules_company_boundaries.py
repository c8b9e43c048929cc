# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A batch without company is shared by every company (Odoo's default for
products without company): what one company's users see of its genealogy,
customers and stock stays within their companies, although the raw SQL
behind those screens bypasses record rules."""

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import BatchCommon


@tagged("post_install", "-at_install")
class TestRulesCompanyBoundaries(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Other Foods Ltd"})
        cls.warehouse_b = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company_b.id)], limit=1
        )
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Other Company's Customer", "company_id": cls.company_b.id}
        )
        cls.lot = cls._create_lot(cls.product_honey, "HON-MC-1")
        cls.assertFalse(cls, cls.lot.company_id)
        # company A ships some to its customer
        cls._add_stock(cls.lot, 20)
        cls._deliver(cls.customer, cls.product_honey, 5, cls.lot)
        # company B holds and ships the same shared batch
        env_b = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[cls.company_b.id])
        )
        cls.env["stock.quant"].with_env(env_b)._update_available_quantity(
            cls.product_honey, cls.warehouse_b.lot_stock_id, 30, lot_id=cls.lot
        )
        out_type = cls.warehouse_b.out_type_id
        picking = (
            cls.env["stock.picking"]
            .with_env(env_b)
            .create(
                {
                    "picking_type_id": out_type.id,
                    "partner_id": cls.customer_b.id,
                    "location_id": cls.warehouse_b.lot_stock_id.id,
                    "location_dest_id": cls.customer_location.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": "Honey",
                                "product_id": cls.product_honey.id,
                                "product_uom_qty": 7,
                                "product_uom": cls.product_honey.uom_id.id,
                                "location_id": cls.warehouse_b.lot_stock_id.id,
                                "location_dest_id": cls.customer_location.id,
                                "company_id": cls.company_b.id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        cls._set_lot_line(picking, cls.lot, 7)
        cls._validate(picking)
        assert picking.state == "done", picking.state
        cls.user_a = new_test_user(
            cls.env,
            login="bt_company_a_quality",
            groups="batch_traceability.group_quality_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def test_genealogy_partners_stay_in_the_users_company(self):
        trace = self.lot.with_user(self.user_a).batch_trace("downstream")
        self.assertIn(self.customer, trace["partners"])
        self.assertNotIn(self.customer_b, trace["partners"])
        self.assertEqual(
            set(trace["move_lines"].mapped("company_id").ids), {self.company.id}
        )

    def test_where_used_lists_own_customers_and_stock(self):
        action = self.env["batch.where.used"].with_user(self.user_a)._open_for(self.lot)
        lines = self.env["batch.where.used.line"].search(action["domain"])
        customers = lines.filtered(lambda line: line.kind == "customer")
        self.assertEqual(customers.partner_id, self.customer)
        self.assertAlmostEqual(sum(customers.mapped("quantity")), 5)
        stock = lines.filtered(lambda line: line.kind == "stock")
        self.assertAlmostEqual(sum(stock.mapped("quantity")), 15)
        self.assertNotIn(self.warehouse_b.lot_stock_id, stock.location_id)

    def test_distribution_counts_own_customers(self):
        lot = self.lot.with_user(self.user_a)
        self.assertEqual(lot.batch_customer_count, 1)
        self.assertEqual(lot.batch_delivery_count, 1)
