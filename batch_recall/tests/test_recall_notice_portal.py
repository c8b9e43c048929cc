# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Over HTTP, the customer's recall page shows the statement written for
customers, never the internal reason; a letter still in preparation (draft)
is not shown to the customer."""

import re

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import RecallCommon

INTERNAL = "metal detector log shows a gap on line 2"
STATEMENT = "Some bars may contain small pieces of metal."


@tagged("post_install", "-at_install")
class TestRecallNoticePortalText(RecallCommon, HttpCase):
    def _launched(self):
        recall = self._recall(
            reason=f"Internal: {INTERNAL}.", customer_statement=STATEMENT
        )
        recall.action_compute_scope()
        recall.action_launch()
        return recall

    def test_portal_page_shows_statement_not_internal_reason(self):
        recall = self._launched()
        recall.action_notify_customers()
        notice = recall.notice_ids.filtered(lambda n: n.partner_id == self.customer)
        self.authenticate("bt_portal_freshmart", "bt_portal_freshmart")
        page = self.url_open(f"/my/recalls/{notice.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(STATEMENT, page.text)
        self.assertIn("GRB-RC-1", page.text)
        self.assertNotIn(INTERNAL, page.text)
        # the public link of the e-mail (access token) shows the same text
        self.authenticate(None, None)
        public = self.url_open(notice.get_portal_url())
        self.assertEqual(public.status_code, 200)
        self.assertIn(STATEMENT, public.text)
        self.assertNotIn(INTERNAL, public.text)

    def test_draft_notice_is_not_shown_to_the_customer(self):
        recall = self._launched()
        recall.with_user(self.recall_manager).action_preview_notices()
        notice = recall.notice_ids.filtered(lambda n: n.partner_id == self.customer)
        self.assertEqual(notice.state, "draft")
        self.authenticate("bt_portal_freshmart", "bt_portal_freshmart")
        listing = self.url_open("/my/recalls")
        self.assertNotIn(f"/my/recalls/{notice.id}", listing.text)
        page = self.url_open(f"/my/recalls/{notice.id}")
        self.assertTrue(page.url.endswith("/my"), page.url)
        self.assertNotIn(STATEMENT, page.text)
        # nor can an answer be posted on it
        account = self.url_open("/my/account")
        token = re.search(r'name="csrf_token" value="([^"]+)"', account.text).group(1)
        line = notice.line_ids[:1]
        answer = self.url_open(
            f"/my/recalls/{notice.id}/answer",
            data={"csrf_token": token, f"destroyed_{line.id}": "1"},
        )
        self.assertTrue(answer.url.endswith("/my"), answer.url)
        self.assertEqual(
            set(recall.line_ids.mapped("state")), {"pending"}, "nothing recorded"
        )
        # nor read through RPC: the record rule hides drafts from the portal
        portal = self.env["res.users"].search([("login", "=", "bt_portal_freshmart")])
        Notice = self.env["batch.recall.notice"].with_user(portal)
        self.assertNotIn(notice, Notice.search([]))
        with self.assertRaises(AccessError):
            notice.with_user(portal).read(["state"])
