# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.batch_traceability.models.rule_guard import is_trusted, trusted

from .batch_recall import CHECK_KEY, QUALITY_USER, has_group

CHECK_METHODS = [
    ("visit", "Personal visit"),
    ("phone", "Telephone"),
    ("letter", "Letter"),
    ("email", "Email"),
]
# The plan: drawn by the recall's strategy, never written by users.
CHECK_PLAN_FIELDS = frozenset(
    {
        "recall_id",
        "company_id",
        "partner_id",
        "date_due",
        "state",
        "date",
        "user_id",
        "sample_rank",
    }
)
# What the checker records while the check is open.
CHECK_ANSWER_FIELDS = frozenset({"method", "result", "note", "subrecall_confirmed"})


class BatchRecallCheck(models.Model):
    """One effectiveness check of the recall's plan: a consignee contacted to
    verify they received the notice and acted on it (21 CFR 7.42(b)(3),
    7.59). The checks are drawn by the recall's effectiveness level when it
    is launched; the checker records the result, once."""

    _name = "batch.recall.check"
    _description = "Recall Effectiveness Check"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "recall_id, state desc, date_due, id"
    _check_company_auto = True

    recall_id = fields.Many2one(
        "batch.recall", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="recall_id.company_id", store=True)
    depth = fields.Selection(related="recall_id.depth")
    partner_id = fields.Many2one(
        "res.partner", string="Consignee", required=True, readonly=True
    )
    sample_rank = fields.Integer(
        readonly=True, help="Order in which the random draw picked this consignee."
    )
    date_due = fields.Date(string="Due", readonly=True)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done")],
        default="planned",
        required=True,
        readonly=True,
    )
    date = fields.Date(string="Checked on", readonly=True)
    method = fields.Selection(CHECK_METHODS, required=True, default="phone")
    result = fields.Selection(
        [
            ("effective", "Notice received and followed"),
            ("not_received", "Notice not received"),
            ("not_followed", "Notice received, not followed"),
            ("no_contact", "Consignee could not be reached"),
        ],
    )
    subrecall_confirmed = fields.Boolean(
        string="Own Customers Notified",
        help="Retail and consumer depth: the consignee confirmed that it passed "
        "the recall on to its own customers (sub-recall).",
    )
    user_id = fields.Many2one("res.users", string="Checked by", readonly=True)
    note = fields.Text()

    def _compute_display_name(self):
        for check in self:
            check.display_name = self.env._(
                "%(recall)s: check of %(partner)s",
                recall=check.recall_id.name,
                partner=check.partner_id.display_name,
            )

    # ------------------------------------------------------------------
    # CRUD: the plan is drawn by the recall; the answer is recorded once
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not is_trusted(self.env, CHECK_KEY):
            raise UserError(
                self.env._(
                    "Effectiveness checks are drawn by the recall's effectiveness "
                    "level when it is launched; they are not added by hand."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        """The plan is never written by users; the answer only while the check
        is open, and a change of ``state`` from any path goes through
        :meth:`_recall_check_done`."""
        if is_trusted(self.env, CHECK_KEY):
            return super().write(vals)
        vals = dict(vals)
        new_state = vals.pop("state", None)
        plan = sorted(CHECK_PLAN_FIELDS & vals.keys())
        if plan:
            raise UserError(
                self.env._(
                    "These fields of an effectiveness check are set by the "
                    "recall's plan only: %(fields)s",
                    fields=", ".join(plan),
                )
            )
        if vals:
            done = self.filtered(lambda check: check.state == "done")
            if done:
                raise UserError(
                    self.env._(
                        "%(check)s was recorded: its result is the record of "
                        "the check and does not change.",
                        check=done[0].display_name,
                    )
                )
            self._recall_check_group()
            closed = self.filtered(
                lambda check: check.recall_id.state not in ("in_progress", "monitoring")
            )
            if closed:
                raise UserError(
                    self.env._(
                        "%(recall)s is not in progress: its checks do not change.",
                        recall=closed[0].recall_id.name,
                    )
                )
        res = super().write(vals) if vals else True
        if new_state == "done":
            self.filtered(lambda c: c.state != "done")._recall_check_done()
        elif new_state and any(check.state != new_state for check in self):
            raise UserError(self.env._("A recorded check cannot be reopened."))
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_plan(self):
        if not is_trusted(self.env, CHECK_KEY):
            raise UserError(
                self.env._(
                    "Effectiveness checks are the record of the recall's "
                    "strategy: they are never deleted."
                )
            )

    def _recall_check_group(self):
        if not has_group(self.env, QUALITY_USER):
            raise AccessError(
                self.env._(
                    "Only members of '%(group)s' may record effectiveness checks.",
                    group=self.env.ref(QUALITY_USER).full_name,
                )
            )

    # ------------------------------------------------------------------
    # Recording a check
    # ------------------------------------------------------------------
    def action_done(self):
        """Record the result typed on the check."""
        return self._recall_check_done()

    def _recall_check_done(self):
        """Close open checks with their result: the one way a check is done.

        A result is required; at retail or consumer depth a check only counts
        as effective when the consignee also passed the recall on to its own
        customers (21 CFR 7.49(c)(1)(iv)). The activity of the check is marked
        done and the recall's chatter says who checked what.
        """
        self._recall_check_group()
        labels = dict(self._fields["result"]._description_selection(self.env))
        for check in self:
            if check.state != "planned":
                raise UserError(
                    self.env._(
                        "%(check)s was already recorded.", check=check.display_name
                    )
                )
            if check.recall_id.state not in ("in_progress", "monitoring"):
                raise UserError(
                    self.env._(
                        "%(recall)s is not in progress: its checks do not change.",
                        recall=check.recall_id.name,
                    )
                )
            if not check.result:
                raise UserError(
                    self.env._(
                        "Record the result of %(check)s first.",
                        check=check.display_name,
                    )
                )
            if (
                check.result == "effective"
                and check.recall_id.depth in ("retail", "consumer")
                and not check.subrecall_confirmed
            ):
                raise UserError(
                    self.env._(
                        "%(check)s: the recall extends to %(depth)s level; it is "
                        "effective only once the consignee confirmed it notified "
                        "its own customers.",
                        check=check.display_name,
                        depth=check.recall_id.depth,
                    )
                )
        with trusted(self.env, CHECK_KEY):
            self.write(
                {
                    "state": "done",
                    "date": fields.Date.context_today(self),
                    "user_id": self.env.uid,
                }
            )
        for check in self:
            check.sudo().activity_feedback(
                ["batch_recall.mail_activity_recall_check"],
                feedback=labels[check.result],
            )
            check.recall_id.message_post(
                body=self.env._(
                    "Effectiveness check of %(partner)s by %(method)s, recorded "
                    "by %(user)s: %(result)s",
                    partner=check.partner_id.display_name,
                    method=dict(CHECK_METHODS)[check.method],
                    user=self.env.user.name,
                    result=labels[check.result],
                )
            )
        return True
