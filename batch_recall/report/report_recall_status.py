# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ReportRecallStatus(models.AbstractModel):
    """The §7.53 status report: figures, consignees, checks and sign-off."""

    _name = "report.batch_recall.report_recall_status"
    _inherit = "batch.report.mixin"
    _description = "Recall Status Report"

    @api.model
    def _recall_signature_rows(self, recall):
        """Who issued this report and when, then who launched and closed the
        recall (batch_compliance adds the recall's e-signatures)."""
        _ = self.env._
        rows = [
            self._batch_signature_row(
                self.env.user,
                fields.Datetime.now(),
                _("Report issued by (Recall management)"),
            )
        ]
        if recall.launched_by_id and recall.launched_at:
            rows.append(
                self._batch_signature_row(
                    recall.launched_by_id,
                    recall.launched_at,
                    _("Recall launched by (Recall management)"),
                )
            )
        if recall.closed_by_id and recall.closed_at:
            rows.append(
                self._batch_signature_row(
                    recall.closed_by_id,
                    recall.closed_at,
                    _("Recall closed by (Recall management)"),
                )
            )
        return rows

    @api.model
    def _recall_consignee_rows(self, recall, lines):
        notice_of = {notice.partner_id: notice for notice in recall.notice_ids}
        return [
            {
                "line": line,
                "partner": line.partner_id.display_name,
                "notified": self._batch_format_date(
                    notice_of[line.commercial_partner_id].sent_at
                )
                if line.commercial_partner_id in notice_of
                else "",
                "has_notice": line.commercial_partner_id in notice_of,
                "answered": self._batch_format_date(line.answered_at),
            }
            for line in lines
        ]

    @api.model
    def _recall_status_values(self, recall):
        figures = recall._recall_status_figures()
        notices = recall.notice_ids
        return {
            "figures": figures,
            "consignees": len(recall.line_ids.commercial_partner_id),
            "notified": len(notices.filtered(lambda n: n.state != "draft")),
            "responding": len(notices.filtered(lambda n: n.state == "answered")),
            "destroyed_or_corrected": recall.qty_destroyed + recall.qty_corrected,
            "nonresponder_count": len(figures["nonresponders"].commercial_partner_id),
            "nonresponders": self._recall_consignee_rows(
                recall, figures["nonresponders"]
            ),
            "lines": self._recall_consignee_rows(recall, recall.line_ids),
            "checks": recall.check_ids,
            "signature_rows": self._recall_signature_rows(recall),
        }

    @api.model
    def _get_report_values(self, docids, data=None):
        recalls = self.env["batch.recall"].browse(docids)
        return self._batch_document_values(
            docids,
            "batch.recall",
            status={
                recall.id: self._recall_status_values(recall) for recall in recalls
            },
        )
