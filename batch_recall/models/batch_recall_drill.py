# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Mock recalls as GFSI drills (SQF 2.6.3, BRCGS 3.11.3, FSSC 22000 2.5.12).

A drill traces one step back (the suppliers and their lots of what went into
the starting batch) and one step forward (the customers), balances the
starting batch from its done movements, and is timed from its start to the
moment the team reconciles the figures. The result (passed / failed) and the
timer are stamped by :meth:`_recall_drill_reconcile` only; a failed drill
closes only with a corrective action.
"""

from contextlib import contextmanager

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from odoo.addons.batch_traceability.models.rule_guard import is_trusted, trusted

from .batch_recall import RECALL_MANAGER, engine_writes, has_group

DRILL_KEY = ("batch.recall", "drill")

# Results of the drill: no user writes them, whatever the path.
DRILL_RESULT_FIELDS = frozenset(
    {
        "drill_target_hours",
        "drill_balance_min",
        "drill_balance_max",
        "drill_reconciled_at",
        "drill_reconciled_by_id",
        "drill_elapsed_hours",
        "drill_balance_pct",
        "drill_time_ok",
        "drill_balance_ok",
        "drill_trace_ok",
        "drill_result",
        "drill_gaps",
        "drill_balance_ids",
        "drill_source_ids",
    }
)
# What the team writes, until the drill is closed or cancelled.
DRILL_TEAM_FIELDS = frozenset({"drill_team_ids", "drill_corrective_action"})


@contextmanager
def drill_writes(env):
    """Open the write guards for the drill's own writes."""
    with engine_writes(env), trusted(env, DRILL_KEY):
        yield


