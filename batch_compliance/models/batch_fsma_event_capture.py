# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The capture of Critical Tracking Events from validated receipts,
deliveries and manufacturing orders (``stock.move``, ``mrp.production``
call it), and the assignment of a batch's traceability lot code."""

from odoo import Command, models

from odoo.addons.batch_traceability.models import rule_guard

from .batch_fsma_event import EVENT_KEY


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
