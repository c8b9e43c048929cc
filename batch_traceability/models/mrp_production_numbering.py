# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    def _prepare_stock_lot_values(self):
        """Batches made here are numbered with the product's format, using the
        production facility of the manufacturing warehouse and today's date."""
        values = super()._prepare_stock_lot_values()
        facility = self.env["batch.facility"]._facility_for_warehouse(
            self.picking_type_id.warehouse_id
        )
        date = fields.Date.context_today(self)
        name = self.env["stock.lot"]._batch_next_name(
            self.product_id, facility or None, date
        )
        if name:
            values["name"] = name
        if facility:
            values["facility_id"] = facility.id
        values.setdefault("production_date", fields.Datetime.now())
        return values
