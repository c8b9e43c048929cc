# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The recall workflow holds on every path, for users without superuser
rights: ORM writes, RPC-style calls with a context of their choosing,
``load()`` imports, deletions, and the buttons."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import RecallCommon


@tagged("post_install", "-at_install")
class TestRecallRules(RecallCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.recall_user = new_test_user(
            cls.env,
            login="bt_recall_quality",
            groups="batch_traceability.group_quality_user",
        )

    def _launched(self, **vals):
        recall = self._recall(**vals)
        recall.action_compute_scope()
        recall.action_launch()
        return recall

    def _snapshot(self, recall):
        recall.invalidate_recordset()
        return (
            recall.state,
            recall.effectiveness,
            recall.closed_at,
            recall.launched_at,
            recall.affected_lot_ids,
            [
                (line.id, line.state, line.qty_destroyed, line.qty_returned)
                for line in recall.line_ids
            ],
        )

    # ------------------------------------------------------------------
    # Recall state: one engine
    # ------------------------------------------------------------------
    def test_stock_user_cannot_scope(self):
        recall = self._recall()
        with self.assertRaises(AccessError):
            recall.with_user(self.stock_user).action_compute_scope()
        self.assertEqual((recall.state, len(recall.line_ids)), ("draft", 0))
        # a Quality user may: computing the scope contacts nobody
        recall.with_user(self.recall_user).action_compute_scope()
        self.assertEqual(recall.state, "scoped")
        self.assertTrue(recall.line_ids)

    def test_quality_user_cannot_write_recall_state(self):
        recall = self._launched()
        before = self._snapshot(recall)
        as_quality = recall.with_user(self.recall_user)
        for state in ("closed", "monitoring", "cancel", "draft"):
            with self.assertRaises(AccessError):
                as_quality.write({"state": state, "decision_reason": "because"})
            # the context is the caller's choice: it proves nothing
            with self.assertRaises(AccessError):
                as_quality.with_context(
                    batch_state_reason="x", tracking_disable=True, active_test=False
                ).write({"state": state})
        with self.assertRaises(AccessError):
            as_quality.action_close()
        self.assertEqual(self._snapshot(recall), before)

    def test_import_of_recall_state_is_refused(self):
        recall = self._launched()
        before = self._snapshot(recall)
        Recall = self.env["batch.recall"]
        for user in (self.recall_user, self.recall_manager):
            result = Recall.with_user(user).load(
                [".id", "state"], [[str(recall.id), "closed"]]
            )
            self.assertFalse(result["ids"])
            self.assertTrue(
                [m for m in result["messages"] if m["type"] == "error"], result
            )
        result = Recall.with_user(self.recall_user).load(
            [".id", "effectiveness"], [[str(recall.id), "100"]]
        )
        self.assertFalse(result["ids"])
        self.assertEqual(self._snapshot(recall), before)

    def test_manager_write_of_state_goes_through_the_engine(self):
        recall = self._recall()
        recall.action_compute_scope()
        # closing is not a step from the scope
        with self.assertRaises(UserError):
            recall.write({"state": "closed"})
        self.assertEqual(recall.state, "scoped")
        # a direct write of the launch does the whole launch
        recall.write({"state": "in_progress"})
        self.assertEqual(recall.launched_by_id, self.recall_manager)
        self.assertTrue(recall.launched_at)
        self.assertEqual(
            set(recall.affected_lot_ids.mapped("batch_state")), {"recalled"}
        )
        self.assertIn(self.open_delivery, recall.affected_picking_ids)
        # superuser flows use the same engine, with an explicit reason
        with self.assertRaises(UserError):
            recall.sudo()._recall_transition("monitoring")
        self.assertEqual(recall.state, "in_progress")
        # closing with consignees that did not answer is refused, by write too
        with self.assertRaises(UserError):
            recall.write({"state": "closed"})
        self.assertEqual(recall.state, "in_progress")
        self.assertFalse(recall.closed_at)

    def test_results_of_the_recall_are_not_writable(self):
        recall = self._launched()
        before = self._snapshot(recall)
        for user in (self.recall_user, self.recall_manager):
            as_user = recall.with_user(user)
            for vals in (
                {"effectiveness": 100.0},
                {"closed_at": "2026-01-01 00:00:00"},
                {"launched_at": False},
                {"reconciled_at": "2026-01-01 00:00:00"},
                {"scoped_at": False},
                {"affected_lot_ids": [Command.clear()]},
                {"affected_picking_ids": [Command.clear()]},
                {"recall_type": "mock"},
                {"lot_ids": [Command.set(self.honey_2.ids)]},
            ):
                with self.assertRaises(UserError), self.cr.savepoint():
                    as_user.write(vals)
        # nor can a recall be created already launched or closed
        with self.assertRaises(UserError):
            self._recall(state="closed")
        with self.assertRaises(UserError):
            self._recall(effectiveness=100.0)
        self.assertEqual(self._snapshot(recall), before)
        # a launched recall is never deleted
        with self.assertRaises(UserError):
            recall.unlink()
        self.assertTrue(recall.exists())

    def test_cancel_and_reset_need_a_reason_and_never_rescope_answers(self):
        recall = self._recall()
        recall.action_compute_scope()
        with self.assertRaises(UserError):
            recall._recall_transition("cancel")
        with self.assertRaises(UserError):
            recall.write({"state": "cancel", "decision_reason": "   "})
        with self.assertRaises(AccessError):
            recall.with_user(self.recall_user)._recall_transition(
                "cancel", reason="Quality user tries"
            )
        self.assertEqual(recall.state, "scoped")
        # the button asks for the reason; the dialog hands it to the engine
        action = recall.action_cancel()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.recall_manager)
            .with_context(**action["context"])
            .create({"reason": "Supplier withdrew its alert."})
        )
        wizard.action_confirm()
        self.assertEqual(recall.state, "cancel")
        self.assertEqual(recall.cancelled_by_id, self.recall_manager)
        self.assertEqual(recall.decision_reason, "Supplier withdrew its alert.")
        # never launched: back to draft with a reason
        with self.assertRaises(UserError):
            recall.write({"state": "draft"})
        recall.write(
            {"state": "draft", "decision_reason": "Alert confirmed after all."}
        )
        self.assertEqual(recall.state, "draft")

        # once launched, cancelled recalls stay cancelled: no rescope
        launched = self._launched()
        lines = launched.line_ids
        with self.assertRaises(UserError):
            launched.action_compute_scope()
        launched.write({"state": "cancel", "decision_reason": "Wrong batch."})
        with self.assertRaises(UserError):
            launched._recall_transition("draft", reason="Start again")
        with self.assertRaises(UserError):
            launched.write({"state": "draft", "decision_reason": "Start again"})
        self.assertEqual(launched.state, "cancel")
        self.assertEqual(launched.line_ids, lines)

    # ------------------------------------------------------------------
    # Consignee lines
    # ------------------------------------------------------------------
    def test_line_states_and_results_are_not_writable(self):
        recall = self._launched()
        recall.action_notify_customers()
        line = recall.line_ids.filtered(lambda x: x.partner_id == self.freshmart_dc)
        before = self._snapshot(recall)
        as_quality = line.with_user(self.recall_user)
        # writing off is a Recall manager's decision
        with self.assertRaises(AccessError):
            as_quality.write({"state": "written_off", "write_off_reason": "Lost"})
        with self.assertRaises(AccessError):
            as_quality.with_context(batch_override_reason="x").action_write_off()
        with self.assertRaises(UserError):
            as_quality.write({"state": "pending"})
        for vals in (
            {"effectiveness": 100.0},
            {"qty_unaccounted": 0.0},
            {"qty_returned": 25.0},
            {"qty_shipped": 0.0},
            {"answered_at": "2026-01-01 00:00:00"},
            {"first_ship_date": False},
            {"last_ship_date": False},
            {"partner_id": self.customer_3.id},
        ):
            for user in (self.recall_user, self.recall_manager):
                with self.assertRaises(UserError), self.cr.savepoint():
                    line.with_user(user).write(vals)
        result = (
            self.env["batch.recall.line"]
            .with_user(self.recall_user)
            .load([".id", "state"], [[str(line.id), "written_off"]])
        )
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        result = (
            self.env["batch.recall.line"]
            .with_user(self.recall_manager)
            .load([".id", "qty_returned"], [[str(line.id), "25"]])
        )
        self.assertFalse(result["ids"])
        # lines are not made by hand either
        with self.assertRaises(UserError):
            self.env["batch.recall.line"].with_user(self.recall_manager).create(
                {
                    "recall_id": recall.id,
                    "partner_id": self.customer_3.id,
                    "lot_id": self.bars_1.id,
                    "product_id": self.product_bar.id,
                    "state": "answered",
                }
            )
        self.assertEqual(self._snapshot(recall), before)

    def test_quality_users_cannot_delete_lines_or_mass_balance(self):
        recall = self._launched()
        before = self._snapshot(recall)
        reconciliation = recall.reconciliation_ids
        stock = recall.stock_ids
        with self.assertRaises(AccessError):
            recall.line_ids.with_user(self.recall_user).unlink()
        with self.assertRaises(AccessError):
            reconciliation.with_user(self.recall_user).unlink()
        with self.assertRaises(AccessError):
            stock.with_user(self.recall_user).unlink()
        # refused by the engine's guard before the access rights are even read
        with self.assertRaises(UserError):
            reconciliation.with_user(self.recall_manager).write({"qty_in": 0})
        # a Recall manager may not delete the lines of a launched recall
        with self.assertRaises(UserError):
            recall.line_ids.with_user(self.recall_manager).unlink()
        # through the recall's one2many either
        with self.assertRaises(UserError):
            recall.with_user(self.recall_manager).write(
                {"reconciliation_ids": [Command.clear()]}
            )
        self.assertEqual(self._snapshot(recall), before)
        self.assertTrue(reconciliation.exists())
        self.assertEqual(stock.exists(), stock)
        # the engine rebuilds the mass balance for any reader
        recall.with_user(self.recall_user).action_refresh_recovery()
        self.assertTrue(recall.reconciliation_ids)

    def test_write_off_needs_manager_and_reason(self):
        recall = self._launched()
        line = recall.line_ids[:1]
        with self.assertRaises(UserError):
            line.action_write_off()
        with self.assertRaises(UserError):
            line.write({"state": "written_off", "write_off_reason": "  "})
        self.assertEqual(line.state, "pending")
        line.write({"state": "written_off", "write_off_reason": "Customer closed"})
        self.assertEqual(line.state, "written_off")
        self.assertEqual(line.write_off_reason, "Customer closed")
        with self.assertRaises(UserError):
            line.write_off_reason = "Something else"
        self.assertEqual(line.write_off_reason, "Customer closed")

    def test_backend_answer_refuses_nan_inf_negative_and_too_much(self):
        recall = self._launched()
        line = recall.line_ids.filtered(lambda x: x.partner_id == self.freshmart_dc)
        as_quality = line.with_user(self.recall_user)
        for value in (
            float("nan"),
            float("inf"),
            float("-inf"),
            -1.0,
            26.0,
            "nan",
            "1e309",
        ):
            with self.assertRaises(UserError), self.cr.savepoint():
                as_quality.write({"qty_destroyed": value})
            with self.assertRaises(UserError), self.cr.savepoint():
                as_quality.with_context(any_key=True).write(
                    {"state": "answered", "qty_customer_on_hand": value}
                )
        result = (
            self.env["batch.recall.line"]
            .with_user(self.recall_user)
            .load([".id", "qty_destroyed"], [[str(line.id), "nan"]])
        )
        self.assertFalse(result["ids"])
        line.invalidate_recordset()
        self.assertEqual((line.state, line.qty_destroyed), ("pending", 0.0))
        self.assertEqual(line.effectiveness, 0.0)
        # held 5 + destroyed 20 of the 25 still out: a valid answer
        as_quality.write({"qty_destroyed": 20, "qty_customer_on_hand": 5})
        self.assertEqual(line.state, "answered")
        self.assertTrue(line.answered_at)
        # held by the customer is known: nothing is left unaccounted for
        self.assertEqual((line.qty_customer_on_hand, line.qty_unaccounted), (5, 0))

    def test_portal_answer_method_refuses_nan(self):
        recall = self._launched()
        recall.action_notify_customers()
        notice = recall.notice_ids.filtered(lambda n: n.partner_id == self.customer)
        line = notice.line_ids.filtered(lambda x: x.partner_id == self.freshmart_dc)
        as_portal = notice.with_user(self.portal_freshmart)
        for on_hand, destroyed in (
            ("nan", "0"),
            ("0", "nan"),
            ("inf", "0"),
            ("-5", "0"),
            ("0", "26"),
        ):
            with self.assertRaises(UserError):
                as_portal._batch_portal_answer(
                    {line.id: {"on_hand": on_hand, "destroyed": destroyed}}
                )
        line.invalidate_recordset()
        self.assertEqual(line.state, "notified")
        self.assertEqual(line.effectiveness, 0.0)
        self.assertEqual(notice.sudo().state, "sent")
        # notices' answers are not written by hand either, nor notices deleted
        with self.assertRaises(UserError):
            notice.with_user(self.recall_manager).write({"state": "answered"})
        with self.assertRaises(UserError):
            notice.with_user(self.recall_manager).unlink()
        self.assertTrue(notice.exists())

    # ------------------------------------------------------------------
    # Launch (issue 23)
    # ------------------------------------------------------------------
    def test_launch_releases_picked_reservations_and_tells_the_warehouse(self):
        delivery = self.open_delivery
        self.assertEqual(delivery.move_line_ids.lot_id, self.bars_1)
        # the lines were ticked picked (e.g. a validation refused earlier)
        delivery.move_ids.picked = True
        self.assertTrue(all(delivery.move_line_ids.mapped("picked")))
        recall = self._launched()
        self.assertIn(delivery, recall.affected_picking_ids)
        self.assertNotIn(self.bars_1, delivery.move_line_ids.lot_id)
        self.assertFalse(any(delivery.move_line_ids.mapped("picked")))
        self.assertEqual(delivery.move_line_ids.lot_id, self.bars_2)
        self.assertTrue(
            delivery.message_ids.filtered(lambda m: recall.name in (m.body or "")),
            "the warehouse is told on the transfer",
        )

    def test_delivery_between_scope_and_launch_is_caught(self):
        recall = self._recall()
        recall.action_compute_scope()
        self.assertFalse(
            recall.line_ids.filtered(
                lambda x: x.partner_id == self.customer_3 and x.lot_id == self.bars_1
            )
        )
        # shipped after the scope, before the launch
        self._deliver(self.customer_3, self.product_bar, 7, self.bars_1)
        recall.action_launch()
        line = recall.line_ids.filtered(
            lambda x: x.partner_id == self.customer_3 and x.lot_id == self.bars_1
        )
        self.assertEqual(line.qty_shipped, 7)
        self.assertIn("Hilltop Grocers", recall.message_ids[0].body)
        recall.action_notify_customers()
        self.assertIn(self.customer_3, recall.notice_ids.partner_id)


