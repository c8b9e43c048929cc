# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Temperature readings: processed within the reading's company only, kept as
recorded, finite, and imported with their time zone."""

import base64
from datetime import datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import BatchCommon


@tagged("post_install", "-at_install")
class TestRulesTemperature(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Nordic Chill AB"})
        cls.stock_b = (
            cls.env["stock.warehouse"]
            .search([("company_id", "=", cls.company_b.id)], limit=1)
            .lot_stock_id
        )
        cls.chiller = cls.env["stock.location"].create(
            {
                "name": "Chiller T",
                "usage": "internal",
                "location_id": cls.stock_location.id,
                "barcode": "CHILL-T-RULES",
            }
        )
        chilled = {"storage_temp_min": 2, "storage_temp_max": 8}
        cls.lot_a = cls._create_lot(cls.product_honey, "HON-TMP-A", **chilled)
        cls.lot_b = cls._create_lot(cls.product_honey, "HON-TMP-B", **chilled)
        cls._add_stock(cls.lot_a, 5, cls.chiller)
        cls._add_stock(cls.lot_b, 5, cls.stock_b)
        # the warehouse user of company A only
        cls.user_a = new_test_user(
            cls.env,
            login="bt_tmp_user_a",
            groups="stock.group_stock_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
            tz="Europe/Brussels",
        )
        cls.physical = cls.env.ref("stock.stock_location_locations")
        cls.Reading = cls.env["batch.temperature.reading"]

    def test_reading_on_a_shared_parent_stays_in_its_company(self):
        self.assertFalse(self.physical.company_id, "a location shared by companies")
        reading = self.Reading.with_user(self.user_a).create(
            {"location_id": self.physical.id, "temperature": 1000.0}
        )
        self.assertEqual(reading.company_id, self.company)
        self.assertIn(self.lot_a, reading.excursion_ids.lot_id)
        self.assertNotIn(self.lot_b, reading.excursion_ids.lot_id)
        # every batch it reached is stored in company A
        quants = self.env["stock.quant"].search(
            [
                ("lot_id", "in", reading.excursion_ids.lot_id.ids),
                ("quantity", ">", 0),
                ("location_id.usage", "=", "internal"),
            ]
        )
        self.assertEqual(quants.company_id, self.company)
        self.assertEqual(self.lot_a.batch_state, "quarantine")
        self.assertEqual(self.lot_b.batch_state, "released", "company B untouched")
        self.assertFalse(self.lot_b.storage_excursion_ids)
        # the status change went through the engine with a system reason
        self.assertIn(f"reading #{reading.id}", self.lot_a.message_ids[0].body)

    def test_reading_of_a_batch_stored_in_another_company(self):
        reading = self.Reading.with_user(self.user_a).create(
            {
                "location_id": self.chiller.id,
                "lot_id": self.lot_b.id,
                "temperature": 40.0,
            }
        )
        self.assertFalse(reading.excursion_ids)
        self.assertEqual(self.lot_b.batch_state, "released")

    def test_reading_of_company_a_on_a_location_of_company_b_refused(self):
        with self.assertRaises(UserError):
            self.Reading.create(
                {
                    "company_id": self.company.id,
                    "location_id": self.stock_b.id,
                    "temperature": 40.0,
                }
            )
        self.assertEqual(self.lot_b.batch_state, "released")
        self.assertFalse(self.Reading.search([("location_id", "=", self.stock_b.id)]))

    def test_reading_on_a_customer_location_refused(self):
        with self.assertRaises(ValidationError):
            self.Reading.with_user(self.user_a).create(
                {"location_id": self.customer_location.id, "temperature": 40.0}
            )

    def test_readings_are_kept_as_recorded(self):
        reading = self.Reading.with_user(self.user_a).create(
            {"location_id": self.chiller.id, "temperature": 5.0}
        )
        for vals in (
            {"temperature": 4.0},
            {"reading_time": datetime(2020, 1, 1)},
            {"location_id": self.stock_location.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                reading.write(vals)
        self.assertEqual(reading.temperature, 5.0)
        reading.write({"note": "Door left open during unloading"})
        self.assertEqual(reading.note, "Door left open during unloading")
        with self.assertRaises(UserError):
            reading.with_user(self.quality_manager).unlink()
        self.assertTrue(reading.exists())

    def test_nan_and_infinity_refused(self):
        for value in (float("nan"), float("inf"), float("-inf")):
            for field in ("temperature", "humidity"):
                vals = {"location_id": self.chiller.id, "temperature": 5.0}
                vals[field] = value
                with (
                    self.subTest(field=field, value=value),
                    self.assertRaises(ValidationError),
                ):
                    self.Reading.with_user(self.user_a).create(vals)
        self.assertFalse(self.Reading.search([("location_id", "=", self.chiller.id)]))
        self.assertEqual(self.lot_a.batch_state, "released")

    def _import(self, text, user=None):
        wizard = (
            self.env["batch.temperature.import.wizard"]
            .with_user(user or self.user_a)
            .create({"file": base64.b64encode(text.encode()), "filename": "t.csv"})
        )
        return wizard.action_import()

    def test_import_refuses_nan_with_its_row(self):
        for bad in ("nan", "inf", "-Infinity"):
            with self.subTest(value=bad):
                with self.assertRaises(UserError) as error:
                    self._import(
                        "location,time,temperature,humidity\n"
                        "CHILL-T-RULES,2026-11-24 06:00:00,4,50\n"
                        f"CHILL-T-RULES,2026-11-24 07:00:00,{bad},50\n"
                    )
                self.assertIn("row 3", str(error.exception))
                self.assertIn("finite", str(error.exception))
        with self.assertRaises(UserError) as error:
            self._import(
                "location,time,temperature,humidity\n"
                "CHILL-T-RULES,2026-11-24 06:00:00,4,nan\n"
            )
        self.assertIn("row 2", str(error.exception))
        self.assertFalse(self.Reading.search([("location_id", "=", self.chiller.id)]))

    def test_import_keeps_the_time_zone(self):
        self._import(
            "location,time,temperature\n"
            "CHILL-T-RULES,2026-11-24T06:00:00+02:00,4\n"
            "CHILL-T-RULES,2026-11-24T07:00:00Z,4\n"
            # no offset: the importing user's time zone (Brussels, UTC+1)
            "CHILL-T-RULES,2026-11-24 08:00:00,4\n"
        )
        times = sorted(
            self.Reading.search([("location_id", "=", self.chiller.id)]).mapped(
                "reading_time"
            )
        )
        self.assertEqual(
            times,
            [
                datetime(2026, 11, 24, 4, 0),
                datetime(2026, 11, 24, 7, 0),
                datetime(2026, 11, 24, 7, 0),
            ],
        )

    def test_excursion_findings_not_writable(self):
        reading = self.Reading.with_user(self.user_a).create(
            {"location_id": self.chiller.id, "temperature": 12.0}
        )
        excursion = reading.excursion_ids.with_user(self.quality_user)
        self.assertTrue(excursion)
        with self.assertRaises(UserError):
            excursion.write({"state": "reviewed", "reviewer_id": self.stock_user.id})
        with self.assertRaises(UserError):
            excursion.write({"kind": "too_cold"})
        excursion.write({"review_note": "Probe checked"})
        with self.assertRaises(UserError):
            excursion.action_mark_reviewed()
        excursion.with_user(self.quality_manager).action_mark_reviewed()
        self.assertEqual(excursion.state, "reviewed")
        self.assertEqual(excursion.reviewer_id, self.quality_manager)

    def test_graph_groups_by_a_supported_interval(self):
        """Odoo 18's search model accepts year/quarter/month/week/day only."""
        arch = self.env.ref(
            "batch_traceability.batch_temperature_reading_view_graph"
        ).arch
        self.assertIn('interval="day"', arch)
        self.assertNotIn('interval="hour"', arch)
