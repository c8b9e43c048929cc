# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    batch_require_esignature = fields.Boolean(
        string="Electronic Signatures for Batch Decisions",
        help="Releasing or rejecting a batch and closing a recall require the "
        "user to sign with their password (21 CFR Part 11).",
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    batch_require_esignature = fields.Boolean(
        related="company_id.batch_require_esignature", readonly=False
    )
