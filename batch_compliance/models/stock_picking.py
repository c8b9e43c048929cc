# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import csv
import io
import json

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..wizard.batch_fsma_export_wizard import csv_safe

# The shipping KDEs a shipper sends to the recipient (21 CFR 1.1340(b)(1)-(7)),
# plus the reference document that identifies the shipment.
SHIPPING_KDE_COLUMNS = [
    ("tlc", "Traceability Lot Code"),
    ("quantity", "Quantity"),
    ("uom", "Unit of Measure"),
    ("product", "Product Description"),
    ("recipient", "Immediate Subsequent Recipient"),
    ("ship_from", "Ship-From Location"),
    ("date", "Ship Date"),
    ("tlc_source", "TLC Source or TLC Source Reference"),
    ("document_type", "Reference Document Type"),
    ("document", "Reference Document Number"),
]


class StockPicking(models.Model):
    _inherit = "stock.picking"

    batch_fsma_shipping = fields.Boolean(
        compute="_compute_batch_fsma_shipping",
        help="A delivery of a food on the Food Traceability List.",
    )

    batch_fsma_receiving = fields.Boolean(
        compute="_compute_batch_fsma_receiving",
        help="A receipt of a food on the Food Traceability List.",
    )
    batch_fsma_missing_kdes = fields.Text(
        string="Missing Receiving KDEs",
        compute="_compute_batch_fsma_missing_kdes",
        help="Foods on the Food Traceability List arriving without the "
        "traceability lot code or TLC source their supplier must send "
        "(21 CFR 1.1340(b), 1.1345).",
    )

    def _compute_batch_fsma_shipping(self):
        for picking in self:
            outgoing = picking.picking_type_code == "outgoing"
            picking.batch_fsma_shipping = outgoing and any(
                picking.move_ids.product_id.mapped("batch_fsma_ftl")
            )

    def _compute_batch_fsma_receiving(self):
        for picking in self:
            incoming = picking.picking_type_code == "incoming"
            picking.batch_fsma_receiving = incoming and any(
                picking.move_ids.product_id.mapped("batch_fsma_ftl")
            )

    @api.depends(
        "state",
        "partner_id",
        "move_ids.move_line_ids.batch_tlc",
        "move_ids.move_line_ids.batch_tlc_source_id",
        "move_ids.move_line_ids.batch_supplier_lot",
        "move_ids.move_line_ids.lot_id",
    )
    def _compute_batch_fsma_missing_kdes(self):
        for picking in self:
            lines = []
            for product, lot, kdes in picking._batch_fsma_receiving_gaps():
                name = product.display_name
                if lot:
                    name = f"{name} ({lot})"
                lines.append(
                    self.env._(
                        "%(product)s arrives without %(kdes)s.",
                        product=name,
                        kdes=self.env._(" and ").join(kdes),
                    )
                )
            picking.batch_fsma_missing_kdes = "\n".join(lines) or False

    def _batch_fsma_receiving_gaps(self):
        """[(product, lot name, [missing KDE labels])] of a receipt's foods on
        the Food Traceability List that come without the lot code or TLC
        source the supplier must send. Receipts that assign our own code
        (initial packing, first land-based receiving) and exempt suppliers
        are not concerned."""
        self.ensure_one()
        if (
            not self.batch_fsma_receiving
            or self.state == "cancel"
            or self.picking_type_id.batch_fsma_cte
            in ("initial_packing", "first_land_receiving")
        ):
            return []
        supplier = self.partner_id.commercial_partner_id
        if supplier.batch_fsma_exempt:
            return []
        labels = {
            "tlc": self.env._("a traceability lot code"),
            "source": self.env._("a TLC source"),
        }
        gaps = []
        for move in self.move_ids.filtered(
            lambda m: m.product_id.batch_fsma_ftl and m.state != "cancel"
        ):
            if not move.move_line_ids:
                gaps.append((move.product_id, "", [labels["tlc"], labels["source"]]))
            for line in move.move_line_ids:
                lot = line.lot_id.sudo()
                if lot.tlc_origin:
                    tlc, source = lot.tlc, lot.tlc_source_id
                else:
                    tlc, source, __ = line._batch_received_tlc()
                kdes = [
                    labels[key]
                    for key, value in (("tlc", tlc), ("source", source))
                    if not value
                ]
                if kdes:
                    gaps.append(
                        (line.product_id, line.lot_name or line.lot_id.name or "", kdes)
                    )
        return gaps

    def action_batch_fsma_kde_import(self):
        """Open the import of the shipping KDEs the supplier sent."""
        self.ensure_one()
        self.env["batch.fsma.kde.import"]._receipt_check(self)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import Supplier KDEs"),
            "res_model": "batch.fsma.kde.import",
            "view_mode": "form",
            "target": "new",
            "context": {"default_picking_id": self.id},
        }

    def _batch_fsma_shipping_kdes(self):
        """The shipping KDEs of this delivery, one row per lot code: the
        batch's TLC and TLC source as recorded (no code is made at shipping,
        21 CFR 1.1320(b)). Before validation, from the reserved batches."""
        self.ensure_one()
        if self.picking_type_code != "outgoing":
            return []
        facility = self.env["batch.facility"]._facility_for_warehouse(
            self.picking_type_id.warehouse_id
        )
        Location = self.env["batch.fsma.location"]
        if facility:
            ship_from = facility._fsma_location()._fsma_text()
        else:
            ship_from = Location._fsma_text_of_partner(
                self.picking_type_id.warehouse_id.partner_id
                or self.company_id.partner_id
            )
        recipient = Location._fsma_text_of_partner(self.partner_id)
        date = self.date_done or self.scheduled_date
        rows = []
        for line in self.move_line_ids.filtered(
            lambda ml: ml.lot_id and ml.product_id.batch_fsma_ftl
        ):
            lot = line.lot_id.sudo()
            rows.append(
                {
                    "tlc": lot.tlc or "",
                    "quantity": line.quantity,
                    "uom": line.product_uom_id.name,
                    "product": line.product_id.display_name,
                    "recipient": recipient,
                    "ship_from": ship_from,
                    "date": fields.Date.to_string(
                        fields.Datetime.context_timestamp(self, date).date()
                    )
                    if date
                    else "",
                    "tlc_source": lot.tlc_source_id._fsma_text()
                    if lot.tlc_source_id
                    else "",
                    "document_type": self.env._("Delivery"),
                    "document": self.name,
                }
            )
        return rows

    def action_batch_fsma_kdes_csv(self):
        """Download the shipping KDEs to send to the customer (CSV)."""
        self.ensure_one()
        rows = self._batch_fsma_shipping_kdes()
        if not rows:
            raise UserError(
                self.env._(
                    "%(picking)s ships no batch of a food on the Food Traceability "
                    "List.",
                    picking=self.display_name,
                )
            )
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([label for __, label in SHIPPING_KDE_COLUMNS])
        for row in rows:
            writer.writerow([csv_safe(row[key]) for key, __ in SHIPPING_KDE_COLUMNS])
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"FSMA204_shipping_KDEs_{self.name.replace('/', '_')}.csv",
                "raw": buffer.getvalue().encode("utf-8-sig"),
                "mimetype": "text/csv",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------
    # EPCIS 2.0 shipping events sent to the customer
    # ------------------------------------------------------------------
    def _batch_fsma_epcis_file(self):
        """(file name, JSON-LD bytes) of this delivery's shipping events."""
        self.ensure_one()
        document = self.env["batch.epcis.exporter"]._fsma_shipping_document(self)
        if not document["epcisBody"]["eventList"]:
            raise UserError(
                self.env._(
                    "%(picking)s ships no batch of a food on the Food Traceability "
                    "List.",
                    picking=self.display_name,
                )
            )
        name = f"FSMA204_EPCIS_{self.name.replace('/', '_')}.jsonld"
        return name, json.dumps(document, indent=2).encode()

    def action_batch_fsma_epcis(self):
        """Download the EPCIS 2.0 shipping events of this delivery."""
        self.ensure_one()
        if not self.batch_fsma_shipping:
            raise UserError(
                self.env._(
                    "%(picking)s ships no batch of a food on the Food Traceability "
                    "List.",
                    picking=self.display_name,
                )
            )
        name, raw = self._batch_fsma_epcis_file()
        attachment = self.env["ir.attachment"].create(
            {
                "name": name,
                "raw": raw,
                "mimetype": "application/ld+json",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _batch_fsma_epcis_wanted(self):
        """Whether the customer asked for EPCIS with its deliveries."""
        self.ensure_one()
        return (
            self.picking_type_code == "outgoing"
            and self.batch_fsma_shipping
            and self.partner_id.commercial_partner_id.batch_fsma_epcis_on_delivery
        )

    def _send_confirmation_email(self):
        """The delivery e-mail carries the EPCIS shipping events for the
        customers who asked for them (see :meth:`message_post`); a delivery
        whose events cannot be made (a batch without lot code) says so in its
        chatter instead."""
        res = super(
            StockPicking, self.with_context(batch_fsma_epcis_mail=True)
        )._send_confirmation_email()
        for picking in self.filtered(
            lambda p: (
                p.company_id.stock_move_email_validation
                and p._batch_fsma_epcis_wanted()
            )
        ):
            try:
                picking._batch_fsma_epcis_file()
            except UserError as error:
                picking.message_post(
                    body=self.env._(
                        "The EPCIS shipping events were not attached to the "
                        "delivery e-mail: %(reason)s",
                        reason=error.args[0],
                    )
                )
        return res

    def message_post(self, **kwargs):
        """Attach the EPCIS shipping events to the delivery e-mail (only
        while :meth:`_send_confirmation_email` sends it, on the message sent
        to the customer; the file is made from this delivery, so the context
        key carries no data and grants nothing)."""
        if (
            self.env.context.get("batch_fsma_epcis_mail")
            and len(self) == 1
            and kwargs.get("subtype_id")
            == self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
            and self._batch_fsma_epcis_wanted()
        ):
            try:
                attachment = self._batch_fsma_epcis_file()
            except UserError:
                attachment = None
            if attachment:
                kwargs["attachments"] = [*(kwargs.get("attachments") or []), attachment]
        return super().message_post(**kwargs)
