# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    batch_accepts_unreleased = fields.Boolean(
        string="Quarantine Location",
        help="Moves into this location (quarantine, QC lab, rework) may "
        "reserve batches that are not released. Every other reservation "
        "takes released batches only.",
    )
