# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    batch_requires_qc_release = fields.Boolean(
        string="Requires QC Release",
        help="New batches of this product start in quarantine and can only be "
        "reserved or shipped once a quality manager has released them.",
    )
    batch_storage_temp_min = fields.Float(
        string="Storage Min (°C)",
        help="Default lowest storage temperature for new batches.",
    )
    batch_storage_temp_max = fields.Float(
        string="Storage Max (°C)",
        help="Default highest storage temperature for new batches.",
    )
    batch_storage_conditions = fields.Char(
        string="Storage Conditions",
        help="Default storage instructions for new batches, e.g. "
        "'Keep dry, protect from light'.",
    )
    batch_min_shelf_life_days = fields.Integer(
        string="Minimum Remaining Shelf Life (days)",
        help="Batches of this product are only shipped to customers when they "
        "still have at least this many days before expiry; the stricter of this "
        "and the customer's own minimum applies.",
    )
    batch_allow_expired_shipping = fields.Boolean(
        string="Allow Shipping Expired Batches",
        help="Expired batches of this product may still be delivered (e.g. "
        "products whose expiry date is informative only).",
    )

    batch_storage_humidity_max = fields.Float(
        string="Max Storage Humidity (%)", help="0 means no humidity limit."
    )
