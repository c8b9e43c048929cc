# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockPickingType(models.Model):
    _inherit = "stock.picking.type"

    batch_fsma_cte = fields.Selection(
        [
            ("receiving", "Receiving"),
            ("initial_packing", "Initial Packing"),
            ("first_land_receiving", "First Land-Based Receiving"),
        ],
        string="FSMA 204 Event",
        help="For receipts of foods on the Food Traceability List. Receiving "
        "(default): the batch keeps the supplier's traceability lot code. "
        "Initial packing of a raw agricultural commodity and first land-based "
        "receiving of seafood assign our own code (21 CFR 1.1320(a)).",
    )
