# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time

from odoo import api, fields, models
from odoo.exceptions import UserError

# the states in which an operation still has work to scan
OPEN_STATES = ("confirmed", "waiting", "assigned")
OPERATION_KINDS = ("incoming", "outgoing", "internal", "mrp_operation")


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # ------------------------------------------------------------------
    # Operations to do
    # ------------------------------------------------------------------
    @api.model
    def _batch_scan_warehouse(self):
        user = self.env.user
        warehouse = (
            user.property_warehouse_id
            if "property_warehouse_id" in user._fields
            else False
        )
        if not warehouse or warehouse.company_id != self.env.company:
            warehouse = user._get_default_warehouse_id()
        return warehouse

    @api.model
    def batch_scan_operations(self, kind=False, all_dates=False):
        """The operations of the user's warehouse to work from the scan
        screen: receipts, deliveries, internal transfers and manufacturing
        orders not done, due today or earlier (``all_dates``: any date).

        :param kind: one of OPERATION_KINDS to filter on, or False for all
        """
        if kind and kind not in OPERATION_KINDS:
            raise UserError(
                self.env._("Unknown kind of operation: %(kind)s", kind=kind)
            )
        warehouse = self._batch_scan_warehouse()
        end = datetime.combine(fields.Date.context_today(self), time.max)
        rows = []
        if kind != "mrp_operation":
            domain = [
                ("picking_type_id.warehouse_id", "=", warehouse.id),
                ("state", "in", OPEN_STATES),
            ]
            if kind:
                domain.append(("picking_type_code", "=", kind))
            if not all_dates:
                domain.append(("scheduled_date", "<=", end))
            for picking in self.search(domain, order="scheduled_date, id", limit=100):
                rows.append(
                    {
                        "model": "stock.picking",
                        "id": picking.id,
                        "name": picking.name,
                        "kind": picking.picking_type_code,
                        "type": picking.picking_type_id.name,
                        "partner": picking.partner_id.display_name or "",
                        "date": fields.Datetime.to_string(picking.scheduled_date),
                        "state": picking.state,
                        "origin": picking.origin or "",
                    }
                )
        Production = self.env["mrp.production"]
        if kind in (False, "mrp_operation") and Production.has_access("read"):
            domain = [
                ("picking_type_id.warehouse_id", "=", warehouse.id),
                ("state", "in", ("confirmed", "progress", "to_close")),
            ]
            if not all_dates:
                domain.append(("date_start", "<=", end))
            for production in Production.search(
                domain, order="date_start, id", limit=100
            ):
                rows.append(
                    {
                        "model": "mrp.production",
                        "id": production.id,
                        "name": production.name,
                        "kind": "mrp_operation",
                        "type": production.picking_type_id.name,
                        "partner": production.product_id.display_name,
                        "date": fields.Datetime.to_string(production.date_start),
                        "state": production.state,
                        "origin": production.origin or "",
                    }
                )
        return {"warehouse": warehouse.display_name, "operations": rows}

    @api.model
    def _batch_scan_find_operation(self, code):
        """The open transfer or manufacturing order named ``code``, if any."""
        code = (code or "").strip()
        if not code or len(code) > 64:
            return None
        picking = self.search(
            [("name", "=", code), ("state", "not in", ("draft", "cancel"))], limit=1
        )
        if picking:
            return picking
        Production = self.env["mrp.production"]
        if Production.has_access("read"):
            production = Production.search(
                [("name", "=", code), ("state", "not in", ("draft", "cancel"))],
                limit=1,
            )
            if production:
                return production
        return None

    @api.model
    def batch_scan(self, code, model=False, res_id=False, line_id=False):
        """Everything the scan screen sends: one call per scan.

        The name of an operation opens it; on an open transfer a location
        barcode puts the last scanned line (``line_id``) there; otherwise the
        code is a batch, looked up (no operation open) or worked on the open
        operation.
        """
        operation = self._batch_scan_find_operation(code)
        if operation:
            return {"open": {"model": operation._name, "id": operation.id}}
        if model == "stock.picking" and res_id:
            picking = self.browse(res_id)
            location = self._batch_scan_find_location(code)
            if location:
                return picking.batch_scan_location(location.id, line_id)
            return picking.batch_scan_confirm(code)
        if model == "mrp.production" and res_id:
            return self.env[model].browse(res_id).batch_scan_confirm(code)
        return self.env["stock.lot"].batch_scan_lookup(code)

    @api.model
    def _batch_scan_find_location(self, code):
        code = (code or "").strip()
        if not code or len(code) > 64:
            return self.env["stock.location"]
        return self.env["stock.location"].search(
            [
                ("barcode", "=", code),
                ("company_id", "in", [self.env.company.id, False]),
            ],
            limit=1,
        )

    # ------------------------------------------------------------------
    # Put away
    # ------------------------------------------------------------------
    def _batch_scan_location_block_reason(self, line, location):
        """Why ``line``'s batch may not be put in ``location``, or False.

        The destination must be a storage location under the transfer's own
        destination. A batch that is not released (or a new batch that will
        be born in quarantine) goes only where unreleased batches are kept
        (a location marked as quarantine, or under one): validation of a
        receipt sends it to the warehouse's quarantine location anyway, and
        reservation from a pickable location skips it.
        """
        self.ensure_one()
        if location.usage != "internal" or not location._child_of(
            self.location_dest_id
        ):
            return self.env._(
                "%(location)s is not a place to put goods of %(picking)s (they go "
                "to %(dest)s or a location under it).",
                location=location.display_name,
                picking=self.name,
                dest=self.location_dest_id.display_name,
            )
        Lot = self.env["stock.lot"]
        state = (
            line.lot_id.batch_state
            if line.lot_id
            else Lot._default_batch_state_for(line.product_id)
            if line.lot_name
            else "released"
        )
        holds_unreleased = bool(
            self.env["stock.location"].search_count(
                [
                    ("id", "parent_of", location.id),
                    ("batch_accepts_unreleased", "=", True),
                ],
                limit=1,
            )
        )
        if state != "released" and not holds_unreleased:
            label = dict(Lot._fields["batch_state"]._description_selection(self.env))
            return self.env._(
                "Batch %(lot)s is %(state)s: it may not go to %(location)s, a "
                "location for released stock. Put it in a quarantine location.",
                lot=line.lot_id.name or line.lot_name,
                state=label[state],
                location=location.display_name,
            )
        return False

    def batch_scan_location(self, location_id, line_id=False):
        """Put the last scanned line in the scanned location, or refuse with
        the reason (nothing changes)."""
        self.ensure_one()
        location = self.env["stock.location"].browse(location_id)
        try:
            if self.state in ("draft", "done", "cancel"):
                raise UserError(
                    self.env._("%(picking)s is not open.", picking=self.name)
                )
            line = self.move_line_ids.filtered(lambda ml: ml.id == line_id)
            if not line:
                raise UserError(
                    self.env._(
                        "%(location)s: scan a batch first, then the location "
                        "where it goes.",
                        location=location.display_name,
                    )
                )
            reason = self._batch_scan_location_block_reason(line, location)
            if reason:
                return {
                    "picking_ok": False,
                    "picking_message": reason,
                    "banner": "danger",
                    "headline": self.env._("Not here"),
                    "lot": line.lot_id.name or line.lot_name,
                    "line_id": line.id,
                }
            with self.env.cr.savepoint():
                line.location_dest_id = location
            return {
                "picking_ok": True,
                "picking_message": self.env._(
                    "Batch %(lot)s goes to %(location)s.",
                    lot=line.lot_id.name or line.lot_name,
                    location=location.display_name,
                ),
                "banner": "success",
                "headline": self.env._("Put in %(location)s", location=location.name),
                "lot": line.lot_id.name or line.lot_name,
                "line_id": line.id,
                "location_dest": location.display_name,
                "moves": line.move_id._batch_scan_move_values(),
            }
        except UserError as error:
            return {
                "error": error.args[0],
                "banner": "danger",
                "headline": self.env._("Refused"),
            }

    # ------------------------------------------------------------------
    # One transfer
    # ------------------------------------------------------------------
    def _batch_scan_moves(self):
        return self.move_ids.filtered(lambda m: m.state != "cancel")

    def batch_scan_data(self):
        """The transfer as the screen shows it: its lines to do (product,
        batch, location, quantity done / demand)."""
        self.ensure_one()
        done_lots = self.move_line_ids.lot_id if self.state == "done" else []
        return {
            "model": self._name,
            "id": self.id,
            "name": self.name,
            "kind": self.picking_type_code,
            "partner": self.partner_id.display_name or "",
            "state": self.state,
            "state_label": dict(self._fields["state"]._description_selection(self.env))[
                self.state
            ],
            "location": self.location_id.display_name,
            "location_dest": self.location_dest_id.display_name,
            "moves": self._batch_scan_moves()._batch_scan_move_values(),
            "can_validate": self.state not in ("draft", "done", "cancel"),
            "label_lot_ids": done_lots.ids if done_lots else [],
        }

    def _batch_scan_check(self, lot):
        """Whether ``lot`` may be taken on this transfer, and why not."""
        self.ensure_one()
        moves = self._batch_scan_moves().filtered(
            lambda m: m.product_id == lot.product_id
        )
        if not moves:
            return {
                "picking_ok": False,
                "picking_message": self.env._(
                    "%(product)s is not on %(picking)s.",
                    product=lot.product_id.display_name,
                    picking=self.name,
                ),
                "verdict": "not_on_transfer",
            }
        if self.picking_type_code != "incoming":
            reason = moves[:1]._batch_scan_block_reason(lot)
            if reason:
                return {
                    "picking_ok": False,
                    "picking_message": reason,
                    "verdict": "do_not_pick",
                }
        return {
            "picking_ok": True,
            "picking_message": self.env._(
                "Batch %(lot)s may go on %(picking)s.", lot=lot.name, picking=self.name
            ),
            "verdict": "ok",
        }

    def batch_scan_confirm(self, code):
        """Work the scanned batch on this transfer.

        Receipt: the batch fills or splits a line of its product, with the
        label's quantity and expiry. Other transfers: the batch must be
        allowed for this operation (status, expiry, the customer's minimum
        shelf life); its reserved line is picked, or it replaces the first
        reservation still to pick. Refusals and bad scans come back as
        messages (``picking_ok`` False, or ``error``), never as exceptions,
        and change nothing.
        """
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
        if self.state in ("draft", "done", "cancel"):
            raise UserError(
                self.env._(
                    "%(picking)s is not open (%(state)s).",
                    picking=self.name,
                    state=self.state,
                )
            )
        parsed = self.env["batch.gs1.parser"].parse(code)
        if self.picking_type_code == "incoming":
            values = self._batch_scan_confirm_receipt(parsed)
        else:
            lot = self.env["stock.lot"]._batch_find_scanned(parsed)
            values = lot._batch_scan_values(parsed, self.id)
            if values["picking_ok"]:
                move = self._batch_scan_moves().filtered(
                    lambda m: (
                        m.product_id == lot.product_id
                        and m.state not in ("done", "cancel")
                    )
                )[:1]
                if not move:
                    raise UserError(
                        self.env._(
                            "%(product)s is already done on %(picking)s.",
                            product=lot.product_id.display_name,
                            picking=self.name,
                        )
                    )
                line, message = move._batch_scan_pick(parsed, lot)
                values.update(picking_message=message, line_id=line.id)
                values.update(self.env["stock.lot"]._batch_scan_verdict(values))
        if values.get("line_id"):
            # only the move the scan changed: the screen updates that row
            line = self.env["stock.move.line"].browse(values["line_id"])
            values["moves"] = line.move_id._batch_scan_move_values()
        return values

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
            product = Lot._batch_product_for_gtin(parsed["gtin"])
        move = self._batch_scan_moves().filtered(
            lambda m: m.product_id == product and m.state not in ("done", "cancel")
        )[:1]
        if not move:
            values = (
                lot._batch_scan_values(parsed)
                if lot
                else Lot._batch_scan_new_values(parsed, product)
            )
            values.update(
                picking_ok=False,
                verdict="not_on_transfer",
                picking_message=self.env._(
                    "%(product)s is not on %(picking)s.",
                    product=product.display_name,
                    picking=self.name,
                ),
            )
            values.update(Lot._batch_scan_verdict(values))
            return values
        values = (
            lot._batch_scan_values(parsed)
            if lot
            else Lot._batch_scan_new_values(parsed, product)
        )
        line, message = move._batch_scan_receive(parsed, lot)
        if values.get("expiry_mismatch"):
            message += " " + values["expiry_mismatch"]
        rounding = move.product_uom.rounding
        done = sum(move.move_line_ids.filtered("picked").mapped("quantity"))
        over = done - move.product_uom_qty
        values.update(
            picking_ok=True,
            verdict="received",
            picking_message=message,
            line_id=line.id,
            location_dest=line.location_dest_id.display_name,
            received_state=lot.batch_state
            if lot
            else Lot._default_batch_state_for(product),
        )
        if over > rounding / 2:
            values.update(
                verdict="over",
                picking_message=message
                + " "
                + self.env._(
                    "%(over)s %(uom)s more than ordered.",
                    over=round(over, 6),
                    uom=move.product_uom.name,
                ),
            )
        values.update(Lot._batch_scan_verdict(values))
        return values

    def batch_scan_set_quantity(self, line_id, quantity):
        """Set the quantity of one line of this transfer from the screen (it
        counts as picked)."""
        self.ensure_one()
        try:
            if self.state in ("draft", "done", "cancel"):
                raise UserError(
                    self.env._("%(picking)s is not open.", picking=self.name)
                )
            line = self.move_line_ids.filtered(lambda ml: ml.id == line_id)
            if not line:
                raise UserError(
                    self.env._("This line is not on %(picking)s.", picking=self.name)
                )
            return line._batch_scan_set_quantity(quantity)
        except UserError as error:
            return {"error": error.args[0]}

    def batch_scan_validate(self):
        """Validate from the screen: Odoo's own validation, whose wizards
        (backorder, expired batches, ...) come back as the action to open."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                result = self.button_validate()
        except UserError as error:
            return {"error": error.args[0], "operation": self.batch_scan_data()}
        if isinstance(result, dict):
            return {"action": result, "operation": self.batch_scan_data()}
        return {"done": True, "operation": self.batch_scan_data()}

    def batch_scan_print_labels(self):
        """The label report for the batches of this transfer."""
        self.ensure_one()
        lots = self.move_line_ids.lot_id
        if not lots:
            raise UserError(
                self.env._(
                    "%(picking)s has no batch yet: new batches exist once the "
                    "receipt is validated.",
                    picking=self.name,
                )
            )
        return lots.batch_scan_print_label()

    def action_batch_scan(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "batch_traceability.batch_scan",
            "name": self.env._("Batch Scan: %(picking)s", picking=self.name),
            "context": {"active_picking_id": self.id},
        }
