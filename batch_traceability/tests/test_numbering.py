# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Batch numbering formats."""

from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import SQL

from .common import BatchCommon


@tagged("post_install", "-at_install")
class TestNumbering(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fmt = cls.env["batch.numbering.format"].create(
            {
                "name": "Granola bars",
                "pattern": "{YY}{JJJ}-{FAC}-{PROD}-{SEQ:3}",
                "product_tmpl_id": cls.product_bar.product_tmpl_id.id,
                "reset": "day",
            }
        )

    def test_tokens_and_daily_counter(self):
        Lot = self.env["stock.lot"]
        day = date(2025, 8, 1)  # day 213 of 2025
        names = [
            Lot._batch_next_name(self.product_bar, self.facility, day)
            for _i in range(3)
        ]
        self.assertEqual(
            names, ["25213-TP1-GRB-001", "25213-TP1-GRB-002", "25213-TP1-GRB-003"]
        )
        self.assertEqual(
            Lot._batch_next_name(self.product_bar, self.facility, date(2025, 8, 2)),
            "25214-TP1-GRB-001",
            "the counter restarts every day",
        )
        self.fmt.reset = "never"
        first = Lot._batch_next_name(self.product_bar, self.facility, date(2025, 8, 3))
        second = Lot._batch_next_name(self.product_bar, self.facility, date(2025, 8, 4))
        self.assertEqual((first[-3:], second[-3:]), ("001", "002"))

    def _sequence_exists(self, name):
        self.env.cr.execute(SQL("SELECT to_regclass(%s) IS NOT NULL", name))
        return self.env.cr.fetchone()[0]

    def test_counter_is_a_sequence_per_format_and_day(self):
        """Each day's counter is a PostgreSQL sequence named after the
        format id and the day (never after text a user typed), dropped with
        its format."""
        Lot = self.env["stock.lot"]
        Lot._batch_next_name(self.product_bar, self.facility, date(2025, 8, 1))
        name = f"batch_numbering_{self.fmt.id}_20250801"
        self.assertTrue(self._sequence_exists(name))
        self.fmt.unlink()
        self.assertFalse(self._sequence_exists(name))
        self.assertFalse(
            Lot._batch_next_name(self.product_bar, self.facility, date(2025, 8, 1))
        )

    def test_counters_of_the_former_table_carry_on(self):
        """Counters kept by earlier versions in batch_numbering_counter go on
        from their last value after the update; the table is dropped."""
        cr = self.env.cr
        cr.execute(
            """
            CREATE TABLE IF NOT EXISTS batch_numbering_counter (
                format_id integer NOT NULL, period varchar NOT NULL,
                value integer NOT NULL, PRIMARY KEY (format_id, period))
            """
        )
        cr.execute(
            SQL(
                "INSERT INTO batch_numbering_counter VALUES (%s, '2025-08-01', 41)",
                self.fmt.id,
            )
        )
        self.fmt.init()
        self.assertFalse(self._sequence_exists("batch_numbering_counter"))
        self.assertEqual(
            self.env["stock.lot"]._batch_next_name(
                self.product_bar, self.facility, date(2025, 8, 1)
            ),
            "25213-TP1-GRB-042",
        )

    def test_lot_created_without_name_gets_a_formatted_number(self):
        lot = self.env["stock.lot"].create(
            {
                "product_id": self.product_bar.id,
                "facility_id": self.facility.id,
                "production_date": "2025-08-01 06:00:00",
            }
        )
        self.assertEqual(lot.name, "25213-TP1-GRB-001")
        # a product without format keeps Odoo's sequence
        other = self.env["stock.lot"].create({"product_id": self.product_honey.id})
        self.assertNotIn("HON", other.name)

    def test_hand_typed_number_is_skipped(self):
        today = date(2025, 8, 1)
        self._create_lot(self.product_bar, "25213-TP1-GRB-001")
        self.assertEqual(
            self.env["stock.lot"]._batch_next_name(
                self.product_bar, self.facility, today
            ),
            "25213-TP1-GRB-002",
        )

    def test_category_and_facility_formats(self):
        category = self.env["product.category"].create({"name": "Sweeteners"})
        child = self.env["product.category"].create(
            {"name": "Honey", "parent_id": category.id}
        )
        self.product_honey.categ_id = child
        self.env["batch.numbering.format"].create(
            {
                "name": "Sweeteners",
                "pattern": "SW{YYYY}{MM}{DD}-{SEQ:4}",
                "categ_id": category.id,
            }
        )
        self.env["batch.numbering.format"].create(
            {
                "name": "Plant",
                "pattern": "{FAC}/{SEQ:5}",
                "facility_id": self.facility.id,
            }
        )
        Lot = self.env["stock.lot"]
        self.assertEqual(
            Lot._batch_next_name(self.product_honey, self.facility, date(2025, 8, 1)),
            "SW20250801-0001",
        )
        self.assertEqual(
            Lot._batch_next_name(self.product_oats, self.facility, date(2025, 8, 1)),
            "TP1/00001",
        )

    def test_overlapping_and_invalid_formats_refused(self):
        with self.assertRaises(ValidationError):
            self.env["batch.numbering.format"].create(
                {
                    "name": "Duplicate",
                    "pattern": "{PROD}-{SEQ:4}",
                    "product_tmpl_id": self.product_bar.product_tmpl_id.id,
                }
            )
        with self.assertRaises(ValidationError):
            self.env["batch.numbering.format"].create(
                {
                    "name": "No counter",
                    "pattern": "{YY}{JJJ}",
                    "facility_id": self.facility.id,
                }
            )
        with self.assertRaises(ValidationError):
            self.env["batch.numbering.format"].create(
                {
                    "name": "Typo",
                    "pattern": "{YEAR}-{SEQ:3}",
                    "facility_id": self.facility.id,
                }
            )
        with self.assertRaises(ValidationError):
            self.env["batch.numbering.format"].create(
                {"name": "No scope", "pattern": "{SEQ:3}"}
            )
        self.assertIn("GRB", self.fmt.preview)

    def test_manufacturing_order_numbers_its_batch(self):
        mo_form = Form(self.env["mrp.production"])
        mo_form.product_id = self.product_bar
        mo_form.bom_id = self.bom_bar
        mo_form.product_qty = 100
        production = mo_form.save()
        production.action_confirm()
        production.action_generate_serial()
        lot = production.lot_producing_id
        # the facility operating the manufacturing warehouse (the demo data
        # may have one too)
        self.assertEqual(lot.facility_id.warehouse_id, self.warehouse)
        self.assertRegex(lot.name, rf"^\d{{5}}-{lot.facility_id.code}-GRB-\d{{3}}$")
