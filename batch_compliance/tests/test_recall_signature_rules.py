# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Closing a recall of a company that asks for e-signatures needs the
Recall manager's signature on every path; the signature shows on the recall
and on its status report; recall lines and customers' answers are audited."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.batch_recall.tests.common import RecallCommon

from .test_compliance_reports import pdf_text


@tagged("post_install", "-at_install")
class TestRecallSignatureRules(RecallCommon):
    def _launched_mock_recall(self):
        recall = self._recall(recall_type="mock")
        recall.action_compute_scope()
        recall.action_launch()
        self.company.batch_require_esignature = True
        return recall

    def test_closing_needs_a_signature_on_every_path(self):
        recall = self._launched_mock_recall()
        state = recall.state
        with self.assertRaises(UserError):
            recall.with_context(batch_signature_done=True).write({"state": "closed"})
        with self.assertRaisesRegex(UserError, "electronic"):
            recall.with_context(batch_signature_done=True)._recall_transition("closed")
        action = recall.with_context(batch_signature_done=True).action_close()
        self.assertEqual(action["res_model"], "batch.signature.wizard")
        recall.invalidate_recordset()
        self.assertEqual(recall.state, state)
        context = {k[8:]: v for k, v in action["context"].items()}
        self.env["batch.signature.wizard"].with_user(self.recall_manager).create(
            dict(
                context,
                login=self.recall_manager.login,
                password=self.recall_manager.login,
            )
        ).action_sign()
        self.assertEqual(recall.state, "closed")
        signature = recall.batch_signature_ids
        self.assertEqual(signature.meaning, "Recall closed")
        self.assertEqual(len(signature.record_hash), 64)
        text = pdf_text(
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("batch_recall.action_report_recall_status", recall.ids)[0]
        )
        self.assertIn("Electronic signatures", text)
        self.assertIn(signature.record_hash[:16], text.replace("\n", ""))

    def test_recall_lines_and_answers_audited(self):
        recall = self._recall()
        recall.action_compute_scope()
        recall.action_launch()
        recall.action_notify_customers()
        notice = recall.notice_ids.filtered(lambda n: n.partner_id == self.customer_2)
        line = notice.line_ids[:1]
        notice.with_user(self.portal_deli)._batch_portal_answer(
            {line.id: {"on_hand": "0", "destroyed": "1"}}, comment="Destroyed"
        )
        Log = self.env["batch.audit.log"]
        entries = Log.search(
            [("res_model", "=", "batch.recall.line"), ("res_id", "=", line.id)]
        )
        self.assertIn("qty_destroyed", entries.mapped("field_name"))
        self.assertIn("state", entries.mapped("field_name"))
        answered = Log.search(
            [
                ("res_model", "=", "batch.recall.notice"),
                ("res_id", "=", notice.id),
                ("field_name", "=", "customer_comment"),
            ]
        )
        self.assertEqual(answered.new_value, "Destroyed")
        self.assertEqual(answered.user_login, "bt_portal_deli")
        self.assertFalse(Log._verify_chain([self.company.id]))
