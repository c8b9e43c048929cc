# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

from .batch_recall import engine_writes


class BatchRecall(models.Model):
    """Customer notification of a recall: what customers read, a preview of
    the letter, and notices whose state follows the e-mail's real outcome."""

    _inherit = "batch.recall"

    customer_statement = fields.Text(
        string="Statement to Customers",
        tracking=True,
        help="What customers read about the problem, in the e-mail, on the "
        "portal and in the letter. The internal Reason is never shown to them.",
    )
    notice_failed_ids = fields.Many2many(
        "batch.recall.notice",
        compute="_compute_notice_failed",
        string="Notices Not Delivered",
    )
    notice_failed_count = fields.Integer(compute="_compute_notice_failed")
    qty_customer_on_hand = fields.Float(
        string="Held by Customers",
        compute="_compute_qty_customer_on_hand",
        help="Declared held by customers in their answers: known, not yet recovered.",
    )

    @api.depends("notice_ids.state")
    def _compute_notice_failed(self):
        for recall in self:
            failed = recall.notice_ids.filtered(lambda n: n.state == "failed")
            recall.notice_failed_ids = failed
            recall.notice_failed_count = len(failed)

    @api.depends("line_ids.qty_customer_on_hand")
    def _compute_qty_customer_on_hand(self):
        for recall in self:
            recall.qty_customer_on_hand = sum(
                recall.line_ids.mapped("qty_customer_on_hand")
            )

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    def _recall_check_notice_ready(self):
        """Raise unless customers can be told: a real recall in progress, the
        statement and the instructions they read written."""
        self._check_recall_manager()
        for recall in self:
            if recall.recall_type == "mock":
                raise UserError(
                    self.env._(
                        "%(recall)s is a mock recall: customers are never contacted.",
                        recall=recall.name,
                    )
                )
            if recall.state not in ("in_progress", "monitoring"):
                raise UserError(
                    self.env._("Launch the recall before notifying customers.")
                )
            missing = []
            if not (recall.customer_statement or "").strip():
                missing.append(self.env._("the statement to customers"))
            if is_html_empty(recall.instructions):
                missing.append(self.env._("the instructions to customers"))
            if missing:
                raise UserError(
                    self.env._(
                        "%(recall)s: write %(missing)s before notifying: this is "
                        "what customers read (the internal reason is never "
                        "sent to them).",
                        recall=recall.name,
                        missing=self.env._(" and ").join(missing),
                    )
                )

    def _recall_prepare_notices(self):
        """A draft notice for every customer not told yet (nothing is sent)."""
        Notice = self.env["batch.recall.notice"]
        for recall in self:
            partners = (
                recall.line_ids.commercial_partner_id - recall.notice_ids.partner_id
            )
            if partners:
                with engine_writes(self.env):
                    Notice.create(
                        [
                            {"recall_id": recall.id, "partner_id": partner.id}
                            for partner in partners
                        ]
                    )
        return self.notice_ids.filtered(lambda n: n.state == "draft")

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_preview_notices(self):
        """The letter as one customer will receive it, before anything is sent."""
        self.ensure_one()
        self._recall_check_notice_ready()
        drafts = self._recall_prepare_notices()
        if not drafts:
            raise UserError(
                self.env._(
                    "Every customer of %(recall)s has a notice already.",
                    recall=self.name,
                )
            )
        wizard = self.env["batch.recall.notice.preview"].create(
            {"recall_id": self.id, "notice_id": drafts[:1].id}
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Preview Recall Notice"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_notify_customers(self):
        """Send one notice per customer by e-mail from the notice template.

        The notices wait in *Sending* until the mail server took the letter;
        :meth:`batch.recall.notice._recall_sync_delivery` then marks them
        *Sent* (and their lines *Notified*) or *Delivery Failed*.
        """
        self._recall_check_notice_ready()
        for recall in self:
            notices = recall._recall_prepare_notices()
            notices._recall_send_letter()
            if notices:
                recall.message_post(
                    body=self.env._(
                        "Recall notices handed to the mail queue for "
                        "%(customers)s; each is marked Sent once the mail "
                        "server accepted it.",
                        customers=", ".join(notices.partner_id.mapped("name")),
                    )
                )
        return True

    def action_resend_failed_notices(self):
        """Send again the notices whose e-mail failed (e.g. once the mail
        server or the customer's address is fixed)."""
        self._recall_check_notice_ready()
        for recall in self:
            failed = recall.notice_ids.filtered(lambda n: n.state == "failed")
            if not failed:
                raise UserError(
                    self.env._("No notice of %(recall)s failed.", recall=recall.name)
                )
            # the failed attempts stay in the notice's history, no longer
            # counted (nor shown as failures to solve in the mail systray)
            failed._recall_letter_notifications().filtered(
                lambda notif: notif.notification_status in ("exception", "bounce")
            ).write({"notification_status": "canceled"})
            recall.message_post(
                body=self.env._(
                    "Recall notices sent again to %(customers)s.",
                    customers=", ".join(failed.partner_id.mapped("name")),
                )
            )
            failed._recall_send_letter()
        return True

    def action_view_failed_notices(self):
        action = self.action_view_notices()
        action["domain"] = [("id", "in", self.notice_failed_ids.ids)]
        return action
