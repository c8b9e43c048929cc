# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _batch_scan_check(self, lot):
        """Whether ``lot`` may be confirmed on this transfer, and why not."""
        self.ensure_one()
        if lot.product_id not in self.move_ids.product_id:
            return {
                "picking_ok": False,
                "picking_message": self.env._(
                    "%(product)s is not on %(picking)s.",
                    product=lot.product_id.display_name,
                    picking=self.name,
                ),
            }
        if self.picking_type_code == "outgoing":
            move = self.move_ids.filtered(lambda m: m.product_id == lot.product_id)[:1]
            reason = lot._batch_shipping_block_reason(
                move._batch_ship_partner(), move.date or fields.Datetime.now()
            )
            if reason:
                return {"picking_ok": False, "picking_message": reason}
        return {
            "picking_ok": True,
            "picking_message": self.env._(
                "Batch %(lot)s may go on %(picking)s.", lot=lot.name, picking=self.name
            ),
        }

    def batch_scan_confirm(self, code):
        """Confirm the scanned batch on this transfer.

        Receipt: the batch is written on a move line of its product (a new
        batch name is accepted, with the label's expiry). Delivery: the batch
        must be reserved on the transfer and allowed to ship; its lines are
        then marked as picked. Refusals and bad scans come back as messages
        (``picking_ok`` False, or ``error``), never as exceptions.
        """
        self.ensure_one()
        try:
            if self.state in ("done", "cancel"):
                raise UserError(
                    self.env._("%(picking)s is already closed.", picking=self.name)
                )
            parsed = self.env["batch.gs1.parser"].parse(code)
            Lot = self.env["stock.lot"]
            if self.picking_type_code == "incoming":
                return self._batch_scan_confirm_receipt(parsed)
            lot = Lot._batch_find_scanned(parsed)
            values = lot._batch_scan_values(parsed, self.id)
            if not values["picking_ok"]:
                return values
            lines = self.move_line_ids.filtered(lambda ml: ml.lot_id == lot)
            if not lines:
                reserved = self.move_line_ids.filtered(
                    lambda ml: ml.product_id == lot.product_id and ml.lot_id
                ).lot_id.mapped("name")
                values.update(
                    picking_ok=False,
                    picking_message=self.env._(
                        "Batch %(lot)s is not reserved on %(picking)s "
                        "(reserved: %(reserved)s).",
                        lot=lot.name,
                        picking=self.name,
                        reserved=", ".join(reserved) or self.env._("none"),
                    ),
                )
                return values
            lines.picked = True
            values["picking_message"] = self.env._(
                "Batch %(lot)s confirmed on %(picking)s.",
                lot=lot.name,
                picking=self.name,
            )
            return values
        except UserError as error:
            return {"error": error.args[0]}

    def _batch_scan_confirm_receipt(self, parsed):
        Lot = self.env["stock.lot"]
        if not parsed["lot"]:
            raise UserError(self.env._("The code carries no batch number (AI 10)."))
        try:
            lot = Lot._batch_find_scanned(parsed)
        except UserError:
            if not parsed["gtin"]:
                raise
            lot = Lot.browse()
        if lot:
            product = lot.product_id
        else:
            # a new batch from the supplier: the GTIN names the product
            gtin = parsed["gtin"]
            product = self.env["product.product"].search(
                [("barcode", "in", list({gtin, gtin.lstrip("0"), gtin[1:]} - {""}))],
                limit=1,
            )
        move = self.move_ids.filtered(
            lambda m: m.product_id == product and m.state not in ("done", "cancel")
        )[:1]
        if not move:
            raise UserError(
                self.env._(
                    "%(product)s is not on %(picking)s.",
                    product=product.display_name,
                    picking=self.name,
                )
            )
        if lot:
            values = lot._batch_scan_values(parsed)
        else:
            values = {
                "lot_id": False,
                "lot": parsed["lot"],
                "product": product.display_name,
                "state": "new",
                "state_label": self.env._("New batch"),
                "banner": "info",
                "expiration_date": fields.Date.to_string(parsed["expiration_date"])
                if parsed["expiration_date"]
                else False,
                "days_left": False,
                "production_date": fields.Date.to_string(parsed["production_date"])
                if parsed["production_date"]
                else False,
                "supplier_lot": False,
                "quantities": [],
                "upstream": [],
                "downstream": [],
                "can_quarantine": False,
                "expiry_mismatch": False,
            }
        name = parsed["lot"]
        done = move.move_line_ids.filtered(
            lambda ml: ml.lot_id.name == name or ml.lot_name == name
        )
        if not done:
            free = move.move_line_ids.filtered(
                lambda ml: not ml.lot_id and not ml.lot_name
            )[:1]
            line_vals = {"lot_id": lot.id} if lot else {"lot_name": name}
            if not lot and parsed["expiration_date"] and product.use_expiration_date:
                line_vals["expiration_date"] = fields.Datetime.to_datetime(
                    parsed["expiration_date"]
                )
            if free:
                free.write(line_vals)
            else:
                remaining = move.product_uom_qty - move.quantity
                if remaining <= 0:
                    raise UserError(
                        self.env._(
                            "All of %(product)s on %(picking)s already has a batch.",
                            product=product.display_name,
                            picking=self.name,
                        )
                    )
                move.move_line_ids = [
                    fields.Command.create(
                        dict(
                            line_vals,
                            product_id=product.id,
                            quantity=remaining,
                            product_uom_id=move.product_uom.id,
                            location_id=move.location_id.id,
                            location_dest_id=move.location_dest_id.id,
                            picking_id=self.id,
                        )
                    )
                ]
        values.update(
            picking_ok=True,
            picking_message=self.env._(
                "Batch %(lot)s confirmed on %(picking)s.",
                lot=name,
                picking=self.name,
            ),
        )
        if values.get("expiry_mismatch"):
            values["picking_message"] += " " + values["expiry_mismatch"]
        return values

    def action_batch_scan(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "batch_traceability.batch_scan",
            "name": self.env._("Batch Scan: %(picking)s", picking=self.name),
            "context": {"active_picking_id": self.id},
        }
