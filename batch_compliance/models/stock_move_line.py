# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    batch_tlc = fields.Char(
        string="Received TLC",
        help="FSMA 204: the traceability lot code the supplier sent, when it "
        "differs from its lot number (Supplier Lot).",
    )
    batch_tlc_source_id = fields.Many2one(
        "batch.fsma.location",
        string="Received TLC Source",
        help="FSMA 204: where the supplier says the lot code was assigned. "
        "Empty: the supplier's default TLC source.",
    )

    def _batch_received_tlc(self):
        """The code and source this receipt line brings (21 CFR 1.1345)."""
        self.ensure_one()
        supplier = self.picking_partner_id.commercial_partner_id
        tlc = self.batch_tlc or self.batch_supplier_lot or self.lot_id.supplier_lot
        source = self.batch_tlc_source_id or supplier.batch_tlc_source_id
        return (tlc or "").strip(), source, supplier
