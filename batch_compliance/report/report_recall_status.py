# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportRecallStatus(models.AbstractModel):
    """The recall status report also carries the recall's electronic
    signatures (launch, closure)."""

    _inherit = "report.batch_recall.report_recall_status"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        esignatures = self._batch_esignature_rows("batch.recall", docids)
        for recall_id, info in values["status"].items():
            info["esignature_rows"] = esignatures.get(recall_id, [])
        return values
