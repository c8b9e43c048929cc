# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


from odoo import fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    storage_humidity_max = fields.Float(
        string="Max Humidity (%)", tracking=True, help="0 means no humidity limit."
    )
    storage_excursion_ids = fields.One2many(
        "batch.storage.excursion", "lot_id", string="Storage Excursions"
    )

    def _batch_template_defaults(self):
        return dict(
            super()._batch_template_defaults(),
            storage_humidity_max="batch_storage_humidity_max",
        )

    def _batch_storage_breach(self, reading):
        """[(kind, limit)] of the limits ``reading`` breaks for this batch."""
        self.ensure_one()
        breaches = []
        has_range = self.storage_temp_min or self.storage_temp_max
        if has_range and reading.temperature < self.storage_temp_min:
            breaches.append(("too_cold", self.storage_temp_min))
        if has_range and reading.temperature > self.storage_temp_max:
            breaches.append(("too_hot", self.storage_temp_max))
        if self.storage_humidity_max and reading.humidity > self.storage_humidity_max:
            breaches.append(("too_humid", self.storage_humidity_max))
        return breaches
