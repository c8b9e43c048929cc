# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    batch_tlc_source_id = fields.Many2one(
        "batch.fsma.location",
        string="Default TLC Source",
        help="FSMA 204: the TLC source this supplier sends with its foods (the "
        "packer or the transformer where the lot code was assigned), proposed "
        "on its receipts. A distributor's own address is not a TLC source.",
    )
    batch_fsma_exempt = fields.Boolean(
        string="Exempt from FSMA 204",
        help="A supplier to whom the Food Traceability Rule does not apply "
        "(e.g. a small farm): foods received from it are recorded as such and "
        "get our own traceability lot code when it sends none "
        "(21 CFR 1.1345(b)).",
    )
    batch_gln = fields.Char(
        string="GLN",
        help="GS1 Global Location Number of this party or address, used in "
        "EPCIS events (ship-from, ship-to).",
    )
    batch_fsma_epcis_on_delivery = fields.Boolean(
        string="EPCIS Shipping Events with Deliveries",
        help="FSMA 204: attach the EPCIS 2.0 shipping events (JSON-LD) of "
        "foods on the Food Traceability List to the delivery e-mail sent to "
        "this customer.",
    )
