# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a scan does to one move of a transfer or manufacturing order.

The Batch Scan screen only displays what these methods decide: whether the
scanned batch may be taken for this move (the same rules reservation and
validation apply, see stock_move_batch.py and stock_lot_shipping_gate.py),
which reserved line it fills or swaps, and where received batches go.
"""

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


class StockMove(models.Model):
    _inherit = "stock.move"

    # ------------------------------------------------------------------
    # Rules
    # ------------------------------------------------------------------
    def _batch_scan_block_reason(self, lot):
        """Why ``lot`` may not be taken for this move, or False.

        A move that ends at a customer gets the shipping rules with the
        customer's minimum shelf life on the delivery date; a consumption
        (manufacturing) the consumption rules; any other move the rules
        reservation applies (released and not expired), unless its
        destination accepts unreleased batches (e.g. the quarantine location).
        """
        self.ensure_one()
        lot = lot.sudo()
        now = fields.Datetime.now()
        customer_move = self._batch_customer_move()
        if customer_move:
            return lot._batch_shipping_block_reason(
                customer_move._batch_ship_partner(), customer_move.date or now
            )
        if self.raw_material_production_id or self.location_dest_id.usage in (
            "production",
        ):
            return lot._batch_consumption_block_reason(now)
        if self._batch_reservation_rules() is None:
            return False
        return lot._batch_consumption_block_reason(now)

    def _batch_scan_quantity(self, parsed):
        """The quantity the code carries, in this move's unit, or None.

        AI 30 and 37 count the product's own units; a 3xxx measure is
        converted from the nomenclature's unit (kg, litres, ...) and refused
        when the product is not measured that way.
        """
        self.ensure_one()
        if not parsed.get("quantity"):
            return None
        qty = parsed["quantity"]
        uom_id = parsed.get("quantity_uom_id")
        if parsed.get("quantity_ai") in ("30", "37") or not uom_id:
            return qty
        uom = self.env["uom.uom"].browse(uom_id)
        if uom.category_id != self.product_uom.category_id:
            raise UserError(
                self.env._(
                    "The label gives %(qty)s %(uom)s but %(product)s is counted in "
                    "%(product_uom)s: enter the quantity on the line.",
                    qty=qty,
                    uom=uom.name,
                    product=self.product_id.display_name,
                    product_uom=self.product_uom.name,
                )
            )
        return uom._compute_quantity(qty, self.product_uom, rounding_method="HALF-UP")

    # ------------------------------------------------------------------
    # Receive
    # ------------------------------------------------------------------
    def _batch_scan_receive(self, parsed, lot):
        """Fill or split this receipt move per scanned batch.

        The same batch again adds the label's quantity to its line; another
        batch fills the line without a batch or gets a new move line. Without
        a quantity in the code the batch takes what is still open (nothing
        when the demand is covered: the screen asks for the quantity).
        New batches get the label's expiry and supplier lot, and go to the
        warehouse's quarantine location when they will be born in quarantine.

        :return: (move line, message)
        """
        self.ensure_one()
        name = parsed["lot"]
        product = self.product_id
        qty = self._batch_scan_quantity(parsed)
        rounding = self.product_uom.rounding
        line = self.move_line_ids.filtered(
            lambda ml: (ml.lot_id.name or ml.lot_name) == name
        )[:1]
        if line:
            if qty is None:
                return line, self.env._(
                    "Batch %(lot)s is already on this receipt (%(qty)s %(uom)s): "
                    "change the quantity on its line if needed.",
                    lot=name,
                    qty=line.quantity,
                    uom=line.product_uom_id.name,
                )
            line.write(
                {
                    "quantity": (line.quantity if line.picked else 0) + qty,
                    "picked": True,
                }
            )
            return line, self.env._(
                "%(qty)s %(uom)s added to batch %(lot)s.",
                qty=qty,
                uom=self.product_uom.name,
                lot=name,
            )
        with_batch = self.move_line_ids.filtered(lambda ml: ml.lot_id or ml.lot_name)
        if qty is None:
            qty = max(self.product_uom_qty - sum(with_batch.mapped("quantity")), 0)
            qty = float_is_zero(qty, precision_rounding=rounding) and 0 or qty
        vals = {"quantity": qty, "picked": True}
        if lot:
            vals["lot_id"] = lot.id
        else:
            vals.update(lot_name=name, batch_supplier_lot=name)
            if parsed.get("expiration_date") and product.use_expiration_date:
                vals["expiration_date"] = fields.Datetime.to_datetime(
                    parsed["expiration_date"]
                )
        dest = self._batch_scan_receipt_destination(lot)
        if dest:
            vals["location_dest_id"] = dest.id
        free = (self.move_line_ids - with_batch)[:1]
        if free:
            free.write(vals)
            line = free
        else:
            line = self.env["stock.move.line"].create(
                dict(
                    vals,
                    move_id=self.id,
                    picking_id=self.picking_id.id,
                    product_id=product.id,
                    product_uom_id=self.product_uom.id,
                    location_id=self.location_id.id,
                    location_dest_id=vals.get(
                        "location_dest_id", self.location_dest_id.id
                    ),
                )
            )
        if float_is_zero(qty, precision_rounding=rounding):
            message = self.env._(
                "Batch %(lot)s added: the order is already covered, enter its "
                "quantity on the line.",
                lot=name,
            )
        else:
            message = self.env._(
                "Batch %(lot)s: %(qty)s %(uom)s received.",
                lot=name,
                qty=qty,
                uom=self.product_uom.name,
            )
        return line, message

    def _batch_scan_receipt_destination(self, lot):
        """The warehouse's quarantine location when the received batch is (or
        will be born) in quarantine, else False (same rule as validation,
        ``stock.move.line._batch_route_to_quarantine``)."""
        self.ensure_one()
        state = (
            lot.batch_state
            if lot
            else self.env["stock.lot"]._default_batch_state_for(self.product_id)
        )
        warehouse = self.picking_type_id.warehouse_id
        quarantine = warehouse.batch_quarantine_location_id
        if (
            state == "quarantine"
            and quarantine
            and self.location_dest_id._child_of(warehouse.lot_stock_id)
            and not self.location_dest_id._child_of(quarantine)
        ):
            return quarantine
        return False

    # ------------------------------------------------------------------
    # Pick / consume
    # ------------------------------------------------------------------
    def _batch_scan_todo_lines(self):
        """The lines to take, in the order to take them: not yet picked first,
        then earliest expiry first (FEFO), then by location."""
        far = fields.Datetime.to_datetime("9999-12-31")
        return self.move_line_ids.sorted(
            lambda ml: (
                ml.picked,
                ml.lot_id.expiration_date or far,
                ml.location_id.complete_name or "",
                ml.id,
            )
        )

    def _batch_scan_pick(self, parsed, lot):
        """Take ``lot`` for this move (the caller judged the batch rules).

        The reserved line of that batch is marked picked (the code's quantity,
        or its reserved quantity); another batch takes the place of the first
        reservation still to pick, when it has free stock in the source
        location.

        :return: (move line, message)
        """
        self.ensure_one()
        qty = self._batch_scan_quantity(parsed)
        rounding = self.product_uom.rounding
        own = self._batch_scan_todo_lines().filtered(lambda ml: ml.lot_id == lot)
        if own:
            line = own[:1]
            if qty is None:
                if line.picked:
                    return line, self.env._(
                        "Batch %(lot)s is already picked (%(qty)s %(uom)s).",
                        lot=lot.name,
                        qty=line.quantity,
                        uom=line.product_uom_id.name,
                    )
                line.picked = True
            else:
                line.write(
                    {
                        "quantity": (line.quantity if line.picked else 0) + qty,
                        "picked": True,
                    }
                )
            return line, self.env._(
                "Take %(qty)s %(uom)s of batch %(lot)s from %(location)s.",
                qty=line.quantity,
                uom=line.product_uom_id.name,
                lot=lot.name,
                location=line.location_id.display_name,
            )
        # another batch: swap it for the first reservation still to pick
        victim = self._batch_scan_todo_lines().filtered(
            lambda ml: not ml.picked and ml.lot_id != lot
        )[:1]
        if qty is None:
            qty = victim.quantity if victim else self.product_uom_qty - self.quantity
        if float_compare(qty, 0, precision_rounding=rounding) <= 0:
            raise UserError(
                self.env._(
                    "All of %(product)s is already picked: batch %(lot)s is not "
                    "needed.",
                    product=self.product_id.display_name,
                    lot=lot.name,
                )
            )
        location, free = self._batch_scan_free_stock(lot)
        free = self.product_id.uom_id._compute_quantity(free, self.product_uom)
        if float_compare(free, 0, precision_rounding=rounding) <= 0:
            raise UserError(
                self.env._(
                    "Batch %(lot)s has no free stock in %(location)s (none there, "
                    "or all of it reserved for other operations).",
                    lot=lot.name,
                    location=self.location_id.display_name,
                )
            )
        take = min(qty, free)
        whole = victim and not float_compare(
            take, victim.quantity, precision_rounding=rounding
        )
        if whole:
            # the whole reservation changes batch: Odoo's write releases the
            # old quant and reserves the new one
            victim.write({"lot_id": lot.id, "location_id": location.id, "picked": True})
            line = victim
        else:
            if victim:
                left = victim.quantity - take
                if float_compare(left, 0, precision_rounding=rounding) <= 0:
                    victim.unlink()
                else:
                    victim.quantity = left
            line = self.env["stock.move.line"].create(
                {
                    "move_id": self.id,
                    "picking_id": self.picking_id.id,
                    "product_id": self.product_id.id,
                    "product_uom_id": self.product_uom.id,
                    "lot_id": lot.id,
                    "location_id": location.id,
                    "location_dest_id": self.location_dest_id.id,
                    "quantity": take,
                    "picked": True,
                }
            )
        message = self.env._(
            "Batch %(lot)s replaces the reserved batch: take %(qty)s %(uom)s "
            "from %(location)s.",
            lot=lot.name,
            qty=take,
            uom=self.product_uom.name,
            location=location.display_name,
        )
        if float_compare(take, qty, precision_rounding=rounding) < 0:
            message += " " + self.env._(
                "Only %(free)s %(uom)s of it is free: scan another batch for the rest.",
                free=take,
                uom=self.product_uom.name,
            )
        return line, message

    def _batch_scan_free_stock(self, lot):
        """(location, free quantity in the product's unit) of ``lot`` in this
        move's source location: the sub-location with the most unreserved
        stock."""
        self.ensure_one()
        groups = self.env["stock.quant"]._read_group(
            [
                ("product_id", "=", self.product_id.id),
                ("lot_id", "=", lot.id),
                ("location_id", "child_of", self.location_id.id),
                ("quantity", ">", 0),
            ],
            ["location_id"],
            ["quantity:sum", "reserved_quantity:sum"],
        )
        best = (self.location_id, 0.0)
        for location, quantity, reserved in groups:
            if quantity - reserved > best[1]:
                best = (location, quantity - reserved)
        return best

    # ------------------------------------------------------------------
    # What the screen shows
    # ------------------------------------------------------------------
    def _batch_scan_move_values(self):
        """One row per move, with its lines in the order to work them."""
        far = fields.Date.to_date("9999-12-31")
        rows = []
        for move in self:
            rounding = move.product_uom.rounding
            done = sum(move.move_line_ids.filtered("picked").mapped("quantity"))
            compare = float_compare(
                done, move.product_uom_qty, precision_rounding=rounding
            )
            rows.append(
                {
                    "id": move.id,
                    "product": move.product_id.display_name,
                    "tracking": move.product_id.tracking,
                    "uom": move.product_uom.name,
                    "demand": move.product_uom_qty,
                    "done": done,
                    "status": "over"
                    if compare > 0
                    else "done"
                    if compare == 0
                    else "todo",
                    "lines": [
                        {
                            "id": line.id,
                            "lot": line.lot_id.name or line.lot_name or False,
                            "lot_id": line.lot_id.id,
                            "expiry": fields.Date.to_string(
                                line.lot_id.expiration_date.date()
                            )
                            if line.lot_id.expiration_date
                            else fields.Date.to_string(line.expiration_date.date())
                            if line.expiration_date
                            else False,
                            "location": line.location_id.display_name,
                            "location_dest": line.location_dest_id.display_name,
                            "quantity": line.quantity,
                            "picked": line.picked,
                        }
                        for line in move._batch_scan_todo_lines()
                    ],
                    "_sort": (
                        compare >= 0,
                        min(
                            (
                                ml.lot_id.expiration_date.date()
                                for ml in move.move_line_ids
                                if ml.lot_id.expiration_date
                            ),
                            default=far,
                        ),
                        move.id,
                    ),
                }
            )
        rows.sort(key=lambda row: row.pop("_sort"))
        return rows
