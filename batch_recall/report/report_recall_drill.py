# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportRecallDrill(models.AbstractModel):
    """The drill report a certification auditor reads (SQF 2.6.3, BRCGS
    3.11.3, FSSC 22000): scope, team, timeline, figures, result, gaps."""

    _name = "report.batch_recall.report_recall_drill"
    _inherit = "batch.report.mixin"
    _description = "Mock Recall Drill Report"

    @api.model
    def _recall_drill_values(self, recall):
        return {
            "starting_batches": ", ".join(
                f"{lot.name} ({lot.product_id.display_name})" for lot in recall.lot_ids
            ),
            "affected_count": len(recall.affected_lot_ids),
            "customer_count": len(recall.line_ids.commercial_partner_id),
            "supplier_count": len(recall.drill_source_ids.partner_id),
            "team": ", ".join(recall.drill_team_ids.mapped("name")),
            "timeline": [
                (label, self._batch_format_datetime(when), user.name if user else "")
                for label, when, user in (
                    (self.env._("Drill started"), recall.started_at, None),
                    (self.env._("Scope computed"), recall.scoped_at, None),
                    (
                        self.env._("Drill launched"),
                        recall.launched_at,
                        recall.launched_by_id,
                    ),
                    (
                        self.env._("Figures reconciled (timer stopped)"),
                        recall.drill_reconciled_at,
                        recall.drill_reconciled_by_id,
                    ),
                    (self.env._("Closed"), recall.closed_at, recall.closed_by_id),
                )
            ],
            "sources": [
                {
                    "source": src,
                    "origin_of": src.partner_id.display_name
                    or src.production_id.name
                    or "-",
                    "date": self._batch_format_date(src.date),
                }
                for src in recall.drill_source_ids
            ],
            "lines": [
                {
                    "line": line,
                    "partner": line.partner_id.display_name,
                    "shipped": self._batch_format_date(line.last_ship_date),
                }
                for line in recall.line_ids
            ],
        }

    @api.model
    def _get_report_values(self, docids, data=None):
        recalls = self.env["batch.recall"].browse(docids)
        return self._batch_document_values(
            docids,
            "batch.recall",
            drill={recall.id: self._recall_drill_values(recall) for recall in recalls},
        )
