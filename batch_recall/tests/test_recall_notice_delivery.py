# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Recall notices tell the truth: a notice is Sent, and its lines Notified,
only once the mail server took the letter; failures are listed on the recall
and sent again; nothing goes out without the customer statement and
instructions, and the letter can be previewed first. Customers never read
the internal reason."""

from unittest.mock import patch

from odoo.exceptions import AccessError, UserError

from odoo.addons.mail.tests.common import MockEmail

from .common import RecallCommon

INTERNAL = "metal detector log shows a gap on line 2"
STATEMENT = "Some bars may contain small pieces of metal."


class TestRecallNoticeDelivery(RecallCommon, MockEmail):
    def _launched(self, **vals):
        recall = self._recall(
            reason=f"Internal: {INTERNAL}.", customer_statement=STATEMENT, **vals
        )
        recall.action_compute_scope()
        recall.action_launch()
        return recall.with_user(self.recall_manager)

    def _no_mail_server(self):
        """The SMTP connection fails, as without any reachable mail server."""
        return patch.object(
            type(self.env["ir.mail_server"]),
            "connect",
            side_effect=ConnectionRefusedError("Connection refused"),
        )

    def test_failed_mail_leaves_notices_failed_and_lines_pending(self):
        recall = self._launched()
        with self.mock_mail_gateway(), self._no_mail_server():
            recall.action_notify_customers()
        notices = recall.notice_ids
        self.assertEqual(len(notices), 2)
        self.assertEqual(set(notices.mapped("state")), {"failed"})
        self.assertTrue(all(notices.mapped("failure_reason")))
        self.assertFalse(any(notices.mapped("sent_at")))
        self.assertEqual(set(recall.line_ids.mapped("state")), {"pending"})
        self.assertEqual(recall.notice_failed_ids, notices)
        self.assertEqual(recall.notice_failed_count, 2)
        bodies = " ".join(recall.message_ids.mapped("body"))
        self.assertIn("NOT delivered", bodies)
        self.assertNotIn("Recall notices sent to", bodies)
        # the status report counts nobody as notified
        self.assertEqual(recall._recall_status_figures()["notified"], 0)

        # the mail server is back: resend
        with self.mock_mail_gateway():
            recall.action_resend_failed_notices()
        self.assertEqual(set(notices.mapped("state")), {"sent"})
        self.assertTrue(all(notices.mapped("sent_at")))
        self.assertFalse(any(notices.mapped("failure_reason")))
        self.assertEqual(set(recall.line_ids.mapped("state")), {"notified"})
        self.assertFalse(recall.notice_failed_ids)
        self.assertEqual(recall._recall_status_figures()["notified"], 2)

    def test_delivered_mail_sends_the_statement_not_the_reason(self):
        recall = self._launched()
        with self.mock_mail_gateway():
            recall.action_notify_customers()
        self.assertEqual(set(recall.notice_ids.mapped("state")), {"sent"})
        self.assertEqual(set(recall.line_ids.mapped("state")), {"notified"})
        self.assertEqual(len(self._mails), 2)
        for mail in self._mails:
            self.assertIn(STATEMENT, mail["body"])
            self.assertIn("Set the batches aside", mail["body"])
            self.assertNotIn(INTERNAL, mail["body"])

    def test_queued_mail_is_not_sent_until_the_server_took_it(self):
        recall = self._launched()
        with self.mock_mail_gateway():
            recall.with_context(mail_notify_force_send=False).action_notify_customers()
            notices = recall.notice_ids
            self.assertEqual(set(notices.mapped("state")), {"queued"})
            self.assertEqual(set(recall.line_ids.mapped("state")), {"pending"})
            # the mail queue runs (cron)
            self.env["mail.mail"].sudo().process_email_queue()
        self.assertEqual(set(notices.mapped("state")), {"sent"})
        self.assertEqual(set(recall.line_ids.mapped("state")), {"notified"})

    def test_customer_without_email_fails_and_is_listed(self):
        self.customer_2.email = False
        recall = self._launched()
        with self.mock_mail_gateway():
            recall.action_notify_customers()
        deli = recall.notice_ids.filtered(lambda n: n.partner_id == self.customer_2)
        freshmart = recall.notice_ids - deli
        self.assertEqual(deli.state, "failed")
        self.assertEqual(freshmart.state, "sent")
        self.assertEqual(recall.notice_failed_ids, deli)
        lines_deli = recall.line_ids.filtered(
            lambda line: line.commercial_partner_id == self.customer_2
        )
        self.assertEqual(set(lines_deli.mapped("state")), {"pending"})

    def test_no_notice_without_statement_or_instructions(self):
        for vals in (
            {"customer_statement": False},
            {"customer_statement": "   "},
            {"instructions": False},
            {"instructions": "<p><br></p>"},
        ):
            with self.subTest(vals=vals):
                recall = self._launched()
                # the text is emptied after launch: a Recall manager may
                recall.write(vals)
                for caller in (recall, recall.with_context(any_key=True)):
                    for method in (
                        "action_notify_customers",
                        "action_preview_notices",
                    ):
                        with (
                            self.mock_mail_gateway(),
                            self.assertRaisesRegex(UserError, "before notifying"),
                        ):
                            getattr(caller, method)()
                        self.assertFalse(self._new_mails)
                self.assertFalse(recall.notice_ids)
                self.assertEqual(set(recall.line_ids.mapped("state")), {"pending"})

    def test_preview_shows_one_customers_letter_then_sends(self):
        recall = self._launched()
        with self.mock_mail_gateway():
            action = recall.action_preview_notices()
            self.assertFalse(self._new_mails, "a preview sends nothing")
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        wizard = wizard.with_user(self.recall_manager)
        self.assertEqual(set(recall.notice_ids.mapped("state")), {"draft"})
        self.assertEqual(wizard.notice_count, 2)
        deli = recall.notice_ids.filtered(lambda n: n.partner_id == self.customer_2)
        wizard.notice_id = deli
        self.assertIn(recall.name, wizard.subject)
        self.assertIn(STATEMENT, wizard.body_html)
        self.assertIn("GBX-RC-1", wizard.body_html)
        self.assertNotIn("GRB-RC-1", wizard.body_html, "only this customer's")
        self.assertNotIn(INTERNAL, wizard.body_html)
        self.assertIn("owner@cornerdeli.example.com", wizard.email_to)
        with self.mock_mail_gateway():
            wizard.action_send()
        self.assertEqual(set(recall.notice_ids.mapped("state")), {"sent"})
        self.assertEqual(len(self._mails), 2)

    def test_only_recall_managers_preview_send_and_resend(self):
        recall = self._launched()
        with self.mock_mail_gateway(), self._no_mail_server():
            recall.action_notify_customers()
        as_quality = recall.with_user(self.quality_user)
        for method in (
            "action_preview_notices",
            "action_notify_customers",
            "action_resend_failed_notices",
        ):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(as_quality, method)()
        self.assertEqual(set(recall.notice_ids.mapped("state")), {"failed"})

    def test_delivery_fields_are_not_writable(self):
        recall = self._launched()
        with self.mock_mail_gateway(), self._no_mail_server():
            recall.action_notify_customers()
        notice = recall.notice_ids[:1].with_user(self.recall_manager)
        for vals in ({"state": "sent"}, {"failure_reason": False}):
            for caller in (notice, notice.with_context(any_key=True)):
                with self.subTest(vals=vals), self.assertRaises(UserError):
                    caller.write(vals)
        result = (
            self.env["batch.recall.notice"]
            .with_user(self.recall_manager)
            .load([".id", "state"], [[str(notice.id), "sent"]])
        )
        self.assertFalse(result["ids"])
        self.assertEqual(notice.state, "failed")
        self.assertTrue(notice.failure_reason)

    def test_letter_pdf_prints_the_statement_not_the_reason(self):
        recall = self._launched()
        with self.mock_mail_gateway():
            recall.action_notify_customers()
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "batch_recall.report_recall_notice", recall.notice_ids.ids
        )
        html = html.decode()
        self.assertIn(STATEMENT, html)
        self.assertNotIn(INTERNAL, html)
