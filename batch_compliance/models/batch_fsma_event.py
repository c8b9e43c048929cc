# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.batch_traceability.models import rule_guard

# Key under which the capture of events writes their lot code and inputs.
EVENT_KEY = ("batch.fsma.event", "tlc")
# Recorded by the capture from the batch; never edited on a captured event.
CAPTURED_FIELDS = (
    "event_type",
    "lot_id",
    "tlc",
    "tlc_source",
    "tlc_source_id",
    "input_ids",
    "input_description",
    "move_line_id",
    "exempt_supplier",
)

CTE_TYPES = [
    ("harvesting", "Harvesting"),
    ("cooling", "Cooling"),
    ("initial_packing", "Initial Packing"),
    ("first_land_receiving", "First Land-Based Receiving"),
    ("receiving", "Receiving"),
    ("shipping", "Shipping"),
    ("transformation", "Transformation"),
]

# Key data elements each event type must carry (21 CFR 1.1325-1.1350);
# the export lists what is missing instead of leaving blanks unexplained.
_EXCHANGE_KDES = [
    "tlc",
    "quantity",
    "uom_name",
    "product_description",
    "other_location",
    "own_location",
    "event_date",
    "tlc_source",
    "reference_document_type",
    "reference_document_number",
]
_FIELD_KDES = ["commodity", "quantity", "uom_name", "own_location", "event_date"]
REQUIRED_KDES = {
    "receiving": _EXCHANGE_KDES,  # 21 CFR 1.1345
    "shipping": _EXCHANGE_KDES,  # 21 CFR 1.1340
    "transformation": [  # 21 CFR 1.1350
        "tlc",
        "quantity",
        "uom_name",
        "product_description",
        "own_location",
        "event_date",
        "input_ids",
        "reference_document_type",
        "reference_document_number",
    ],
    "harvesting": _FIELD_KDES,  # 21 CFR 1.1325
    "cooling": _FIELD_KDES,
    "initial_packing": ["tlc", *_FIELD_KDES],  # 21 CFR 1.1330
    "first_land_receiving": ["tlc", *_FIELD_KDES],  # 21 CFR 1.1335
}


