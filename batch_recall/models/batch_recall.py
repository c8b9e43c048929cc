# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
import random
import secrets
from contextlib import ExitStack, contextmanager

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, formatLang

from odoo.addons.batch_traceability.models.rule_guard import is_trusted, trusted

QUALITY_USER = "batch_traceability.group_quality_user"
RECALL_MANAGER = "batch_traceability.group_recall_manager"

# What the recall engine writes. Each key opens the write guard of one model
# for the duration of an engine method (see rule_guard: no caller can set it).
RECALL_KEY = ("batch.recall", "state")
LINE_KEY = ("batch.recall.line", "state")
SCOPE_KEY = ("batch.recall", "scope")
NOTICE_KEY = ("batch.recall.notice", "state")
CHECK_KEY = ("batch.recall.check", "plan")
DISPOSITION_KEY = ("batch.recall.disposition", "state")
CLOCK_KEY = ("batch.recall.clock", "state")

# Share of consignees checked per effectiveness level (21 CFR 7.42(b)(3)):
# level B takes the share set on the recall.
CHECK_LEVEL_SHARE = {"A": 100.0, "C": 10.0, "D": 2.0, "E": 0.0}

# state -> (states it may be reached from, group that may take the decision).
# Computing the scope is an analysis that contacts nobody: Quality users may
# run it. Every decision that reaches customers, stock or other documents,
# and every reversal, belongs to the Recall manager.
RECALL_TRANSITIONS = {
    "scoped": (("draft", "scoped"), QUALITY_USER),
    "in_progress": (("scoped",), RECALL_MANAGER),
    "monitoring": (("in_progress",), RECALL_MANAGER),
    "closed": (("in_progress", "monitoring"), RECALL_MANAGER),
    "cancel": (("draft", "scoped", "in_progress", "monitoring"), RECALL_MANAGER),
    "draft": (("cancel",), RECALL_MANAGER),
}
# decisions that take back an earlier one: they need a reason
RECALL_REVERSALS = ("cancel", "draft")

# Results of the engine: no user writes them, whatever the path.
RECALL_RESULT_FIELDS = frozenset(
    {
        "state",
        "scoped_at",
        "launched_at",
        "launched_by_id",
        "reconciled_at",
        "closed_at",
        "closed_by_id",
        "cancelled_at",
        "cancelled_by_id",
        "decision_reason",
        "affected_lot_ids",
        "affected_picking_ids",
        "affected_production_ids",
        "return_picking_ids",
        "stock_ids",
        "reconciliation_ids",
        "notice_ids",
        "qty_shipped",
        "qty_returned",
        "qty_destroyed",
        "qty_corrected",
        "qty_unaccounted",
        "effectiveness",
        "reconciliation_gap",
        "elapsed_minutes",
        "check_population",
        "check_sample_size",
        "check_seed",
        "checks_planned_at",
        "clock_next_due",
        "status_report_next_date",
        "status_report_last_date",
        "status_report_count",
    }
)
# What the recall is about, and the part of its strategy the check plan was
# drawn from: fixed once it reached customers and stock.
RECALL_LAUNCH_FROZEN_FIELDS = frozenset(
    {"recall_type", "lot_ids", "company_id", "effectiveness_level", "check_share"}
)


@contextmanager
def engine_writes(env):
    """Open the write guards of the recall models for the engine's own writes."""
    with ExitStack() as stack:
        for key in (
            RECALL_KEY,
            LINE_KEY,
            SCOPE_KEY,
            NOTICE_KEY,
            CHECK_KEY,
            DISPOSITION_KEY,
            CLOCK_KEY,
        ):
            stack.enter_context(trusted(env, key))
        yield


def has_group(env, xmlid):
    """Superuser flows (portal answers, crons) pass; users need the group."""
    return env.su or env.user.has_group(xmlid)


