# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Expiry monitoring, storage excursions and the distribution pathway."""

import base64
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import BatchCommon


@tagged("post_install", "-at_install")
class TestExpiryStorage(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_honey.standard_price = 4.0
        cls.product_honey.alert_time = 30
        cls.chiller = cls.env["stock.location"].create(
            {
                "name": "Chiller 2",
                "usage": "internal",
                "location_id": cls.stock_location.id,
                "barcode": "CHILL-02-TEST",
            }
        )
        cls.lot_soon = cls._create_lot(
            cls.product_honey, "HON-EXP-SOON", expiration_days=20
        )
        cls.lot_later = cls._create_lot(
            cls.product_honey, "HON-EXP-LATE", expiration_days=400
        )
        cls.lot_gone = cls._create_lot(
            cls.product_honey, "HON-EXP-GONE", expiration_days=-3
        )
        for lot in (cls.lot_soon, cls.lot_later, cls.lot_gone):
            cls._add_stock(lot, 10)

    # -- expiry ------------------------------------------------------------
    def test_expiry_report_buckets_and_value(self):
        report = self.env["batch.expiry.report"].search(
            [("lot_id", "in", (self.lot_soon | self.lot_later | self.lot_gone).ids)]
        )
        by_lot = {r.lot_id: r for r in report}
        self.assertEqual(by_lot[self.lot_soon].bucket, "30")
        self.assertEqual(by_lot[self.lot_later].bucket, "later")
        self.assertEqual(by_lot[self.lot_gone].bucket, "expired")
        self.assertEqual(by_lot[self.lot_soon].quantity, 10)
        self.assertEqual(by_lot[self.lot_soon].value, 40)
        self.assertEqual(by_lot[self.lot_soon].warehouse_id, self.warehouse)

    def test_will_expire_before_it_sells(self):
        # 9 kg sold over the last 90 days: 0.1 kg a day, 10 kg need 100 days
        self._deliver(self.customer, self.product_honey, 9, self.lot_later)
        self.env.flush_all()
        report = self.env["batch.expiry.report"].search(
            [("lot_id", "in", (self.lot_soon | self.lot_later).ids)]
        )
        by_lot = {r.lot_id: r for r in report}
        self.assertAlmostEqual(by_lot[self.lot_soon].daily_sales, 0.1)
        self.assertAlmostEqual(by_lot[self.lot_soon].days_to_sell, 100)
        self.assertTrue(by_lot[self.lot_soon].expires_before_sold)
        self.assertFalse(
            by_lot[self.lot_later].expires_before_sold, "1 kg left, 400 days"
        )

    def test_expiry_cron_one_activity_per_batch(self):
        self.product_honey.responsible_id = self.quality_manager
        Lot = self.env["stock.lot"]
        Lot._batch_cron_expiry_activities()
        activity_type = self.env.ref(
            "batch_traceability.mail_activity_type_batch_expiry"
        )
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "stock.lot"),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        ours = activities.filtered(
            lambda a: a.res_id in (self.lot_soon | self.lot_later | self.lot_gone).ids
        )
        self.assertEqual(
            set(ours.mapped("res_id")), {self.lot_soon.id, self.lot_gone.id}
        )
        self.assertEqual(ours.user_id, self.quality_manager)
        Lot._batch_cron_expiry_activities()
        again = self.env["mail.activity"].search_count(
            [
                ("res_model", "=", "stock.lot"),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        self.assertEqual(again, len(activities), "no duplicate on re-run")

    # -- storage -----------------------------------------------------------
    def test_excursion_quarantines_batches_in_the_location(self):
        chilled = self._create_lot(
            self.product_honey, "HON-CHL-1", storage_temp_min=2, storage_temp_max=8
        )
        ambient = self._create_lot(self.product_honey, "HON-AMB-1")
        self._add_stock(chilled, 5, self.chiller)
        self._add_stock(ambient, 5, self.chiller)
        Reading = self.env["batch.temperature.reading"].with_user(self.stock_user)
        ok = Reading.create({"location_id": self.chiller.id, "temperature": 5.0})
        self.assertFalse(ok.is_excursion)
        warm = Reading.create(
            {
                "location_id": self.chiller.id,
                "temperature": 11.5,
                "source": "Logger T-77",
            }
        )
        self.assertTrue(warm.is_excursion)
        self.assertEqual(warm.excursion_ids.lot_id, chilled, "no range, no excursion")
        self.assertEqual(warm.excursion_ids.kind, "too_hot")
        self.assertEqual(chilled.batch_state, "quarantine")
        self.assertEqual(ambient.batch_state, "released")
        self.assertIn("11.5", chilled.message_ids[0].body)
        self.assertTrue(chilled.activity_ids)

    def test_csv_import_all_or_nothing(self):
        chilled = self._create_lot(
            self.product_honey, "HON-CHL-2", storage_temp_min=2, storage_temp_max=8
        )
        self._add_stock(chilled, 5, self.chiller)
        bad = (
            "location,time,temperature\n"
            "CHILL-02-TEST,2026-11-24 06:00:00,4\n"
            "NOWHERE,2026-11-24 07:00:00,5\n"
        )
        wizard = self.env["batch.temperature.import.wizard"].create(
            {"file": base64.b64encode(bad.encode()), "filename": "logger.csv"}
        )
        with self.assertRaises(UserError) as error:
            wizard.action_import()
        self.assertIn("row 3", str(error.exception))
        self.assertFalse(
            self.env["batch.temperature.reading"].search(
                [("location_id", "=", self.chiller.id)]
            )
        )
        good = (
            "location,time,temperature,humidity\n"
            "CHILL-02-TEST,2026-11-24T06:00:00,4,60\n"
            "CHILL-02-TEST,2026-11-24 07:00:00,1.0,60\n"
        )
        wizard.file = base64.b64encode(good.encode())
        wizard.action_import()
        readings = self.env["batch.temperature.reading"].search(
            [("location_id", "=", self.chiller.id)]
        )
        self.assertEqual(len(readings), 2)
        self.assertEqual(readings.excursion_ids.kind, "too_cold")
        self.assertEqual(chilled.batch_state, "quarantine")

    # -- distribution ------------------------------------------------------
    def test_distribution_pathway(self):
        self._receive(
            self.product_honey,
            20,
            "HON-DIST-1",
            vendor=self.vendor_honey,
            supplier_lot="BV-2231",
        )
        lot = self.env["stock.lot"].search([("name", "=", "HON-DIST-1")])
        self._deliver(self.customer, self.product_honey, 5, lot)
        self._deliver(self.customer_2, self.product_honey, 3, lot)
        self.assertEqual(lot.batch_receipt_count, 1)
        self.assertEqual(lot.batch_customer_count, 2)
        self.assertEqual(lot.batch_delivery_count, 2)
        self.assertEqual(lot.batch_receipt_line_ids.batch_supplier_lot, "BV-2231")
        self.assertEqual(sum(lot.batch_delivery_line_ids.mapped("quantity")), 8)
        action = lot.action_view_batch_deliveries()
        self.assertEqual(
            self.env["stock.move.line"].search(action["domain"]),
            lot.batch_delivery_line_ids,
        )
        self.assertTrue(
            fields.Datetime.now() - timedelta(days=1)
            < lot.batch_delivery_line_ids[0].date
        )
