# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    batch_drill_target_hours = fields.Float(
        related="company_id.batch_drill_target_hours", readonly=False
    )
    batch_drill_balance_min = fields.Float(
        related="company_id.batch_drill_balance_min", readonly=False
    )
    batch_drill_balance_max = fields.Float(
        related="company_id.batch_drill_balance_max", readonly=False
    )
