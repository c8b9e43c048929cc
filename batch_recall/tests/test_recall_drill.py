# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Mock recalls as GFSI drills: one step back to the suppliers and their
lots, one step forward to the customers, a mass balance of the starting batch
within the company's pass band, a timer against the company's target, and a
result that only the drill stamps; a failed drill closes only with a
corrective action."""

import math
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import RecallCommon
from .test_recall_reports import pdf_text


@tagged("post_install", "-at_install")
class TestRecallDrill(RecallCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quality = new_test_user(
            cls.env,
            login="bt_drill_quality",
            groups="batch_traceability.group_quality_user",
        )
        cls.env.company.write(
            {
                "batch_drill_target_hours": 2.0,
                "batch_drill_balance_min": 98.0,
                "batch_drill_balance_max": 102.0,
            }
        )
        Product = cls.env["product.product"]
        cls.vendor_almond = cls.env["res.partner"].create(
            {"name": "Almond Growers Co-op", "is_company": True, "supplier_rank": 1}
        )
        cls.product_almond = Product.create(
            {
                "name": "Roasted Almonds",
                "default_code": "ALM",
                "is_storable": True,
                "tracking": "lot",
                "uom_id": cls.uom_kg.id,
                "uom_po_id": cls.uom_kg.id,
            }
        )
        cls.product_ahb = Product.create(
            {
                "name": "Almond Honey Bar",
                "default_code": "AHB",
                "is_storable": True,
                "tracking": "lot",
            }
        )
        bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.product_ahb.product_tmpl_id.id,
                "product_qty": 100,
                "bom_line_ids": [
                    Command.create(
                        {"product_id": cls.product_almond.id, "product_qty": 2}
                    ),
                    Command.create(
                        {"product_id": cls.product_honey.id, "product_qty": 1}
                    ),
                ],
            }
        )
        # every input bought in from a supplier with the supplier's own lot
        cls._receive(
            cls.product_almond,
            10,
            "ALM-DR-1",
            vendor=cls.vendor_almond,
            supplier_lot="AG-2026-118",
        )
        cls._receive(
            cls.product_honey,
            5,
            "HON-DR-1",
            vendor=cls.vendor_honey,
            supplier_lot="BV-55",
        )
        Lot = cls.env["stock.lot"]
        cls.almond = Lot.search([("name", "=", "ALM-DR-1")])
        cls.honey_dr = Lot.search([("name", "=", "HON-DR-1")])
        cls._manufacture(bom, 100, "AHB-DR-1", {cls.almond: 2, cls.honey_dr: 1})
        cls.ahb = Lot.search([("name", "=", "AHB-DR-1")])
        # 70 shipped, 5 scrapped, 2 retained as samples, 23 on hand
        cls._deliver(cls.customer, cls.product_ahb, 40, cls.ahb)
        cls._deliver(cls.customer_3, cls.product_ahb, 30, cls.ahb)
        scrap = cls.env["stock.scrap"].create(
            {
                "product_id": cls.product_ahb.id,
                "lot_id": cls.ahb.id,
                "scrap_qty": 5,
                "location_id": cls.stock_location.id,
            }
        )
        scrap.action_validate()
        cls.samples_location = cls.env["stock.location"].create(
            {
                "name": "Retained Samples",
                "usage": "inventory",
                "location_id": cls.env.ref("stock.stock_location_locations_virtual").id,
            }
        )
        move = cls.env["stock.move"].create(
            {
                "name": "Retained samples AHB-DR-1",
                "product_id": cls.product_ahb.id,
                "product_uom_qty": 2,
                "product_uom": cls.product_ahb.uom_id.id,
                "location_id": cls.stock_location.id,
                "location_dest_id": cls.samples_location.id,
            }
        )
        move._action_confirm()
        move.move_line_ids.unlink()
        cls.env["stock.move.line"].create(
            {
                "move_id": move.id,
                "product_id": cls.product_ahb.id,
                "lot_id": cls.ahb.id,
                "quantity": 2,
                "product_uom_id": cls.product_ahb.uom_id.id,
                "location_id": cls.stock_location.id,
                "location_dest_id": cls.samples_location.id,
            }
        )
        move.picked = True
        move._action_done()
        cls.start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=1)

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _drill(self, lots=None, user=None, **vals):
        """A mock recall created, scoped and started at ``self.start``."""
        with freeze_time(self.start):
            recall = (
                self.env["batch.recall"]
                .with_user(user or self.recall_manager)
                .create(
                    dict(
                        {
                            "title": "Annual mock recall: almond honey bars",
                            "reason": "Auditor's scenario: almonds of the bar "
                            "batch reported contaminated.",
                            "recall_type": "mock",
                            "lot_ids": [Command.set((lots or self.ahb).ids)],
                            "drill_team_ids": [
                                Command.set((self.recall_manager | self.quality).ids)
                            ],
                        },
                        **vals,
                    )
                )
            )
            recall.action_compute_scope()
            recall.action_launch()
        return recall

    def _reconcile(self, recall, after, user=None):
        with freeze_time(self.start + after):
            recall.with_user(user or self.recall_manager).action_drill_reconcile()
        return recall

    def _count(self, lot, qty):
        """An inventory count of ``lot`` in stock finds ``qty``."""
        quant = self.env["stock.quant"].search(
            [("lot_id", "=", lot.id), ("location_id", "=", self.stock_location.id)]
        )
        quant.with_context(inventory_mode=True).inventory_quantity = qty
        quant.action_apply_inventory()

    def _snapshot(self, recall):
        recall.invalidate_recordset()
        return (
            recall.state,
            recall.drill_result,
            recall.drill_reconciled_at,
            recall.drill_elapsed_hours,
            recall.drill_balance_pct,
            recall.drill_time_ok,
            recall.drill_balance_ok,
            recall.drill_target_hours,
            recall.closed_at,
            [(row.id, row.balance_pct) for row in recall.drill_balance_ids],
            [(row.id, row.partner_id.id) for row in recall.drill_source_ids],
        )

    # ------------------------------------------------------------------
    # results
    # ------------------------------------------------------------------
    def test_drill_passes_within_target(self):
        recall = self._drill()
        # the company's target and band are fixed at the start of the drill
        self.assertEqual(recall.drill_target_hours, 2.0)
        self.assertEqual(
            (recall.drill_balance_min, recall.drill_balance_max), (98.0, 102.0)
        )
        self.env.company.batch_drill_target_hours = 0.5
        self.assertFalse(recall.drill_result)
        self._reconcile(recall, timedelta(hours=1, minutes=15))
        self.assertEqual(recall.drill_result, "passed")
        self.assertEqual(recall.drill_target_hours, 2.0)
        self.assertAlmostEqual(recall.drill_elapsed_hours, 1.25)
        self.assertEqual(recall.drill_elapsed_label, "1:15")
        self.assertTrue(recall.drill_time_ok)
        self.assertTrue(recall.drill_balance_ok)
        self.assertTrue(recall.drill_trace_ok)
        self.assertFalse(recall.drill_gaps)
        self.assertEqual(recall.drill_reconciled_by_id, self.recall_manager)
        # the mass balance of the starting batch, from its done movements
        balance = recall.drill_balance_ids
        self.assertEqual(balance.lot_id, self.ahb)
        self.assertEqual(
            (
                balance.qty_in,
                balance.qty_shipped,
                balance.qty_scrapped,
                balance.qty_samples,
                balance.qty_on_hand,
                balance.qty_counted,
            ),
            (100.0, 70.0, 5.0, 2.0, 23.0, 0.0),
        )
        self.assertAlmostEqual(recall.drill_balance_pct, 100.0)
        # one step back: each input batch to its supplier and supplier lot
        sources = {
            row.lot_id: (row.origin, row.partner_id, row.supplier_lot, row.picking_id)
            for row in recall.drill_source_ids
        }
        self.assertEqual(set(sources), {self.almond, self.honey_dr})
        self.assertEqual(
            sources[self.almond][:3], ("supplier", self.vendor_almond, "AG-2026-118")
        )
        self.assertEqual(
            sources[self.honey_dr][:3], ("supplier", self.vendor_honey, "BV-55")
        )
        self.assertTrue(sources[self.almond][3].picking_type_id.code == "incoming")
        self.assertEqual(recall.drill_supplier_count, 2)
        # one step forward: the customers
        self.assertEqual(
            recall.line_ids.commercial_partner_id, self.customer | self.customer_3
        )
        # a passed drill closes without a corrective action; nothing moved
        with freeze_time(self.start + timedelta(hours=2)):
            recall.action_close()
        self.assertEqual(recall.state, "closed")
        self.assertEqual(self.ahb.batch_state, "released")
        self.assertTrue(
            any(
                "Drill figures reconciled in 1:15" in body
                for body in recall.message_ids.mapped("body")
            )
        )

    def test_drill_fails_on_mass_balance(self):
        # an inventory count finds 13 bars where the records say 23
        self._count(self.ahb, 10)
        recall = self._drill()
        self._reconcile(recall, timedelta(minutes=40))
        self.assertEqual(recall.drill_result, "failed")
        self.assertTrue(recall.drill_time_ok)
        self.assertTrue(recall.drill_trace_ok)
        self.assertFalse(recall.drill_balance_ok)
        balance = recall.drill_balance_ids
        self.assertEqual((balance.qty_on_hand, balance.qty_counted), (10.0, 13.0))
        self.assertAlmostEqual(balance.qty_difference, 13.0)
        self.assertAlmostEqual(recall.drill_balance_pct, 87.0)
        self.assertIn("AHB-DR-1", recall.drill_gaps)
        self.assertIn("87.0%", recall.drill_gaps)
        # failed: no closing without a corrective action, on any path
        before = self._snapshot(recall)
        as_manager = recall.with_user(self.recall_manager)
        for close in (
            as_manager.action_close,
            lambda: as_manager.write({"state": "closed"}),
            lambda: as_manager.with_context(force_close=True).write(
                {"state": "closed", "drill_corrective_action": "   "}
            ),
        ):
            with self.assertRaises(UserError), self.cr.savepoint():
                close()
        # nor by an import of the status
        result = (
            self.env["batch.recall"]
            .with_user(self.recall_manager)
            .load([".id", "state"], [[str(recall.id), "closed"]])
        )
        self.assertFalse(result["ids"])
        self.assertTrue([m for m in result["messages"] if m["type"] == "error"])
        self.assertEqual(self._snapshot(recall), before)
        self.assertFalse(recall.drill_corrective_action)
        # the corrective action given with the closing counts
        as_manager.write(
            {
                "state": "closed",
                "drill_corrective_action": "Count differences on finished bars "
                "are investigated the same day; weekly cycle counts.",
            }
        )
        self.assertEqual(recall.state, "closed")
        self.assertEqual(recall.drill_result, "failed")
        # and stays as the record of the drill
        with self.assertRaises(UserError):
            as_manager.write({"drill_corrective_action": "Nothing to do."})
        with self.assertRaises(UserError):
            as_manager.write({"drill_team_ids": [Command.clear()]})
        self.assertIn("weekly cycle counts", recall.drill_corrective_action)

    def test_drill_fails_above_the_band(self):
        # stock found by a count: more accounted for than was ever made
        self._count(self.ahb, 28)
        recall = self._drill()
        self._reconcile(recall, timedelta(minutes=30))
        self.assertEqual(recall.drill_result, "failed")
        self.assertAlmostEqual(recall.drill_balance_pct, 105.0)
        self.assertEqual(recall.drill_balance_ids.qty_counted, -5.0)

    def test_drill_fails_on_time(self):
        recall = self._drill()
        # the live timer runs from the start
        with freeze_time(self.start + timedelta(minutes=90)):
            recall.invalidate_recordset(["drill_running_hours"])
            self.assertAlmostEqual(recall.drill_running_hours, 1.5)
        self._reconcile(recall, timedelta(hours=2, minutes=31))
        self.assertEqual(recall.drill_result, "failed")
        self.assertFalse(recall.drill_time_ok)
        self.assertTrue(recall.drill_balance_ok)
        self.assertAlmostEqual(recall.drill_elapsed_hours, 2 + 31 / 60)
        self.assertIn("2:31", recall.drill_gaps)
        # the result stands: a drill is not reconciled twice
        with self.assertRaises(UserError):
            self._reconcile(recall, timedelta(hours=2, minutes=40))
        self.assertAlmostEqual(recall.drill_elapsed_hours, 2 + 31 / 60)
        with self.assertRaises(UserError):
            recall.action_close()
        recall.drill_corrective_action = (
            "Traceability binder moved to the shift office."
        )
        recall.action_close()
        self.assertEqual(recall.state, "closed")

    def test_drill_fails_when_an_input_has_no_origin(self):
        # GRB-RC-1 was made with oats that entered stock without a receipt
        recall = self._drill(lots=self.bars_1)
        self._reconcile(recall, timedelta(minutes=20))
        self.assertEqual(recall.drill_result, "failed")
        self.assertFalse(recall.drill_trace_ok)
        unknown = recall.drill_source_ids.filtered(lambda r: r.origin == "unknown")
        self.assertEqual(unknown.lot_id, self.oats)
        known = recall.drill_source_ids - unknown
        self.assertEqual(known.lot_id, self.honey_1)
        self.assertEqual(known.partner_id, self.vendor_honey)
        self.assertIn("OAT-RC-1", recall.drill_gaps)

    def test_closing_stops_the_timer_when_the_team_did_not(self):
        recall = self._drill()
        with freeze_time(self.start + timedelta(minutes=50)):
            recall.action_close()
        self.assertEqual(recall.state, "closed")
        self.assertEqual(recall.drill_result, "passed")
        self.assertAlmostEqual(recall.drill_elapsed_hours, 50 / 60)

    def test_drill_report(self):
        self._count(self.ahb, 10)
        recall = self._drill()
        self._reconcile(recall, timedelta(hours=1, minutes=5))
        recall.drill_corrective_action = "Daily count of finished bars."
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, kind = report._render_qweb_pdf(
            "batch_recall.action_report_recall_drill", recall.ids
        )
        self.assertEqual(kind, "pdf")
        text = pdf_text(pdf)
        for expected in (
            "Mock Recall Drill Report",
            "FAILED",
            "1:05",
            "AHB-DR-1",
            "Almond Growers",
            "AG-2026-",
            "Bee Valley Honey",
            "BV-55",
            "1:05 h (target 2:00 h)",
            "Hilltop Grocers",
            "87.0 %",
            "bt_drill_quality",
            "Daily count of finished bars.",
        ):
            self.assertIn(expected, text)

    # ------------------------------------------------------------------
    # the result and the timer are the drill's
    # ------------------------------------------------------------------
    def test_results_are_not_writable(self):
        recall = self._drill()
        self._reconcile(recall, timedelta(hours=3))
        self.assertEqual(recall.drill_result, "failed")
        before = self._snapshot(recall)
        for user in (self.quality, self.recall_manager):
            as_user = recall.with_user(user)
            for vals in (
                {"drill_result": "passed"},
                {"drill_elapsed_hours": 0.5},
                {"drill_reconciled_at": fields.Datetime.to_string(self.start)},
                {"drill_time_ok": True},
                {"drill_balance_pct": 100.0},
                {"drill_target_hours": 24.0},
                {"drill_gaps": False},
                {"drill_balance_ids": [Command.clear()]},
            ):
                for env_user in (
                    as_user,
                    as_user.with_context(batch_trusted_writes=True, drill=True),
                ):
                    with self.assertRaises(UserError), self.cr.savepoint():
                        env_user.write(vals)
            # an import of the result is refused too
            Recall = self.env["batch.recall"].with_user(user)
            for field, value in (
                ("drill_result", "passed"),
                ("drill_elapsed_hours", "0.5"),
            ):
                result = Recall.load([".id", field], [[str(recall.id), value]])
                self.assertFalse(result["ids"])
                self.assertTrue(
                    [m for m in result["messages"] if m["type"] == "error"], result
                )
            # nor is a drill created with its result
            with self.assertRaises(UserError), self.cr.savepoint():
                Recall.create(
                    {
                        "title": "Forged drill",
                        "reason": "x",
                        "recall_type": "mock",
                        "lot_ids": [Command.set(self.ahb.ids)],
                        "drill_result": "passed",
                    }
                )
        self.assertEqual(self._snapshot(recall), before)
        # the figures' rows: read-only to users, refused to unchecked code
        balance = recall.drill_balance_ids
        with self.assertRaises(UserError):
            balance.with_user(self.recall_manager).write({"balance_pct": 100.0})
        with self.assertRaises(AccessError):
            recall.drill_source_ids.with_user(self.recall_manager).unlink()
        with self.assertRaises(UserError):
            balance.sudo().write({"balance_pct": 100.0})
        with self.assertRaises(UserError):
            self.env["batch.recall.drill.source"].sudo().create(
                {
                    "recall_id": recall.id,
                    "start_lot_id": self.ahb.id,
                    "lot_id": self.oats.id,
                    "origin": "supplier",
                }
            )
        self.assertEqual(self._snapshot(recall), before)

    def test_who_may_reconcile_and_when(self):
        recall = self._drill()
        with self.assertRaises(AccessError):
            self._reconcile(recall, timedelta(minutes=10), user=self.quality)
        self.assertFalse(recall.drill_reconciled_at)
        # not before the drill started, never for a real recall
        draft = self._drill_draft()
        with self.assertRaises(UserError):
            draft.with_user(self.recall_manager).action_drill_reconcile()
        real = self._recall()
        real.action_compute_scope()
        real.action_launch()
        with self.assertRaises(UserError):
            real.action_drill_reconcile()
        self.assertFalse(draft.drill_result or real.drill_result)
        # a drill cannot start in the future (its clock would run short)
        later = self._drill_draft(started_at=self.start + timedelta(hours=5))
        with freeze_time(self.start), self.assertRaises(UserError):
            later.action_compute_scope()
        self.assertEqual(later.state, "draft")

    def _drill_draft(self, **vals):
        return (
            self.env["batch.recall"]
            .with_user(self.recall_manager)
            .create(
                dict(
                    {
                        "title": "Drill in preparation",
                        "reason": "Planned drill.",
                        "recall_type": "mock",
                        "lot_ids": [Command.set(self.ahb.ids)],
                    },
                    **vals,
                )
            )
        )

    def test_company_targets(self):
        company = self.env.company
        for vals in (
            {"batch_drill_target_hours": math.nan},
            {"batch_drill_target_hours": math.inf},
            {"batch_drill_target_hours": 0.0},
            {"batch_drill_balance_min": 101.0},
            {"batch_drill_balance_max": 99.0},
            {"batch_drill_balance_min": math.nan},
        ):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                company.write(vals)
        self.assertEqual(company.batch_drill_target_hours, 2.0)
        # set in the Inventory settings by an administrator, not by a recall
        # manager
        with self.assertRaises(AccessError):
            company.with_user(self.recall_manager).write(
                {"batch_drill_target_hours": 24.0}
            )
        admin = new_test_user(
            self.env,
            login="bt_drill_admin",
            groups="base.group_system,stock.group_stock_manager",
        )
        settings = self.env["res.config.settings"].with_user(admin).create({})
        settings.batch_drill_target_hours = 4.0
        settings.execute()
        self.assertEqual(company.batch_drill_target_hours, 4.0)
