# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.batch_traceability.models.rule_guard import is_trusted, trusted

from .batch_recall import CLOCK_KEY, QUALITY_USER, has_group

# What starts a clock: (kind, event, product categories, amount, unit).
# Events: "recall" (a recall or withdrawal is launched), "recall_class_1"
# (the launched recall is Class I: a reportable food), "complaint_serious"
# (a complaint reports a serious adverse event or a critical defect).
CLOCK_RULES = (
    ("fda_recall", "recall", ("food", "drug", "cosmetic", "supplement"), 24, "hours"),
    ("rfr", "recall_class_1", ("food",), 24, "hours"),
    ("far", "recall", ("drug",), 3, "business_days"),
    ("rfr", "complaint_serious", ("food",), 24, "hours"),
    ("far", "complaint_serious", ("drug",), 3, "business_days"),
    ("mocra", "complaint_serious", ("cosmetic",), 15, "business_days"),
    ("dsaer", "complaint_serious", ("supplement",), 15, "business_days"),
)
# Only the engine writes these; users record the reference and a note.
CLOCK_USER_FIELDS = frozenset({"reference", "note"})


class BatchRecallClock(models.Model):
    """A regulatory deadline started by a recall or a complaint: FDA
    notification of a recall, Reportable Food Registry (24 h, 21 USC 350f),
    Field Alert Report (3 working days, 21 CFR 314.81(b)(1)), MoCRA serious
    adverse event report (15 business days, 21 USC 364a), dietary supplement
    serious adverse event report (15 business days, 21 USC 379aa-1).

    The due time is computed from the event and the company's working
    calendar; users record when and how it was met, once."""

    _name = "batch.recall.clock"
    _description = "Regulatory Clock"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state desc, due_at, id"
    _check_company_auto = True

    kind = fields.Selection(
        [
            ("fda_recall", "FDA notification of the recall"),
            ("rfr", "Reportable Food Registry report"),
            ("far", "Field Alert Report"),
            ("mocra", "MoCRA serious adverse event report"),
            ("dsaer", "Dietary supplement serious adverse event report"),
        ],
        string="Report",
        required=True,
        readonly=True,
    )
    recall_id = fields.Many2one(
        "batch.recall", ondelete="cascade", index=True, readonly=True
    )
    complaint_id = fields.Many2one(
        "batch.complaint", ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    categories = fields.Char(
        string="Product Categories",
        readonly=True,
        help="Regulatory categories of the products that started the clock.",
    )
    deadline = fields.Char(readonly=True, help="The rule, e.g. 3 business days.")
    started_at = fields.Datetime(
        string="Event", required=True, readonly=True, help="When the clock started."
    )
    due_at = fields.Datetime(string="Due", required=True, readonly=True)
    state = fields.Selection(
        [("open", "Open"), ("met", "Met")],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
    )
    met_at = fields.Datetime(string="Met on", readonly=True)
    met_by_id = fields.Many2one("res.users", string="Met by", readonly=True)
    met_late = fields.Boolean(string="Late", readonly=True)
    reference = fields.Char(
        help="Report or submission number, or how FDA was notified."
    )
    note = fields.Text()
    remaining_hours = fields.Float(
        compute="_compute_countdown", help="Hours left before the deadline."
    )
    countdown = fields.Char(compute="_compute_countdown")

    @api.depends("kind", "recall_id", "complaint_id")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for clock in self:
            source = clock.recall_id or clock.complaint_id
            clock.display_name = self.env._(
                "%(kind)s (%(origin)s)",
                kind=labels.get(clock.kind, ""),
                origin=source.name or "",
            )

    @api.depends("due_at", "met_at", "state")
    def _compute_countdown(self):
        now = fields.Datetime.now()
        for clock in self:
            if not clock.due_at:
                clock.remaining_hours = 0.0
                clock.countdown = ""
                continue
            end = clock.met_at if clock.state == "met" else now
            hours = (clock.due_at - end).total_seconds() / 3600.0
            clock.remaining_hours = hours
            days, rest = divmod(abs(int(hours)), 24)
            span = self.env._("%(days)sd %(hours)sh", days=days, hours=rest)
            if clock.state == "met":
                clock.countdown = (
                    self.env._("Met, %(span)s late", span=span)
                    if hours < 0
                    else self.env._("Met, %(span)s early", span=span)
                )
            elif hours < 0:
                clock.countdown = self.env._("Overdue by %(span)s", span=span)
            else:
                clock.countdown = self.env._("%(span)s left", span=span)

    # ------------------------------------------------------------------
    # CRUD: the engine starts and meets clocks
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not is_trusted(self.env, CLOCK_KEY):
            raise UserError(
                self.env._(
                    "Regulatory clocks are started by the recall or complaint "
                    "they belong to; they are not created by hand."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        """Users write the reference and a note of an open clock; meeting it
        goes through :meth:`_batch_clock_met`, from any path."""
        if is_trusted(self.env, CLOCK_KEY):
            return super().write(vals)
        vals = dict(vals)
        new_state = vals.pop("state", None)
        engine = sorted(vals.keys() - CLOCK_USER_FIELDS)
        if engine:
            raise UserError(
                self.env._(
                    "These fields of a regulatory clock are computed: %(fields)s",
                    fields=", ".join(engine),
                )
            )
        if vals:
            self._batch_clock_check_group()
            met = self.filtered(lambda c: c.state == "met")
            if met:
                raise UserError(
                    self.env._(
                        "%(clock)s was met: the record does not change.",
                        clock=met[0].display_name,
                    )
                )
        res = super().write(vals) if vals else True
        if new_state == "met":
            self.filtered(lambda c: c.state == "open")._batch_clock_met()
        elif new_state and any(c.state != new_state for c in self):
            raise UserError(self.env._("A met deadline is never reopened."))
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_engine(self):
        if not is_trusted(self.env, CLOCK_KEY):
            raise UserError(
                self.env._("Regulatory clocks are a record: they are never deleted.")
            )

    def _batch_clock_check_group(self):
        if not has_group(self.env, QUALITY_USER):
            raise AccessError(
                self.env._(
                    "Only members of '%(group)s' may record regulatory reports.",
                    group=self.env.ref(QUALITY_USER).full_name,
                )
            )

    # ------------------------------------------------------------------
    # Starting clocks
    # ------------------------------------------------------------------
    @api.model
    def _batch_clock_rules(self):
        """Extension point: the rules that start clocks (see CLOCK_RULES)."""
        return CLOCK_RULES

    @api.model
    def _batch_clock_due(self, company, start, amount, unit):
        """When a deadline of ``amount`` ``unit`` after ``start`` falls.

        Hours count around the clock. Business days are the working days of
        the company's calendar (``resource.calendar``, public holidays
        included as its global leaves), counted from the day after the event;
        the deadline is the end of the last one's working hours.
        """
        if unit == "hours":
            return start + timedelta(hours=amount)
        calendar = company.resource_calendar_id
        tz = pytz.timezone((calendar and calendar.tz) or "UTC")
        local_day = pytz.utc.localize(start).astimezone(tz).date()
        next_day = tz.localize(
            datetime.combine(local_day + timedelta(days=1), time.min)
        )
        due = calendar and calendar.plan_days(amount, next_day, compute_leaves=True)
        if not due:
            # no calendar: Monday to Friday, end of day
            day, left = local_day, amount
            while left:
                day += timedelta(days=1)
                left -= day.weekday() < 5
            due = tz.localize(datetime.combine(day, time.max.replace(microsecond=0)))
        return due.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _batch_clock_start(self, source, events, products, started_at, user):
        """Start the clocks that ``events`` and the categories of ``products``
        call for on ``source`` (a recall or a complaint), once each, with an
        activity for ``user`` due when the deadline falls.

        :return: the clocks started
        """
        categories = set(products.product_tmpl_id.mapped("batch_regulatory_category"))
        field = "recall_id" if source._name == "batch.recall" else "complaint_id"
        existing = set(self.sudo().search([(field, "=", source.id)]).mapped("kind"))
        labels = dict(self._fields["kind"]._description_selection(self.env))
        category_labels = dict(
            self.env["product.template"]
            ._fields["batch_regulatory_category"]
            ._description_selection(self.env)
        )
        units = {
            "hours": self.env._("hours"),
            "business_days": self.env._("business days"),
        }
        vals_list = []
        for kind, event, kinds_of_goods, amount, unit in self._batch_clock_rules():
            matching = categories & set(kinds_of_goods)
            if event not in events or not matching or kind in existing:
                continue
            existing.add(kind)
            vals_list.append(
                {
                    "kind": kind,
                    field: source.id,
                    "company_id": source.company_id.id,
                    "categories": ", ".join(
                        sorted(category_labels[c] for c in matching)
                    ),
                    "deadline": f"{amount} {units[unit]}",
                    "started_at": started_at,
                    "due_at": self._batch_clock_due(
                        source.company_id, started_at, amount, unit
                    ),
                }
            )
        with trusted(self.env, CLOCK_KEY):
            clocks = self.sudo().create(vals_list)
        for clock in clocks:
            clock.activity_schedule(
                "batch_recall.mail_activity_recall_clock",
                date_deadline=fields.Date.context_today(clock, clock.due_at),
                summary=labels[clock.kind],
                note=self.env._(
                    "Due %(due)s (%(deadline)s after %(start)s).",
                    due=clock.due_at,
                    deadline=clock.deadline,
                    start=clock.started_at,
                ),
                user_id=(user or self.env.user).id,
            )
        return clocks.with_env(self.env)

    # ------------------------------------------------------------------
    # Meeting a clock
    # ------------------------------------------------------------------
    def action_mark_met(self):
        """Record that the report was made, with the reference typed."""
        return self._batch_clock_met()

    def _batch_clock_met(self):
        """The one way a clock is met: who, when, the reference, whether it
        was late; the activity is marked done and the source told."""
        self._batch_clock_check_group()
        now = fields.Datetime.now()
        for clock in self:
            if clock.state != "open":
                raise UserError(
                    self.env._("%(clock)s was already met.", clock=clock.display_name)
                )
            if not (clock.reference or "").strip():
                raise UserError(
                    self.env._(
                        "%(clock)s: record the report number or how FDA was "
                        "notified first.",
                        clock=clock.display_name,
                    )
                )
            with trusted(self.env, CLOCK_KEY):
                clock.write(
                    {
                        "state": "met",
                        "met_at": now,
                        "met_by_id": self.env.uid,
                        "met_late": now > clock.due_at,
                    }
                )
            clock.sudo().activity_feedback(
                ["batch_recall.mail_activity_recall_clock"], feedback=clock.reference
            )
            source = clock.recall_id or clock.complaint_id
            source.message_post(
                body=self.env._(
                    "%(clock)s made by %(user)s (%(reference)s)%(late)s.",
                    clock=clock.display_name,
                    user=self.env.user.name,
                    reference=clock.reference,
                    late=self.env._(", LATE") if clock.met_late else "",
                )
            )
        return True
