# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    batch_quarantine_location_id = fields.Many2one(
        "stock.location",
        string="Quarantine Location",
        domain="[('usage', '=', 'internal'), ('warehouse_id', '=', id)]",
        check_company=True,
        help="Receipts of batches that wait for QC release are put here "
        "instead of in stock; moving them out once released is an internal "
        "transfer.",
    )

    @api.constrains("batch_quarantine_location_id")
    def _check_batch_quarantine_location(self):
        for warehouse in self.filtered("batch_quarantine_location_id"):
            location = warehouse.batch_quarantine_location_id
            if location.usage != "internal" or location.warehouse_id != warehouse:
                raise ValidationError(
                    self.env._(
                        "The quarantine location of %(warehouse)s must be an internal "
                        "location of that warehouse.",
                        warehouse=warehouse.name,
                    )
                )

    def write(self, vals):
        res = super().write(vals)
        if vals.get("batch_quarantine_location_id"):
            # it holds unreleased batches by design
            self.batch_quarantine_location_id.batch_accepts_unreleased = True
        return res
