# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    min_shelf_life_days = fields.Integer(
        string="Minimum Remaining Shelf Life (days)",
        help="Batches shipped to this customer must still have at least this "
        "many days before their expiration date on the delivery date. Delivery "
        "addresses without their own value use the company's.",
    )

    def _batch_min_shelf_life_days(self):
        """Effective minimum for this address: its own value, else its company's."""
        self.ensure_one()
        own = self.min_shelf_life_days
        return own or self.commercial_partner_id.min_shelf_life_days
