# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


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
        partner = (
            self.partner_id or self.company_id.partner_id or self.env.company.partner_id
        )
        return _partner_location(partner, self.name)


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

        Never blocks a validation: a missing KDE is recorded as missing.
        """
        vals_list = []
        facilities = {}  # warehouse -> its facility, looked up once per call
        already = set(
            self.search([("move_line_id", "in", move_lines.ids)]).move_line_id.ids
        )
        for line in move_lines:
            if line.id in already:
                continue
            src, dest = line.location_id.usage, line.location_dest_id.usage
            if src == "supplier":
                event_type, other = "receiving", line.picking_partner_id
            elif dest == "customer":
                event_type, other = (
                    "shipping",
                    line.move_id.partner_id or line.picking_partner_id,
                )
            elif src == "production" and line.move_id.production_id:
                event_type, other = "transformation", None
            else:
                continue
            lot = line.lot_id
            warehouse = (
                line.location_id.warehouse_id or line.location_dest_id.warehouse_id
            )
            if warehouse not in facilities:
                facilities[warehouse] = self.env[
                    "batch.facility"
                ]._facility_for_warehouse(warehouse)
            facility = lot.facility_id or facilities[warehouse]
            own = (
                facility._fsma_location_description()
                if facility
                else _partner_location(
                    (warehouse.partner_id or line.company_id.partner_id), warehouse.name
                )
            )
            document = line.picking_id or line.move_id.production_id
            vals = {
                "company_id": line.company_id.id,
                "event_type": event_type,
                "lot_id": lot.id,
                "tlc": lot.supplier_lot
                if event_type == "receiving" and lot.supplier_lot
                else lot.name,
                "product_id": line.product_id.id,
                "product_description": line.product_id.display_name,
                "quantity": line.quantity,
                "uom_name": line.product_uom_id.name,
                "event_date": line.date,
                "own_location": own,
                "other_location": _partner_location(other) if other else False,
                "tlc_source": (
                    _partner_location(lot.supplier_id)
                    if event_type == "receiving"
                    else (
                        facility.fda_registration or facility.gln or own
                        if facility
                        else own
                    )
                ),
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
                inputs = line.consume_line_ids.filtered("lot_id")
                vals["input_description"] = "\n".join(
                    f"{ml.lot_id.name} | {ml.product_id.display_name} | "
                    f"{ml.quantity:g} {ml.product_uom_id.name}"
                    for ml in inputs
                )
            vals_list.append(vals)
        return self.create(vals_list)
