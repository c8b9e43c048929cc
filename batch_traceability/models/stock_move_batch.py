# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_is_zero

from .stock_quant_batch import RULES_KEY

# Context keys: the first disables the rules (benchmarks compare against
# Odoo's own reservation with it); the second carries a Quality manager's
# reason for validating once despite the batch rules (override wizard).
SKIP_RULES_KEY = "batch_skip_reservation_rules"
OVERRIDE_KEY = "batch_override_reason"


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
        if self.env.context.get(SKIP_RULES_KEY) or self.product_id.tracking == "none":
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
    # ends in these two methods, which hand the rules to the quant gather.
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
    # entry, import, RPC, scan)
    # ------------------------------------------------------------------
    def _action_done(self, cancel_backorder=False):
        self._batch_check_lines_may_leave()
        return super()._action_done(cancel_backorder=cancel_backorder)

    def _batch_lines_leaving(self):
        """Processed lines with a batch that leave stock to a customer or are
        consumed by manufacturing."""
        return self.move_line_ids.filtered(
            lambda ml: (
                ml.lot_id
                and ml.picked
                and ml.location_dest_id.usage in ("customer", "production")
                and ml.location_id.usage != "production"
                # unbuilding a recalled batch is how it gets reworked or destroyed
                and not ml.move_id.consume_unbuild_id
                and not float_is_zero(
                    ml.quantity, precision_rounding=ml.product_uom_id.rounding
                )
            )
        )

    def _batch_leaving_problems(self):
        """{lot: reason} for the batches these moves may not ship or consume."""
        moves = self.filtered(lambda m: m.state not in ("done", "cancel") and m.picked)
        now = fields.Datetime.now()
        problems = {}
        for line in moves._batch_lines_leaving():
            if line.location_dest_id.usage == "customer":
                reason = line.lot_id._batch_shipping_block_reason(
                    line.move_id._batch_ship_partner(), now
                )
            else:
                reason = line.lot_id._batch_consumption_block_reason(now)
            if reason:
                problems.setdefault(line.lot_id, reason)
        return problems

    def _batch_check_lines_may_leave(self):
        problems = self._batch_leaving_problems()
        if not problems:
            return
        override = self.env.context.get(OVERRIDE_KEY)
        if override:
            self._batch_log_override(problems, override)
            return
        manager = self.env.user.has_group("batch_traceability.group_quality_manager")
        message = self.env._(
            "These batches may not leave the warehouse:\n%(reasons)s",
            reasons="\n".join(f"- {reason}" for reason in problems.values()),
        )
        if manager:
            message += "\n\n" + self.env._(
                "As a Quality manager you may validate once anyway with "
                "'Override Batch Rules' and a reason, which is logged on each batch."
            )
        raise UserError(message)

    def _batch_log_override(self, problems, reason):
        if not self.env.user.has_group("batch_traceability.group_quality_manager"):
            raise AccessError(
                self.env._("Only a Quality manager may override the batch rules.")
            )
        documents = ", ".join(
            sorted(set(self.mapped(lambda m: m.picking_id.name or m.reference or "")))
        )
        for lot, problem in problems.items():
            lot.message_post(
                body=Markup("%s<br/>%s<br/>%s")
                % (
                    self.env._(
                        "Batch rules overridden by %(user)s on %(documents)s.",
                        user=self.env.user.name,
                        documents=documents,
                    ),
                    problem,
                    self.env._("Reason: %(reason)s", reason=reason),
                )
            )
        for picking in self.picking_id:
            picking.message_post(
                body=Markup("%s<br/>%s")
                % (
                    self.env._(
                        "Batch rules overridden for %(lots)s.",
                        lots=", ".join(lot.name for lot in problems),
                    ),
                    self.env._("Reason: %(reason)s", reason=reason),
                )
            )
