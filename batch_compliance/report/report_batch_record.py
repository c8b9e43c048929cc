# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportBatchRecord(models.AbstractModel):
    """GMP batch production record (21 CFR 211.188) of a manufacturing
    order: components with their batches, yield, deviations, QC results,
    the release decision and the electronic signatures of the batch made."""

    _name = "report.batch_compliance.report_batch_record"
    _inherit = "batch.report.mixin"
    _description = "Batch Production Record"

    @api.model
    def _batch_record_values(self, production, decisions, esignatures):
        lot = production.lot_producing_id
        scraps = [
            {
                "scrap": scrap,
                "reasons": ", ".join(scrap.scrap_reason_tag_ids.mapped("name")),
            }
            for scrap in production.scrap_ids
        ]
        return {
            "lot": lot,
            "start": self._batch_format_datetime(production.date_start),
            "end": self._batch_format_datetime(production.date_finished),
            "yield_pct": 100.0 * production.qty_produced / production.product_qty
            if production.product_qty
            else 0.0,
            "components": [
                {
                    "line": line,
                    "product": line.product_id.display_name,
                    "lot_name": line.lot_id.name or "",
                    "supplier_lot": line.lot_id.supplier_lot or "",
                    "recorded_by": line.write_uid.name or "",
                }
                for line in production.move_raw_ids.move_line_ids.filtered(
                    lambda ml: ml.state == "done"
                )
            ],
            "operations": [
                {"workorder": wo, "duration": round(wo.duration, 1)}
                for wo in production.workorder_ids
            ],
            "qty_deviation": production.qty_produced != production.product_qty,
            "scraps": scraps,
            "tests": lot.qc_result_ids.filtered(lambda t: t.state != "cancelled")
            if lot
            else [],
            "signature_rows": (
                decisions.get(lot.id, []) + esignatures.get(lot.id, []) if lot else []
            ),
        }

    @api.model
    def _get_report_values(self, docids, data=None):
        productions = self.env["mrp.production"].browse(docids)
        lots = productions.lot_producing_id
        decisions = self._batch_decision_rows(lots)
        esignatures = self._batch_esignature_rows("stock.lot", lots.ids)
        return self._batch_document_values(
            docids,
            "mrp.production",
            records={
                production.id: self._batch_record_values(
                    production, decisions, esignatures
                )
                for production in productions
            },
        )
