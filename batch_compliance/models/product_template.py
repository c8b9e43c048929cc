# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "batch.audit.mixin"]

    _batch_audit_fields = ("batch_requires_qc_release", "batch_fsma_ftl")

    batch_fsma_ftl = fields.Boolean(
        string="On the Food Traceability List",
        help="FSMA 204: receiving, shipping and transformation of this food are "
        "recorded as Critical Tracking Events with their Key Data Elements.",
    )
