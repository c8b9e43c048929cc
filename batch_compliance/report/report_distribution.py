# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportDistribution(models.AbstractModel):
    """The distribution record of a batch (21 CFR 211.196): each shipment
    to a customer with the consignee's address."""

    _name = "report.batch_compliance.report_distribution"
    _inherit = "batch.report.mixin"
    _description = "Distribution Record"

    @api.model
    def _distribution_rows(self, lot):
        rows = []
        for line in lot.batch_delivery_line_ids.filtered(
            lambda ml: ml.location_dest_id.usage == "customer"
        ):
            consignee = line.move_id.partner_id or line.picking_partner_id
            rows.append(
                {
                    "line": line,
                    "date": self._batch_format_date(line.date),
                    "consignee": consignee.display_name or "",
                    "address": consignee._display_address(without_company=True)
                    if consignee
                    else "",
                    "document": line.reference or "",
                }
            )
        return rows

    @api.model
    def _get_report_values(self, docids, data=None):
        lots = self.env["stock.lot"].browse(docids)
        return self._batch_document_values(
            docids,
            "stock.lot",
            shipments={lot.id: self._distribution_rows(lot) for lot in lots},
        )