def hours_label(hours):
    """``4.25`` -> ``'4:15'`` (hours and minutes, as auditors read a timer)."""
    minutes = round((hours or 0.0) * 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


class BatchRecall(models.Model):
    _inherit = "batch.recall"

    drill_team_ids = fields.Many2many(
        "res.users",
        "batch_recall_drill_team_rel",
        "recall_id",
        "user_id",
        string="Drill Team",
        copy=False,
        help="The people who ran the mock recall (named in the drill report).",
    )
    drill_target_hours = fields.Float(
        string="Target Time",
        readonly=True,
        copy=False,
        help="The company's target when the drill started.",
    )
    drill_balance_min = fields.Float(
        string="Pass Band From (%)", readonly=True, copy=False
    )
    drill_balance_max = fields.Float(
        string="Pass Band To (%)", readonly=True, copy=False
    )
    drill_reconciled_at = fields.Datetime(
        string="Figures Reconciled",
        readonly=True,
        copy=False,
        help="When the drill team reconciled the figures: the timer stops here.",
    )
    drill_reconciled_by_id = fields.Many2one(
        "res.users", string="Reconciled by", readonly=True, copy=False
    )
    drill_elapsed_hours = fields.Float(
        string="Time to Reconciled Figures",
        compute="_compute_drill_elapsed_hours",
        store=True,
        aggregator="avg",
        help="From the start of the drill to the reconciled figures.",
    )
    drill_running_hours = fields.Float(
        string="Timer", compute="_compute_drill_running_hours"
    )
    drill_elapsed_label = fields.Char(
        string="Time Taken", compute="_compute_drill_running_hours"
    )
    drill_target_label = fields.Char(
        string="Target", compute="_compute_drill_running_hours"
    )
    drill_balance_pct = fields.Float(
        string="Mass Balance (%)",
        readonly=True,
        copy=False,
        help="Share of the starting batch accounted for; with several starting "
        "batches, the one furthest from 100%.",
    )
    drill_time_ok = fields.Boolean(
        string="Within Target Time", readonly=True, copy=False
    )
    drill_balance_ok = fields.Boolean(
        string="Mass Balance Within Band", readonly=True, copy=False
    )
    drill_trace_ok = fields.Boolean(
        string="One Step Back Complete", readonly=True, copy=False
    )
    drill_result = fields.Selection(
        [("passed", "Passed"), ("failed", "Failed")],
        string="Drill Result",
        readonly=True,
        copy=False,
        tracking=True,
    )
    drill_gaps = fields.Text(string="Gaps", readonly=True, copy=False)
    drill_corrective_action = fields.Text(
        string="Corrective Action",
        copy=False,
        tracking=True,
        help="What will change so that the next drill passes: mandatory to "
        "close a failed drill.",
    )
    drill_balance_ids = fields.One2many(
        "batch.recall.drill.balance", "recall_id", string="Drill Mass Balance"
    )
    drill_source_ids = fields.One2many(
        "batch.recall.drill.source", "recall_id", string="One Step Back"
    )
    drill_supplier_count = fields.Integer(
        string="Suppliers", compute="_compute_drill_counts"
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("started_at", "drill_reconciled_at")
    def _compute_drill_elapsed_hours(self):
        for recall in self:
            start = recall.started_at or recall.create_date
            if start and recall.drill_reconciled_at:
                delta = recall.drill_reconciled_at - start
                recall.drill_elapsed_hours = max(delta.total_seconds(), 0) / 3600.0
            else:
                recall.drill_elapsed_hours = 0.0

    @api.depends("started_at", "drill_reconciled_at", "state", "drill_target_hours")
    def _compute_drill_running_hours(self):
        now = fields.Datetime.now()
        for recall in self:
            if recall.drill_reconciled_at:
                hours = recall.drill_elapsed_hours
            elif recall.started_at and recall.state not in ("closed", "cancel"):
                hours = max((now - recall.started_at).total_seconds(), 0) / 3600.0
            else:
                hours = 0.0
            recall.drill_running_hours = hours
            recall.drill_elapsed_label = hours_label(hours)
            target = recall.drill_target_hours or (
                recall.company_id.batch_drill_target_hours
            )
            recall.drill_target_label = hours_label(target)

    def _compute_drill_counts(self):
        for recall in self:
            recall.drill_supplier_count = len(recall.drill_source_ids.partner_id)

    # ------------------------------------------------------------------
    # CRUD: the results are the drill's, whatever the path
    # ------------------------------------------------------------------
    def _recall_drill_check_create(self, vals_list):
        """Drill results are the drill engine's (called by ``create``)."""
        if not is_trusted(self.env, DRILL_KEY):
            for vals in vals_list:
                self._recall_drill_refuse_results(vals)

    def _recall_drill_check_write(self, vals):
        """The drill's rules for a write (called first by ``write``): drill
        results are the drill engine's; the drill team and corrective action
        are frozen once the recall ended, and when given with a change of
        state they are written first (the corrective action given with the
        closing counts for it).

        :return: the values left to write
        """
        if is_trusted(self.env, DRILL_KEY):
            return vals
        self._recall_drill_refuse_results(vals)
        team = DRILL_TEAM_FIELDS & vals.keys()
        ended = self.filtered(lambda r: r.state in ("closed", "cancel"))
        if team and ended:
            raise UserError(
                self.env._(
                    "%(recall)s is %(state)s: its drill team and corrective "
                    "action are part of the record and no longer change.",
                    recall=ended[0].name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        ended[0].state
                    ],
                )
            )
        if team and "state" in vals:
            vals = dict(vals)
            self.write({field: vals.pop(field) for field in team})
        return vals

    def _recall_drill_refuse_results(self, vals):
        results = sorted(DRILL_RESULT_FIELDS & vals.keys())
        if results:
            raise UserError(
                self.env._(
                    "These fields are the result of the mock recall drill and "
                    "are set by it only: %(fields)s",
                    fields=", ".join(results),
                )
            )

    # ------------------------------------------------------------------
    # Hooks of the recall engine
    # ------------------------------------------------------------------
    def _recall_check_preconditions(self, new_state):
        """A drill's clock cannot start in the future, and a drill closes only
        with its figures reconciled and, when it failed, a corrective action.
        Closing stops the timer when the team did not do it before."""
        res = super()._recall_check_preconditions(new_state)
        if self.recall_type != "mock":
            return res
        if (
            new_state == "scoped"
            and self.started_at
            and self.started_at > fields.Datetime.now()
        ):
            raise UserError(
                self.env._(
                    "%(recall)s starts at %(start)s: a drill is scoped once it "
                    "has started.",
                    recall=self.name,
                    start=self.started_at,
                )
            )
        if new_state == "closed":
            if not self.drill_reconciled_at:
                self._recall_drill_reconcile()
            if (
                self.drill_result == "failed"
                and not (self.drill_corrective_action or "").strip()
            ):
                raise UserError(
                    self.env._(
                        "%(recall)s failed: record the corrective action before "
                        "closing the drill. Gaps: %(gaps)s",
                        recall=self.name,
                        gaps=self.drill_gaps or "-",
                    )
                )
        return res

    def _recall_do_in_progress(self, reason):
        """Starting a drill fixes the company's target and pass band for it."""
        details = super()._recall_do_in_progress(reason)
        if self.recall_type == "mock":
            self._recall_drill_fix_targets()
            details = list(details or []) + [
                self.env._(
                    "Drill started: target %(target)s h, mass balance pass band "
                    "%(low)s%% to %(high)s%%.",
                    target=hours_label(self.drill_target_hours),
                    low=self.drill_balance_min,
                    high=self.drill_balance_max,
                )
            ]
        return details

    def _recall_drill_fix_targets(self):
        company = self.company_id
        with drill_writes(self.env):
            self.write(
                {
                    "drill_target_hours": company.batch_drill_target_hours,
                    "drill_balance_min": company.batch_drill_balance_min,
                    "drill_balance_max": company.batch_drill_balance_max,
                }
            )

    # ------------------------------------------------------------------
    # The drill
    # ------------------------------------------------------------------
    def action_drill_reconcile(self):
        """The team's figures are reconciled: stop the timer, stamp the
        result."""
        for recall in self:
            recall._recall_drill_reconcile()
        return True

    def _recall_drill_reconcile(self):
        """Stop the timer and stamp the result of the drill from the records.

        The mass balance and one step back are computed again here, in this
        transaction, from the done movements; the result is passed when the
        time is within the target, every starting batch is within the pass
        band, and every input has a known origin. Once stamped, the result
        stands: a drill is not run twice.
        """
        self.ensure_one()
        if not has_group(self.env, RECALL_MANAGER):
            raise AccessError(
                self.env._("Only a Recall manager may reconcile a drill's figures.")
            )
        if self.recall_type != "mock":
            raise UserError(
                self.env._(
                    "%(recall)s is not a mock recall: it has no drill figures.",
                    recall=self.name,
                )
            )
        if self.state not in ("in_progress", "monitoring"):
            raise UserError(
                self.env._(
                    "%(recall)s: start the drill before reconciling its figures.",
                    recall=self.name,
                )
            )
        if self.drill_reconciled_at:
            raise UserError(
                self.env._(
                    "%(recall)s was reconciled on %(date)s: the result stands "
                    "(run a new drill to try again).",
                    recall=self.name,
                    date=self.drill_reconciled_at,
                )
            )
        now = fields.Datetime.now()
        if not self.drill_target_hours:
            # drills started before the target existed take today's
            self._recall_drill_fix_targets()
        # the forward trace (consignees) brought up to date as well
        self._recall_refresh_recovery()
        balances = self._recall_drill_balance_values()
        sources, trace_gaps = self._recall_drill_source_values()
        # the clock runs from the start of the drill (its record, at the latest)
        start = self.started_at or self.create_date
        elapsed = max((now - start).total_seconds(), 0) / 3600.0
        time_ok = float_compare(elapsed, self.drill_target_hours, 4) <= 0
        balance_ok = bool(balances) and all(row["in_band"] for row in balances)
        worst = max(
            (row["balance_pct"] for row in balances),
            key=lambda pct: abs(pct - 100.0),
            default=0.0,
        )
        gaps = []
        if not time_ok:
            gaps.append(
                self.env._(
                    "Time: %(elapsed)s h to reconcile, target %(target)s h.",
                    elapsed=hours_label(elapsed),
                    target=hours_label(self.drill_target_hours),
                )
            )
        for row in balances:
            if not row["in_band"]:
                gaps.append(
                    self.env._(
                        "Mass balance of %(lot)s: %(pct).1f%% accounted for, "
                        "outside %(low)s%% to %(high)s%% (%(diff)s unaccounted, "
                        "of which %(counted)s in inventory count differences).",
                        lot=self.env["stock.lot"].browse(row["lot_id"]).name,
                        pct=row["balance_pct"],
                        low=self.drill_balance_min,
                        high=self.drill_balance_max,
                        diff=row["qty_difference"],
                        counted=row["qty_counted"],
                    )
                )
        gaps += trace_gaps
        result = "passed" if time_ok and balance_ok and not trace_gaps else "failed"
        recall = self.sudo()
        with drill_writes(self.env):
            recall.drill_balance_ids.unlink()
            recall.drill_source_ids.unlink()
            self.env["batch.recall.drill.balance"].sudo().create(
                [dict(row, recall_id=self.id) for row in balances]
            )
            self.env["batch.recall.drill.source"].sudo().create(
                [dict(row, recall_id=self.id) for row in sources]
            )
            self.write(
                {
                    "drill_reconciled_at": now,
                    "drill_reconciled_by_id": self.env.uid,
                    "drill_balance_pct": worst,
                    "drill_time_ok": time_ok,
                    "drill_balance_ok": balance_ok,
                    "drill_trace_ok": not trace_gaps,
                    "drill_result": result,
                    "drill_gaps": "\n".join(gaps) or False,
                }
            )
        labels = dict(self._fields["drill_result"]._description_selection(self.env))
        parts = [
            self.env._(
                "Drill figures reconciled in %(elapsed)s h (target %(target)s h), "
                "mass balance %(pct).1f%%: %(result)s.",
                elapsed=hours_label(elapsed),
                target=hours_label(self.drill_target_hours),
                pct=worst,
                result=labels[result],
            )
        ] + gaps
        self.message_post(body=Markup("<br/>").join(parts))
        return result

    def _recall_drill_balance_values(self):
        """The mass balance of each starting batch from its done movements in
        the recall's company (the quantities in the product's unit)."""
        self.ensure_one()
        rows = []
        for balance in self.env["stock.lot"]._batch_mass_balance(
            self.lot_ids.ids, self.company_id.ids
        ):
            qty_in = balance["qty_in"]
            shipped = balance["qty_shipped"]
            on_hand = balance["qty_on_hand"]
            consumed = balance["qty_consumed"]
            scrapped = balance["qty_scrapped"]
            samples = balance["qty_samples"]
            to_supplier = balance["qty_to_supplier"]
            counted = balance["qty_counted"]
            lot_id = balance["lot_id"]
            product_id = balance["product_id"]
            accounted = on_hand + shipped + consumed + scrapped + samples + to_supplier
            pct = 100.0 * accounted / qty_in if qty_in else 0.0
            in_band = bool(qty_in) and (
                float_compare(pct, self.drill_balance_min, 2) >= 0
                and float_compare(pct, self.drill_balance_max, 2) <= 0
            )
            rows.append(
                {
                    "lot_id": lot_id,
                    "product_id": product_id,
                    "qty_in": qty_in,
                    "qty_shipped": shipped,
                    "qty_on_hand": on_hand,
                    "qty_consumed": consumed,
                    "qty_scrapped": scrapped,
                    "qty_samples": samples,
                    "qty_to_supplier": to_supplier,
                    "qty_counted": counted,
                    "qty_accounted": accounted,
                    "qty_difference": qty_in - accounted,
                    "balance_pct": pct,
                    "in_band": in_band,
                }
            )
        return rows

    def _recall_drill_source_values(self):
        """One step back from each starting batch: the batches that went into
        it (or the batch itself when it was bought in), each with the
        supplier receipts it came from, or the manufacturing order that made
        it. Inputs of unknown origin are the drill's trace gaps.

        :return: (rows of batch.recall.drill.source, list of gap texts)
        """
        self.ensure_one()
        company = self.company_id
        Lot = self.env["stock.lot"].sudo()
        inputs = {}
        for start in self.lot_ids:
            trace = start.sudo()._batch_trace_ids(
                "upstream", max_depth=1, company_ids=[company.id]
            )
            inputs[start.id] = trace["lot_ids"]
        receipts, productions = self._recall_drill_origins(
            set(self.lot_ids.ids).union(*inputs.values())
        )
        rows, gaps = [], []
        for start in self.lot_ids:
            origins = list(inputs[start.id])
            if receipts.get(start.id) or not origins:
                # a bought-in starting batch: its supplier is the step back
                origins.insert(0, start.id)
            for lot_id in origins:
                lot = Lot.browse(lot_id)
                base = {"start_lot_id": start.id, "lot_id": lot_id}
                if receipts.get(lot_id):
                    rows += [dict(base, **receipt) for receipt in receipts[lot_id]]
                elif lot_id != start.id and productions.get(lot_id):
                    rows += [dict(base, **made) for made in productions[lot_id]]
                else:
                    rows.append(dict(base, origin="unknown", date=False, quantity=0))
                    if lot_id == start.id and productions.get(lot_id):
                        gaps.append(
                            self.env._(
                                "One step back from %(lot)s: it was made without "
                                "any traced input batch.",
                                lot=lot.name,
                            )
                        )
                    else:
                        gaps.append(
                            self.env._(
                                "One step back from %(start)s: %(lot)s (%(product)s) "
                                "has no supplier receipt or manufacturing order.",
                                start=start.name,
                                lot=lot.name,
                                product=lot.product_id.display_name,
                            )
                        )
        return rows, gaps

    def _recall_drill_origins(self, lot_ids):
        """Supplier receipts and manufacturing orders of ``lot_ids`` in the
        recall's company, from their done movements:
        ``({lot_id: [values]}, {lot_id: [values]})``."""
        receipt_groups, productions = {}, {}
        movements = self.env["stock.lot"]._batch_partner_movements(
            list(lot_ids), self.company_id.ids, usages=("supplier", "production")
        )
        for move in movements:
            if move["src_usage"] == "supplier":
                key = (move["lot_id"], move["partner_id"], move["picking_id"])
                group = receipt_groups.setdefault(
                    key, {"date": move["date"], "quantity": 0.0, "lots": []}
                )
                group["quantity"] += move["qty"]
                if move["supplier_lot"]:
                    group["lots"].append(move["supplier_lot"])
            elif move["src_usage"] == "production" and move["production_id"]:
                made = productions.setdefault(move["lot_id"], {})
                row = made.setdefault(
                    move["production_id"],
                    {
                        "origin": "production",
                        "production_id": move["production_id"],
                        "date": move["date"],
                        "quantity": 0.0,
                    },
                )
                row["quantity"] += move["qty"]
        productions = {
            lot_id: list(made.values()) for lot_id, made in productions.items()
        }
        lots = self.env["stock.lot"].sudo()
        receipts = {}
        # the movements come ordered by date: each group's first date is its
        # earliest, and groups appear in the order of their first receipt
        for (lot_id, partner_id, picking_id), group in receipt_groups.items():
            receipts.setdefault(lot_id, []).append(
                {
                    "origin": "supplier",
                    "partner_id": partner_id or lots.browse(lot_id).supplier_id.id,
                    "picking_id": picking_id,
                    "date": group["date"],
                    "quantity": group["quantity"],
                    "supplier_lot": max(group["lots"], default=False)
                    or lots.browse(lot_id).supplier_lot,
                }
            )
        return receipts, productions
