# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportDeliveryslip(models.AbstractModel):
    """Odoo's delivery slip, with the FSMA 204 shipping KDEs of each
    delivery (core has no report model for it: this one gives the generic
    values plus the KDEs)."""

    _name = "report.stock.report_deliveryslip"
    _description = "Delivery Slip"

    @api.model
    def _get_report_values(self, docids, data=None):
        pickings = self.env["stock.picking"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "stock.picking",
            "docs": pickings,
            "fsma_kdes_by_picking": {
                picking.id: picking._batch_fsma_shipping_kdes() for picking in pickings
            },
        }
