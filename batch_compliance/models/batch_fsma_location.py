# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.batch_traceability.models import rule_guard

# Values of a location as recorded (21 CFR 1.1310 "location description":
# business name, phone, street address, city, state, ZIP; plus country) and
# the TLC source reference of 21 CFR 1.1310 ("traceability lot code source
# reference": FDA Food Facility Registration Number, GLN or web address).
LOCATION_FIELDS = (
    "name",
    "phone",
    "street",
    "city",
    "state",
    "zip",
    "country_id",
    "gln",
    "reference_type",
    "reference",
)
REFERENCE_TYPES = [
    ("ffrn", "FDA Food Facility Registration Number"),
    ("gln", "GS1 Global Location Number"),
    ("url", "Web Address"),
]

# Key under which the capture of Critical Tracking Events may amend a location.
LOCATION_KEY = ("batch.fsma.location", "values")


class BatchFsmaLocation(models.Model):
    """A location as FSMA 204 records it: where a TLC was assigned (TLC
    source), the previous source or next recipient of a shipment, the site of
    an event; or a reference to it (FFRN, GLN, web address).

    Once a batch or an event refers to it, it is evidence and stays as it
    was: a changed address is a new location.
    """

    _name = "batch.fsma.location"
    _description = "FSMA 204 Location / TLC Source"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(string="Business Name")
    phone = fields.Char()
    street = fields.Char(string="Street Address or Coordinates")
    city = fields.Char()
    state = fields.Char(string="State / Region")
    zip = fields.Char(string="ZIP / Postal Code")
    country_id = fields.Many2one("res.country", string="Country")
    gln = fields.Char(string="GLN", help="GS1 Global Location Number of the site.")
    reference_type = fields.Selection(
        REFERENCE_TYPES,
        string="TLC Source Reference Type",
        help="A TLC source may be given as a reference instead of a location "
        "(21 CFR 1.1310).",
    )
    reference = fields.Char(string="TLC Source Reference")
    company_id = fields.Many2one(
        "res.company",
        help="Empty: shared by all companies (a supplier's packing house).",
    )
    active = fields.Boolean(default=True)

    @api.depends("name", "city", "country_id", "reference", "reference_type")
    def _compute_display_name(self):
        labels = dict(REFERENCE_TYPES)
        for location in self:
            if location.name or location.city:
                parts = [location.name, location.city, location.country_id.code]
                location.display_name = ", ".join(p for p in parts if p)
            elif location.reference:
                location.display_name = (
                    f"{labels.get(location.reference_type, '')} {location.reference}"
                ).strip()
            else:
                location.display_name = self.env._("Location #%(id)s", id=location.id)

    def _fsma_text(self):
        """One line of text: the location, then its reference."""
        self.ensure_one()
        parts = [
            self.name,
            self.phone,
            self.street,
            self.city,
            self.state,
            self.zip,
            self.country_id.code,
        ]
        text = ", ".join(p for p in parts if p)
        if self.gln and self.reference_type != "gln":
            text = f"{text} (GLN {self.gln})" if text else f"GLN {self.gln}"
        if self.reference:
            ref = f"{dict(REFERENCE_TYPES)[self.reference_type or 'url']}: "
            ref += self.reference
            text = f"{text}; {ref}" if text else ref
        return text

    def _fsma_in_use(self):
        """Locations a batch or an event already refers to."""
        if not self.ids:
            return self.browse()
        used = set()
        for model, names in self._fsma_referencing_fields().items():
            Model = self.env[model].sudo().with_context(active_test=False)
            for name in names:
                used.update(
                    Model.search([(name, "in", self.ids)])
                    .mapped(name)
                    .filtered(lambda loc: loc in self)
                    .ids
                )
        return self.browse(sorted(used))

    @api.model
    def _fsma_referencing_fields(self):
        return {
            "stock.lot": ["tlc_source_id"],
            "batch.fsma.event": [
                "tlc_source_id",
                "own_location_id",
                "other_location_id",
            ],
            "batch.fsma.event.input": ["tlc_source_id"],
        }

    def write(self, vals):
        changing = set(vals) & set(LOCATION_FIELDS)
        if changing and not rule_guard.is_trusted(self.env, LOCATION_KEY):
            used = self._fsma_in_use()
            if used:
                raise UserError(
                    self.env._(
                        "%(location)s is recorded on batches or traceability "
                        "events: it stays as recorded. Create a new location "
                        "for the new details.",
                        location=used[0].display_name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recorded(self):
        used = self._fsma_in_use()
        if used:
            raise UserError(
                self.env._(
                    "%(location)s is recorded on batches or traceability events: "
                    "archive it instead.",
                    location=used[0].display_name,
                )
            )

    @api.model
    def _fsma_snapshot(self, values):
        """The location with exactly ``values`` (created if none): a partner's
        or a site's address as it is today, recorded once and shared by the
        events that saw it."""
        values = {
            name: values.get(name) or False
            for name in LOCATION_FIELDS
            if name != "country_id"
        } | {"country_id": values.get("country_id") or False}
        values["company_id"] = values.get("company_id") or False
        if not any(v for k, v in values.items() if k != "company_id"):
            return self.browse()
        Location = self.sudo().with_context(active_test=False)
        domain = [(name, "=", value) for name, value in values.items()]
        found = Location.search(domain, limit=1)
        return found or Location.create(values)

    @api.model
    def _fsma_partner_values(self, partner, name=None):
        partner = partner.sudo()
        return {
            "name": name or partner.commercial_partner_id.name or partner.name,
            "phone": partner.phone or partner.commercial_partner_id.phone,
            "street": ", ".join(p for p in (partner.street, partner.street2) if p),
            "city": partner.city,
            "state": partner.state_id.code or partner.state_id.name,
            "zip": partner.zip,
            "country_id": partner.country_id.id,
        }

    @api.model
    def _fsma_text_of_partner(self, partner):
        """A partner's location as one line, without recording it."""
        if not partner:
            return ""
        return self.new(self._fsma_partner_values(partner))._fsma_text()
