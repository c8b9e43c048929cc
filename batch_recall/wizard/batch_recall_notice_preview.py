# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class BatchRecallNoticePreview(models.TransientModel):
    """The recall letter rendered for one customer, as it will be e-mailed,
    before anything is sent."""

    _name = "batch.recall.notice.preview"
    _description = "Recall Notice Preview"

    recall_id = fields.Many2one("batch.recall", required=True, ondelete="cascade")
    notice_id = fields.Many2one(
        "batch.recall.notice",
        string="Customer",
        required=True,
        ondelete="cascade",
        domain="[('recall_id', '=', recall_id), ('state', '=', 'draft')]",
        help="The customer whose letter is shown.",
    )
    notice_count = fields.Integer(
        string="Notices to Send", compute="_compute_notice_count"
    )
    email_to = fields.Char(string="To", compute="_compute_preview")
    subject = fields.Char(compute="_compute_preview")
    body_html = fields.Html(string="Letter", compute="_compute_preview", sanitize=False)

    @api.depends("recall_id.notice_ids.state")
    def _compute_notice_count(self):
        for wizard in self:
            wizard.notice_count = len(
                wizard.recall_id.notice_ids.filtered(lambda n: n.state == "draft")
            )

    @api.depends("notice_id")
    def _compute_preview(self):
        template = self.env.ref("batch_recall.mail_template_recall_notice")
        for wizard in self:
            notice = wizard.notice_id
            if not notice:
                wizard.update({"email_to": False, "subject": False, "body_html": False})
                continue
            wizard.email_to = notice.partner_id.email_formatted or self.env._(
                "%(customer)s has no e-mail address: the letter will fail.",
                customer=notice.partner_id.display_name,
            )
            wizard.subject = template._render_field("subject", notice.ids)[notice.id]
            wizard.body_html = template._render_field(
                "body_html", notice.ids, compute_lang=True
            )[notice.id]

    def action_send(self):
        """Send the notices of every customer not told yet (same checks as the
        recall's own action)."""
        self.ensure_one()
        self.recall_id.action_notify_customers()
        return {"type": "ir.actions.act_window_close"}
