# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class BatchFacility(models.Model):
    """A production or storage site, identified by a short code.

    The code goes into batch numbers and labels, so it is short and unique per
    company; the address partner is what regulators call the location
    description (FSMA 204 KDE "location description").
    """

    _name = "batch.facility"
    _description = "Production Facility"
    _inherit = ["mail.thread"]
    _order = "code, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Short code used in batch numbers and labels, e.g. PL1.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        check_company=True,
        help="Warehouse operated at this facility; its receipts and "
        "manufacturing orders default their batches to this facility.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Address",
        help="Business name and address of the facility.",
    )
    note = fields.Text()
    lot_count = fields.Integer(compute="_compute_lot_count", string="Batches")

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The facility code must be unique per company.",
        ),
    ]

    def _compute_lot_count(self):
        groups = self.env["stock.lot"]._read_group(
            [("facility_id", "in", self.ids)], ["facility_id"], ["__count"]
        )
        counts = {facility.id: count for facility, count in groups}
        for facility in self:
            facility.lot_count = counts.get(facility.id, 0)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for facility in self:
            facility.display_name = (
                f"[{facility.code}] {facility.name}" if facility.code else facility.name
            )

    @api.model
    def _facility_for_warehouse(self, warehouse):
        """The facility operating ``warehouse`` (first by code), or an empty set."""
        if not warehouse:
            return self.browse()
        return self.search([("warehouse_id", "=", warehouse.id)], limit=1)

    def action_view_lots(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.action_production_lot_form"
        )
        action["domain"] = [("facility_id", "=", self.id)]
        action["context"] = {"default_facility_id": self.id}
        return action
