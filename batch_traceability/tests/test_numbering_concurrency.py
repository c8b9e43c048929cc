# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Batch numbering under concurrency: several real database connections
(as several users on several workers) number batches of one format at once.

Each connection commits, like the requests it stands for, so what the setup
commits is removed again in ``addCleanup``.
"""
# Committing is what these tests are about (concurrent transactions see each
# other's commits only); they never commit the test's own cursor.
# pylint: disable=invalid-commit

import functools
import logging
import threading
import uuid
from datetime import date

from odoo import api, sql_db
from odoo.service.model import retrying
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

DAY = date(2025, 8, 1)  # day 213 of 2025


@tagged("post_install", "-at_install")
class TestNumberingConcurrency(TransactionCase):
    def setUp(self):
        super().setUp()
        self.dbname = self.env.cr.dbname
        self.addCleanup(self._remove_committed_data)
        self.ids = {}
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, DISABLED_MAIL_CONTEXT)
            category = env["product.category"].create({"name": "Concurrency bars"})
            products = env["product.product"].create(
                [
                    {
                        "name": f"Concurrency bar {code}",
                        "default_code": code,
                        "is_storable": True,
                        "tracking": "lot",
                        "categ_id": category.id,
                    }
                    for code in ("CB1", "CB2")
                ]
            )
            fmt = env["batch.numbering.format"].create(
                {
                    "name": "Concurrency bars",
                    "pattern": "{YY}{JJJ}-{PROD}-{SEQ:3}",
                    "categ_id": category.id,
                    "reset": "day",
                }
            )
            user = new_test_user(
                env,
                login=f"concurrency_stock_user_{uuid.uuid4().hex[:8]}",
                groups="stock.group_stock_user",
                context=DISABLED_MAIL_CONTEXT,
            )
            self.ids = {
                "category": category.id,
                "products": products.ids,
                "format": fmt.id,
                "user": user.id,
                "partner": user.partner_id.id,
            }
            cr.commit()

    def _cursor(self):
        # a real connection of its own, not the test's (rolled back) cursor
        return sql_db.db_connect(self.dbname).cursor()

    def _remove_committed_data(self):
        if not self.ids:
            return
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, DISABLED_MAIL_CONTEXT)
            products = env["product.product"].browse(self.ids["products"])
            env["stock.lot"].search([("product_id", "in", products.ids)]).unlink()
            # the templates take their variants along
            products.product_tmpl_id.unlink()
            # unlinking the format drops its counter sequences
            env["batch.numbering.format"].browse(self.ids["format"]).unlink()
            env["product.category"].browse(self.ids["category"]).unlink()
            env["res.users"].browse(self.ids["user"]).unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()
            cr.commit()

    def _sequences(self):
        with self._cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT relname FROM pg_class WHERE relkind = 'S' "
                    "AND relname LIKE %s",
                    f"batch\\_numbering\\_{self.ids['format']}\\_%",
                )
            )
            return sorted(row[0] for row in cr.fetchall())

    def _run_together(self, work, threads_count):
        """Run ``work(env, index)`` in ``threads_count`` threads, each with its
        own connection and environment (as the stock user), released at the
        same moment; return the exceptions they raised."""
        barrier = threading.Barrier(threads_count, timeout=30)
        errors = []

        def run(index):
            try:
                with self._cursor() as cr:
                    env = api.Environment(cr, self.ids["user"], DISABLED_MAIL_CONTEXT)
                    env.cr.execute("SELECT 1")  # connected before the start
                    barrier.wait()
                    work(env, index)
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(repr(error))

        threads = [
            threading.Thread(target=run, args=(index,))
            for index in range(threads_count)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertFalse(any(thread.is_alive() for thread in threads), "stuck")
        return errors

    def test_concurrent_numbers_never_conflict(self):
        """4 users on 4 connections each take 6 batch numbers for two
        products sharing a format (what creating a batch or generating an
        MO's batch asks for), one transaction per number, all starting
        together on a day whose counter does not exist yet: every number is
        given at the first try (no conflict, so no retry) and none twice."""
        threads_count, per_thread = 4, 6
        names = []

        def work(env, index):
            products = env["product.product"].browse(self.ids["products"])
            for i in range(per_thread):
                product = products[(index + i) % 2]
                names.append(env["stock.lot"]._batch_next_name(product, None, DAY))
                env.cr.commit()

        self.assertEqual(self._run_together(work, threads_count), [])
        self.assertEqual(len(names), threads_count * per_thread)
        self.assertTrue(all(name.startswith("25213-CB") for name in names))
        numbers = sorted(int(name.rsplit("-", 1)[1]) for name in names)
        self.assertEqual(
            numbers,
            list(range(1, threads_count * per_thread + 1)),
            "one counter for the format, whatever the product: no number "
            "twice, and no gap when nothing was rolled back",
        )
        self.assertEqual(
            self._sequences(), [f"batch_numbering_{self.ids['format']}_20250801"]
        )

    def test_concurrent_batch_creation_never_collides(self):
        """4 users create batches at once, each batch in its own request
        (Odoo's request retry around it, as over JSON-RPC): every batch is
        created, no two get the same number, and no statement of the
        numbering ever failed. Other rules of a batch's creation may still
        make a request retry (e.g. an audit trail chained per company)."""
        threads_count, per_thread = 4, 2
        failed = []

        class Failed(logging.Handler):
            def emit(self, record):
                failed.append(record.getMessage())

        sql_logger = logging.getLogger("odoo.sql_db")
        handler = Failed(logging.ERROR)
        sql_logger.addHandler(handler)
        # expected concurrency errors that the retry handles: kept out of
        # the log, checked below
        self.patch(sql_logger, "propagate", False)
        self.addCleanup(sql_logger.removeHandler, handler)

        def work(env, index):
            for i in range(per_thread):
                product_id = self.ids["products"][(index + i) % 2]
                create = functools.partial(
                    env["stock.lot"].create,
                    {"product_id": product_id, "production_date": "2025-08-01 06:00"},
                )
                retrying(create, env)
                env.cr.commit()

        self.assertEqual(self._run_together(work, threads_count), [])
        with self._cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT name FROM stock_lot WHERE product_id = ANY(%s)",
                    self.ids["products"],
                )
            )
            names = [row[0] for row in cr.fetchall()]
        self.assertEqual(len(names), threads_count * per_thread)
        self.assertEqual(len(set(names)), len(names), "a number given twice")
        self.assertTrue(all(name.startswith("25213-CB") for name in names))
        self.assertFalse(
            [query for query in failed if "batch_numbering" in query],
            "the numbering made a request fail or retry",
        )

    def test_counter_created_by_two_transactions_at_once(self):
        """The first number of a day is asked by two transactions: the second
        waits for the first one's sequence, then takes the next number
        without an error, even though its snapshot is older than the
        sequence."""
        first_cr, second_cr = self._cursor(), self._cursor()
        self.addCleanup(first_cr.close)
        self.addCleanup(second_cr.close)
        first = api.Environment(first_cr, api.SUPERUSER_ID, {})
        second = api.Environment(second_cr, api.SUPERUSER_ID, {})
        fmt_first = first["batch.numbering.format"].browse(self.ids["format"])
        fmt_second = second["batch.numbering.format"].browse(self.ids["format"])
        # the second transaction's snapshot is taken before the sequence exists
        self.assertEqual(fmt_second.reset, "day")
        self.assertEqual(fmt_first._next_number(DAY), 1)  # creates, uncommitted
        result = {}

        def take_second():
            try:
                result["number"] = fmt_second._next_number(DAY)
            except Exception as error:  # noqa: BLE001 - reported by the test
                result["error"] = repr(error)

        thread = threading.Thread(target=take_second)
        thread.start()
        thread.join(timeout=1)
        self.assertTrue(thread.is_alive(), "waits for the first transaction")
        first_cr.commit()
        thread.join(timeout=30)
        self.assertEqual(result, {"number": 2})
        second_cr.commit()
        self.assertEqual(fmt_first._next_number(DAY), 3)
        first_cr.commit()

    def test_rolled_back_counter_restarts_without_collision(self):
        """A transaction that created a day's counter and rolled back took
        no number for good: the next one starts again at 1."""
        with self._cursor() as cr:
            fmt = api.Environment(cr, api.SUPERUSER_ID, {})[
                "batch.numbering.format"
            ].browse(self.ids["format"])
            self.assertEqual([fmt._next_number(DAY) for _i in range(2)], [1, 2])
            cr.rollback()
            self.assertEqual(fmt._next_number(DAY), 1)
            cr.commit()
        self.assertEqual(
            self._sequences(), [f"batch_numbering_{self.ids['format']}_20250801"]
        )

    def test_companies_share_the_counter_of_a_format(self):
        """The counter belongs to the format, not to the company asking."""
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, DISABLED_MAIL_CONTEXT)
            company_b = env["res.company"].create({"name": "Concurrency B"})
            fmt = env["batch.numbering.format"].browse(self.ids["format"])
            numbers = [
                fmt.with_company(env.company)._next_number(DAY),
                fmt.with_company(company_b)._next_number(DAY),
                fmt.with_company(env.company)._next_number(DAY),
            ]
            cr.rollback()
        self.assertEqual(numbers, [1, 2, 3])
