# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    batch_drill_target_hours = fields.Float(
        string="Mock Recall Target Time",
        default=4.0,
        help="Time a mock recall drill may take from its start to the reconciled "
        "figures (one step back, one step forward, mass balance). SQF and "
        "BRCGS sites commonly set 2 or 4 hours.",
    )
    batch_drill_balance_min = fields.Float(
        string="Mass Balance Pass Band From (%)",
        default=98.0,
        help="Lowest share of the starting batch the drill must account for.",
    )
    batch_drill_balance_max = fields.Float(
        string="Mass Balance Pass Band To (%)",
        default=102.0,
        help="Highest share of the starting batch the drill may account for: "
        "more than was made or received means the records are wrong too.",
    )

    @api.constrains(
        "batch_drill_target_hours", "batch_drill_balance_min", "batch_drill_balance_max"
    )
    def _check_batch_drill_settings(self):
        for company in self:
            values = (
                company.batch_drill_target_hours,
                company.batch_drill_balance_min,
                company.batch_drill_balance_max,
            )
            if not all(math.isfinite(value) for value in values):
                raise ValidationError(
                    self.env._(
                        "%(company)s: the mock recall target time and pass band "
                        "must be numbers.",
                        company=company.name,
                    )
                )
            if company.batch_drill_target_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the mock recall target time must be more "
                        "than zero.",
                        company=company.name,
                    )
                )
            low, high = values[1], values[2]
            if not 0.0 < low <= 100.0 <= high:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the mass balance pass band must contain "
                        "100%% (from %(low)s%% to %(high)s%% does not).",
                        company=company.name,
                        low=low,
                        high=high,
                    )
                )
