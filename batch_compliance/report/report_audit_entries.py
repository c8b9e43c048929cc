# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportAuditEntries(models.AbstractModel):
    """Selected audit trail entries (a period, filtered in the list)."""

    _name = "report.batch_compliance.report_audit_entries"
    _inherit = "batch.report.mixin"
    _description = "Audit Trail Entries"

    @api.model
    def _get_report_values(self, docids, data=None):
        entries = self.env["batch.audit.log"].browse(docids).sorted("id")
        return self._batch_document_values(
            docids,
            "batch.audit.log",
            entries=entries,
            period_start=entries[:1].logged_at,
            period_end=entries[-1:].logged_at,
        )
