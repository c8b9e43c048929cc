# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Across the three addons: a contaminated supplier lot, from the receipt to
the recall, the regulator's spreadsheet and the audit trail."""

import io

import openpyxl

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.batch_traceability.tests.common import BatchCommon


@tagged("post_install", "-at_install")
class TestEndToEnd(BatchCommon):
    def test_supplier_lot_to_recall_and_records(self):
        (self.product_honey | self.product_bar).batch_fsma_ftl = True
        # receive the honey, QC-release the oats, make and ship bars
        self._receive(
            self.product_honey,
            10,
            "HON-E2E-1",
            vendor=self.vendor_honey,
            supplier_lot="BV-777",
        )
        honey = self.env["stock.lot"].search([("name", "=", "HON-E2E-1")])
        self._receive(self.product_oats, 30, "OAT-E2E-1", vendor=self.vendor)
        oats = self.env["stock.lot"].search([("name", "=", "OAT-E2E-1")])
        self.assertEqual(oats.batch_state, "quarantine")
        oats.with_user(self.quality_manager).action_batch_release()
        production = self._manufacture(
            self.bom_bar, 100, "GRB-E2E-1", {oats: 3, honey: 1}
        )
        bars = production.lot_producing_id
        self._deliver(self.customer, self.product_bar, 60, bars)
        open_delivery = self._delivery(self.customer_2, self.product_bar, 20)
        open_delivery.action_assign()
        self.assertEqual(open_delivery.move_line_ids.lot_id, bars)

        # the supplier reports contaminated honey: recall from the supplier lot
        recall = (
            self.env["batch.recall"]
            .with_user(self.recall_manager)
            .create(
                {
                    "title": "Honey BV-777 contamination",
                    "reason": "Supplier notice: lot BV-777 contaminated.",
                    "customer_statement": "The honey in these bars may be "
                    "contaminated.",
                    "instructions": "<p>Stop selling and destroy.</p>",
                    "classification": "class_1",
                    "lot_ids": [Command.set(honey.ids)],
                }
            )
        )
        recall.action_compute_scope()
        self.assertEqual(recall.affected_lot_ids, honey | bars)
        self.assertEqual(recall.line_ids.partner_id, self.customer)
        self.assertEqual(recall.qty_shipped, 60)
        recall.action_launch()
        self.assertEqual(bars.batch_state, "recalled")
        self.assertFalse(open_delivery.move_line_ids, "nothing else to reserve")
        with self.assertRaises(UserError):
            self._deliver(self.customer_2, self.product_bar, 1, bars)
        recall.action_notify_customers()
        self.assertEqual(recall.notice_ids.partner_id, self.customer)

        # FDA asks for the spreadsheet: receiving, transformation and shipping
        wizard = self.env["batch.fsma.export.wizard"].create(
            {
                "date_from": fields.Date.today(),
                "date_to": fields.Date.today(),
                "lot_ids": [Command.set((honey | bars).ids)],
            }
        )
        action = wizard.action_export()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        book = openpyxl.load_workbook(io.BytesIO(attachment.raw))
        self.assertTrue(
            {"Receiving", "Transformation", "Shipping"} <= set(book.sheetnames)
        )

        # the audit trail holds the release and the recall, and is intact
        Log = self.env["batch.audit.log"]
        states = Log.search(
            [("lot_id", "=", bars.id), ("field_name", "=", "batch_state")]
        )
        last = states.sorted("id")[-1]
        self.assertEqual(last.new_value, "Recalled")
        self.assertIn(recall.name, last.reason)
        self.assertTrue(
            Log.search([("lot_id", "=", oats.id), ("new_value", "=", "Released")])
        )
        self.assertFalse(Log._verify_chain())
