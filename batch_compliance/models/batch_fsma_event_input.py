# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class BatchFsmaEventInput(models.Model):
    """One input of a transformation, by its traceability lot code
    (21 CFR 1.1350(a)(1)): the code, product and quantity used."""

    _name = "batch.fsma.event.input"
    _description = "FSMA 204 Transformation Input"
    _order = "event_id, id"

    event_id = fields.Many2one(
        "batch.fsma.event", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="event_id.company_id", store=True)
    lot_id = fields.Many2one("stock.lot", string="Batch", index="btree_not_null")
    tlc = fields.Char(string="Input Traceability Lot Code", index="btree_not_null")
    tlc_source_id = fields.Many2one(
        "batch.fsma.location", string="Input TLC Source", ondelete="restrict"
    )
    product_id = fields.Many2one("product.product")
    product_description = fields.Char()
    quantity = fields.Float()
    uom_name = fields.Char(string="Unit of Measure")