class BatchFsmaEvent(models.Model):
    """A Critical Tracking Event of a food on the Food Traceability List, with
    its Key Data Elements (FSMA 204, 21 CFR Part 1 Subpart S)."""

    _name = "batch.fsma.event"
    _description = "FSMA 204 Critical Tracking Event"
    _inherit = ["batch.audit.mixin"]
    _order = "event_date desc, id desc"
    _check_company_auto = True

    _batch_audit_fields = (
        "event_type",
        "lot_id",
        "tlc",
        "product_id",
        "product_description",
        "commodity",
        "quantity",
        "uom_name",
        "event_date",
        "own_location",
        "other_location",
        "tlc_source",
        "tlc_source_id",
        "own_location_id",
        "other_location_id",
        "exempt_supplier",
        "input_description",
        "reference_document_type",
        "reference_document_number",
    )

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    event_type = fields.Selection(CTE_TYPES, required=True, index=True)
    manual = fields.Boolean(help="Entered by hand (harvesting, cooling, ...).")
    lot_id = fields.Many2one(
        "stock.lot", string="Batch", index=True, check_company=True
    )
    tlc = fields.Char(string="Traceability Lot Code", index=True)
    product_id = fields.Many2one("product.product", index=True)
    product_description = fields.Char()
    commodity = fields.Char(
        help="Commodity and variety (harvesting, cooling, packing)."
    )
    quantity = fields.Float()
    uom_name = fields.Char(string="Unit of Measure")
    event_date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    own_location = fields.Char(string="Location of the Event")
    other_location = fields.Char(
        string="Previous Source / Next Recipient",
        help="Immediate previous source (receiving) or subsequent recipient "
        "(shipping).",
    )
    tlc_source = fields.Char(
        string="TLC Source or Reference",
        help="Where the traceability lot code was assigned, or its FDA registration, "
        "GLN or web address.",
    )
    tlc_source_id = fields.Many2one(
        "batch.fsma.location",
        string="TLC Source Location",
        index="btree_not_null",
        ondelete="restrict",
        help="The batch's TLC source as recorded on the batch.",
    )
    own_location_id = fields.Many2one(
        "batch.fsma.location",
        string="Event Location",
        index="btree_not_null",
        ondelete="restrict",
        help="Receiving location, ship-from location or transformation site.",
    )
    other_location_id = fields.Many2one(
        "batch.fsma.location",
        string="Previous Source / Next Recipient Location",
        index="btree_not_null",
        ondelete="restrict",
    )
    exempt_supplier = fields.Boolean(
        string="Received from an Exempt Supplier",
        help="21 CFR 1.1345(b): the supplier is not subject to FSMA 204.",
    )
    input_ids = fields.One2many(
        "batch.fsma.event.input",
        "event_id",
        string="Inputs",
        help="Transformation: one line per input traceability lot code.",
    )
    input_description = fields.Text(
        string="Inputs (text)",
        help="Transformation: each input lot code, product and quantity.",
    )
    reference_document_type = fields.Char()
    reference_document_number = fields.Char()
    move_line_id = fields.Many2one(
        "stock.move.line", readonly=True, index="btree_not_null"
    )
    missing_kdes = fields.Char(
        string="Missing KDEs",
        compute="_compute_missing_kdes",
        store=True,
        help="The Key Data Elements this event must carry and does not "
        "(21 CFR 1.1325-1.1350).",
    )
    missing_kde_count = fields.Integer(
        string="Missing KDE Count",
        compute="_compute_missing_kdes",
        store=True,
        aggregator="sum",
    )
    kde_complete = fields.Boolean(
        string="All KDEs",
        compute="_compute_missing_kdes",
        store=True,
        help="The event carries every Key Data Element its type requires.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Supplier / Customer",
        compute="_compute_partner_id",
        store=True,
        index="btree_not_null",
        help="The supplier of a receipt or the customer of a delivery, as "
        "recorded when the operation was validated.",
    )

    @api.depends("event_type", "tlc", "lot_id.name", "reference_document_number")
    def _compute_display_name(self):
        labels = dict(CTE_TYPES)
        for event in self:
            parts = [
                labels.get(event.event_type, ""),
                event.tlc or event.lot_id.name,
                event.reference_document_number,
            ]
            event.display_name = " / ".join(p for p in parts if p) or self.env._(
                "Event #%(id)s", id=event.id
            )

    @api.depends(
        *{kde for kdes in REQUIRED_KDES.values() for kde in kdes},
        "event_type",
        "input_ids.tlc",
    )
    def _compute_missing_kdes(self):
        for event in self:
            missing = [
                event._fields[kde]._description_string(self.env)
                for kde in REQUIRED_KDES.get(event.event_type, [])
                if not event[kde]
            ]
            if event.input_ids and not all(event.input_ids.mapped("tlc")):
                missing.append(self.env._("Input Traceability Lot Code"))
            event.missing_kdes = ", ".join(missing) or False
            event.missing_kde_count = len(missing)
            event.kde_complete = not missing

    @api.depends("move_line_id", "event_type")
    def _compute_partner_id(self):
        """Kept from the operation (not followed afterwards): the record
        says who the food came from or went to."""
        for event in self:
            line = event.move_line_id.sudo()
            if event.event_type == "receiving":
                partner = line.picking_partner_id
            elif event.event_type == "shipping":
                partner = line.move_id.partner_id or line.picking_partner_id
            else:
                partner = self.env["res.partner"]
            event.partner_id = partner.commercial_partner_id.id

    def _batch_audit_lot(self):
        return self.lot_id

    @api.model_create_multi
    def create(self, vals_list):
        if not rule_guard.is_trusted(self.env, EVENT_KEY):
            for vals in vals_list:
                if vals.get("move_line_id") or vals.get("input_ids"):
                    raise AccessError(
                        self.env._(
                            "Events of receipts, deliveries and manufacturing "
                            "orders are recorded when they are validated."
                        )
                    )
        return super().create(vals_list)

    def write(self, vals):
        """The lot code, its source and the inputs of a captured event are
        what the batch carried when it moved: not edited afterwards (the
        other KDEs may be completed, under the audit trail)."""
        forced = set(vals) & set(CAPTURED_FIELDS)
        if (
            forced
            and not rule_guard.is_trusted(self.env, EVENT_KEY)
            and self.filtered("move_line_id")
        ):
            raise AccessError(
                self.env._(
                    "%(fields)s of an event captured from a validated operation "
                    "are kept as recorded.",
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        for name in sorted(forced)
                    ),
                )
            )
        return super().write(vals)
