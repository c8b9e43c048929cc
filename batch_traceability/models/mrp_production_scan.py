# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import UserError


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    def _batch_scan_moves(self):
        return self.move_raw_ids.filtered(lambda m: m.state != "cancel")

    def batch_scan_data(self):
        """The manufacturing order as the scan screen shows it: the component
        lines to consume."""
        self.ensure_one()
        return {
            "model": self._name,
            "id": self.id,
            "name": self.name,
            "kind": "mrp_operation",
            "partner": self.product_id.display_name,
            "state": self.state,
            "state_label": dict(self._fields["state"]._description_selection(self.env))[
                self.state
            ],
            "location": self.location_src_id.display_name,
            "location_dest": self.location_dest_id.display_name,
            "moves": self._batch_scan_moves()._batch_scan_move_values(),
            "can_validate": self.state in ("confirmed", "progress", "to_close"),
            "label_lot_ids": self.lot_producing_id.ids if self.state == "done" else [],
        }

    def batch_scan_confirm(self, code):
        """Consume the scanned component batch: refused (nothing changes)
        when the batch may not be consumed now (status, expiry), or when its
        product is not a component of this order."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                return self._batch_scan_confirm(code)
        except UserError as error:
            return {
                "error": error.args[0],
                "banner": "danger",
                "headline": self.env._("Refused"),
            }

    def _batch_scan_confirm(self, code):
        if self.state not in ("confirmed", "progress", "to_close"):
            raise UserError(
                self.env._("%(production)s is not open.", production=self.name)
            )
        parsed = self.env["batch.gs1.parser"].parse(code)
        Lot = self.env["stock.lot"]
        lot = Lot._batch_find_scanned(parsed)
        values = lot._batch_scan_values(parsed)
        move = self._batch_scan_moves().filtered(
            lambda m: m.product_id == lot.product_id and m.state != "done"
        )[:1]
        if not move:
            values.update(
                picking_ok=False,
                verdict="not_on_transfer",
                picking_message=self.env._(
                    "%(product)s is not a component of %(production)s.",
                    product=lot.product_id.display_name,
                    production=self.name,
                ),
            )
        else:
            reason = move._batch_scan_block_reason(lot)
            if reason:
                values.update(
                    picking_ok=False, verdict="do_not_pick", picking_message=reason
                )
            else:
                line, message = move._batch_scan_pick(parsed, lot)
                values.update(
                    picking_ok=True,
                    verdict="ok",
                    picking_message=message,
                    line_id=line.id,
                )
        values.update(Lot._batch_scan_verdict(values))
        if values.get("line_id"):
            # only the move the scan changed: the screen updates that row
            line = self.env["stock.move.line"].browse(values["line_id"])
            values["moves"] = line.move_id._batch_scan_move_values()
        return values

    def batch_scan_set_quantity(self, line_id, quantity):
        """Set the consumed quantity of one component line."""
        self.ensure_one()
        try:
            line = self._batch_scan_moves().move_line_ids.filtered(
                lambda ml: ml.id == line_id
            )
            if not line or self.state not in ("confirmed", "progress", "to_close"):
                raise UserError(
                    self.env._(
                        "This line is not open on %(production)s.",
                        production=self.name,
                    )
                )
            return line._batch_scan_set_quantity(quantity)
        except UserError as error:
            return {"error": error.args[0]}

    def batch_scan_validate(self):
        """Produce from the screen: Odoo's own "Produce" (its wizards come back
        as the action to open)."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                if not self.qty_producing:
                    # produce what was planned with the components as scanned
                    # (Odoo's automatic quantities would redo the batches)
                    if self.product_id.tracking != "none" and not self.lot_producing_id:
                        self.action_generate_serial()
                    self.qty_producing = self.product_qty
                result = self.button_mark_done()
        except UserError as error:
            return {"error": error.args[0], "operation": self.batch_scan_data()}
        if isinstance(result, dict):
            return {"action": result, "operation": self.batch_scan_data()}
        return {"done": True, "operation": self.batch_scan_data()}

    def batch_scan_print_labels(self):
        self.ensure_one()
        if not self.lot_producing_id:
            raise UserError(
                self.env._(
                    "%(production)s has no finished batch yet.", production=self.name
                )
            )
        return self.lot_producing_id.batch_scan_print_label()
