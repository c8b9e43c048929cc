# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo tells the whole chain with real figures (issue 19).

Read on a database installed with the three addons and their demo data: the
figures come from receipts, manufacturing orders and deliveries done through
the ORM, not from records written to look right. The expected quantities are
those of the demo files (batch_traceability/demo/batch_story_demo.xml,
batch_recall/demo/batch_recall_demo.xml, batch_compliance/demo/...).
"""

import re

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.oats = ref("batch_traceability.lot_oats_released_demo")
        cls.honey = ref("batch_traceability.lot_honey_released_demo")
        cls.bars_1 = ref("batch_traceability.lot_granola_mo1_demo")
        cls.bars_2 = ref("batch_traceability.lot_granola_mo2_demo")
        cls.freshco = ref("batch_traceability.partner_retail_chain_demo")
        cls.green = ref("batch_traceability.partner_green_basket_demo")
        cls.station = ref("batch_traceability.partner_station_snacks_demo")

    def test_supplier_receipts_with_lots_and_coa(self):
        for lot, supplier, supplier_lot, qty in (
            (self.oats, "Nordic Oat Mill AB", "NOM-77812", 600),
            (self.honey, "Provence Honey Cooperative", "PHC/2025/118", 120),
        ):
            receipt = lot.batch_receipt_line_ids
            self.assertEqual(receipt.picking_id.purchase_id.partner_id.name, supplier)
            self.assertEqual(sum(receipt.mapped("quantity")), qty)
            self.assertEqual(lot.supplier_lot, supplier_lot)
            self.assertEqual(lot.supplier_coa_ids.mimetype, "application/pdf")
            self.assertTrue(lot.supplier_coa_ids.datas)

    def test_batches_made_and_numbered_by_the_format(self):
        pattern = re.compile(r"^\d{5}-PL1-GRB-\d{3}$")  # {YY}{JJJ}-{FAC}-{PROD}-{SEQ:3}
        for lot, made in ((self.bars_1, 2000), (self.bars_2, 1500)):
            production = self.env["mrp.production"].search(
                [("lot_producing_id", "=", lot.id)]
            )
            self.assertEqual(production.state, "done")
            self.assertEqual(production.qty_produced, made)
            self.assertRegex(lot.name, pattern)
            self.assertEqual(lot.qc_state, "pass")
        self.assertNotEqual(self.bars_1.name, self.bars_2.name)

    def test_genealogy_upstream_and_downstream(self):
        self.assertEqual(
            self.bars_1.batch_trace("upstream")["lots"], self.oats | self.honey
        )
        self.assertEqual(
            self.oats.batch_trace("downstream")["lots"], self.bars_1 | self.bars_2
        )
        self.assertEqual(self.oats.batch_downstream_count, 2)
        self.assertEqual(self.bars_1.batch_upstream_count, 2)

    def test_distribution_and_where_used(self):
        self.assertEqual(self.bars_1.batch_customer_count, 2)
        self.assertEqual(self.bars_2.batch_customer_count, 2)
        action = self.oats.action_view_batch_where_used()
        lines = self.env[action["res_model"]].search(action["domain"])
        shipped = {}
        for line in lines.filtered(lambda line: line.kind == "customer"):
            key = (line.partner_id, line.reached_lot_id)
            shipped[key] = shipped.get(key, 0) + line.quantity
        self.assertEqual(
            shipped,
            {
                (self.freshco, self.bars_1): 1200,
                (self.green, self.bars_1): 500,
                (self.green, self.bars_2): 300,
                (self.station, self.bars_2): 800,
            },
        )
        stock = {
            line.reached_lot_id: line.quantity
            for line in lines.filtered(lambda line: line.kind == "stock")
        }
        # 600 kg received, 60 + 45 kg used; 2,000 - 1,700 and 1,500 - 1,100 bars left
        self.assertEqual(stock, {self.oats: 495, self.bars_1: 300, self.bars_2: 400})

    def test_storage_excursion_put_the_batch_on_hold(self):
        excursion = self.env["batch.storage.excursion"].search(
            [("lot_id", "=", self.bars_2.id)]
        )
        self.assertEqual((excursion.kind, excursion.state), ("too_hot", "open"))
        self.assertEqual(self.bars_2.batch_state, "quarantine")

    def test_mock_recall_completed_with_its_figures(self):
        drill = self.env.ref("batch_recall.demo_mock_recall_honey")
        self.assertEqual((drill.state, drill.drill_result), ("closed", "passed"))
        self.assertTrue(drill.drill_reconciled_at)
        self.assertAlmostEqual(drill.drill_balance_pct, 100.0)
        row = drill.drill_balance_ids
        self.assertEqual(
            (row.qty_in, row.qty_shipped, row.qty_on_hand, row.qty_accounted),
            (120, 65, 55, 120),
        )
        self.assertEqual(
            drill.drill_source_ids.partner_id.name, "Provence Honey Cooperative"
        )

    def test_recall_of_a_delivered_batch_with_notices(self):
        recall = self.env.ref("batch_recall.demo_recall_granola")
        self.assertEqual(recall.state, "in_progress")
        self.assertEqual(self.bars_1.batch_state, "recalled")
        row = recall.reconciliation_ids
        self.assertEqual(
            (row.lot_id, row.qty_in, row.qty_shipped, row.qty_on_hand),
            (self.bars_1, 2000, 1700, 300),
        )
        self.assertAlmostEqual(row.balance_pct, 100.0)
        self.assertEqual(
            {
                (line.partner_id, line.qty_shipped, line.state)
                for line in recall.line_ids
            },
            {(self.freshco, 1200, "notified"), (self.green, 500, "notified")},
        )
        self.assertEqual(set(recall.notice_ids.mapped("state")), {"sent"})
        bodies = " ".join(recall.message_ids.mapped("body"))
        self.assertIn("1 batch set to Recalled", bodies)
        self.assertIn("1 batch, 2 customers, 1,700.00 Units shipped", bodies)
        complaint = self.env.ref("batch_recall.demo_complaint_bar")
        self.assertEqual(
            (complaint.state, complaint.recall_id), ("investigating", recall)
        )

    def test_portal_user_sees_the_notice_waiting(self):
        user = self.env.ref("batch_recall.demo_user_green_basket_portal")
        self.assertTrue(user._is_portal())
        self.assertEqual(user.commercial_partner_id, self.green)
        notices = self.env["batch.recall.notice"].with_user(user).search([])
        self.assertEqual(len(notices), 1)
        self.assertEqual(notices.state, "sent")
        self.assertFalse(notices.answered_at)
        self.assertEqual(notices.sudo().line_ids.lot_id, self.bars_1)
        self.assertEqual(notices.sudo().line_ids.qty_shipped, 500)

    def test_fsma_events_keep_the_suppliers_lot_code(self):
        lot = self.env.ref("batch_compliance.lot_peanut_butter_demo")
        events = self.env["batch.fsma.event"].search([("lot_id", "=", lot.id)])
        self.assertEqual(
            sorted((e.event_type, e.quantity, e.tlc) for e in events),
            [("receiving", 300, "GNB-25-1187"), ("shipping", 90, "GNB-25-1187")],
        )
        self.assertTrue(
            self.env["batch.fsma.event"].search_count(
                [("event_type", "=", "harvesting"), ("manual", "=", True)]
            )
        )

    def test_scan_screen_finds_a_demo_batch(self):
        product = self.env.ref("batch_traceability.product_granola_bar_demo")
        self.assertEqual(product.barcode, "04012345000023")
        self.assertTrue(
            self.env["stock.lot"].search_count(
                [("product_id", "=", product.id), ("name", "=", "25213-PL1-GRB-001")]
            )
        )
