# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _postprocess_sent_message(
        self, success_pids, failure_reason=False, failure_type=None
    ):
        """Once the mail server accepted or refused a recall letter, the
        notice follows: this is the one place that knows the real outcome
        (sent after the commit, or later by the mail queue)."""
        notice_ids = {
            mail.res_id
            for mail in self.sudo()
            if mail.model == "batch.recall.notice" and mail.res_id
        }
        res = super()._postprocess_sent_message(
            success_pids, failure_reason=failure_reason, failure_type=failure_type
        )
        if notice_ids:
            notices = self.env["batch.recall.notice"].sudo().browse(notice_ids)
            notices.exists()._recall_sync_delivery()
        return res
