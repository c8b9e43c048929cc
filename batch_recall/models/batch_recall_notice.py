# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.batch_traceability.models.rule_guard import is_trusted

from .batch_recall import NOTICE_KEY, engine_writes

# Set when the notice is sent and when the customer answers, never by hand.
NOTICE_RESULT_FIELDS = frozenset(
    {
        "recall_id",
        "partner_id",
        "state",
        "sent_at",
        "answered_at",
        "answered_by",
        "customer_comment",
        "failure_reason",
    }
)
# mail.notification status -> what it means for the letter
DELIVERED = ("sent",)
FAILED = ("exception", "bounce")


class BatchRecallNotice(models.Model):
    """The recall notice one customer receives and answers on the portal."""

    _name = "batch.recall.notice"
    _description = "Recall Notice"
    _inherit = ["portal.mixin", "mail.thread"]
    _order = "id desc"

    name = fields.Char(compute="_compute_name", store=True)
    recall_id = fields.Many2one(
        "batch.recall", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="recall_id.company_id", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        help="The customer company: every delivery address of it is covered.",
    )
    line_ids = fields.Many2many(
        "batch.recall.line", compute="_compute_line_ids", string="Batches Received"
    )
    # The state follows the e-mail's real outcome (see _recall_sync_delivery):
    # "Sent" only once the mail server accepted the letter.
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("queued", "Sending"),
            ("failed", "Delivery Failed"),
            ("sent", "Sent"),
            ("answered", "Answered"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    sent_at = fields.Datetime(readonly=True)
    failure_reason = fields.Text(
        string="Delivery Failure",
        readonly=True,
        help="Why the e-mail did not reach the customer (from the mail server).",
    )
    answered_at = fields.Datetime(readonly=True)
    answered_by = fields.Char(readonly=True)
    customer_comment = fields.Text(readonly=True)

    @api.depends("recall_id.name", "partner_id.name")
    def _compute_name(self):
        for notice in self:
            notice.name = f"{notice.recall_id.name} - {notice.partner_id.name or ''}"

    @api.depends("recall_id.line_ids.commercial_partner_id", "partner_id")
    def _compute_line_ids(self):
        for notice in self:
            notice.line_ids = notice.recall_id.line_ids.filtered(
                lambda line, n=notice: line.commercial_partner_id == n.partner_id
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not is_trusted(self.env, NOTICE_KEY):
            raise UserError(
                self.env._("Recall notices are created by 'Notify Customers'.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if not is_trusted(self.env, NOTICE_KEY):
            results = sorted(NOTICE_RESULT_FIELDS & vals.keys())
            if results:
                raise UserError(
                    self.env._(
                        "These fields of a recall notice are set when it is sent "
                        "and answered only: %(fields)s",
                        fields=", ".join(results),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if not is_trusted(self.env, NOTICE_KEY) and any(
            notice.state != "draft" for notice in self
        ):
            raise UserError(
                self.env._(
                    "A recall notice that was sent is the record that the "
                    "customer was told: it is never deleted."
                )
            )

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for notice in self:
            notice.access_url = f"/my/recalls/{notice.id}"
        return res

    # ------------------------------------------------------------------
    # Delivery: the state follows the mail's outcome
    # ------------------------------------------------------------------
    def _recall_letter_notifications(self):
        """E-mail notifications of the letters posted on these notices."""
        return (
            self.env["mail.notification"]
            .sudo()
            .search(
                [
                    ("notification_type", "=", "email"),
                    ("mail_message_id.model", "=", self._name),
                    ("mail_message_id.res_id", "in", self.ids),
                    ("notification_status", "!=", "canceled"),
                ]
            )
        )

    def _recall_sync_delivery(self):
        """Bring each notice in line with the outcome of its e-mail.

        Called after the mail queue tried to send (``mail.mail``
        post-processing), which may run after the request's commit or from
        the mail cron: a notice is *Sent*, and its consignee lines
        *Notified*, only once the mail server accepted the letter; a refused
        or failed letter is *Delivery Failed* with the server's reason, listed
        on the recall to be resent.
        """
        notices = self.sudo().filtered(lambda n: n.state in ("queued", "failed"))
        if not notices:
            return True
        notifications = notices._recall_letter_notifications()
        now = fields.Datetime.now()
        for notice in notices:
            mine = notifications.filtered(
                lambda notif, n=notice: notif.mail_message_id.res_id == n.id
            )
            statuses = set(mine.mapped("notification_status"))
            recall = notice.recall_id
            if statuses & set(DELIVERED):
                with engine_writes(self.env):
                    notice.write(
                        {"state": "sent", "sent_at": now, "failure_reason": False}
                    )
                pending = notice.line_ids.filtered(lambda line: line.state == "pending")
                if pending and recall.state in ("in_progress", "monitoring"):
                    pending._recall_line_transition("notified")
                recall.message_post(
                    body=self.env._(
                        "Recall notice delivered to the mail server for %(customer)s.",
                        customer=notice.partner_id.display_name,
                    )
                )
            elif statuses and statuses <= set(FAILED):
                failed = mine.filtered(
                    lambda notif: notif.notification_status in FAILED
                )
                reason = "; ".join(
                    filter(
                        None,
                        {
                            notif.failure_reason
                            or dict(
                                notif._fields["failure_type"]._description_selection(
                                    self.env
                                )
                            ).get(notif.failure_type)
                            or ""
                            for notif in failed
                        },
                    )
                ) or self.env._("The mail server refused the e-mail.")
                if notice.state == "failed" and notice.failure_reason == reason:
                    continue
                with engine_writes(self.env):
                    notice.write({"state": "failed", "failure_reason": reason})
                recall.message_post(
                    body=self.env._(
                        "The recall notice to %(customer)s was NOT delivered: "
                        "%(reason)s",
                        customer=notice.partner_id.display_name,
                        reason=reason,
                    )
                )
        return True

    def _batch_portal_answer(self, answers, comment=None, author=None):
        """Record the customer's answer: {line_id: {on_hand, destroyed}}.

        Called by the portal controller after the access check; quantities
        are validated here so that no answer is half recorded.
        """
        self.ensure_one()
        # the caller may be a portal user: check their access, then work as
        # superuser on the recall data they may not read directly
        self.check_access("read")
        return self.sudo()._batch_record_answer(answers, comment, author)

    def _batch_record_answer(self, answers, comment, author):
        """Check every quantity first, then record the answer of each line
        through the line transition: nothing is half recorded."""
        if self.recall_id.state not in ("in_progress", "monitoring"):
            raise UserError(self.env._("This recall no longer takes answers."))
        Line = self.env["batch.recall.line"]
        values = {}
        for line in self.sudo().line_ids:
            answer = answers.get(line.id)
            if not answer:
                continue
            values[line] = {
                "qty_customer_on_hand": Line._recall_parse_quantity(
                    answer.get("on_hand"), line.lot_id.name
                ),
                "qty_destroyed": Line._recall_parse_quantity(
                    answer.get("destroyed"), line.lot_id.name
                ),
            }
            # the total is checked here too, before anything is written
            line._recall_answer_values(values[line])
        if not values:
            raise UserError(self.env._("Enter at least one quantity."))
        for line, vals in values.items():
            line._recall_line_transition("answered", values=vals)
        now = fields.Datetime.now()
        with engine_writes(self.env):
            self.sudo().write(
                {
                    "state": "answered",
                    "answered_at": now,
                    "answered_by": author or self.env.user.name,
                    "customer_comment": comment,
                }
            )
        self.sudo().recall_id.message_post(
            body=self.env._(
                "%(customer)s answered the recall notice (by %(author)s).",
                customer=self.partner_id.name,
                author=author or self.env.user.name,
            )
        )
        return True
