# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportAuditTrail(models.AbstractModel):
    """A batch's audit trail entries, oldest first."""

    _name = "report.batch_compliance.report_audit_trail"
    _inherit = "batch.report.mixin"
    _description = "Batch Audit Trail"

    @api.model
    def _get_report_values(self, docids, data=None):
        lots = self.env["stock.lot"].browse(docids)
        entries = (
            self.env["batch.audit.log"]
            .sudo()
            .search([("lot_id", "in", lots.ids)], order="id")
        )
        return self._batch_document_values(
            docids,
            "stock.lot",
            entries_by_lot={
                lot.id: entries.filtered(lambda e, lot=lot: e.lot_id == lot)
                for lot in lots
            },
        )
