# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportRecallTermination(models.AbstractModel):
    """The §7.55 termination request: figures, dispositions, write-offs."""

    _name = "report.batch_recall.report_recall_termination"
    _inherit = "batch.report.mixin"
    _description = "Recall Termination Request"

    @api.model
    def _get_report_values(self, docids, data=None):
        recalls = self.env["batch.recall"].browse(docids)
        return self._batch_document_values(
            docids,
            "batch.recall",
            termination={
                recall.id: {
                    "consignees": len(recall.line_ids.commercial_partner_id),
                    "destroyed_or_corrected": recall.qty_destroyed
                    + recall.qty_corrected,
                    "dispositions": [
                        {
                            "disposition": disposition,
                            "evidence": ", ".join(
                                disposition.attachment_ids.mapped("name")
                            ),
                        }
                        for disposition in recall.disposition_ids.filtered(
                            lambda d: d.state == "confirmed"
                        )
                    ],
                    "written_off": [
                        {"line": line, "partner": line.partner_id.display_name}
                        for line in recall.line_ids.filtered(
                            lambda line: line.state == "written_off"
                        )
                    ],
                }
                for recall in recalls
            },
        )
