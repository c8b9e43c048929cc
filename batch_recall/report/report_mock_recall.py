# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportMockRecall(models.AbstractModel):
    """A mock recall's figures: scope, timing and mass balance."""

    _name = "report.batch_recall.report_mock_recall"
    _inherit = "batch.report.mixin"
    _description = "Mock Recall Report"

    @api.model
    def _mock_recall_values(self, recall):
        qty_in = sum(recall.reconciliation_ids.mapped("qty_in"))
        accounted = sum(recall.reconciliation_ids.mapped("qty_accounted"))
        return {
            "suspect_batches": ", ".join(recall.lot_ids.mapped("name")),
            "affected_count": len(recall.affected_lot_ids),
            "customer_count": len(recall.line_ids.commercial_partner_id),
            "accounted_pct": 100.0 * accounted / (qty_in or 1.0),
            "lines": [
                {"line": line, "partner": line.partner_id.display_name}
                for line in recall.line_ids
            ],
        }

    @api.model
    def _get_report_values(self, docids, data=None):
        recalls = self.env["batch.recall"].browse(docids)
        return self._batch_document_values(
            docids,
            "batch.recall",
            mock={recall.id: self._mock_recall_values(recall) for recall in recalls},
        )
