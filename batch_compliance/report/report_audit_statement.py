# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportAuditStatement(models.AbstractModel):
    """A signed statement of the audit chain's head, to file outside."""

    _name = "report.batch_compliance.report_audit_statement"
    _inherit = "batch.report.mixin"
    _description = "Audit Chain Statement"

    @api.model
    def _get_report_values(self, docids, data=None):
        return self._batch_document_values(
            docids,
            "batch.audit.statement",
            signature_rows_by_statement=self._batch_esignature_rows(
                "batch.audit.statement", docids
            ),
        )
