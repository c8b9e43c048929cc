# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A recall launched while a picker validates a delivery of the same batch,
on two real database connections (REPEATABLE READ, as Odoo runs requests):

- launch commits first: the delivery's transaction, whose snapshot still saw
  the batch released, cannot commit (its stock update conflicts with the
  launch's), and Odoo's retry of the request refuses the recalled batch;
- delivery commits first: the launch's transaction cannot commit, and its
  retry computes the scope again and finds the new consignee.

Both work because changing a batch's status rewrites the stored status copy
on every quant of the batch (stock.quant.batch_state) and takes the batch out
of open reservations: any transaction moving that stock writes the same rows,
so PostgreSQL lets only one of them commit. Each test commits its data in a company of
its own, which stays in the (disposable) test database: done stock moves and
audit entries are records that cannot be deleted, by design.
"""
# Committing is what these tests are about: they never commit the test's own
# cursor, only connections of their own.
# pylint: disable=invalid-commit

import uuid

from psycopg2.errors import SerializationFailure

from odoo import Command, api, sql_db
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT


@tagged("post_install", "-at_install")
class TestRecallLaunchRace(TransactionCase):
    def setUp(self):
        super().setUp()
        self.dbname = self.env.cr.dbname
        tag = uuid.uuid4().hex[:6]
        with self._cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, DISABLED_MAIL_CONTEXT)
            company = env["res.company"].create({"name": f"Race Foods {tag}"})
            env = env(context=dict(env.context, allowed_company_ids=[company.id]))
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", company.id)], limit=1
            )
            product = env["product.product"].create(
                {
                    "name": f"Race granola {tag}",
                    "is_storable": True,
                    "tracking": "lot",
                    "company_id": company.id,
                }
            )
            lot = env["stock.lot"].create(
                {
                    "name": f"RACE-{tag}",
                    "product_id": product.id,
                    "company_id": company.id,
                }
            )
            env["stock.quant"].with_context(inventory_mode=True).create(
                {
                    "product_id": product.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "lot_id": lot.id,
                    "inventory_quantity": 100,
                }
            ).action_apply_inventory()
            customers = env["res.partner"].create(
                [
                    {"name": f"Race Deli {tag}", "email": "deli@race.example.com"},
                    {"name": f"Race Market {tag}", "email": "mkt@race.example.com"},
                ]
            )
            groups = "batch_traceability.group_recall_manager,stock.group_stock_user"
            manager = new_test_user(
                env,
                login=f"race_recall_{tag}",
                groups=groups,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
                context=DISABLED_MAIL_CONTEXT,
            )
            picker = new_test_user(
                env,
                login=f"race_picker_{tag}",
                groups="stock.group_stock_user,stock.group_production_lot",
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
                context=DISABLED_MAIL_CONTEXT,
            )
            # one delivery shipped before the recall, one picked and ready
            shipped = self._delivery(env, warehouse, product, customers[0], 10)
            shipped.move_ids.picked = True
            shipped.button_validate()
            delivery = self._delivery(env, warehouse, product, customers[1], 20)
            delivery.move_ids.picked = True
            recall = (
                env["batch.recall"]
                .with_user(manager)
                .create(
                    {
                        "title": f"Race granola {tag}: undeclared peanut",
                        "reason": "Supplier notice of cross-contact.",
                        "customer_statement": "May contain peanut.",
                        "instructions": "<p>Stop selling and set aside.</p>",
                        "classification": "class_1",
                        "company_id": company.id,
                        "lot_ids": [Command.set(lot.ids)],
                    }
                )
            )
            recall.action_compute_scope()
            self.ids = {
                "company": company.id,
                "lot": lot.id,
                "delivery": delivery.id,
                "recall": recall.id,
                "manager": manager.id,
                "picker": picker.id,
                "late_customer": customers[1].id,
                "customer_location": env.ref("stock.stock_location_customers").id,
            }
            cr.commit()

    @staticmethod
    def _delivery(env, warehouse, product, partner, qty):
        picking = env["stock.picking"].create(
            {
                "picking_type_id": warehouse.out_type_id.id,
                "partner_id": partner.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "location_id": warehouse.lot_stock_id.id,
                            "location_dest_id": env.ref(
                                "stock.stock_location_customers"
                            ).id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def _cursor(self):
        # a real connection of its own, not the test's (rolled back) cursor
        return sql_db.db_connect(self.dbname).cursor()

    def _env(self, cr, user):
        return api.Environment(
            cr,
            self.ids[user],
            dict(DISABLED_MAIL_CONTEXT, allowed_company_ids=[self.ids["company"]]),
        )

    def _launch(self, env):
        env["batch.recall"].browse(self.ids["recall"]).action_launch()

    def _validate(self, env):
        """The picker's validation: the batch on the line (typed again if the
        line was taken away meanwhile), picked, validated."""
        picking = env["stock.picking"].browse(self.ids["delivery"])
        move = picking.move_ids
        if not move.move_line_ids:
            env["stock.move.line"].create(
                {
                    "move_id": move.id,
                    "picking_id": picking.id,
                    "product_id": move.product_id.id,
                    "lot_id": self.ids["lot"],
                    "quantity": move.product_uom_qty,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                }
            )
        move.picked = True
        picking.button_validate()

    def _shipped_after_launch(self):
        with self._cursor() as cr:
            cr.execute(
                SQL(
                    """
                    SELECT COALESCE(SUM(ml.quantity), 0)
                      FROM stock_move_line ml
                     WHERE ml.lot_id = %s AND ml.state = 'done'
                       AND ml.location_dest_id = %s
                    """,
                    self.ids["lot"],
                    self.ids["customer_location"],
                )
            )
            return cr.fetchone()[0]

    def _race(self, first, second):
        """Both transactions take their snapshot, ``first`` commits, then
        ``second`` tries; return whether ``second`` hit a serialization
        failure, and the error of its retry in a fresh transaction."""
        cr1, cr2 = self._cursor(), self._cursor()
        self.addCleanup(cr1.close)
        self.addCleanup(cr2.close)
        for cr in (cr1, cr2):
            cr.execute(
                SQL("SELECT batch_state FROM stock_lot WHERE id = %s", self.ids["lot"])
            )
        first[0](self._env(cr1, first[1]))
        cr1.commit()
        serialized = False
        try:
            second[0](self._env(cr2, second[1]))
            cr2.commit()
        except SerializationFailure:
            serialized = True
            cr2.rollback()
        retry_error = None
        if serialized:
            # what Odoo's request retry does: the same call, fresh transaction
            try:
                second[0](self._env(cr2, second[1]))
                cr2.commit()
            except UserError as error:
                retry_error = error
                cr2.rollback()
        return serialized, retry_error

    def test_launch_first_refuses_the_late_delivery(self):
        serialized, retry_error = self._race(
            (self._launch, "manager"), (self._validate, "picker")
        )
        self.assertTrue(serialized, "the stale delivery must not commit")
        self.assertIsInstance(retry_error, UserError)
        self.assertIn("Recalled", str(retry_error))
        self.assertEqual(self._shipped_after_launch(), 10, "only the early shipment")

    def test_delivery_first_is_in_the_scope(self):
        serialized, retry_error = self._race(
            (self._validate, "picker"), (self._launch, "manager")
        )
        self.assertTrue(serialized, "the stale launch must not commit")
        self.assertIsNone(retry_error)
        with self._cursor() as cr:
            recall = self._env(cr, "manager")["batch.recall"].browse(self.ids["recall"])
            self.assertEqual(recall.state, "in_progress")
            self.assertIn(self.ids["late_customer"], recall.line_ids.partner_id.ids)
            self.assertEqual(sum(recall.line_ids.mapped("qty_shipped")), 30)
        self.assertEqual(self._shipped_after_launch(), 30)
