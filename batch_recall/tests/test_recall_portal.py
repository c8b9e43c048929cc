# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer portal over HTTP: each customer contact sees and answers only
their own company's recall notices."""

import re

from odoo.tests import HttpCase, tagged

from .common import RecallCommon


@tagged("post_install", "-at_install")
class TestRecallPortal(RecallCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # RecallCommon._recall is an instance helper reading class attributes
        cls.recall = cls._recall(cls)
        cls.recall.action_compute_scope()
        cls.recall.action_launch()
        cls.recall.action_notify_customers()
        cls.notice_freshmart = cls.recall.notice_ids.filtered(
            lambda n: n.partner_id == cls.customer
        )
        cls.notice_deli = cls.recall.notice_ids.filtered(
            lambda n: n.partner_id == cls.customer_2
        )

    def test_list_and_notice_pages_are_isolated(self):
        self.authenticate("bt_portal_freshmart", "bt_portal_freshmart")
        listing = self.url_open("/my/recalls")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(f"/my/recalls/{self.notice_freshmart.id}?", listing.text)
        self.assertNotIn(f"/my/recalls/{self.notice_deli.id}?", listing.text)
        page = self.url_open(f"/my/recalls/{self.notice_freshmart.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("GRB-RC-1", page.text)
        self.assertNotIn("Corner Deli", page.text)
        # another customer's notice: sent back to the portal home
        other = self.url_open(f"/my/recalls/{self.notice_deli.id}")
        self.assertTrue(other.url.endswith("/my"), other.url)
        self.assertNotIn("GBX-RC-1", other.text)
        # the other customer sees its own notice, and not FreshMart's
        self.authenticate("bt_portal_deli", "bt_portal_deli")
        listing = self.url_open("/my/recalls")
        self.assertIn(f"/my/recalls/{self.notice_deli.id}?", listing.text)
        self.assertNotIn(f"/my/recalls/{self.notice_freshmart.id}?", listing.text)

    def test_portal_pages_open_in_the_browser(self):
        """The recall pages open in Chromium without a client error."""
        notice = f"/my/recalls/{self.notice_freshmart.id}"
        for url, marker in (
            ("/my", "o_portal"),
            ("/my/recalls", "o_portal"),
            (notice, "o_portal"),
        ):
            self.browser_js(
                url,
                f"if (!document.querySelector('.{marker}')) {{"
                f" console.error('{url}: no portal layout'); }}"
                " else { console.log('test successful'); }",
                "document.readyState === 'complete'",
                login="bt_portal_freshmart",
            )

    def test_answer_through_the_form(self):
        self.authenticate("bt_portal_freshmart", "bt_portal_freshmart")
        page = self.url_open(f"/my/recalls/{self.notice_freshmart.id}")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        lines = self.notice_freshmart.line_ids
        data = {"csrf_token": token, "comment": "Destroyed on site"}
        for line in lines:
            data[f"onhand_{line.id}"] = "0"
            data[f"destroyed_{line.id}"] = str(line.qty_shipped)
        # a line of another customer slipped into the form is ignored
        deli_line = self.notice_deli.line_ids[:1]
        data[f"destroyed_{deli_line.id}"] = "1"
        answer = self.url_open(
            f"/my/recalls/{self.notice_freshmart.id}/answer", data=data
        )
        self.assertEqual(answer.status_code, 200)
        self.assertIn("message=answered", answer.url)
        self.assertEqual(self.notice_freshmart.state, "answered")
        self.assertEqual(set(lines.mapped("state")), {"answered"})
        self.assertEqual(sum(lines.mapped("qty_unaccounted")), 0)
        self.assertEqual(deli_line.qty_destroyed, 0)
        # posting to the other customer's notice is refused
        self.url_open(
            f"/my/recalls/{self.notice_deli.id}/answer",
            data={"csrf_token": token, f"destroyed_{deli_line.id}": "1"},
        )
        self.assertEqual(deli_line.qty_destroyed, 0)
        self.assertNotEqual(self.notice_deli.state, "answered")

    def test_answer_refuses_nan_inf_negative_and_too_much(self):
        """Over HTTP as the customer's portal user: ``nan`` used to pass both
        quantity checks and make the line 100 % effective."""
        self.authenticate("bt_portal_freshmart", "bt_portal_freshmart")
        page = self.url_open(f"/my/recalls/{self.notice_freshmart.id}")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        line = self.notice_freshmart.line_ids.filtered(
            lambda x: x.partner_id == self.freshmart_dc
        )
        for on_hand, destroyed in (
            ("nan", "0"),
            ("0", "NaN"),
            ("inf", "0"),
            ("0", "-Infinity"),
            ("1e400", "0"),
            ("-1", "0"),
            ("0", "-3"),
            ("10", "16"),
            ("abc", "0"),
        ):
            answer = self.url_open(
                f"/my/recalls/{self.notice_freshmart.id}/answer",
                data={
                    "csrf_token": token,
                    f"onhand_{line.id}": on_hand,
                    f"destroyed_{line.id}": destroyed,
                },
            )
            self.assertEqual(answer.status_code, 200)
            self.assertIn("error=", answer.url, (on_hand, destroyed))
            self.assertNotIn("message=answered", answer.url)
            line.invalidate_recordset()
            self.assertEqual(line.state, "notified")
            self.assertEqual(
                (line.qty_destroyed, line.qty_customer_on_hand), (0.0, 0.0)
            )
            self.assertEqual(line.effectiveness, 0.0)
        self.assertEqual(self.notice_freshmart.state, "sent")
