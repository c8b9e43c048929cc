# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class BatchFacility(models.Model):
    _inherit = "batch.facility"

    gln = fields.Char(string="GLN", help="GS1 Global Location Number of the site.")
    fda_registration = fields.Char(string="FDA Food Facility Registration")

    def _fsma_location_description(self):
        """Business name, phone and address of the site (21 CFR 1.1310)."""
        self.ensure_one()
        return self._fsma_location()._fsma_text()

    def _fsma_location(self):
        """The site as an FSMA location, with its FDA registration (or GLN) as
        TLC source reference: where we assign our lot codes."""
        self.ensure_one()
        partner = (
            self.partner_id or self.company_id.partner_id or self.env.company.partner_id
        )
        Location = self.env["batch.fsma.location"]
        values = Location._fsma_partner_values(partner, self.name)
        values["gln"] = self.gln
        if self.fda_registration:
            values.update(reference_type="ffrn", reference=self.fda_registration)
        elif self.gln:
            values.update(reference_type="gln", reference=self.gln)
        return Location._fsma_snapshot(values)
