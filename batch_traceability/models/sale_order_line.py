# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, format_date, formatLang

# Moves that will bring new batches into a warehouse: vendor receipts and
# manufacturing orders (and inventory gains), never internal transfers.
_INCOMING_SOURCE_USAGES = ("supplier", "production", "inventory")


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # Computed together with sale_stock's availability widget fields (same
    # method), so a line is analysed with one query per warehouse and date.
    batch_min_shelf_life_days = fields.Integer(
        string="Required Shelf Life (days)",
        compute="_compute_qty_at_date",
        help="Minimum remaining shelf life the delivered batches must keep on "
        "the delivery date: the stricter of the customer's and the product's. "
        "Zero when no minimum applies.",
    )
    batch_qualifying_qty = fields.Float(
        string="Qualifying Quantity",
        compute="_compute_qty_at_date",
        digits="Product Unit of Measure",
        help="Free quantity in the warehouse, in the line's unit, of released "
        "batches that may ship to this customer on the delivery date (not "
        "expired, with at least the required shelf life left), minus what "
        "earlier lines of the quotation already take.",
    )
    batch_next_qualifying_date = fields.Datetime(
        string="More Qualifying Stock On",
        compute="_compute_qty_at_date",
        help="Scheduled date of the earliest confirmed incoming receipt or "
        "manufacturing order of this product into the warehouse. New batches "
        "are assumed fresh: none is expected when the product's expiration "
        "time is shorter than the required shelf life.",
    )
    batch_shelf_life_shortage = fields.Boolean(
        compute="_compute_qty_at_date",
        help="Not enough qualifying batches for this line's quantity.",
    )
    batch_requested_lot_id = fields.Many2one(
        "stock.lot",
        string="Requested Batch",
        domain="[('product_id', '=', product_id)]",
        check_company=True,
        copy=False,
        index="btree_not_null",
        help="The customer accepts this batch only: the delivery reserves it and "
        "refuses any other batch at validation.",
    )
    batch_delivered_move_line_ids = fields.Many2many(
        "stock.move.line",
        string="Batches Shipped",
        compute="_compute_batch_delivered",
        help="Done movements of batches to the customer for this line.",
    )
    batch_delivered_summary = fields.Char(
        string="Batches Shipped (summary)",
        compute="_compute_batch_delivered",
        help="Batch, quantity and expiration date of what was delivered.",
    )

    # ------------------------------------------------------------------
    # Availability restricted to qualifying batches
    # ------------------------------------------------------------------
    @api.depends(
        "order_id.partner_shipping_id.min_shelf_life_days",
        "order_id.partner_id.min_shelf_life_days",
    )
    def _compute_qty_at_date(self):
        """Widget quantities for customers with a minimum shelf life.

        sale_stock computes on-hand, free and forecast quantities of the whole
        warehouse. For quotation lines with a minimum remaining shelf life
        (customer or product), the batches that may not ship to the customer
        on the delivery date (not released, expired, too short-dated: see
        ``stock.lot._batch_shipping_block_reason``) are taken out of all three
        figures, so the widget never promises stock the warehouse must refuse.
        """
        self.batch_min_shelf_life_days = 0
        self.batch_qualifying_qty = 0.0
        self.batch_next_qualifying_date = False
        self.batch_shelf_life_shortage = False
        res = super()._compute_qty_at_date()
        lines = self.filtered(
            lambda line: (
                line.state in ("draft", "sent")
                and line.display_qty_widget
                and line.product_id.tracking != "none"
                and line.scheduled_date
            )
        )
        groups = defaultdict(lambda: self.env["sale.order.line"])
        for line in lines:
            days = line._batch_effective_min_shelf_life_days()
            if not days:
                continue
            line.batch_min_shelf_life_days = days
            key = (line.warehouse_id, line.scheduled_date, line._batch_partner())
            groups[key] |= line
        for (warehouse, date, partner), group_lines in groups.items():
            products = group_lines.product_id
            stock = self._batch_qualifying_stock(products, warehouse, partner, date)
            next_dates = self._batch_next_incoming_dates(
                products,
                warehouse,
                max(group_lines.mapped("batch_min_shelf_life_days")),
            )
            for line in group_lines:
                product = line.product_id
                values = stock.get(product.id, {})
                to_line_uom = product.uom_id._compute_quantity
                # sale_stock already deducted earlier lines of the same product;
                # take out the part of the stock that does not qualify.
                line.qty_available_today -= to_line_uom(
                    values.get("blocked_qty", 0.0), line.product_uom
                )
                blocked_free = to_line_uom(
                    values.get("blocked_free", 0.0), line.product_uom
                )
                line.free_qty_today -= blocked_free
                line.virtual_available_at_date -= blocked_free
                line.batch_qualifying_qty = max(line.free_qty_today, 0.0)
                line.batch_next_qualifying_date = next_dates.get(product.id, False)
                line.batch_shelf_life_shortage = (
                    float_compare(
                        line.product_uom_qty,
                        line.batch_qualifying_qty,
                        precision_rounding=line.product_uom.rounding or 0.01,
                    )
                    > 0
                )
        return res

    def _batch_partner(self):
        """The address the goods ship to (its own minimum, else its company's)."""
        self.ensure_one()
        return self.order_id.partner_shipping_id or self.order_id.partner_id

    def _batch_effective_min_shelf_life_days(self):
        """The stricter of the customer's and the product's minimum shelf life."""
        self.ensure_one()
        partner = self._batch_partner()
        partner_days = partner._batch_min_shelf_life_days() if partner else 0
        product_days = self.product_id.product_tmpl_id.batch_min_shelf_life_days
        return max(partner_days or 0, product_days or 0)

    @api.model
    def _batch_qualifying_stock(self, products, warehouse, partner, date):
        """Split the warehouse stock of ``products`` into qualifying and not.

        One grouped query over the quants of the warehouse's internal
        locations, per (product, batch); each batch is then judged in memory
        with ``stock.lot._batch_shipping_block_reason(partner, date)``, the
        single definition of what may ship to a customer. Quants without a
        batch never qualify (a tracked product cannot ship without one).
        Read as superuser on purpose: salespeople see aggregated quantities
        only, as with the standard availability widget.

        :return: {product_id: {"qty", "free", "blocked_qty", "blocked_free"}}
            in the product's unit
        """
        result = {}
        if not products or not warehouse:
            return result
        groups = (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("product_id", "in", products.ids),
                    ("company_id", "=", warehouse.company_id.id),
                    ("location_id", "child_of", warehouse.view_location_id.id),
                    ("location_id.usage", "in", ("internal", "transit")),
                ],
                ["product_id", "lot_id"],
                ["quantity:sum", "reserved_quantity:sum"],
            )
        )
        lots = self.env["stock.lot"].sudo().union(*(group[1] for group in groups))
        lots.fetch(["batch_state", "expiration_date", "product_id"])
        for product, lot, quantity, reserved in groups:
            values = result.setdefault(
                product.id,
                {"qty": 0.0, "free": 0.0, "blocked_qty": 0.0, "blocked_free": 0.0},
            )
            free = quantity - reserved
            if lot and not lot._batch_shipping_block_reason(partner, date):
                values["qty"] += quantity
                values["free"] += free
            else:
                values["blocked_qty"] += quantity
                values["blocked_free"] += free
        return result

    @api.model
    def _batch_next_incoming_dates(self, products, warehouse, min_days):
        """Earliest date new batches of ``products`` are expected in ``warehouse``.

        Taken from the scheduled date of confirmed incoming moves (vendor
        receipts, manufacturing orders) into the warehouse. New batches are
        assumed fresh, so products whose expiration time is shorter than
        ``min_days`` get no date (their new batches would not qualify either).

        :return: {product_id: datetime}
        """
        if not products or not warehouse:
            return {}
        eligible = products.filtered(
            lambda p: not p.use_expiration_date or p.expiration_time >= min_days
        )
        if not eligible:
            return {}
        groups = (
            self.env["stock.move"]
            .sudo()
            ._read_group(
                [
                    ("product_id", "in", eligible.ids),
                    ("company_id", "=", warehouse.company_id.id),
                    ("state", "not in", ("draft", "cancel", "done")),
                    ("location_dest_id", "child_of", warehouse.view_location_id.id),
                    ("location_id.usage", "in", _INCOMING_SOURCE_USAGES),
                ],
                ["product_id"],
                ["date:min"],
            )
        )
        return {product.id: date for product, date in groups}

    def _batch_shelf_life_warning(self):
        """A salesperson-facing sentence for a line short of qualifying stock."""
        self.ensure_one()
        if not self.batch_shelf_life_shortage:
            return False
        partner = self._batch_partner()
        message = self.env._(
            "%(product)s: only %(qty)s %(uom)s can ship to %(customer)s on "
            "%(date)s (released batches with at least %(days)s days of shelf "
            "life left), %(ordered)s %(uom)s ordered.",
            product=self.product_id.display_name,
            qty=formatLang(
                self.env, self.batch_qualifying_qty, dp="Product Unit of Measure"
            ),
            uom=self.product_uom.name,
            customer=partner.commercial_partner_id.display_name,
            date=format_date(self.env, self.scheduled_date),
            days=self.batch_min_shelf_life_days,
            ordered=formatLang(
                self.env, self.product_uom_qty, dp="Product Unit of Measure"
            ),
        )
        if self.batch_next_qualifying_date:
            more = self.env._(
                "More qualifying stock is expected on %(date)s (incoming receipt "
                "or manufacturing order).",
                date=format_date(self.env, self.batch_next_qualifying_date),
            )
        else:
            more = self.env._(
                "No incoming receipt or manufacturing order is planned that "
                "would bring qualifying batches."
            )
        return f"{message} {more}"

    @api.onchange("product_id", "product_uom_qty", "product_uom")
    def _onchange_batch_shelf_life(self):
        """Tell the salesperson at once (non-blocking notification)."""
        warning = self._batch_shelf_life_warning()
        if warning:
            return {
                "warning": {
                    "title": self.env._("Not enough fresh stock for this customer"),
                    "message": warning,
                }
            }

    # ------------------------------------------------------------------
    # Requested batch
    # ------------------------------------------------------------------
    @api.constrains("batch_requested_lot_id", "product_id")
    def _check_batch_requested_lot_id(self):
        for line in self.filtered("batch_requested_lot_id"):
            if line.batch_requested_lot_id.product_id != line.product_id:
                raise ValidationError(
                    self.env._(
                        "The requested batch %(lot)s is a batch of %(lot_product)s, "
                        "not of %(product)s.",
                        lot=line.batch_requested_lot_id.name,
                        lot_product=line.batch_requested_lot_id.product_id.display_name,
                        product=line.product_id.display_name,
                    )
                )

    @api.onchange("batch_requested_lot_id")
    def _onchange_batch_requested_lot_id(self):
        """Warn when the requested batch may not ship to this customer."""
        lot = self.batch_requested_lot_id
        if not lot or not self.product_id:
            return
        reason = lot._batch_shipping_block_reason(
            self._batch_partner(),
            self.order_id.commitment_date or self._expected_date(),
        )
        if reason:
            return {
                "warning": {
                    "title": self.env._("Requested batch cannot ship"),
                    "message": reason,
                }
            }

    def _prepare_procurement_values(self, group_id=False):
        """Carry the requested batch to the delivery's moves."""
        values = super()._prepare_procurement_values(group_id=group_id)
        if self.batch_requested_lot_id:
            values["batch_requested_lot_id"] = self.batch_requested_lot_id.id
        return values

    def write(self, vals):
        """A changed requested batch follows onto the open deliveries."""
        res = super().write(vals)
        if "batch_requested_lot_id" in vals:
            self._batch_propagate_requested_lot()
        return res

    def _batch_propagate_requested_lot(self):
        """Apply a changed requested batch to the open moves of confirmed lines.

        Moves reserved on another batch are unreserved and reserved again, so
        the delivery follows the customer's new request.
        """
        for line in self.filtered(lambda sol: sol.state == "sale"):
            moves = line.move_ids | self.env["stock.move"].browse(
                line.move_ids._rollup_move_origs()
            )
            moves = moves.filtered(
                lambda m, product=line.product_id: (
                    m.state not in ("done", "cancel") and m.product_id == product
                )
            )
            if not moves:
                continue
            lot = line.batch_requested_lot_id
            # As superuser, like the procurement run when a confirmed line
            # changes: the salesperson's right is to edit the line, and
            # reserving stock needs rights on quants they do not have.
            moves = moves.sudo()
            moves.write({"batch_requested_lot_id": lot.id})
            wrong = moves.filtered(
                lambda m, lot=lot: lot and m.move_line_ids.lot_id - lot
            )
            if wrong:
                wrong._do_unreserve()
                wrong._action_assign()

    # ------------------------------------------------------------------
    # Batches shipped
    # ------------------------------------------------------------------
    @api.depends("move_ids.state", "move_ids.move_line_ids.lot_id")
    def _compute_batch_delivered(self):
        move_lines = self.env["stock.move.line"].search(
            [
                ("move_id.sale_line_id", "in", self.ids),
                ("state", "=", "done"),
                ("lot_id", "!=", False),
                ("location_dest_id.usage", "=", "customer"),
            ],
            order="date, id",
        )
        per_line = defaultdict(lambda: self.env["stock.move.line"])
        for move_line in move_lines:
            per_line[move_line.move_id.sale_line_id.id] |= move_line
        for line in self:
            lines = per_line.get(line.id, self.env["stock.move.line"])
            line.batch_delivered_move_line_ids = lines
            # batch names and expiry only: readable by whoever reads the order
            line.batch_delivered_summary = ", ".join(
                line._batch_move_line_label(move_line) for move_line in lines.sudo()
            )

    def _batch_move_line_label(self, move_line):
        expiration = move_line.lot_id.expiration_date
        if expiration:
            return self.env._(
                "%(lot)s: %(qty)s %(uom)s, exp. %(date)s",
                lot=move_line.lot_id.name,
                qty=formatLang(
                    self.env, move_line.quantity, dp="Product Unit of Measure"
                ),
                uom=move_line.product_uom_id.name,
                date=format_date(self.env, expiration),
            )
        return self.env._(
            "%(lot)s: %(qty)s %(uom)s",
            lot=move_line.lot_id.name,
            qty=formatLang(self.env, move_line.quantity, dp="Product Unit of Measure"),
            uom=move_line.product_uom_id.name,
        )
