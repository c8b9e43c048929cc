# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Recall campaigns end to end on real stock flows."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import RecallCommon


@tagged("post_install", "-at_install")
class TestRecall(RecallCommon):
    def test_scope_equals_genealogy(self):
        recall = self._recall()
        recall.action_compute_scope()
        trace = self.honey_1.batch_trace("downstream")
        self.assertEqual(recall.affected_lot_ids, self.honey_1 | trace["lots"])
        self.assertEqual(
            recall.affected_lot_ids, self.honey_1 | self.bars_1 | self.box_1
        )
        lines = {(line.partner_id, line.lot_id): line for line in recall.line_ids}
        # 30 to the DC, 5 of them returned before the recall, 20 to the HQ
        self.assertEqual(lines[self.freshmart_dc, self.bars_1].qty_shipped, 25)
        self.assertEqual(lines[self.customer, self.bars_1].qty_shipped, 20)
        self.assertEqual(lines[self.customer_2, self.box_1].qty_shipped, 1)
        self.assertNotIn(
            self.customer_3, recall.line_ids.commercial_partner_id, "clean honey"
        )
        self.assertEqual(len(recall.line_ids), 3)
        self.assertIn(self.ship_1.name, lines[self.freshmart_dc, self.bars_1].documents)
        # stock still in hand: 100 made - 20 boxed - 50 shipped + 5 back
        bars_stock = recall.stock_ids.filtered(lambda s: s.lot_id == self.bars_1)
        self.assertEqual(sum(bars_stock.mapped("qty_on_hand")), 35)
        self.assertEqual(sum(bars_stock.mapped("qty_reserved")), 10)
        self.assertEqual(recall.state, "scoped")

    def test_mass_balance_sums_exactly(self):
        recall = self._recall()
        recall.action_compute_scope()
        rec = {r.lot_id: r for r in recall.reconciliation_ids}
        bars = rec[self.bars_1]
        self.assertEqual(
            (bars.qty_in, bars.qty_consumed, bars.qty_shipped, bars.qty_returned),
            (100, 20, 50, 5),
        )
        self.assertEqual(bars.qty_on_hand, 35)
        self.assertEqual(bars.qty_gap, 0)
        honey = rec[self.honey_1]
        self.assertEqual(
            (honey.qty_in, honey.qty_consumed, honey.qty_on_hand), (10, 1, 9)
        )
        self.assertFalse(any(recall.reconciliation_ids.mapped("has_gap")))
        self.assertTrue(recall.reconciled_at)

    def test_gap_is_shown_not_hidden(self):
        # stock vanishes outside any movement (e.g. a bad data fix)
        quant = self.bars_1.quant_ids.filtered(
            lambda q: q.location_id.usage == "internal" and q.quantity > 0
        )[:1]
        self.env.cr.execute(
            "UPDATE stock_quant SET quantity = quantity - 3 WHERE id = %s", [quant.id]
        )
        self.env.invalidate_all()
        recall = self._recall()
        recall.action_compute_scope()
        bars = recall.reconciliation_ids.filtered(lambda r: r.lot_id == self.bars_1)
        self.assertEqual(bars.qty_gap, 3)
        self.assertTrue(bars.has_gap)
        self.assertFalse(recall.reconciled_at)
        self.assertEqual(recall.reconciliation_gap, 3)

    def test_launch_blocks_batches_and_unreserves(self):
        recall = self._recall()
        recall.action_compute_scope()
        with self.assertRaises(AccessError):
            recall.with_user(self.quality_user).action_launch()
        recall.action_launch()
        self.assertEqual(
            set(recall.affected_lot_ids.mapped("batch_state")), {"recalled"}
        )
        self.assertEqual(self.honey_2.batch_state, "released")
        self.assertIn(self.open_delivery, recall.affected_picking_ids)
        self.assertNotIn(self.bars_1, self.open_delivery.move_line_ids.lot_id)
        # reservation takes the clean batch instead
        self.assertEqual(self.open_delivery.move_line_ids.lot_id, self.bars_2)
        # and a recalled batch typed by hand cannot ship
        with self.assertRaises(UserError):
            self._deliver(self.customer_3, self.product_bar, 1, self.bars_1)
        # the scope is frozen once launched
        with self.assertRaises(UserError):
            recall.action_compute_scope()

    def test_launch_moves_stock_to_recall_location(self):
        recall_location = self.env["stock.location"].create(
            {
                "name": "Recall Hold",
                "usage": "internal",
                "location_id": self.warehouse.view_location_id.id,
            }
        )
        recall = self._recall(recall_location_id=recall_location.id)
        recall.action_compute_scope()
        recall.action_launch()
        held = self.env["stock.quant"].search(
            [("location_id", "=", recall_location.id), ("lot_id", "=", self.bars_1.id)]
        )
        self.assertEqual(sum(held.mapped("quantity")), 35)

    def test_notifications_go_to_affected_customers_only(self):
        recall = self._recall()
        recall.action_compute_scope()
        recall.action_launch()
        recall.action_notify_customers()
        self.assertEqual(recall.notice_ids.partner_id, self.customer | self.customer_2)
        for notice in recall.notice_ids:
            self.assertEqual(notice.state, "sent")
            message = notice.message_ids.filtered(
                lambda m, notice=notice: notice.partner_id in m.partner_ids
            )
            self.assertTrue(message, "the notice was sent to the customer")
            self.assertIn("URGENT", message[0].subject)
        freshmart = recall.notice_ids.filtered(lambda n: n.partner_id == self.customer)
        self.assertEqual(freshmart.line_ids.lot_id, self.bars_1)
        self.assertIn("GRB-RC-1", freshmart.message_ids[0].body)
        sent_to = recall.notice_ids.message_ids.partner_ids
        self.assertNotIn(self.customer_3, sent_to)
        self.assertEqual(set(recall.line_ids.mapped("state")), {"notified"})
        # a second click does not notify twice
        recall.action_notify_customers()
        self.assertEqual(len(recall.notice_ids), 2)

    def test_portal_isolation_and_answer(self):
        recall = self._recall()
        recall.action_compute_scope()
        recall.action_launch()
        recall.action_notify_customers()
        Notice = self.env["batch.recall.notice"]
        mine = Notice.with_user(self.portal_freshmart).search([])
        self.assertEqual(mine.partner_id, self.customer)
        deli_notice = recall.notice_ids.filtered(
            lambda n: n.partner_id == self.customer_2
        )
        with self.assertRaises(AccessError):
            deli_notice.with_user(self.portal_freshmart).read(["name"])
        with self.assertRaises(AccessError):
            recall.line_ids.with_user(self.portal_freshmart).read(["qty_shipped"])
        line = mine.sudo().line_ids.filtered(
            lambda x: x.partner_id == self.freshmart_dc
        )
        with self.assertRaises(UserError):
            mine.with_user(self.portal_freshmart)._batch_portal_answer(
                {line.id: {"on_hand": "20", "destroyed": "10"}}
            )
        with self.assertRaises(AccessError):
            deli_notice.with_user(self.portal_freshmart)._batch_portal_answer(
                {line.id: {"on_hand": "0", "destroyed": "1"}}
            )
        mine.with_user(self.portal_freshmart)._batch_portal_answer(
            {line.id: {"on_hand": "0", "destroyed": "25"}}, comment="All destroyed"
        )
        self.assertEqual(line.qty_destroyed, 25)
        self.assertEqual(line.state, "answered")
        self.assertEqual(line.qty_unaccounted, 0)
        self.assertEqual(mine.sudo().state, "answered")

    def test_recovery_returns_effectiveness_and_close(self):
        recall = self._recall()
        recall.action_compute_scope()
        recall.action_launch()
        recall.action_notify_customers()
        action = recall.action_create_returns()
        returns = self.env["stock.picking"].search(action["domain"])
        self.assertTrue(returns)
        dc_return = returns.filtered(lambda p: p.return_id == self.ship_1)
        # 30 shipped, 5 already back before the recall
        self.assertEqual(dc_return.move_ids.product_uom_qty, 25)
        # the DC sends back 25 (5 came back before the recall)
        dc_return.move_ids.quantity = 25
        dc_return.move_ids.move_line_ids.lot_id = self.bars_1
        self._validate(dc_return)
        line = recall.line_ids.filtered(lambda x: x.partner_id == self.freshmart_dc)
        self.assertEqual(line.qty_returned, 25)
        self.assertEqual(line.qty_unaccounted, 0)
        self.assertAlmostEqual(recall.effectiveness, 100.0 * 25 / 46, places=2)
        self.assertEqual(recall.qty_unaccounted, 21)
        # closing needs an answer or a reasoned write-off for every line
        with self.assertRaises(UserError):
            recall.action_close()
        others = recall.line_ids - line
        with self.assertRaises(UserError):
            others.action_write_off()
        others.write_off_reason = "Consumed by end customers before notice"
        with self.assertRaises(AccessError):
            recall.with_user(self.quality_user).action_close()
        others.action_write_off()
        # the plan of level A checks every consignee before closing
        self.assertEqual(recall.check_sample_size, 2)
        with self.assertRaises(UserError):
            recall.action_close()
        self._record_checks(recall)
        # the 25 bars that came back need their disposition
        with self.assertRaises(UserError):
            recall.action_close()
        self._dispose(recall, self.bars_1, 25)
        recall.action_close()
        self.assertEqual(recall.state, "closed")

    def test_mock_recall_changes_nothing_and_is_timed(self):
        mails_before = self.env["mail.mail"].search_count([])
        recall = self._recall(recall_type="mock")
        recall.action_compute_scope()
        recall.action_launch()
        self.assertEqual(self.bars_1.batch_state, "released")
        self.assertEqual(self.honey_1.batch_state, "released")
        self.assertIn(self.bars_1, self.open_delivery.move_line_ids.lot_id)
        with self.assertRaises(UserError):
            recall.action_notify_customers()
        with self.assertRaises(UserError):
            recall.action_create_returns()
        self.assertEqual(self.env["mail.mail"].search_count([]), mails_before)
        self.assertTrue(recall.reconciled_at)
        self.assertGreaterEqual(recall.elapsed_minutes, 0)
        recall.action_close()
        self.assertEqual(recall.state, "closed")

    def test_complaint_starts_recall_and_shows_on_batch(self):
        complaint = (
            self.env["batch.complaint"]
            .with_user(self.quality_user)
            .create(
                {
                    "partner_id": self.customer.id,
                    "product_id": self.product_bar.id,
                    "lot_ids": [Command.set(self.bars_1.ids)],
                    "description": "Allergic reaction after eating a granola bar.",
                    "severity": "critical",
                    "serious_adverse_event": True,
                }
            )
        )
        self.assertTrue(complaint.name.startswith("CMP/"))
        self.assertEqual(self.bars_1.batch_complaint_count, 1)
        action = complaint.action_create_recall()
        recall = self.env["batch.recall"].browse(action["res_id"])
        self.assertEqual(recall.lot_ids, self.bars_1)
        self.assertEqual(complaint.recall_id, recall)
        self.assertTrue(recall.name.startswith("RCL/"))

    def test_sale_portal_banner_links_the_notice(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_3.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product_bar.id, "product_uom_qty": 5}
                    )
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        self._set_lot_line(picking, self.bars_1, 5)
        self._validate(picking)
        self.assertEqual(order._batch_recall_notices(), [])
        recall = self._recall()
        recall.action_compute_scope()
        recall.action_launch()
        recall.action_notify_customers()
        notices = order._batch_recall_notices()
        self.assertEqual(len(notices), 1)
        self.assertIn("GRB-RC-1", notices[0]["message"])
        self.assertIn("/my/recalls/", notices[0]["url"])

    def test_launch_unreserves_open_manufacturing_orders(self):
        production = self.env["mrp.production"].create(
            {
                "product_id": self.product_box.id,
                "bom_id": self.bom_box.id,
                "product_qty": 1,
            }
        )
        production.action_confirm()
        raw = production.move_raw_ids
        raw._do_unreserve()
        # the open order holds 10 bars of the suspect batch
        self.env["stock.move.line"].create(
            {
                "move_id": raw.id,
                "product_id": self.product_bar.id,
                "lot_id": self.bars_1.id,
                "quantity": 10,
                "product_uom_id": raw.product_uom.id,
                "location_id": raw.location_id.id,
                "location_dest_id": raw.location_dest_id.id,
            }
        )
        self.assertEqual(raw.move_line_ids.lot_id, self.bars_1)
        recall = self._recall()
        recall.action_compute_scope()
        reserved = recall.stock_ids.filtered(lambda s: s.lot_id == self.bars_1)
        self.assertGreaterEqual(sum(reserved.mapped("qty_reserved")), 10)
        recall.action_launch()
        self.assertIn(production, recall.affected_production_ids)
        self.assertNotIn(self.bars_1, raw.move_line_ids.lot_id)
        self.assertIn(production.name, recall.message_ids[0].body)
