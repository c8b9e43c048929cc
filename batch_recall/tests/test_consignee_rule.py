# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One consignee rule everywhere: when a delivery's move names another
partner than its transfer, the trace, the where-used, the distribution tab,
the recall scope and the recall's returned quantities all name the address on
the transfer (the one the delivery slip printed and the goods went to)."""

from odoo import Command

from .common import RecallCommon


class TestConsigneeRule(RecallCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot = cls._create_lot(cls.product_bar, "GRB-CR-1", state="released")
        cls._add_stock(cls.lot, 50)
        picking = cls._delivery(cls.freshmart_dc, cls.product_bar, 15)
        # a move whose own partner is stale (written by code, an import...):
        # the transfer still goes to the FreshMart DC
        picking.move_ids.write({"partner_id": cls.customer_3.id})
        cls._set_lot_line(picking, cls.lot, 15)
        cls._validate(picking)
        cls.delivery = picking

    def test_every_query_names_the_transfer_address(self):
        self.assertEqual(self.delivery.move_ids.partner_id, self.customer_3)
        lot = self.lot.with_user(self.quality_user)
        trace = lot._batch_trace_ids("downstream")
        self.assertEqual(trace["partner_ids"], [self.freshmart_dc.id])
        self.assertEqual(lot.batch_trace()["partners"], self.freshmart_dc)

        shipments = self.env["stock.lot"]._batch_shipments(
            lot.ids, self.env.company.ids
        )
        self.assertEqual(len(shipments), 1)
        self.assertEqual(shipments[0]["partner_id"], self.freshmart_dc.id)
        self.assertEqual(shipments[0]["qty_shipped"], 15)
        self.assertEqual(shipments[0]["documents"], self.delivery.name)

        self.assertEqual(lot.batch_customer_count, 1)
        self.assertEqual(lot.batch_delivery_count, 1)
        where_used = self.env["batch.where.used"].with_user(self.quality_user)
        action = where_used._open_for(lot)
        customers = self.env["batch.where.used.line"].search(
            action["domain"] + [("kind", "=", "customer")]
        )
        self.assertEqual(customers.partner_id, self.freshmart_dc)
        self.assertEqual(customers.quantity, 15)

    def test_recall_scope_and_returns_follow_the_same_rule(self):
        recall = self._recall(lot_ids=[Command.set(self.lot.ids)])
        recall.action_compute_scope()
        self.assertEqual(recall.line_ids.partner_id, self.freshmart_dc)
        self.assertEqual(recall.line_ids.qty_shipped, 15)
        self.assertEqual(recall.reconciliation_ids.qty_shipped, 15)
        self.assertEqual(recall.reconciliation_ids.qty_in, 0)
        recall.action_launch()
        self._return(self.delivery, self.lot, 4)
        recall.action_refresh_recovery()
        self.assertEqual(recall.line_ids.qty_returned, 4)
        self.assertEqual(recall.reconciliation_ids.qty_returned, 4)
        self.assertEqual(recall.line_ids.qty_unaccounted, 11)
