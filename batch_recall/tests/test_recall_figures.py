# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Recall figures that read right: goods a customer declared held are shown
apart from what is not accounted for; the mass balance shows its
adjustments; a recall is stamped reconciled only when every batch balances
from a traced origin; the demo's mock recall carries real figures."""

from lxml import etree

from odoo import Command

from .common import RecallCommon


class TestRecallFigures(RecallCommon):
    def test_held_by_customer_is_not_unaccounted(self):
        recall = self._recall()
        recall.action_compute_scope()
        recall.action_launch()
        line = recall.line_ids.filtered(
            lambda line: line.partner_id == self.freshmart_dc
        )
        self.assertEqual(line.qty_shipped, 25)
        line.with_user(self.quality_user)._recall_line_transition(
            "answered", values={"qty_customer_on_hand": 10, "qty_destroyed": 12}
        )
        self.assertEqual(line.qty_customer_on_hand, 10)
        self.assertEqual(line.qty_unaccounted, 3)
        # shipped = returned + destroyed + corrected + held + not accounted for
        self.assertEqual(
            line.qty_returned
            + line.qty_destroyed
            + line.qty_corrected
            + line.qty_customer_on_hand
            + line.qty_unaccounted,
            line.qty_shipped,
        )
        # held goods are not recovered: effectiveness counts 12 of 25
        self.assertAlmostEqual(line.effectiveness, 48.0)
        self.assertEqual(recall.qty_customer_on_hand, 10)
        self.assertEqual(
            recall.qty_unaccounted, sum(recall.line_ids.mapped("qty_unaccounted"))
        )
        self.assertEqual(
            self.env["batch.recall.line"]._fields["qty_unaccounted"].string,
            "Not Accounted For",
        )

    def test_untraced_batch_is_not_reconciled(self):
        """Stock that only appeared by an inventory count balances on paper
        (0 in, adjustments -60, 60 on hand) but its origin is not traced."""
        oats = self._create_lot(self.product_oats, "OAT-FIG-1", state="released")
        # counted into stock, as an opening inventory does
        self.env["stock.quant"].with_context(inventory_mode=True).create(
            {
                "product_id": oats.product_id.id,
                "lot_id": oats.id,
                "location_id": self.stock_location.id,
                "inventory_quantity": 60,
            }
        ).action_apply_inventory()
        recall = self._recall(recall_type="mock", lot_ids=[Command.set(oats.ids)])
        recall.action_compute_scope()
        row = recall.reconciliation_ids
        self.assertEqual((row.qty_in, row.qty_on_hand), (0, 60))
        self.assertEqual(row.qty_adjusted, -60)
        self.assertFalse(row.has_gap)
        self.assertFalse(row.is_balanced)
        self.assertFalse(recall.reconciled_at)

    def test_traced_balanced_batch_is_reconciled(self):
        recall = self._recall(
            recall_type="mock", lot_ids=[Command.set(self.bars_2.ids)]
        )
        recall.action_compute_scope()
        self.assertTrue(recall.reconciliation_ids)
        self.assertTrue(all(recall.reconciliation_ids.mapped("is_balanced")))
        self.assertTrue(recall.reconciled_at)

    def test_mass_balance_shows_adjustments(self):
        arch = self.env["batch.recall"].get_view(
            self.env.ref("batch_recall.batch_recall_view_form").id, "form"
        )["arch"]
        tree = etree.fromstring(arch)
        for name in ("qty_adjusted", "qty_to_supplier"):
            fields = tree.xpath(
                f"//field[@name='reconciliation_ids']//field[@name='{name}']"
            )
            self.assertTrue(fields, name)
            self.assertNotEqual(fields[0].get("optional"), "hide", name)

    def test_demo_mock_recall_has_real_figures(self):
        recall = self.env.ref("batch_recall.demo_mock_recall_honey")
        lot = self.env.ref("batch_recall.demo_lot_honey_mock")
        self.assertEqual(recall.lot_ids, lot)
        self.assertEqual(len(recall.line_ids.commercial_partner_id), 2)
        self.assertEqual(recall.qty_shipped, 65)
        row = recall.reconciliation_ids.filtered(lambda r: r.lot_id == lot)
        self.assertEqual(
            (row.qty_in, row.qty_on_hand, row.qty_shipped, row.qty_gap),
            (120, 55, 65, 0),
        )
        self.assertAlmostEqual(row.balance_pct, 100.0)
        self.assertTrue(row.is_balanced)
        self.assertTrue(recall.reconciled_at)
        self.assertGreater(recall.reconciled_at, recall.started_at)
