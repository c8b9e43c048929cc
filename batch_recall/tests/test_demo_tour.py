# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The headline screens of the demo database in Chromium.

The tours (static/tests/tours/batch_demo_tour.js) open the screens a visitor
of the demo sees first and assert that the figures the demo story produced
are on screen: genealogy and where-used of the received oats, the mock
recall's mass balance, the recall's consignees, the recall notice as Green
Basket's portal user, and the scan screen in a phone-sized window.
"""

from odoo.tests import HttpCase, tagged


class DemoTourCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin = cls.env.ref("base.user_admin")
        if "tour_enabled" in admin._fields:
            admin.tour_enabled = False

    def _demo(self, xmlid):
        record = self.env.ref(xmlid, raise_if_not_found=False)
        self.assertTrue(record, f"demo record {xmlid} (install with demo data)")
        return record


@tagged("post_install", "-at_install", "is_tour")
class TestDemoTour(DemoTourCase):
    def test_batch_genealogy(self):
        oats = self._demo("batch_traceability.lot_oats_released_demo")
        self.start_tour(
            f"/odoo/action-batch_traceability.batch_lot_action/{oats.id}",
            "batch_demo_genealogy_tour",
            login="admin",
        )

    def test_where_used(self):
        oats = self._demo("batch_traceability.lot_oats_released_demo")
        self.start_tour(
            f"/odoo/action-batch_traceability.batch_lot_action/{oats.id}",
            "batch_demo_where_used_tour",
            login="admin",
        )

    def test_mock_recall_mass_balance(self):
        recall = self._demo("batch_recall.demo_mock_recall_honey")
        self.start_tour(
            f"/odoo/action-batch_recall.batch_recall_action_mock/{recall.id}",
            "batch_demo_mock_recall_tour",
            login="admin",
        )

    def test_recall_consignees_and_mass_balance(self):
        recall = self._demo("batch_recall.demo_recall_granola")
        self.start_tour(
            f"/odoo/action-batch_recall.batch_recall_action/{recall.id}",
            "batch_demo_recall_tour",
            login="admin",
        )

    def test_portal_notice(self):
        user = self._demo("batch_recall.demo_user_green_basket_portal")
        self.start_tour("/my", "batch_demo_portal_notice_tour", login=user.login)


@tagged("post_install", "-at_install", "is_tour")
class TestDemoScanPhone(DemoTourCase):
    # an iPhone SE's viewport, with touch events
    browser_size = "375x667"
    touch_enabled = True

    def test_scan_screen_at_phone_size(self):
        self._demo("batch_traceability.lot_granola_released_demo")
        self.start_tour(
            "/odoo/action-batch_traceability.action_batch_scan",
            "batch_demo_scan_phone_tour",
            login="admin",
        )
