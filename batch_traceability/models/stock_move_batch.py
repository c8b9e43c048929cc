# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from contextlib import ExitStack
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero

from . import rule_guard
from .batch_rule_override import override_key
from .mrp_unbuild_batch import UNBUILD_KEY
from .stock_lot_shipping_gate import arrival_key
from .stock_quant_batch import RULES_KEY

# Context key that disables the reservation rules, honoured for the superuser
# only (benchmarks compare against Odoo's own reservation with it). It never
# lets a batch leave: validation and the last-line check do not read it.
SKIP_RULES_KEY = "batch_skip_reservation_rules"


class StockMove(models.Model):
    _inherit = "stock.move"

    batch_reservation_note = fields.Text(
        string="Batches Skipped",
        compute="_compute_batch_reservation_note",
        help="Batches with stock in the source location that reservation did "
        "not take for this move, and why.",
    )

    # ------------------------------------------------------------------
    # Who and when the goods are for
    # ------------------------------------------------------------------
    def _batch_customer_move(self):
        """The customer delivery this move feeds (itself, or down the chain of
        a multi-step route), or an empty recordset."""
        self.ensure_one()
        move, seen = self, set()
        while move and move.id not in seen:
            seen.add(move.id)
            if "customer" in (
                move.location_dest_id.usage,
                move.location_final_id.usage,
            ):
                return move
            move = move.move_dest_ids.filtered(lambda m: m.state != "cancel")[:1]
        return self.browse()

    def _batch_ship_partner(self):
        self.ensure_one()
        return self.partner_id or self.picking_id.partner_id or self.group_id.partner_id

    def _batch_reservation_rules(self):
        """The batch rules reservation applies to this move, or None.

        Every reservation skips unreleased and expired batches; a move that
        ends at a customer also needs the customer's (or the product's)
        minimum remaining shelf life on the scheduled delivery date.
        """
        self.ensure_one()
        if self.product_id.tracking == "none":
            return None
        if self.env.su and self.env.context.get(SKIP_RULES_KEY):
            return None
        if self.location_dest_id.batch_accepts_unreleased:
            return None
        template = self.product_id.product_tmpl_id
        customer_move = self._batch_customer_move()
        date = (customer_move or self).date or fields.Datetime.now()
        min_days = 0
        if customer_move:
            partner = customer_move._batch_ship_partner()
            min_days = max(
                template.batch_min_shelf_life_days,
                partner._batch_min_shelf_life_days() if partner else 0,
            )
        return {
            "min_expiration": date + timedelta(days=min_days),
            "strict_min": bool(min_days),
            "allow_expired": template.batch_allow_expired_shipping and not min_days,
        }

    def _batch_with_rules(self):
        rules = self._batch_reservation_rules()
        return self.with_context(**{RULES_KEY: rules}) if rules else self

    # ------------------------------------------------------------------
    # Reservation: every path (picking, MO, batch transfer, scheduler)
    # ends in these two methods. The rules, in this order:
    # 1. the batch the customer requested on the sale line, alone
    #    (stock_move_sale.py);
    # 2. the batch rules (status, expiry, shelf life), handed to the quant
    #    gather (stock_quant_batch.py).
    # ------------------------------------------------------------------
    def _update_reserved_quantity(
        self,
        need,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=True,
    ):
        """Reserve by the requested batch and the batch rules, in this order."""
        allowed, lot_id = self._batch_requested_lot_filter(lot_id)
        if not allowed:
            return 0
        return super(StockMove, self._batch_with_rules())._update_reserved_quantity(
            need,
            location_id,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            strict=strict,
        )

    def _get_available_quantity(
        self,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=False,
        allow_negative=False,
    ):
        """What the move may reserve, by the same two rules."""
        allowed, lot_id = self._batch_requested_lot_filter(lot_id)
        if not allowed:
            return 0.0
        return super(StockMove, self._batch_with_rules())._get_available_quantity(
            location_id,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            strict=strict,
            allow_negative=allow_negative,
        )

    # ------------------------------------------------------------------
    # Why a move is not fully reserved
    # ------------------------------------------------------------------
    @api.depends("state", "product_id", "location_id", "move_line_ids.lot_id")
    def _compute_batch_reservation_note(self):
        moves = self.filtered(
            lambda m: (
                m.state in ("confirmed", "partially_available", "waiting")
                and m.product_id.tracking != "none"
                and m.location_id.usage in ("internal", "transit")
            )
        )
        (self - moves).batch_reservation_note = False
        if not moves:
            return
        quants = (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("product_id", "in", moves.product_id.ids),
                    ("location_id", "child_of", moves.location_id.ids),
                    ("lot_id", "!=", False),
                    ("quantity", ">", 0),
                ],
                ["product_id", "lot_id", "location_id"],
                ["quantity:sum", "reserved_quantity:sum"],
            )
        )
        by_product = defaultdict(list)
        for product, lot, location, qty, reserved in quants:
            by_product[product].append((lot, location, qty - reserved))
        for move in moves:
            rules = move._batch_reservation_rules()
            customer_move = move._batch_customer_move()
            partner = customer_move._batch_ship_partner() if customer_move else None
            date = (customer_move or move).date
            reasons = []
            for lot, location, free in by_product[move.product_id]:
                if not rules or free <= 0 or not location._child_of(move.location_id):
                    continue
                if customer_move:
                    reason = lot._batch_shipping_block_reason(partner, date)
                else:
                    reason = lot._batch_consumption_block_reason(date)
                if reason:
                    reasons.append(reason)
            move.batch_reservation_note = "\n".join(sorted(set(reasons))) or False

    # ------------------------------------------------------------------
    # Validation: the rules hold whatever filled the move lines (hand
    # entry, import, RPC, scan, a typed lot_name)
    # ------------------------------------------------------------------
    def _action_done(self, cancel_backorder=False):
        # The rules, in this order: 1. the batch the customer requested
        # (stock_move_sale.py); 2. the shipping and consumption gate, with
        # its overrides; what the gate judged passes the last-line check.
        self._batch_check_requested_lot()
        exempt, overrides = self._batch_check_lines_may_leave()
        with ExitStack() as stack:
            # what this layer judged (a genuine unbuild, an override) passes
            # the last-line check in stock.quant._update_available_quantity
            for key in exempt:
                stack.enter_context(rule_guard.trusted(self.env, key))
            moves = super()._action_done(cancel_backorder=cancel_backorder)
        if overrides:
            overrides._batch_mark_used(self.move_line_ids.lot_id)
        return moves

    def _batch_genuine_unbuild(self):
        """Whether this move consumes the batch of an unbuild order that Odoo
        is processing right now.

        Unbuilding a recalled or rejected batch is how it gets reworked or
        destroyed, so its consumption is exempt. ``unbuild_id`` or
        ``consume_unbuild_id`` alone proves nothing (a stock user can write
        them on any move): the mark is set by ``mrp.unbuild.action_unbuild``
        in cursor memory for the unbuild it processes (mrp_unbuild_batch.py).
        """
        self.ensure_one()
        unbuild = self.unbuild_id or self.consume_unbuild_id
        return bool(unbuild) and rule_guard.is_trusted(
            self.env, UNBUILD_KEY + (unbuild.id,)
        )

    def _batch_gate_lines(self):
        """[(line, lot_name, reason)] for the processed lines of these moves
        that take a batch out of the company or into production, and
        [(line, lot_name)] for those a genuine unbuild consumes."""
        judged, unbuilt = [], []
        moves = self.filtered(lambda m: m.state not in ("done", "cancel") and m.picked)
        for line in moves.move_line_ids:
            if (
                not line.picked
                or line.product_id.tracking == "none"
                or float_is_zero(
                    line.quantity, precision_rounding=line.product_uom_id.rounding
                )
            ):
                continue
            lot_name = line._batch_lot_name()
            if not lot_name or not line._batch_leaving_kind():
                continue
            if line.location_dest_id.usage == "production" and (
                line.move_id._batch_genuine_unbuild()
            ):
                unbuilt.append((line, lot_name))
                continue
            partner = line.move_id._batch_ship_partner()
            judged.append((line, lot_name, line._batch_leaving_reason(partner=partner)))
        return judged, unbuilt

    def _batch_leaving_problems(self):
        """{(product, batch name): reason} for the batches these moves may not
        ship or consume now."""
        problems = {}
        for line, lot_name, reason in self._batch_gate_lines()[0]:
            if reason:
                problems.setdefault((line.product_id, lot_name), reason)
        return problems

    def _batch_overrides(self):
        """Open overrides granted for the documents of these moves."""
        pickings = self.picking_id
        productions = self.raw_material_production_id
        if not pickings and not productions:
            return self.env["batch.rule.override"]
        return (
            self.env["batch.rule.override"]
            .sudo()
            .search(
                [
                    ("state", "=", "open"),
                    "|",
                    ("picking_id", "in", pickings.ids),
                    ("production_id", "in", productions.ids),
                ]
            )
        )

    def _batch_check_lines_may_leave(self):
        """Refuse the validation when a batch may not leave, unless a Quality
        manager registered an override for it on this document.

        :return: (rule_guard keys for what passes the last-line check, the
            overrides used)
        """
        judged, unbuilt = self._batch_gate_lines()
        exempt = {
            arrival_key(line.product_id, lot_name, line.location_dest_id)
            for line, lot_name in unbuilt
        }
        problems = {}
        for line, lot_name, reason in judged:
            if reason:
                problems.setdefault((line.product_id, lot_name), (reason, set()))
                problems[(line.product_id, lot_name)][1].add(line.location_dest_id)
        overrides = self.env["batch.rule.override"]
        if not problems:
            return exempt, overrides
        keys = [override_key(product, name) for (product, name) in problems]
        overrides = self._batch_overrides()
        if overrides and overrides._batch_covers(keys):
            for (product, name), (_reason, locations) in problems.items():
                exempt |= {arrival_key(product, name, loc) for loc in locations}
            return exempt, overrides
        manager = self.env.user.has_group("batch_traceability.group_quality_manager")
        message = self.env._(
            "These batches may not leave the warehouse:\n%(reasons)s",
            reasons="\n".join(f"- {reason}" for reason, _loc in problems.values()),
        )
        if manager:
            message += "\n\n" + self.env._(
                "As a Quality manager you may validate once anyway with "
                "'Override Batch Rules' and a reason, which is logged on each batch."
            )
        raise UserError(message)