class BatchRecall(models.Model):
    """A recall, market withdrawal or timed mock recall drill (21 CFR 7)."""

    _name = "batch.recall"
    _description = "Recall Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    title = fields.Char(required=True, tracking=True)
    recall_type = fields.Selection(
        [
            ("recall", "Recall"),
            ("withdrawal", "Market Withdrawal"),
            ("mock", "Mock Recall"),
        ],
        string="Type",
        required=True,
        default="recall",
        tracking=True,
    )
    classification = fields.Selection(
        [
            ("class_1", "Class I"),
            ("class_2", "Class II"),
            ("class_3", "Class III"),
        ],
        tracking=True,
        help="FDA 21 CFR 7.3(m): Class I, reasonable probability of serious "
        "adverse health consequences or death; Class II, temporary or medically "
        "reversible consequences; Class III, not likely to cause adverse "
        "health consequences.",
    )
    depth = fields.Selection(
        [("wholesale", "Wholesale"), ("retail", "Retail"), ("consumer", "Consumer")],
        default="retail",
        tracking=True,
        help="Level in the distribution chain the recall extends to (21 CFR 7.42).",
    )
    effectiveness_level = fields.Selection(
        [
            ("A", "Level A: 100% of consignees"),
            ("B", "Level B: more than 10%, less than 100%"),
            ("C", "Level C: 10%"),
            ("D", "Level D: 2%"),
            ("E", "Level E: no checks"),
        ],
        default="A",
        tracking=True,
        help="Effectiveness check level of the recall strategy (21 CFR 7.42(b)(3)).",
    )
    check_share = fields.Float(
        string="Share Checked (%)",
        tracking=True,
        help="Level B: the share of consignees to check, more than 10% and "
        "less than 100%. The other levels fix it (A 100%, C 10%, D 2%, E none).",
    )
    check_share_effective = fields.Float(
        string="Share of Consignees Checked (%)",
        compute="_compute_check_share_effective",
    )
    check_method = fields.Selection(
        [
            ("visit", "Personal visit"),
            ("phone", "Telephone"),
            ("letter", "Letter"),
            ("email", "Email"),
        ],
        string="Check Method",
        default="phone",
        tracking=True,
        help="How the planned effectiveness checks contact the consignees.",
    )
    check_delay_days = fields.Integer(
        string="Checks Due After (days)",
        default=10,
        help="Days after the launch by which each planned check is due.",
    )
    check_population = fields.Integer(
        string="Consignees at Planning",
        readonly=True,
        copy=False,
        help="Number of consignees the check sample was drawn from.",
    )
    check_sample_size = fields.Integer(
        string="Checks Planned", readonly=True, copy=False
    )
    check_seed = fields.Char(
        string="Random Draw",
        readonly=True,
        copy=False,
        help="Seed of the random draw of the sample: the same seed over the "
        "same consignees draws the same sample, for the auditor.",
    )
    checks_planned_at = fields.Datetime(readonly=True, copy=False)
    check_open_count = fields.Integer(
        string="Open Checks", compute="_compute_check_counts"
    )
    check_done_count = fields.Integer(
        string="Checks Made", compute="_compute_check_counts"
    )
    check_effective_count = fields.Integer(
        string="Checks Effective", compute="_compute_check_counts"
    )
    public_warning = fields.Selection(
        [
            ("none", "None"),
            ("general", "General news media"),
            ("trade", "Specialized trade press"),
        ],
        default="none",
        required=True,
        tracking=True,
        help="Public warning of the recall strategy (21 CFR 7.42(b)(2)): "
        "a recall with a warning cannot close before it was issued.",
    )
    estimated_completion_date = fields.Date(
        tracking=True,
        help="When the recall is expected to be complete (21 CFR 7.53(b)(6)).",
    )
    status_report_weeks = fields.Selection(
        [("2", "Every 2 weeks"), ("3", "Every 3 weeks"), ("4", "Every 4 weeks")],
        string="Status Reports",
        default="2",
        required=True,
        tracking=True,
        help="FDA asks for recall status reports every 2 to 4 weeks "
        "(21 CFR 7.53(a)); the next one is scheduled as an activity of the "
        "Recall manager.",
    )
    status_report_next_date = fields.Date(
        string="Next Status Report", readonly=True, copy=False
    )
    status_report_last_date = fields.Date(
        string="Last Status Report", readonly=True, copy=False
    )
    status_report_count = fields.Integer(
        string="Status Reports Issued", readonly=True, copy=False
    )
    nonresponder_count = fields.Integer(
        string="Non-responders", compute="_compute_nonresponder_count"
    )
    public_warning_date = fields.Date(string="Warning Issued on", tracking=True)
    public_warning_reference = fields.Char(
        string="Warning Reference",
        tracking=True,
        help="Press release, publication or link of the public warning.",
    )
    reason = fields.Text(required=True, tracking=True)
    health_hazard = fields.Text(string="Health Hazard Assessment")
    instructions = fields.Html(
        string="Instructions to Customers",
        help="What customers must do with the product; printed in the notice.",
    )
    lot_ids = fields.Many2many(
        "stock.lot",
        "batch_recall_suspect_lot_rel",
        "recall_id",
        "lot_id",
        string="Suspect Batches",
        required=True,
        check_company=True,
    )
    affected_lot_ids = fields.Many2many(
        "stock.lot",
        "batch_recall_affected_lot_rel",
        "recall_id",
        "lot_id",
        string="Affected Batches",
        readonly=True,
        help="The suspect batches and every batch made from them, at any depth.",
    )
    affected_lot_count = fields.Integer(compute="_compute_counts")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("scoped", "Scoped"),
            ("in_progress", "In Progress"),
            ("monitoring", "Monitoring"),
            ("closed", "Closed"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    started_at = fields.Datetime(
        string="Started",
        default=fields.Datetime.now,
        copy=False,
        help="When the problem was identified: the clock of a mock recall "
        "runs from here.",
    )
    scoped_at = fields.Datetime(string="Scoped", readonly=True, copy=False)
    launched_at = fields.Datetime(string="Launched", readonly=True, copy=False)
    reconciled_at = fields.Datetime(
        string="Reconciled",
        readonly=True,
        copy=False,
        help="When every affected batch balanced (mass balance without gap).",
    )
    closed_at = fields.Datetime(string="Closed", readonly=True, copy=False)
    launched_by_id = fields.Many2one(
        "res.users", string="Launched by", readonly=True, copy=False
    )
    closed_by_id = fields.Many2one(
        "res.users", string="Closed by", readonly=True, copy=False
    )
    cancelled_at = fields.Datetime(string="Cancelled", readonly=True, copy=False)
    cancelled_by_id = fields.Many2one(
        "res.users", string="Cancelled by", readonly=True, copy=False
    )
    decision_reason = fields.Text(
        string="Reason of Last Reversal",
        readonly=True,
        copy=False,
        help="Why the recall was last cancelled or reset to draft.",
    )
    elapsed_minutes = fields.Float(
        string="Time to Reconcile (min)",
        compute="_compute_elapsed_minutes",
        store=True,
        aggregator="avg",
        help="From start to full reconciliation: GFSI schemes expect a mock "
        "recall to trace and reconcile 100% within hours.",
    )
    recall_location_id = fields.Many2one(
        "stock.location",
        string="Recall Location",
        domain="[('usage', '=', 'internal')]",
        check_company=True,
        help="When set, launching the recall moves the affected stock on hand "
        "to this location.",
    )
    line_ids = fields.One2many("batch.recall.line", "recall_id", string="Consignees")
    stock_ids = fields.One2many("batch.recall.stock", "recall_id", string="Stock")
    reconciliation_ids = fields.One2many(
        "batch.recall.reconciliation", "recall_id", string="Mass Balance"
    )
    check_ids = fields.One2many(
        "batch.recall.check", "recall_id", string="Effectiveness Checks"
    )
    notice_ids = fields.One2many("batch.recall.notice", "recall_id", string="Notices")
    clock_ids = fields.One2many(
        "batch.recall.clock", "recall_id", string="Regulatory Clocks"
    )
    clock_next_due = fields.Datetime(
        string="Next Report Due",
        compute="_compute_clock_next_due",
        store=True,
        help="The earliest regulatory deadline of the recall still open.",
    )
    disposition_ids = fields.One2many(
        "batch.recall.disposition", "recall_id", string="Dispositions"
    )
    qty_disposed = fields.Float(
        string="Disposed of",
        compute="_compute_qty_disposed",
        help="Recovered goods whose confirmed disposition is recorded.",
    )
    affected_picking_ids = fields.Many2many(
        "stock.picking",
        string="Unreserved Transfers",
        readonly=True,
        copy=False,
    )
    affected_production_ids = fields.Many2many(
        "mrp.production",
        string="Unreserved Manufacturing Orders",
        readonly=True,
        copy=False,
    )
    complaint_ids = fields.One2many("batch.complaint", "recall_id")
    return_picking_ids = fields.Many2many(
        "stock.picking",
        "batch_recall_return_picking_rel",
        "recall_id",
        "picking_id",
        string="Returns",
        readonly=True,
        copy=False,
    )
    customer_count = fields.Integer(compute="_compute_counts")
    notice_count = fields.Integer(compute="_compute_counts")
    qty_shipped = fields.Float(compute="_compute_quantities", store=True)
    qty_returned = fields.Float(compute="_compute_quantities", store=True)
    qty_destroyed = fields.Float(compute="_compute_quantities", store=True)
    qty_corrected = fields.Float(compute="_compute_quantities", store=True)
    qty_unaccounted = fields.Float(
        string="Not Accounted For",
        compute="_compute_quantities",
        store=True,
        help="Neither returned, destroyed, corrected nor declared held by the "
        "customers.",
    )
    effectiveness = fields.Float(
        string="Effectiveness (%)",
        compute="_compute_quantities",
        store=True,
        aggregator="avg",
        help="Quantity returned, destroyed or corrected over quantity shipped.",
    )
    reconciliation_gap = fields.Float(
        compute="_compute_reconciliation_gap",
        store=True,
        help="Sum of the absolute mass-balance gaps of the affected batches.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("effectiveness_level", "check_share")
    def _compute_check_share_effective(self):
        for recall in self:
            level = recall.effectiveness_level
            recall.check_share_effective = (
                recall.check_share if level == "B" else CHECK_LEVEL_SHARE.get(level, 0)
            )

    def _compute_check_counts(self):
        for recall in self:
            checks = recall.check_ids
            done = checks.filtered(lambda c: c.state == "done")
            recall.check_open_count = len(checks) - len(done)
            recall.check_done_count = len(done)
            recall.check_effective_count = len(
                done.filtered(lambda c: c.result == "effective")
            )

    @api.constrains("effectiveness_level", "check_share", "check_delay_days")
    def _check_strategy(self):
        for recall in self:
            share = recall.check_share
            if not math.isfinite(share):
                raise ValidationError(
                    self.env._("The share of consignees checked must be a number.")
                )
            if recall.effectiveness_level == "B" and not 10.0 < share < 100.0:
                raise ValidationError(
                    self.env._(
                        "%(recall)s: level B checks more than 10%% and less than "
                        "100%% of the consignees; %(share)s%% is not.",
                        recall=recall.name,
                        share=share,
                    )
                )
            if recall.check_delay_days < 0:
                raise ValidationError(
                    self.env._("Checks cannot fall due before the launch.")
                )

    def _compute_counts(self):
        for recall in self:
            recall.affected_lot_count = len(recall.affected_lot_ids)
            recall.customer_count = len(recall.line_ids.commercial_partner_id)
            recall.notice_count = len(recall.notice_ids)

    @api.depends(
        "line_ids.qty_shipped",
        "line_ids.qty_returned",
        "line_ids.qty_destroyed",
        "line_ids.qty_corrected",
        "line_ids.qty_customer_on_hand",
    )
    def _compute_quantities(self):
        for recall in self:
            lines = recall.line_ids
            recall.qty_shipped = sum(lines.mapped("qty_shipped"))
            recall.qty_returned = sum(lines.mapped("qty_returned"))
            recall.qty_destroyed = sum(lines.mapped("qty_destroyed"))
            recall.qty_corrected = sum(lines.mapped("qty_corrected"))
            recall.qty_unaccounted = sum(lines.mapped("qty_unaccounted"))
            accounted = (
                recall.qty_returned + recall.qty_destroyed + recall.qty_corrected
            )
            recall.effectiveness = (
                min(100.0, 100.0 * accounted / recall.qty_shipped)
                if recall.qty_shipped
                else 0.0
            )

    def _compute_nonresponder_count(self):
        for recall in self:
            recall.nonresponder_count = len(recall._recall_nonresponders())

    def _recall_nonresponders(self):
        """Consignee lines notified that have not answered (21 CFR
        7.53(b)(3)): not written off, goods still unaccounted for."""
        self.ensure_one()
        return self.line_ids.filtered(
            lambda line: line.state == "notified" and line.qty_unaccounted > 0
        )

    def _recall_status_figures(self):
        """The figures of a §7.53 status report, computed from the records."""
        self.ensure_one()
        # told: the mail server accepted the letter (or the customer answered)
        notices = self.notice_ids.filtered(lambda n: n.state in ("sent", "answered"))
        checks = self.check_ids.filtered(lambda c: c.state == "done")
        results = dict(
            self.env["batch.recall.check"]
            ._fields["result"]
            ._description_selection(self.env)
        )
        return {
            "consignees": len(self.line_ids.commercial_partner_id),
            "notified": len(notices.partner_id),
            "responded": len(
                self.line_ids.filtered(
                    lambda line: line.state == "answered"
                ).commercial_partner_id
            ),
            "nonresponders": self._recall_nonresponders(),
            "checks_planned": len(self.check_ids),
            "checks_made": len(checks),
            "check_results": {
                label: len(checks.filtered(lambda c, key=key: c.result == key))
                for key, label in results.items()
            },
            "on_hand_consignees": sum(self.line_ids.mapped("qty_customer_on_hand")),
            "on_hand_company": sum(
                row["qty_on_hand"]
                for row in self.env["stock.lot"]._batch_stock_on_hand(
                    self.affected_lot_ids.ids, self.company_id.ids
                )
            ),
        }

    @api.depends("clock_ids.due_at", "clock_ids.state")
    def _compute_clock_next_due(self):
        for recall in self:
            due = recall.clock_ids.filtered(lambda c: c.state == "open").mapped(
                "due_at"
            )
            recall.clock_next_due = min(due) if due else False

    @api.depends("disposition_ids.quantity", "disposition_ids.state")
    def _compute_qty_disposed(self):
        for recall in self:
            recall.qty_disposed = sum(recall._recall_disposed_by_lot().values())

    @api.depends("reconciliation_ids.qty_gap")
    def _compute_reconciliation_gap(self):
        for recall in self:
            recall.reconciliation_gap = sum(
                abs(gap) for gap in recall.reconciliation_ids.mapped("qty_gap")
            )

    @api.depends("started_at", "reconciled_at")
    def _compute_elapsed_minutes(self):
        for recall in self:
            if recall.started_at and recall.reconciled_at:
                delta = recall.reconciled_at - recall.started_at
                recall.elapsed_minutes = delta.total_seconds() / 60.0
            else:
                recall.elapsed_minutes = 0.0

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # the rules, in order: 1. drill results (batch_recall_drill.py);
        # 2. the workflow's results; 3. the number
        self._recall_drill_check_create(vals_list)
        if not is_trusted(self.env, RECALL_KEY):
            for vals in vals_list:
                # a recall starts as a draft; everything else comes from the engine
                results = sorted(
                    field
                    for field in RECALL_RESULT_FIELDS & vals.keys()
                    if not (field == "state" and vals[field] == "draft")
                )
                if results:
                    raise UserError(
                        self.env._(
                            "A recall starts as a draft; these fields are set by "
                            "the recall workflow only: %(fields)s",
                            fields=", ".join(results),
                        )
                    )
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "batch.recall"
                ) or self.env._("New")
        return super().create(vals_list)

    def write(self, vals):
        """Results of the workflow are written by the engine only; a change of
        ``state`` from any path (form, RPC, import, mass edit) is routed
        through :meth:`_recall_transition` with the reason given in
        ``decision_reason``, so it meets the same checks as the buttons.

        The rules, in order: 1. the drill's (batch_recall_drill.py); 2. the
        workflow's results; 3. fields frozen at launch; 4. the state through
        the engine."""
        vals = self._recall_drill_check_write(vals)
        if is_trusted(self.env, RECALL_KEY):
            return super().write(vals)
        vals = dict(vals)
        new_state = vals.pop("state", None)
        reason = vals.pop("decision_reason", None)
        results = sorted(RECALL_RESULT_FIELDS & vals.keys())
        if results:
            raise UserError(
                self.env._(
                    "These fields are set by the recall workflow only: %(fields)s",
                    fields=", ".join(results),
                )
            )
        frozen = sorted(RECALL_LAUNCH_FROZEN_FIELDS & vals.keys())
        launched = self.filtered("launched_at")
        if frozen and launched:
            raise UserError(
                self.env._(
                    "%(recall)s was launched: %(fields)s can no longer change.",
                    recall=launched[0].name,
                    fields=", ".join(frozen),
                )
            )
        if "started_at" in vals and any(r.state != "draft" for r in self):
            raise UserError(
                self.env._(
                    "The start of a recall is fixed once its scope is computed "
                    "(it times the recall)."
                )
            )
        if new_state:
            moving = self.filtered(lambda r: r.state != new_state)
            moving._recall_transition(new_state, reason=reason)
        elif reason is not None:
            raise UserError(
                self.env._(
                    "The reason is given with the cancellation or reset to draft."
                )
            )
        return super().write(vals) if vals else True

    @api.ondelete(at_uninstall=False)
    def _unlink_except_launched(self):
        launched = self.filtered("launched_at")
        if launched:
            raise UserError(
                self.env._(
                    "%(recall)s was launched: it is the record of what reached "
                    "customers and is never deleted (cancel it with a reason).",
                    recall=launched[0].name,
                )
            )

    def _check_recall_manager(self):
        if not has_group(self.env, RECALL_MANAGER):
            raise AccessError(
                self.env._("Only a Recall manager may launch or close a recall.")
            )

    # ------------------------------------------------------------------
    # Transition engine
    # ------------------------------------------------------------------
    def _recall_transition(self, new_state, reason=None):
        """Move recalls to ``new_state``: the one way ``state`` changes.

        Every path ends here (buttons, the reason dialog, ``write`` through
        RPC, ``load()`` imports, mass edits). In order: the group the decision
        needs (skipped for superuser flows), the states it may come from, the
        reason (mandatory for reversals: cancel, reset to draft), the
        preconditions of the new state, the e-signature hook, then the effects
        of the decision (scope, launch), the who/when stamps and the chatter.

        :param new_state: a key of ``state``
        :param reason: why (required to cancel or reset to draft)
        """
        labels = dict(self._fields["state"]._description_selection(self.env))
        if new_state not in RECALL_TRANSITIONS:
            raise UserError(
                self.env._("Unknown recall status %(state)s.", state=new_state)
            )
        sources, group = RECALL_TRANSITIONS[new_state]
        if not has_group(self.env, group):
            raise AccessError(
                self.env._(
                    "Only members of '%(group)s' may set a recall to %(state)s.",
                    group=self.env.ref(group).full_name,
                    state=labels[new_state],
                )
            )
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        # superuser flows skip the group check, so they must say why (computing
        # the scope decides nothing: the demo data and scripts run it)
        superuser_decision = self.env.su and new_state != "scoped"
        if (new_state in RECALL_REVERSALS or superuser_decision) and not reason:
            raise UserError(
                self.env._(
                    "Give the reason to set %(recalls)s to %(state)s.",
                    recalls=", ".join(self.mapped("name")),
                    state=labels[new_state],
                )
            )
        for recall in self:
            if recall.state not in sources:
                raise UserError(
                    self.env._(
                        "%(recall)s is %(current)s: it cannot be set to %(state)s.",
                        recall=recall.name,
                        current=labels[recall.state],
                        state=labels[new_state],
                    )
                )
            recall._recall_check_preconditions(new_state)
            recall._recall_check_signature(new_state)
            previous = recall.state
            # the effects of the decision, then one chatter entry saying it all
            details = getattr(recall, f"_recall_do_{new_state}")(reason)
            parts = [
                self.env._(
                    "Status: %(old)s → %(new)s.",
                    old=labels[previous],
                    new=labels[new_state],
                )
            ]
            if reason:
                parts.append(self.env._("Reason: %(reason)s", reason=reason))
            parts.extend(details or [])
            recall.message_post(body=Markup("<br/>").join(parts))
        return True

    def _recall_check_preconditions(self, new_state):
        """Raise when this recall may not take ``new_state``, whoever asks."""
        self.ensure_one()
        if new_state == "scoped":
            if not self.lot_ids:
                raise UserError(self.env._("Select the suspect batches first."))
            self._recall_check_rescope()
        elif new_state == "closed" and self.recall_type != "mock":
            self._recall_check_termination()
            open_lines = self.line_ids.filtered(
                lambda line: (
                    line.state not in ("answered", "written_off")
                    and line.qty_unaccounted > 0
                )
            )
            if open_lines:
                raise UserError(
                    self.env._(
                        "These consignees have not answered and are not written "
                        "off: %(lines)s",
                        lines=", ".join(
                            f"{line.partner_id.display_name} ({line.lot_id.name})"
                            for line in open_lines
                        ),
                    )
                )
        elif new_state == "draft":
            self._recall_check_rescope()

    def _recall_check_termination(self):
        """What a recall needs before it may close (21 CFR 7.55): every
        planned effectiveness check made, the public warning issued when the
        strategy asks for one, and dispositions accounting for everything
        recovered."""
        self.ensure_one()
        open_checks = self.check_ids.filtered(lambda c: c.state == "planned")
        if open_checks:
            raise UserError(
                self.env._(
                    "%(recall)s: these planned effectiveness checks are still "
                    "open: %(partners)s",
                    recall=self.name,
                    partners=", ".join(open_checks.partner_id.mapped("display_name")),
                )
            )
        if self.public_warning != "none" and not self.public_warning_date:
            raise UserError(
                self.env._(
                    "%(recall)s: the strategy calls for a public warning; record "
                    "when it was issued before closing.",
                    recall=self.name,
                )
            )
        if self.state in ("in_progress", "monitoring"):
            # reconciled against the returns as they are now, not as last seen
            self._recall_refresh_recovery()
        missing = self._recall_disposition_gaps()
        if missing:
            raise UserError(
                self.env._(
                    "%(recall)s: dispositions do not account for everything "
                    "recovered: %(gaps)s",
                    recall=self.name,
                    gaps=", ".join(
                        self.env._(
                            "%(lot)s recovered %(recovered)s, disposed %(disposed)s",
                            lot=lot.name,
                            recovered=recovered,
                            disposed=disposed,
                        )
                        for lot, recovered, disposed in missing
                    ),
                )
            )

    def _recall_recovered_by_lot(self):
        """What came back of each affected batch since the scope (returns from
        consignees, refreshed by 'Refresh Recovery')."""
        self.ensure_one()
        recovered = {}
        for line in self.sudo().line_ids:
            lot = line.lot_id.with_env(self.env)
            recovered[lot] = recovered.get(lot, 0.0) + line.qty_returned
        return recovered

    def _recall_disposed_by_lot(self):
        """Confirmed dispositions per batch."""
        self.ensure_one()
        disposed = {}
        for disposition in self.sudo().disposition_ids:
            if disposition.state == "confirmed":
                lot = disposition.lot_id.with_env(self.env)
                disposed[lot] = disposed.get(lot, 0.0) + disposition.quantity
        return disposed

    def _recall_disposition_gaps(self):
        """Batches whose recovered goods are not all disposed of:
        ``[(lot, recovered, disposed)]``."""
        self.ensure_one()
        disposed = self._recall_disposed_by_lot()
        gaps = []
        for lot, recovered in self._recall_recovered_by_lot().items():
            done = disposed.get(lot, 0.0)
            rounding = lot.product_id.uom_id.rounding or 0.01
            if float_compare(recovered, done, precision_rounding=rounding) != 0:
                gaps.append((lot, recovered, done))
        return gaps

    def _recall_check_rescope(self):
        """Rebuilding the scope deletes its lines: never once customers are
        involved (a launch, a notice, an answer, a write-off)."""
        self.ensure_one()
        involved = self.line_ids.filtered(
            lambda line: line.state != "pending" or line.answered_at
        )
        if self.launched_at or self.notice_ids or involved:
            raise UserError(
                self.env._(
                    "The scope of %(recall)s is fixed once it is launched or a "
                    "customer is involved; use 'Refresh Recovery'.",
                    recall=self.name,
                )
            )

    def _recall_check_signature(self, new_state):
        """Raise when the decision needs an electronic signature that was not
        given in this request (batch_compliance fills it in for closing)."""
        return True

    # Effects of each decision: return the lines to add to its chatter entry.
    def _recall_do_scoped(self, reason):
        return [self._recall_compute_scope()]

    def _recall_do_in_progress(self, reason):
        return self._recall_launch()

    def _recall_do_monitoring(self, reason):
        with engine_writes(self.env):
            self.write({"state": "monitoring"})

    def _recall_stop_status_reports(self):
        # a closed or cancelled recall reports no more
        with engine_writes(self.env):
            self.write({"status_report_next_date": False})
        self.sudo().activity_unlink(["batch_recall.mail_activity_recall_status_report"])

    def _recall_do_closed(self, reason):
        self._recall_stop_status_reports()
        with engine_writes(self.env):
            self.write(
                {
                    "state": "closed",
                    "closed_at": fields.Datetime.now(),
                    "closed_by_id": self.env.uid,
                }
            )

    def _recall_do_cancel(self, reason):
        self._recall_stop_status_reports()
        with engine_writes(self.env):
            self.write(
                {
                    "state": "cancel",
                    "cancelled_at": fields.Datetime.now(),
                    "cancelled_by_id": self.env.uid,
                    "decision_reason": reason,
                }
            )

    def _recall_do_draft(self, reason):
        with engine_writes(self.env):
            self.write({"state": "draft", "decision_reason": reason})

    # ------------------------------------------------------------------
    # Scope
    # ------------------------------------------------------------------
    def action_compute_scope(self):
        """Affected batches, consignees, stock on hand and mass balance; a
        large recall is scoped in the background (see ``batch.job``)."""
        for recall in self:
            if recall._recall_scope_in_background():
                recall._recall_queue_scope()
            else:
                recall._recall_job_compute_scope()
        return True

    def _recall_job_compute_scope(self):
        """Compute the scope now (the button, or the background job as the
        user who asked): same checks, same group."""
        self.ensure_one()
        if self.state == "scoped":
            # a fresh look at the same draft
            self._recall_check_group("scoped")
            self._recall_check_preconditions("scoped")
            self.message_post(body=self._recall_compute_scope())
        else:
            self._recall_transition("scoped")
        return self.env._(
            "%(recall)s: %(lines)s consignee lines, %(lots)s batches.",
            recall=self.name,
            lines=len(self.line_ids),
            lots=len(self.affected_lot_ids),
        )

    def _recall_scope_in_background(self):
        """Whether the trace reaches more batches than the threshold set in
        ``batch_recall.background_scope_batches`` (2000 by default; 0 never
        goes to the background)."""
        self.ensure_one()
        threshold = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("batch_recall.background_scope_batches", 2000)
        )
        if threshold <= 0 or not self.lot_ids:
            return False
        traced = self.lot_ids._batch_recall_trace_ids(self.company_id)
        return len(traced) > threshold

    def _recall_queue_scope(self):
        """The checks now (who asks, what the recall is), the work in the
        background; the engine checks again when the job runs."""
        self.ensure_one()
        self._recall_check_group("scoped")
        if self.state not in RECALL_TRANSITIONS["scoped"][0]:
            raise UserError(
                self.env._(
                    "%(recall)s is no longer a draft: its scope is fixed.",
                    recall=self.name,
                )
            )
        self._recall_check_preconditions("scoped")
        if self.scope_job_state in ("queued", "running"):
            raise UserError(
                self.env._(
                    "The scope of %(recall)s is already being computed in the "
                    "background.",
                    recall=self.name,
                )
            )
        self.env["batch.job"]._batch_enqueue(
            self,
            "_recall_job_compute_scope",
            self.env._("Scope of %(recall)s", recall=self.name),
        )
        self.invalidate_recordset(
            ["scope_job_id", "scope_job_state", "scope_job_progress", "scope_job_error"]
        )
        self.message_post(
            body=self.env._(
                "The scope reaches many batches: it is computed in the "
                "background; you will be notified when it is ready."
            )
        )

    def _recall_check_group(self, new_state):
        group = RECALL_TRANSITIONS[new_state][1]
        if not has_group(self.env, group):
            raise AccessError(
                self.env._(
                    "Only members of '%(group)s' may do this.",
                    group=self.env.ref(group).full_name,
                )
            )

    def _recall_compute_scope(self):
        """(Re)build the scope rows of this recall from the stock of its
        company: called by the engine only, after its checks."""
        self.ensure_one()
        lot_ids = self.lot_ids._batch_recall_trace_ids(self.company_id)
        recall = self.sudo()
        with engine_writes(self.env):
            recall.line_ids.unlink()
            recall.stock_ids.unlink()
            recall.reconciliation_ids.unlink()
            recall.affected_lot_ids = [Command.set(lot_ids)]
            recall._bulk_insert_scope(lot_ids)
            vals = {"scoped_at": fields.Datetime.now()}
            if recall.state == "draft":
                vals["state"] = "scoped"
            recall.write(vals)
            recall._check_reconciled()
        lots = (
            self.env._("1 batch")
            if len(lot_ids) == 1
            else self.env._("%(count)s batches", count=len(lot_ids))
        )
        customers = len(recall.line_ids.commercial_partner_id)
        return self.env._(
            "Scope computed: %(lots)s, %(customers)s, %(qty)s shipped.",
            lots=lots,
            customers=self.env._("1 customer")
            if customers == 1
            else self.env._("%(count)s customers", count=customers),
            qty=recall._recall_qty_label(recall.qty_shipped),
        )

    def _recall_qty_label(self, qty):
        """A quantity with its unit when every affected batch shares one
        (``1,700.00 Units``), the bare figure otherwise."""
        self.ensure_one()
        uoms = self.sudo().affected_lot_ids.product_id.uom_id
        figure = formatLang(self.env, qty, dp="Product Unit of Measure")
        return f"{figure} {uoms.name}" if len(uoms) == 1 else figure

    def _bulk_insert_scope(self, lot_ids):
        """Write the scope rows: each row model owns its query and insertion
        (bulk, see ``tools.bulk_insert``); the campaign's totals follow."""
        self.ensure_one()
        for model in (
            "batch.recall.line",
            "batch.recall.stock",
            "batch.recall.reconciliation",
        ):
            self.env[model]._recall_scope_write(self, lot_ids)
        self.modified(["line_ids", "stock_ids", "reconciliation_ids"])

    def _check_reconciled(self):
        """Stamp the moment every affected batch balances."""
        with engine_writes(self.env):
            self._recall_stamp_reconciled()

    def _recall_stamp_reconciled(self):
        for recall in self:
            # every batch balanced, and from a traced origin (see
            # batch.recall.reconciliation.is_balanced)
            balanced = recall.reconciliation_ids and all(
                recall.reconciliation_ids.mapped("is_balanced")
            )
            if balanced and not recall.reconciled_at:
                recall.reconciled_at = fields.Datetime.now()
                if recall.recall_type == "mock":
                    recall.message_post(
                        body=self.env._(
                            "Mock recall traced and reconciled in %(minutes).1f "
                            "minutes.",
                            minutes=recall.elapsed_minutes,
                        )
                    )
            elif not balanced:
                recall.reconciled_at = False

    # ------------------------------------------------------------------
    # Launch
    # ------------------------------------------------------------------
    def action_launch(self):
        """Recall the affected batches everywhere and free them from open
        documents (real recalls and withdrawals; a mock recall only times the
        drill and changes nothing)."""
        return self._recall_transition("in_progress")

    def _recall_scope_snapshot(self):
        self.ensure_one()
        return {
            (line.partner_id.id, line.lot_id.id): line.qty_shipped
            for line in self.sudo().line_ids
        }, set(self.affected_lot_ids.ids)

    def _recall_launch(self):
        """The launch, called by the engine after its checks.

        The scope is computed again first, in the launch's own transaction: a
        delivery validated (or a batch made) between scoping and launching is
        then in the recall instead of being missed. Refusing the launch when
        the scope changed would only send the manager round the loop while
        the goods keep moving; recomputing is safe because nothing hangs on
        the lines of a recall that was never launched (no notice, no answer).
        The differences are written in the chatter.
        """
        self.ensure_one()
        before, lots_before = self._recall_scope_snapshot()
        details = [self._recall_compute_scope()]
        after, lots_after = self._recall_scope_snapshot()
        if (before, lots_before) != (after, lots_after):
            Partner = self.env["res.partner"]
            new_keys = [key for key in after if after[key] != before.get(key, 0.0)]
            details.append(
                self.env._(
                    "The scope changed since it was computed and was computed "
                    "again at launch: %(new_lots)s new batches; new or changed "
                    "consignees: %(customers)s.",
                    new_lots=len(lots_after - lots_before),
                    customers=", ".join(
                        sorted(
                            {
                                Partner.browse(partner_id).display_name
                                for partner_id, __ in new_keys
                            }
                        )
                    )
                    or "-",
                )
            )
        vals = {
            "state": "in_progress",
            "launched_at": fields.Datetime.now(),
            "launched_by_id": self.env.uid,
        }
        if self.recall_type != "mock":
            lots = self.affected_lot_ids
            # the documents holding the batches, before the status engine
            # takes the batches out of them
            open_moves = lots._batch_open_reserved_moves(self.company_id)
            pickings = open_moves.picking_id
            productions = open_moves.raw_material_production_id
            lots.sudo()._batch_transition(
                "recalled",
                reason=self.env._(
                    "Recall %(recall)s launched: %(reason)s",
                    recall=self.name,
                    reason=self.reason,
                ),
            )
            if self.recall_location_id:
                lots._batch_move_stock(
                    self.recall_location_id,
                    self.env._("Recall %(recall)s", recall=self.name),
                    company=self.company_id,
                )
            vals.update(
                affected_picking_ids=[Command.set(pickings.ids)],
                affected_production_ids=[Command.set(productions.ids)],
            )
            details += [
                self.env._("Recall launched: 1 batch set to Recalled.")
                if len(lots) == 1
                else self.env._(
                    "Recall launched: %(count)s batches set to Recalled.",
                    count=len(lots),
                ),
                self.env._(
                    "Unreserved: %(docs)s",
                    docs=", ".join(pickings.mapped("name") + productions.mapped("name"))
                    or self.env._("none"),
                ),
            ]
        with engine_writes(self.env):
            self.write(vals)
        if self.recall_type != "mock":
            details.append(self._recall_plan_checks())
            details += self._recall_start_clocks()
            details.append(self._recall_schedule_status_report())
        return details

    def _recall_check_sample(self, population, share, seed):
        """The consignees to check: ``share`` % of ``population`` (ids),
        rounded up so that a level never checks fewer than it promises, drawn
        at random with ``seed`` (the same seed over the same consignees draws
        the same sample)."""
        if not population or share <= 0:
            return []
        size = min(len(population), max(1, math.ceil(len(population) * share / 100)))
        return random.Random(seed).sample(sorted(population), size)

    def _recall_plan_checks(self):
        """Draw the effectiveness checks of the recall's level at launch and
        give each one an activity due ``check_delay_days`` later. Called by
        the launch only; the draw (population, size, seed) is recorded."""
        self.ensure_one()
        recall = self.sudo()
        population = recall.line_ids.commercial_partner_id.ids
        seed = str(secrets.randbelow(2**31))
        sample = self._recall_check_sample(
            population, recall.check_share_effective, int(seed)
        )
        today = fields.Date.context_today(self)
        due = fields.Date.add(today, days=recall.check_delay_days)
        with engine_writes(self.env):
            checks = (
                self.env["batch.recall.check"]
                .sudo()
                .create(
                    [
                        {
                            "recall_id": recall.id,
                            "partner_id": partner_id,
                            "sample_rank": rank,
                            "date_due": due,
                            "method": recall.check_method,
                        }
                        for rank, partner_id in enumerate(sample, start=1)
                    ]
                )
            )
            recall.write(
                {
                    "check_population": len(population),
                    "check_sample_size": len(sample),
                    "check_seed": seed,
                    "checks_planned_at": fields.Datetime.now(),
                }
            )
        responsible = recall.user_id or self.env.user
        for check in checks:
            check.activity_schedule(
                "batch_recall.mail_activity_recall_check",
                date_deadline=due,
                summary=self.env._(
                    "Effectiveness check: %(partner)s",
                    partner=check.partner_id.display_name,
                ),
                user_id=responsible.id,
            )
        level = dict(
            self._fields["effectiveness_level"]._description_selection(self.env)
        )
        return self.env._(
            "Effectiveness checks planned (%(level)s, %(share)s%% of %(population)s "
            "consignees, random draw %(seed)s): %(partners)s",
            level=level.get(recall.effectiveness_level, "-"),
            share=recall.check_share_effective,
            population=len(population),
            seed=seed,
            partners=", ".join(checks.partner_id.mapped("display_name")) or "-",
        )

    def _recall_start_clocks(self):
        """The regulatory deadlines a launched recall starts, from its
        products' regulatory categories, counted from when the problem was
        identified (``started_at``)."""
        self.ensure_one()
        events = {"recall"}
        if self.classification == "class_1":
            events.add("recall_class_1")
        products = self.sudo().affected_lot_ids.product_id
        clocks = self.env["batch.recall.clock"]._batch_clock_start(
            self, events, products, self.started_at, self.user_id
        )
        return [
            self.env._(
                "Deadline started: %(clock)s, due %(due)s.",
                clock=clock.display_name,
                due=clock.due_at,
            )
            for clock in clocks
        ]

    def _recall_schedule_status_report(self):
        """The next §7.53 status report: a date and an activity of the
        responsible Recall manager, ``status_report_weeks`` from today."""
        self.ensure_one()
        due = fields.Date.add(
            fields.Date.context_today(self), weeks=int(self.status_report_weeks)
        )
        with engine_writes(self.env):
            self.write({"status_report_next_date": due})
        self.sudo().activity_schedule(
            "batch_recall.mail_activity_recall_status_report",
            date_deadline=due,
            summary=self.env._("Status report of %(recall)s", recall=self.name),
            user_id=(self.user_id or self.env.user).id,
        )
        return self.env._("Next status report due %(date)s.", date=due)

    def action_issue_status_report(self):
        """Issue the §7.53 status report now: the PDF is kept as an
        attachment with its date, the activity is done and the next one
        scheduled."""
        self._check_recall_manager()
        report = self.env.ref("batch_recall.action_report_recall_status")
        for recall in self:
            if recall.recall_type == "mock" or recall.state not in (
                "in_progress",
                "monitoring",
            ):
                raise UserError(
                    self.env._(
                        "%(recall)s is not a recall in progress: it has no "
                        "status report to issue.",
                        recall=recall.name,
                    )
                )
            today = fields.Date.context_today(recall)
            content, kind = self.env["ir.actions.report"]._render_qweb_pdf(
                report, recall.ids
            )
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": self.env._(
                            "Status report %(recall)s %(date)s.%(ext)s",
                            recall=recall.name,
                            date=today,
                            ext=kind,
                        ),
                        "raw": content,
                        "res_model": recall._name,
                        "res_id": recall.id,
                    }
                )
            )
            with engine_writes(self.env):
                recall.write(
                    {
                        "status_report_last_date": today,
                        "status_report_count": recall.status_report_count + 1,
                    }
                )
            recall.sudo().activity_feedback(
                ["batch_recall.mail_activity_recall_status_report"],
                feedback=attachment.name,
            )
            recall.message_post(
                body=self.env._(
                    "Status report issued by %(user)s. %(next)s",
                    user=self.env.user.name,
                    next=recall._recall_schedule_status_report(),
                ),
                attachment_ids=attachment.ids,
            )
        return True

    # ------------------------------------------------------------------
    # Notification and recovery
    # ------------------------------------------------------------------
    # action_notify_customers: see batch_recall_notify.py (preview, the
    # statement and instructions required, state from the mail's outcome)

    def action_create_returns(self):
        """Return pickings for every affected delivery with stock still out."""
        self.ensure_one()
        self._check_recall_manager()
        if self.recall_type == "mock":
            raise UserError(self.env._("A mock recall creates no returns."))
        if self.state not in ("in_progress", "monitoring"):
            raise UserError(
                self.env._("Launch the recall before creating its returns.")
            )
        deliveries = (
            self.env["stock.move.line"]
            .search(
                [
                    ("lot_id", "in", self.affected_lot_ids.ids),
                    ("company_id", "=", self.company_id.id),
                    ("state", "=", "done"),
                    ("location_dest_id.usage", "=", "customer"),
                ]
            )
            .picking_id
        )
        done_before = self.return_picking_ids.filtered(lambda p: p.state != "cancel")
        returns = (deliveries - done_before.return_id)._batch_return_lots(
            self.affected_lot_ids
        )
        with engine_writes(self.env):
            self.return_picking_ids = [Command.link(pid) for pid in returns.ids]
        self.message_post(
            body=self.env._(
                "Return transfers created: %(returns)s",
                returns=", ".join(returns.mapped("name")) or self.env._("none"),
            )
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Recall Returns"),
            "res_model": "stock.picking",
            "view_mode": "list,form",
            "domain": [("id", "in", self.return_picking_ids.ids)],
            "help": Markup("<p class='o_view_nocontent_empty_folder'>%s</p><p>%s</p>")
            % (
                self.env._("No return transfer yet"),
                self.env._(
                    "Create Returns makes one return per delivery with recalled "
                    "batches still out; they are validated when the goods arrive."
                ),
            ),
        }

    def action_refresh_recovery(self):
        """Returned quantities and mass balance brought up to date (from the
        stock of the recall's company; anyone who may read the recall)."""
        for recall in self:
            if recall.state not in ("scoped", "in_progress", "monitoring"):
                raise UserError(
                    self.env._(
                        "%(recall)s is not active: its recovery is frozen.",
                        recall=recall.name,
                    )
                )
            recall._recall_refresh_recovery()
        return True

    def _recall_refresh_recovery(self):
        self.ensure_one()
        recall = self.sudo()
        with engine_writes(self.env):
            recall.line_ids._refresh_returned()
            recall.reconciliation_ids.unlink()
            self.env["batch.recall.reconciliation"]._recall_scope_write(
                recall, recall.affected_lot_ids.ids
            )
            recall.modified(["reconciliation_ids"])
            recall._check_reconciled()

    def action_monitor(self):
        return self.filtered(lambda r: r.state == "in_progress")._recall_transition(
            "monitoring"
        )

    def action_close(self):
        """Close once every consignee answered or was written off with a reason."""
        return self._recall_transition("closed")

    def action_cancel(self):
        """Ask for the reason, then cancel (see :meth:`_recall_transition`)."""
        return self._recall_reason_dialog("cancel")

    def action_draft(self):
        """Ask for the reason, then reset to draft."""
        return self._recall_reason_dialog("draft")

    def _recall_reason_dialog(self, new_state):
        # the checks that do not need the reason fail before the dialog opens
        self._recall_check_group(new_state)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reason"),
            "res_model": "batch.recall.reason",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_recall_ids": [Command.set(self.ids)],
                "default_new_state": new_state,
            },
        }

    # ------------------------------------------------------------------
    # Smart buttons
    # ------------------------------------------------------------------
    def action_view_affected_lots(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Affected Batches"),
            "res_model": "stock.lot",
            "view_mode": "list,form",
            "domain": [("id", "in", self.affected_lot_ids.ids)],
            "context": {"create": False},
            "help": Markup("<p class='o_view_nocontent_empty_folder'>%s</p><p>%s</p>")
            % (
                self.env._("No affected batch"),
                self.env._(
                    "Compute the scope: the suspect batches and every batch made from "
                    "them are listed here."
                ),
            ),
        }

    def action_view_notices(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Recall Notices"),
            "res_model": "batch.recall.notice",
            "view_mode": "list,form",
            "domain": [("recall_id", "=", self.id)],
            "context": {"create": False},
            "help": Markup("<p class='o_view_nocontent_empty_folder'>%s</p><p>%s</p>")
            % (
                self.env._("No notice sent yet"),
                self.env._(
                    "Notify Customers previews the letter, then sends one notice per "
                    "delivery address, by e-mail and on the customer portal."
                ),
            ),
        }
