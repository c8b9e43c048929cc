# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stateful property test of the rules across the three addons.

Hypothesis plays random sequences of what warehouse staff, quality people
and recall managers do (receive, record QC results, change batch status by
button, write, dialog or an RPC-style call with a chosen context, reserve,
deliver a batch typed by hand, return, manufacture, re-point a done delivery
line to another batch, launch and answer recalls), each as a real user and
each in its own savepoint as a request would be. After every step the
invariants must hold:

- no batch reached a customer or a manufacturing order unless it was
  released and not expired just before;
- a stock user never changed a status, and a release always rests on passed
  QC tests;
- every status change has exactly one audit-trail entry, and the chain
  verifies;
- every consignee line of a recall balances (returned + destroyed +
  corrected + held by the customer + not accounted for = shipped), and a
  launched recall lists exactly
  what was shipped of its batches.

``BATCH_HYPOTHESIS_PROFILE=long`` runs many more, longer and random
sequences locally; CI runs a short, derandomized profile.
"""

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.batch_traceability.tests.common import BatchCommon

PROFILES = {
    "ci": settings(
        max_examples=12,
        stateful_step_count=14,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    ),
    "long": settings(
        max_examples=150,
        stateful_step_count=40,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    ),
}
STATES = ["quarantine", "released", "rejected", "blocked", "recalled"]


@tagged("post_install", "-at_install")
class TestRuleInvariants(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env["product.category"].create({"name": "Oats (props)"})
        cls.product_oats.categ_id = cls.category
        cls.env["batch.qc.template"].create(
            {
                "name": "Oats release (props)",
                "categ_ids": [Command.set(cls.category.ids)],
                "line_ids": [
                    Command.create({"name": "Moisture", "spec_min": 8, "spec_max": 12}),
                    Command.create(
                        {
                            "name": "Salmonella",
                            "spec_type": "text",
                            "spec_text": "Absent",
                        }
                    ),
                ],
            }
        )
        cls.users = {
            "stock": cls.stock_user,
            "quality": cls.quality_user,
            "quality_manager": cls.quality_manager,
            "recall_manager": cls.recall_manager,
        }
        cls.recall_manager.groups_id += cls.env.ref("mrp.group_mrp_user")

    def test_rules_hold_on_random_sequences(self):
        profile = PROFILES[os.environ.get("BATCH_HYPOTHESIS_PROFILE", "ci")]
        machine = type("BatchRulesMachine", (BatchRulesMachine,), {"case": self})
        run_state_machine_as_test(machine, settings=profile)
        self.assertGreater(BatchRulesMachine.steps_run, 0)


class BatchRulesMachine(RuleBasedStateMachine):
    """One example = one savepoint on the test's cursor, rolled back at the
    end, so examples start from the same world."""

    case = None
    steps_run = 0
    lots = Bundle("lots")
    deliveries = Bundle("deliveries")
    recalls = Bundle("recalls")

    def __init__(self):
        super().__init__()
        self.env = self.case.env
        self.savepoint = self.env.cr.savepoint()
        self.counter = 0
        self.known_states = {}
        self.changes = 0
        self.seen_outgoing = set()
        self.audit_before = self._audit_count()

    def teardown(self):
        self.savepoint.close(rollback=True)
        self.env.invalidate_all()

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _name(self, prefix):
        self.counter += 1
        return f"{prefix}-P{self.counter:03d}"

    def _attempt(self, func):
        """Run ``func`` as one request: refused work leaves nothing behind."""
        BatchRulesMachine.steps_run += 1
        try:
            with self.env.cr.savepoint():
                return func()
        except UserError:
            return False
        finally:
            self.env.invalidate_all()

    def _all_lots(self):
        return self.env["stock.lot"].browse(list(self.known_states))

    def _snapshot_states(self):
        """Statuses (and expiry) as they are now, before the next step."""
        lots = self._all_lots()
        lots.invalidate_recordset()
        now = fields.Datetime.now()
        self.before = {
            lot.id: (
                lot.batch_state,
                lot.expiration_date and lot.expiration_date <= now,
            )
            for lot in lots
        }

    def _audit_count(self):
        return (
            self.env["batch.audit.log"]
            .sudo()
            .search_count(
                [
                    ("res_model", "=", "stock.lot"),
                    ("field_name", "=", "batch_state"),
                    ("event", "=", "write"),
                ]
            )
        )

    def _on_hand(self, lot):
        quants = self.env["stock.quant"].search(
            [
                ("lot_id", "=", lot.id),
                ("location_id", "=", self.case.stock_location.id),
            ]
        )
        return sum(quants.mapped("quantity")) - sum(quants.mapped("reserved_quantity"))

    def _track(self, lots):
        for lot in lots:
            self.known_states.setdefault(lot.id, lot.batch_state)

    # ------------------------------------------------------------------
    # steps
    # ------------------------------------------------------------------
    @initialize(target=lots)
    def start(self):
        self._snapshot_states()
        picking = self.case._receive(self.case.product_honey, 40, self._name("HON"))
        lot = picking.move_line_ids.lot_id
        self._track(lot)
        return lot

    @rule(
        target=lots, product=st.sampled_from(["oats", "honey"]), qty=st.integers(5, 40)
    )
    def receive(self, product, qty):
        self._snapshot_states()
        product = getattr(self.case, f"product_{product}")
        name = self._name(product.default_code)

        def do():
            return self.case._receive(product, qty, name).move_line_ids.lot_id

        lot = self._attempt(do)
        if not lot:
            return self.env["stock.lot"]
        self._track(lot)
        return lot

    @rule(target=lots)
    def expired_stock(self):
        """A batch found expired on the shelf (imported with its stock)."""
        self._snapshot_states()
        lot = self.case._create_lot(
            self.case.product_honey, self._name("HONX"), expiration_days=-3
        )
        self.case._add_stock(lot, 10)
        self._track(lot)
        return lot

    @rule(lot=lots, passing=st.booleans())
    def record_qc(self, lot, passing):
        self._snapshot_states()
        if not lot:
            return
        user = self.case.quality_user

        def do():
            for test in lot.qc_result_ids.filtered(lambda t: not t.value):
                good = "10" if test.spec_type == "range" else test.spec_text
                test.with_user(user).value = good if passing else "Present"
            return True

        self._attempt(do)

    @rule(
        lot=lots,
        state=st.sampled_from(STATES),
        who=st.sampled_from(["stock", "quality", "quality_manager", "recall_manager"]),
        path=st.sampled_from(["button", "write", "wizard", "rpc_context"]),
        reason=st.sampled_from(["", "Deviation DEV-7"]),
    )
    def change_status(self, lot, state, who, path, reason):
        self._snapshot_states()
        if not lot:
            return
        user = self.case.users[who]
        mine = lot.with_user(user)

        def do():
            if path == "button":
                method = {
                    "quarantine": "action_batch_quarantine",
                    "released": "action_batch_release",
                    "rejected": "action_batch_reject",
                    "blocked": "action_batch_block",
                    "recalled": None,
                }[state]
                if not method:
                    return False
                return getattr(mine.with_context(batch_state_reason=reason), method)()
            if path == "write":
                return mine.with_context(batch_state_reason=reason).write(
                    {"batch_state": state}
                )
            if path == "wizard":
                if state == "recalled":
                    return False
                wizard = (
                    self.env["batch.state.reason.wizard"]
                    .with_user(user)
                    .create(
                        {
                            "lot_ids": [Command.set(lot.ids)],
                            "new_state": state,
                            "reason": reason or "-",
                        }
                    )
                )
                return wizard.action_confirm()
            return mine.with_context(
                batch_state_reason=reason,
                batch_signature_done=True,
                batch_override_reason="RPC",
                active_test=False,
            ).write({"batch_state": state})

        self._attempt(do)
        lot.invalidate_recordset()
        if who == "stock":
            assert lot.batch_state == self.before[lot.id][0], (
                f"a stock user changed {lot.name} by {path}"
            )
        if lot.batch_state == "released" and self.before[lot.id][0] != "released":
            assert lot.qc_state in ("pass", "none"), (
                f"{lot.name} released on {lot.qc_state}"
            )
            assert lot.released_by_id == user, "release not stamped"

    @rule(
        target=deliveries,
        lot=lots,
        qty=st.integers(1, 8),
        customer=st.sampled_from(["customer", "customer_2"]),
    )
    def deliver_typed_batch(self, lot, qty, customer):
        """A picker types a batch on a delivery and validates it."""
        self._snapshot_states()
        if not lot or self._on_hand(lot) < qty:
            return self.env["stock.picking"]
        partner = getattr(self.case, customer)
        stock_env = self.env(user=self.case.stock_user)

        def do():
            picking = self.case._delivery(partner, lot.product_id, qty)
            self.case._set_lot_line(picking, lot, qty)
            picking = picking.with_env(stock_env)
            picking.move_ids.picked = True
            picking.with_context(skip_backorder=True).button_validate()
            return picking if picking.state == "done" else False

        return self._attempt(do) or self.env["stock.picking"]

    @rule(product=st.sampled_from(["oats", "honey"]), qty=st.integers(1, 12))
    def deliver_by_reservation(self, product, qty):
        """A delivery reserved by Odoo (FEFO) and validated by a picker."""
        self._snapshot_states()
        product = getattr(self.case, f"product_{product}")
        stock_env = self.env(user=self.case.stock_user)

        def do():
            picking = self.case._delivery(self.case.customer, product, qty)
            picking = picking.with_env(stock_env)
            picking.action_assign()
            if not picking.move_line_ids:
                return False
            picking.move_ids.picked = True
            picking.with_context(
                skip_backorder=True, skip_expired=True
            ).button_validate()
            return picking

        self._attempt(do)

    @rule(delivery=deliveries, lot=lots)
    def repoint_done_line(self, delivery, lot):
        """Edit the batch of a done delivery line afterwards."""
        self._snapshot_states()
        if not delivery or not lot or delivery.state != "done":
            return
        line = delivery.move_line_ids[:1]
        if line.product_id != lot.product_id or line.lot_id == lot:
            return

        def do():
            line.with_user(self.case.stock_user).lot_id = lot
            return True

        self._attempt(do)

    @rule(delivery=deliveries, qty=st.integers(1, 3))
    def customer_return(self, delivery, qty):
        self._snapshot_states()
        if not delivery or delivery.state != "done":
            return
        line = delivery.move_line_ids[:1]
        if line.quantity < qty:
            return
        self._attempt(lambda: self.case._return(delivery, line.lot_id, qty))

    @rule(target=lots, oats=lots, honey=lots)
    def manufacture(self, oats, honey):
        """Make 100 bars from 3 of an oats batch and 1 of a honey batch."""
        self._snapshot_states()
        if (
            oats.product_id != self.case.product_oats
            or honey.product_id != self.case.product_honey
            or self._on_hand(oats) < 3
            or self._on_hand(honey) < 1
        ):
            return self.env["stock.lot"]
        name = self._name("GRB")

        def do():
            production = self.case._manufacture(
                self.case.bom_bar, 100, name, {oats: 3, honey: 1}
            )
            return production.lot_producing_id if production.state == "done" else False

        lot = self._attempt(do)
        if not lot:
            return self.env["stock.lot"]
        self._track(lot)
        return lot

    @rule(target=recalls, lot=lots)
    def launch_recall(self, lot):
        self._snapshot_states()
        if not lot:
            return self.env["batch.recall"]
        manager = self.case.recall_manager

        def do():
            recall = (
                self.env["batch.recall"]
                .with_user(manager)
                .create(
                    {
                        "title": f"Recall of {lot.name}",
                        "reason": "Foreign matter found by a customer",
                        "lot_ids": [Command.set(lot.ids)],
                    }
                )
            )
            recall.action_compute_scope()
            recall.action_launch()
            return recall

        recall = self._attempt(do)
        if not recall:
            return self.env["batch.recall"]
        self._track(recall.affected_lot_ids)
        self._check_recall_lists_shipments(recall)
        return recall

    @rule(recall=recalls, held=st.integers(0, 5), destroyed=st.integers(0, 5))
    def answer_recall(self, recall, held, destroyed):
        self._snapshot_states()
        if not recall or recall.state not in ("in_progress", "monitoring"):
            return
        line = recall.line_ids[:1]
        if not line:
            return

        def do():
            line.with_user(self.case.quality_user)._recall_line_transition(
                "answered",
                values={"qty_customer_on_hand": held, "qty_destroyed": destroyed},
            )
            return True

        self._attempt(do)

    # ------------------------------------------------------------------
    # invariants
    # ------------------------------------------------------------------
    @invariant()
    def only_released_batches_leave(self):
        if not self.known_states or not hasattr(self, "before"):
            return
        lines = self.env["stock.move.line"].search(
            [
                ("lot_id", "in", list(self.known_states)),
                ("state", "=", "done"),
                ("location_id.usage", "=", "internal"),
                ("location_dest_id.usage", "in", ("customer", "production")),
            ]
        )
        for line in lines:
            key = (line.id, line.lot_id.id)
            if key in self.seen_outgoing:
                continue
            self.seen_outgoing.add(key)
            state, expired = self.before.get(line.lot_id.id, ("?", False))
            assert state == "released" and not expired, (
                f"{line.lot_id.name} ({state}, expired={expired}) reached "
                f"{line.location_dest_id.usage} on {line.reference}"
            )

    @invariant()
    def each_status_change_is_audited_once(self):
        lots = self._all_lots()
        lots.invalidate_recordset()
        for lot in lots:
            if lot.batch_state != self.known_states[lot.id]:
                self.changes += 1
                self.known_states[lot.id] = lot.batch_state
        audited = self._audit_count() - self.audit_before
        assert audited == self.changes, (
            f"{self.changes} status changes, {audited} audit entries"
        )
        assert not self.env["batch.audit.log"].sudo()._verify_chain()

    @invariant()
    def recall_lines_balance(self):
        lines = self.env["batch.recall.line"].search([])
        for line in lines:
            # goods a customer declared held are known, not "unaccounted"
            known = (
                line.qty_returned
                + line.qty_destroyed
                + line.qty_corrected
                + line.qty_customer_on_hand
            )
            total = known + line.qty_unaccounted
            if known <= line.qty_shipped:
                assert abs(total - line.qty_shipped) < 1e-6, line.display_name

    def _check_recall_lists_shipments(self, recall):
        """What the recall lists as shipped is what left to customers, net of
        returns, for the recall's batches."""
        moves = self.env["stock.move.line"].search(
            [
                ("lot_id", "in", recall.affected_lot_ids.ids),
                ("state", "=", "done"),
                "|",
                ("location_dest_id.usage", "=", "customer"),
                ("location_id.usage", "=", "customer"),
            ]
        )
        shipped = sum(
            line.quantity
            if line.location_dest_id.usage == "customer"
            else -line.quantity
            for line in moves
        )
        assert abs(recall.qty_shipped - shipped) < 1e-6, (
            f"{recall.name} lists {recall.qty_shipped}, {shipped} were shipped"
        )
