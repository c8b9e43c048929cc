# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from .batch_recall import engine_writes


class BatchRecallNotice(models.Model):
    _inherit = "batch.recall.notice"

    def _recall_send_letter(self):
        """Post the letter to the customer; its delivery decides the state."""
        template = self.env.ref("batch_recall.mail_template_recall_notice")
        for notice in self:
            with engine_writes(self.env):
                notice.write({"state": "queued", "failure_reason": False})
            notice.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                partner_ids=notice.partner_id.ids,
            )
            # sent at once in a request without a mail server round trip
            # (tests, mail queue disabled...): settle what is known already
            notice._recall_sync_delivery()
        return True
