# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    batch_regulatory_category = fields.Selection(
        [
            ("food", "Food"),
            ("drug", "Drug"),
            ("cosmetic", "Cosmetic"),
            ("supplement", "Dietary supplement"),
            ("other", "Other"),
        ],
        string="Regulatory Category",
        help="FDA category of the product: it decides which reporting "
        "deadlines a recall or a complaint starts (Reportable Food Registry, "
        "Field Alert Report, MoCRA and dietary supplement adverse event "
        "reports).",
    )
