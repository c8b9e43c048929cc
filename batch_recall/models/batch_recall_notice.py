# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


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
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent"), ("answered", "Answered")],
        default="draft",
        required=True,
        tracking=True,
    )
    sent_at = fields.Datetime(readonly=True)
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

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for notice in self:
            notice.access_url = f"/my/recalls/{notice.id}"
        return res

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
        if self.recall_id.state not in ("in_progress", "monitoring"):
            raise UserError(self.env._("This recall no longer takes answers."))
        lines = self.sudo().line_ids
        values = {}
        for line in lines:
            answer = answers.get(line.id)
            if not answer:
                continue
            try:
                on_hand = float(answer.get("on_hand") or 0.0)
                destroyed = float(answer.get("destroyed") or 0.0)
            except ValueError as error:
                raise UserError(
                    self.env._(
                        "Quantities must be numbers (batch %(lot)s).",
                        lot=line.lot_id.name,
                    )
                ) from error
            if on_hand < 0 or destroyed < 0:
                raise UserError(self.env._("Quantities cannot be negative."))
            if on_hand + destroyed > line.qty_shipped - line.qty_returned + 1e-6:
                raise UserError(
                    self.env._(
                        "Batch %(lot)s: you received %(qty)s; held and destroyed "
                        "quantities cannot exceed it.",
                        lot=line.lot_id.name,
                        qty=line.qty_shipped,
                    )
                )
            values[line] = {"qty_customer_on_hand": on_hand, "qty_destroyed": destroyed}
        if not values:
            raise UserError(self.env._("Enter at least one quantity."))
        now = fields.Datetime.now()
        for line, vals in values.items():
            line.write(dict(vals, state="answered", answered_at=now))
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
