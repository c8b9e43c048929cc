# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportRecallNotice(models.AbstractModel):
    """The letter to one consignee: the batches it received."""

    _name = "report.batch_recall.report_recall_notice"
    _inherit = "batch.report.mixin"
    _description = "Recall Notice Letter"

    @api.model
    def _get_report_values(self, docids, data=None):
        notices = self.env["batch.recall.notice"].browse(docids)
        return self._batch_document_values(
            docids,
            "batch.recall.notice",
            letters={
                notice.id: {
                    "recall": notice.recall_id,
                    "urgent": notice.recall_id.classification in ("class_1", "class_2"),
                    "withdrawal": notice.recall_id.recall_type == "withdrawal",
                    "lines": [
                        {
                            "line": line,
                            "partner": line.partner_id.display_name,
                            "shipped": self._batch_format_date(line.last_ship_date),
                        }
                        for line in notice.line_ids
                    ],
                }
                for notice in notices
            },
        )
