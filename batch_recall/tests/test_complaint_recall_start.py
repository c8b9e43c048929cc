# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import UserError

from .common import RecallCommon


class TestComplaintRecallStart(RecallCommon):
    """'Start Recall' on a complaint needs the batches it is about."""

    def _complaint(self, lots):
        return (
            self.env["batch.complaint"]
            .with_user(self.quality_user)
            .create(
                {
                    "partner_id": self.customer.id,
                    "product_id": self.product_bar.id,
                    "lot_ids": [Command.set(lots.ids)],
                    "description": "Customer found a hard plastic piece.",
                    "severity": "high",
                }
            )
        )

    def _recall_sequence_next(self):
        # read from the PostgreSQL sequence, not from the ORM cache
        self.env.invalidate_all()
        return (
            self.env["ir.sequence"]
            .search([("code", "=", "batch.recall")], limit=1)
            .number_next_actual
        )

    def test_no_batch_no_recall_and_no_number_taken(self):
        complaint = self._complaint(self.env["stock.lot"])
        recalls_before = self.env["batch.recall"].search_count([])
        next_before = self._recall_sequence_next()
        for caller in (
            complaint.with_user(self.quality_user),
            # a context key changes nothing: RPC callers choose their context
            complaint.with_user(self.recall_manager).with_context(
                default_lot_ids=self.bars_1.ids, force_recall=True
            ),
        ):
            with self.assertRaisesRegex(UserError, "names no batch"):
                caller.action_create_recall()
        self.assertEqual(self.env["batch.recall"].search_count([]), recalls_before)
        self.assertEqual(self._recall_sequence_next(), next_before)
        self.assertFalse(complaint.recall_id)

    def test_with_batches_the_recall_starts(self):
        complaint = self._complaint(self.bars_1)
        next_before = self._recall_sequence_next()
        action = complaint.with_user(self.quality_user).action_create_recall()
        recall = self.env["batch.recall"].browse(action["res_id"])
        self.assertEqual(recall.lot_ids, self.bars_1)
        self.assertEqual(complaint.recall_id, recall)
        self.assertEqual(self._recall_sequence_next(), next_before + 1)

    def test_start_recall_button_hidden_without_batches(self):
        arch = (
            self.env["batch.complaint"]
            .with_user(self.quality_user)
            .get_view(view_type="form")["arch"]
        )
        self.assertIn("not lot_ids", arch.split('name="action_create_recall"')[1])
