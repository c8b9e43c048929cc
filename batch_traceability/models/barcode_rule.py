# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class BarcodeRule(models.Model):
    _inherit = "barcode.rule"

    type = fields.Selection(
        selection_add=[
            ("batch_production_date", "Production Date"),
            ("batch_sell_by_date", "Sell By Date"),
        ],
        ondelete={
            "batch_production_date": "set default",
            "batch_sell_by_date": "set default",
        },
    )
