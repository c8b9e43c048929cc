# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    # Odoo 18 has no index on lot_id: every lot-scoped query (genealogy,
    # recall scope, Odoo's own traceability report) would scan the table.
    lot_id = fields.Many2one(index="btree_not_null")
    batch_supplier_lot = fields.Char(
        string="Supplier Lot",
        help="The vendor's lot number, copied onto the batch created at receipt.",
    )

    def _prepare_new_lot_vals(self):
        vals = super()._prepare_new_lot_vals()
        picking = self.picking_id
        if picking.picking_type_id.code == "incoming":
            if picking.partner_id:
                vals["supplier_id"] = picking.partner_id.commercial_partner_id.id
            if self.batch_supplier_lot:
                vals["supplier_lot"] = self.batch_supplier_lot
        warehouse = self.move_id.warehouse_id or picking.picking_type_id.warehouse_id
        facility = self.env["batch.facility"]._facility_for_warehouse(warehouse)
        if facility:
            vals["facility_id"] = facility.id
        return vals
