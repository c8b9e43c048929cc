# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every list a smart button opens says what would be there when it is
empty (the lists of the menus carry theirs in their actions' XML)."""

from .common import RecallCommon


class TestActionHelp(RecallCommon):
    def _assert_help(self, action):
        self.assertIn("<p", str(action.get("help") or ""), action.get("name"))

    def test_smart_buttons_explain_empty_lists(self):
        recall = self._recall()
        recall.action_compute_scope()
        lot = self.bars_1
        for action in (
            recall.action_view_affected_lots(),
            recall.action_view_notices(),
            lot.action_view_batch_complaints(),
            lot.action_view_batch_recalls(),
            lot.action_view_batch_deliveries(),
            lot.action_view_batch_receipts(),
            lot.action_view_batch_upstream(),
            lot.action_view_batch_downstream(),
            lot.action_view_batch_where_used(),
            self.customer.action_view_batches_received(),
        ):
            self._assert_help(action)
        recall.action_launch()
        self._assert_help(recall.action_create_returns())
