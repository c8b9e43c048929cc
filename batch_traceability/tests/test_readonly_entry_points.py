# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Traces marked ``@api.readonly`` go to a read-only replica when the web
client calls them: they must work in a read-only transaction."""

from odoo.tools import SQL

from .common import BatchCommon


class TestReadonlyEntryPoints(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.oats = cls._create_lot(cls.product_oats, "OAT-RO-1", state="released")
        cls.honey = cls._create_lot(cls.product_honey, "HON-RO-1", state="released")
        cls._add_stock(cls.oats, 10)
        cls._add_stock(cls.honey, 10)
        cls._manufacture(cls.bom_bar, 100, "GRB-RO-1", {cls.oats: 3, cls.honey: 1})
        cls.bars = cls.env["stock.lot"].search([("name", "=", "GRB-RO-1")])

    def test_traces_are_marked_readonly(self):
        Lot = type(self.env["stock.lot"])
        for method in ("action_view_batch_upstream", "action_view_batch_downstream"):
            self.assertTrue(getattr(getattr(Lot, method), "_readonly", False), method)

    def test_traces_run_in_a_read_only_transaction(self):
        self.env.flush_all()
        self.env.invalidate_all()
        with self.env.cr.savepoint():
            # what a replica gives: any write fails
            self.env.cr.execute(SQL("SET TRANSACTION READ ONLY"))
            bars = self.bars.with_user(self.quality_user)
            upstream = bars.action_view_batch_upstream()
            self.assertEqual(
                set(self.env["stock.lot"].search(upstream["domain"]).ids),
                {self.oats.id, self.honey.id},
            )
            downstream = self.oats.with_user(self.quality_user)
            action = downstream.action_view_batch_downstream()
            self.assertEqual(self.env["stock.lot"].search(action["domain"]), self.bars)
            self.assertEqual(bars.batch_upstream_count, 2)
            self.env.flush_all()
            self.env.cr.execute(SQL("SHOW transaction_read_only"))
            self.assertEqual(self.env.cr.fetchone()[0], "on")
