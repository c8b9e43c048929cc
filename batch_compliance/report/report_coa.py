# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportCoa(models.AbstractModel):
    """Certificate of Analysis: the batch, its valid test results, the
    release decision and the electronic signatures."""

    _name = "report.batch_compliance.report_coa"
    _inherit = "batch.report.mixin"
    _description = "Certificate of Analysis"

    @api.model
    def _get_report_values(self, docids, data=None):
        lots = self.env["stock.lot"].browse(docids)
        decisions = self._batch_decision_rows(lots)
        esignatures = self._batch_esignature_rows("stock.lot", lots.ids)
        return self._batch_document_values(
            docids,
            "stock.lot",
            certificates={
                lot.id: {
                    "production_date": self._batch_format_date(lot.production_date),
                    "expiration_date": self._batch_format_date(lot.expiration_date),
                    "tests": [
                        {
                            "test": test,
                            "tester": test.tester_id.name or "",
                            "date": self._batch_format_date(test.test_date),
                        }
                        for test in lot.qc_result_ids.filtered(
                            lambda t: t.state != "cancelled"
                        )
                    ],
                    "signature_rows": decisions[lot.id] + esignatures[lot.id],
                }
                for lot in lots
            },
        )