@tagged("post_install", "-at_install")
class TestRecallCompanies(RecallCommon):
    """Batches without a company are shared: one company's recall lists,
    counts and e-mails its own customers only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Bars Overseas Ltd"})
        cls.recall_manager.write({"company_ids": [Command.link(cls.company_b.id)]})
        env_b = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[cls.company_b.id])
        )
        cls.warehouse_b = env_b["stock.warehouse"].search(
            [("company_id", "=", cls.company_b.id)], limit=1
        )
        cls.customer_b = cls.env["res.partner"].create(
            {
                "name": "Overseas Mart",
                "is_company": True,
                "email": "buyer@overseas.example.com",
            }
        )
        # the same shared batch, in company B's stock and shipped to its customer
        cls.assertFalse(cls, cls.bars_1.company_id)
        stock_b = cls.warehouse_b.lot_stock_id
        env_b["stock.quant"]._update_available_quantity(
            cls.product_bar, stock_b, 12, lot_id=cls.bars_1
        )
        picking = env_b["stock.picking"].create(
            {
                "picking_type_id": cls.warehouse_b.out_type_id.id,
                "partner_id": cls.customer_b.id,
                "location_id": stock_b.id,
                "location_dest_id": cls.customer_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": cls.product_bar.display_name,
                            "product_id": cls.product_bar.id,
                            "product_uom_qty": 8,
                            "product_uom": cls.product_bar.uom_id.id,
                            "location_id": stock_b.id,
                            "location_dest_id": cls.customer_location.id,
                            "partner_id": cls.customer_b.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        move = picking.move_ids
        move.move_line_ids.unlink()
        env_b["stock.move.line"].create(
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": cls.product_bar.id,
                "lot_id": cls.bars_1.id,
                "quantity": 8,
                "product_uom_id": cls.product_bar.uom_id.id,
                "location_id": stock_b.id,
                "location_dest_id": cls.customer_location.id,
            }
        )
        picking.move_ids.picked = True
        picking.with_context(skip_backorder=True).button_validate()
        cls.picking_b = picking

    def test_recall_of_company_a_lists_only_its_customers(self):
        self.assertEqual(self.picking_b.state, "done")
        self.assertEqual(self.picking_b.company_id, self.company_b)
        recall = self._recall()
        self.assertEqual(recall.company_id, self.company)
        recall.action_compute_scope()
        self.assertNotIn(self.customer_b, recall.line_ids.partner_id)
        self.assertEqual(
            recall.line_ids.commercial_partner_id,
            self.customer | self.customer_2,
        )
        self.assertFalse(
            recall.stock_ids.filtered(
                lambda s: s.location_id.company_id == self.company_b
            )
        )
        bars = recall.reconciliation_ids.filtered(lambda r: r.lot_id == self.bars_1)
        # company A's own figures: 50 shipped, 35 on hand (B's 8 and 4 left out)
        self.assertEqual((bars.qty_shipped, bars.qty_on_hand), (50, 35))
        recall.action_launch()
        recall.action_notify_customers()
        self.assertNotIn(self.customer_b, recall.notice_ids.partner_id)
        self.assertNotIn(self.customer_b, recall.notice_ids.message_ids.partner_ids)
