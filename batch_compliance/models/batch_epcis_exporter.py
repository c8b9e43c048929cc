# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from urllib.parse import quote

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.fsma_kde_files import FSMA_NS, TLC_SOURCE_KEY

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld"
# UN/CEFACT Recommendation 20 codes for the units a food or pharma plant uses;
# counted units are exported as plain quantities.
UOM_CODES = {"kg": "KGM", "g": "GRM", "t": "TNE", "l": "LTR", "ml": "MLT", "lb": "LBR"}


class BatchEpcisExporter(models.AbstractModel):
    """GS1 EPCIS 2.0 JSON-LD of batch movements: ObjectEvents for receiving
    and shipping, TransformationEvents for manufacturing, with class-level
    identifiers (GTIN + batch, as GS1 Digital Link URIs) and CBV steps.

    An AbstractModel (no table) rather than plain functions: it reads the
    environment (base URL, facilities' GLNs, user's access to move lines)
    and another addon extends the document through ``_inherit`` (e.g. its
    own identifiers or events), as Odoo's report models are extended.
    """

    _name = "batch.epcis.exporter"
    _description = "EPCIS 2.0 Export"

    @api.model
    def _base_uri(self):
        return (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("web.base.url", "http://localhost")
            .rstrip("/")
        )

    @api.model
    def _epc_class(self, lot, code=None):
        """The class of ``lot`` (GTIN + lot number, or our own URI when the
        product has no GTIN); ``code`` replaces the batch name, e.g. by the
        traceability lot code in FSMA 204 events."""
        barcode = (lot.product_id.barcode or "").strip()
        name = quote(code or lot.name, safe="")
        if barcode.isdigit() and len(barcode) <= 14:
            return f"https://id.gs1.org/01/{barcode.zfill(14)}/10/{name}"
        product = quote(lot.product_id.default_code or str(lot.product_id.id), safe="")
        return f"{self._base_uri()}/epcis/product/{product}/lot/{name}"

    @api.model
    def _location_uri(self, location):
        facility = self.env["batch.facility"].search(
            [("warehouse_id", "=", location.warehouse_id.id), ("gln", "!=", False)],
            limit=1,
        )
        if location.warehouse_id and facility:
            return f"https://id.gs1.org/414/{facility.gln}"
        return f"{self._base_uri()}/epcis/location/{location.id}"

    @api.model
    def _quantity(self, line):
        element = {"epcClass": self._epc_class(line.lot_id), "quantity": line.quantity}
        code = UOM_CODES.get((line.product_uom_id.name or "").lower())
        if code:
            element["uom"] = code
        return element

    @api.model
    def _time(self, value):
        return {
            "eventTime": fields.Datetime.to_datetime(value).strftime(
                "%Y-%m-%dT%H:%M:%S.000Z"
            ),
            "eventTimeZoneOffset": "+00:00",
        }

    @api.model
    def _move_lines(self, lots=None, date_from=None, date_to=None):
        domain = [("state", "=", "done"), ("lot_id", "!=", False)]
        if lots:
            domain.append(("lot_id", "in", lots.ids))
        if date_from:
            domain.append(("date", ">=", date_from))
        if date_to:
            domain.append(("date", "<=", date_to))
        return self.env["stock.move.line"].search(domain, order="date, id")

    @api.model
    def _document(self, lots=None, date_from=None, date_to=None):
        events = []
        for line in self._move_lines(lots, date_from, date_to):
            src, dest = line.location_id.usage, line.location_dest_id.usage
            document = line.picking_id or line.move_id.production_id
            if src == "supplier" or dest == "customer":
                receiving = src == "supplier"
                own = line.location_dest_id if receiving else line.location_id
                event = {
                    "type": "ObjectEvent",
                    **self._time(line.date),
                    "action": "OBSERVE",
                    "bizStep": "receiving" if receiving else "shipping",
                    "disposition": "in_progress" if receiving else "in_transit",
                    "epcList": [],
                    "quantityList": [self._quantity(line)],
                    "readPoint": {"id": self._location_uri(own)},
                    "bizLocation": {"id": self._location_uri(own)},
                }
                if document:
                    event["bizTransactionList"] = [
                        {
                            "type": "po" if receiving else "desadv",
                            "bizTransaction": f"{self._base_uri()}/epcis/document/"
                            f"{quote(document.name, safe='')}",
                        }
                    ]
                events.append(event)
            elif src == "production" and line.move_id.production_id:
                inputs = line.consume_line_ids.filtered("lot_id")
                event = {
                    "type": "TransformationEvent",
                    **self._time(line.date),
                    "inputQuantityList": [self._quantity(ml) for ml in inputs],
                    "outputQuantityList": [self._quantity(line)],
                    "bizStep": "commissioning",
                    "disposition": "active",
                    "readPoint": {"id": self._location_uri(line.location_dest_id)},
                    "bizLocation": {"id": self._location_uri(line.location_dest_id)},
                }
                if line.lot_id.expiration_date:
                    event["ilmd"] = {
                        "cbvmda:itemExpirationDate": fields.Date.to_string(
                            line.lot_id.expiration_date.date()
                        ),
                        "cbvmda:lotNumber": line.lot_id.name,
                    }
                events.append(event)
        return {
            "@context": [EPCIS_CONTEXT],
            "type": "EPCISDocument",
            "schemaVersion": "2.0",
            "creationDate": fields.Datetime.now().strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "epcisBody": {"eventList": events},
        }

    # ------------------------------------------------------------------
    # FSMA 204: the shipping event of a delivery (21 CFR 1.1340(b))
    # ------------------------------------------------------------------
    @api.model
    def _party_uri(self, partner):
        """A party: its GLN as GS1 Digital Link (AI 417), else our URI."""
        partner = partner.commercial_partner_id
        if partner.batch_gln:
            return f"https://id.gs1.org/417/{partner.batch_gln}"
        return f"{self._base_uri()}/epcis/party/{partner.id}"

    @api.model
    def _partner_location_uri(self, partner):
        """A delivery address: its GLN (AI 414), else our URI."""
        if partner.batch_gln:
            return f"https://id.gs1.org/414/{partner.batch_gln}"
        return f"{self._base_uri()}/epcis/location/partner/{partner.id}"

    @api.model
    def _tlc_source(self, location):
        """The TLC source as the ``fsma:tlcSource`` extension: the location
        fields of 21 CFR 1.1310 and the TLC source reference."""
        values = {
            "fsma:name": location.name,
            "fsma:phone": location.phone,
            "fsma:street": location.street,
            "fsma:city": location.city,
            "fsma:state": location.state,
            "fsma:zip": location.zip,
            "fsma:country": location.country_id.code,
            "fsma:gln": location.gln,
            "fsma:referenceType": location.reference_type,
            "fsma:reference": location.reference,
        }
        return {key: value for key, value in values.items() if value}

    @api.model
    def _fsma_shipping_document(self, picking):
        """EPCIS 2.0 shipping events of a delivery of foods on the Food
        Traceability List: one ObjectEvent per traceability lot code, with
        the code in the class identifier (never our internal batch name),
        quantity and unit, ship-from and ship-to (``sourceList``,
        ``destinationList``, 21 CFR 1.1340(b)(5)-(6)), the delivery and the
        customer's order (``bizTransactionList``) and the TLC source.

        :raise UserError: when a batch has no traceability lot code (the
            shipper sends the code it received or assigned; none is made up)
        """
        picking.ensure_one()
        lines = picking.move_line_ids.filtered(
            lambda ml: ml.lot_id and ml.product_id.batch_fsma_ftl and ml.quantity
        )
        lots = lines.lot_id.sudo()
        without = lots.filtered(lambda lot: not lot.tlc)
        if without:
            raise UserError(
                self.env._(
                    "%(lots)s: no traceability lot code recorded, so no shipping "
                    "event can be sent for %(picking)s.",
                    lots=", ".join(without.mapped("display_name")),
                    picking=picking.display_name,
                )
            )
        own = picking.location_id
        ship_from = self._location_uri(own)
        company = picking.company_id.partner_id
        customer = picking.partner_id
        transactions = [
            {
                "type": "desadv",
                "bizTransaction": f"{self._base_uri()}/epcis/document/"
                f"{quote(picking.name, safe='')}",
            }
        ]
        order = picking.sale_id if "sale_id" in picking._fields else None
        if order:
            reference = order.client_order_ref or order.name
            transactions.append(
                {
                    "type": "po",
                    "bizTransaction": f"{self._base_uri()}/epcis/order/"
                    f"{quote(reference, safe='')}",
                }
            )
        date = picking.date_done or picking.scheduled_date
        events = []
        for line in lines:
            lot = line.lot_id.sudo()
            element = self._quantity(line)
            element["epcClass"] = self._epc_class(lot, lot.tlc)
            event = {
                "type": "ObjectEvent",
                **self._time(date),
                "action": "OBSERVE",
                "bizStep": "shipping",
                "disposition": "in_transit",
                "epcList": [],
                "quantityList": [element],
                "readPoint": {"id": ship_from},
                "bizLocation": {"id": ship_from},
                "bizTransactionList": transactions,
                "sourceList": [
                    {"type": "owning_party", "source": self._party_uri(company)},
                    {"type": "location", "source": ship_from},
                ],
                "destinationList": [
                    {
                        "type": "owning_party",
                        "destination": self._party_uri(customer),
                    },
                    {
                        "type": "location",
                        "destination": self._partner_location_uri(customer),
                    },
                ],
            }
            if lot.tlc_source_id:
                event[TLC_SOURCE_KEY] = self._tlc_source(lot.tlc_source_id)
            events.append(event)
        return {
            "@context": [EPCIS_CONTEXT, {"fsma": FSMA_NS}],
            "type": "EPCISDocument",
            "schemaVersion": "2.0",
            "creationDate": fields.Datetime.now().strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "epcisBody": {"eventList": events},
        }
