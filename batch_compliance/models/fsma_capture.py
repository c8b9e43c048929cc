# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, fields, models

from odoo.addons.batch_traceability.models import rule_guard

from .batch_fsma_event import EVENT_KEY


class ProductTemplate(models.Model):
    _inherit = "product.template"

    batch_fsma_ftl = fields.Boolean(
        string="On the Food Traceability List",
        help="FSMA 204: receiving, shipping and transformation of this food are "
        "recorded as Critical Tracking Events with their Key Data Elements.",
    )


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


def _partner_location(partner, name=None):
    if not partner:
        return name or ""
    parts = [
        name or partner.commercial_partner_id.name or partner.name,
        partner.phone,
        partner.street,
        partner.city,
        partner.state_id.code,
        partner.zip,
        partner.country_id.code,
    ]
    return ", ".join(p for p in parts if p)


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        # transformations are captured once the MO has linked its inputs
        lines = moves.filtered(
            lambda m: (
                m.state == "done"
                and m.product_id.product_tmpl_id.batch_fsma_ftl
                and not m.production_id
            )
        ).move_line_ids.filtered("lot_id")
        if lines:
            self.env["batch.fsma.event"].sudo()._fsma_capture(lines)
        return moves


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    def _post_inventory(self, cancel_backorder=False):
        res = super()._post_inventory(cancel_backorder=cancel_backorder)
        lines = self.move_finished_ids.filtered(
            lambda m: m.state == "done" and m.product_id.product_tmpl_id.batch_fsma_ftl
        ).move_line_ids.filtered("lot_id")
        if lines:
            self.env["batch.fsma.event"].sudo()._fsma_capture(lines)
        return res


class BatchFsmaEvent(models.Model):
    _inherit = "batch.fsma.event"

    def _fsma_capture(self, move_lines):
        """Receiving, shipping and transformation events of done move lines.

        The first event of a batch assigns its traceability lot code
        (:meth:`_fsma_assign_tlc`); every event then carries the batch's code
        and source unchanged (21 CFR 1.1320(b): no new code at shipping).
        Never blocks a validation: a missing KDE is recorded as missing.
        """
        vals_list = []
        facilities = {}  # warehouse -> (facility, its location), once per call
        Location = self.env["batch.fsma.location"]
        already = set(
            self.search([("move_line_id", "in", move_lines.ids)]).move_line_id.ids
        )
        for line in move_lines:
            if line.id in already:
                continue
            src, dest = line.location_id.usage, line.location_dest_id.usage
            if src == "supplier":
                event_type = "receiving"
                other = line.picking_partner_id
            elif dest == "customer":
                event_type = "shipping"
                other = line.move_id.partner_id or line.picking_partner_id
            elif src == "production" and line.move_id.production_id:
                event_type, other = "transformation", None
            else:
                continue
            lot = line.lot_id
            warehouse = (
                line.location_id.warehouse_id or line.location_dest_id.warehouse_id
            )
            if warehouse not in facilities:
                facility = self.env["batch.facility"]._facility_for_warehouse(warehouse)
                if facility:
                    own_location = facility._fsma_location()
                else:
                    own_location = Location._fsma_snapshot(
                        Location._fsma_partner_values(
                            warehouse.partner_id or line.company_id.partner_id,
                            warehouse.name,
                        )
                    )
                facilities[warehouse] = (facility, own_location)
            facility, own_location = facilities[warehouse]
            if lot.facility_id and lot.facility_id != facility:
                own_location = lot.facility_id._fsma_location()
            self._fsma_assign_tlc(line, event_type, own_location)
            other_location = (
                Location._fsma_snapshot(Location._fsma_partner_values(other))
                if other
                else Location
            )
            document = line.picking_id or line.move_id.production_id
            vals = {
                "company_id": line.company_id.id,
                "event_type": event_type,
                "lot_id": lot.id,
                "tlc": lot.tlc or False,
                "tlc_source_id": lot.tlc_source_id.id,
                "tlc_source": lot.tlc_source_id._fsma_text()
                if lot.tlc_source_id
                else False,
                "exempt_supplier": event_type == "receiving"
                and lot.tlc_exempt_supplier,
                "product_id": line.product_id.id,
                "product_description": line.product_id.display_name,
                "quantity": line.quantity,
                "uom_name": line.product_uom_id.name,
                "event_date": line.date,
                "own_location_id": own_location.id,
                "own_location": own_location._fsma_text() if own_location else False,
                "other_location_id": other_location.id,
                "other_location": other_location._fsma_text()
                if other_location
                else False,
                "reference_document_type": (
                    "Manufacturing order"
                    if line.move_id.production_id
                    else {"receiving": "Receipt", "shipping": "Delivery"}.get(
                        event_type
                    )
                ),
                "reference_document_number": document.name if document else False,
                "move_line_id": line.id,
            }
            if event_type == "transformation":
                # only foods on the list are inputs of the record (1.1350(a)(1))
                inputs = line.consume_line_ids.filtered(
                    lambda ml: (
                        ml.lot_id and ml.product_id.product_tmpl_id.batch_fsma_ftl
                    )
                )
                vals["input_ids"] = [
                    Command.create(
                        {
                            "lot_id": ml.lot_id.id,
                            "tlc": ml.lot_id.tlc or False,
                            "tlc_source_id": ml.lot_id.tlc_source_id.id,
                            "product_id": ml.product_id.id,
                            "product_description": ml.product_id.display_name,
                            "quantity": ml.quantity,
                            "uom_name": ml.product_uom_id.name,
                        }
                    )
                    for ml in inputs
                ]
                vals["input_description"] = "; ".join(
                    f"{ml.lot_id.tlc or '?'} (batch {ml.lot_id.name}) | "
                    f"{ml.product_id.display_name} | "
                    f"{ml.quantity:g} {ml.product_uom_id.name}"
                    for ml in inputs
                )
            vals_list.append(vals)
        with rule_guard.trusted(self.env, EVENT_KEY):
            return self.create(vals_list)

    def _fsma_assign_tlc(self, line, event_type, own_location):
        """Decide the batch's traceability lot code at its first event.

        - transformation (manufacturing), initial packing and first land-based
          receiving: our code (the batch number) with our site as source
          (21 CFR 1.1320(a));
        - receiving: the code the supplier sent (the received TLC, else its
          lot number) with the source it sent (else the supplier's default
          TLC source; never a distributor's own address);
        - receiving from an exempt supplier (21 CFR 1.1345(b)): its code if it
          sent one, else ours.
        """
        lot = line.lot_id
        if lot.tlc or lot.tlc_origin:
            return
        if event_type == "transformation":
            lot._tlc_assign(lot.name, own_location, "assigned")
        elif event_type == "receiving":
            cte = line.picking_type_id.batch_fsma_cte
            if cte in ("initial_packing", "first_land_receiving"):
                lot._tlc_assign(lot.name, own_location, "assigned")
                return
            tlc, source, supplier = line._batch_received_tlc()
            if supplier.batch_fsma_exempt and not tlc:
                lot._tlc_assign(lot.name, own_location, "exempt", exempt=True)
            else:
                lot._tlc_assign(
                    tlc, source, "received", exempt=supplier.batch_fsma_exempt
                )
