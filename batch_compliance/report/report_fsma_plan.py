# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportFsmaPlan(models.AbstractModel):
    """The FSMA 204 traceability plan (21 CFR 1.1315) and its approval."""

    _name = "report.batch_compliance.report_fsma_plan"
    _inherit = "batch.report.mixin"
    _description = "FSMA 204 Traceability Plan"

    @api.model
    def _get_report_values(self, docids, data=None):
        plans = self.env["batch.fsma.plan"].browse(docids)
        return self._batch_document_values(
            docids,
            "batch.fsma.plan",
            approvals={
                plan.id: {
                    "by": plan.approved_by_id.name or "",
                    "date": self._batch_format_date(plan.approval_date),
                }
                for plan in plans
            },
        )
