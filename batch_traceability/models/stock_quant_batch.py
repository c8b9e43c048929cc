# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import float_compare

from . import rule_guard
from .stock_lot_shipping_gate import arrival_key

# Private context key set by stock.move around reservation (see
# stock_move_batch.py). product_expiry overwrites its own "with_expiration" key
# further down the MRO, so the batch rules travel under a key of their own.
RULES_KEY = "batch_reserve_rules"


class StockQuant(models.Model):
    _inherit = "stock.quant"

    # Stored copy of the batch status, as product_expiry stores the batch's
    # dates on the quant: reservation filters on a column of the table it
    # already scans instead of a sub-query per gather.
    # It is a result of the batch rules: nobody writes it (the ORM's own
    # recompute of the related field does not go through write()).
    batch_state = fields.Selection(
        related="lot_id.batch_state", store=True, string="Batch Status"
    )

    @api.model_create_multi
    def create(self, vals_list):
        """The quant's copy of the batch status follows its batch."""
        for vals in vals_list:
            vals.pop("batch_state", None)
        return super().create(vals_list)

    def write(self, vals):
        """The quant's copy of the batch status is not writable."""
        if "batch_state" in vals:
            raise AccessError(
                self.env._(
                    "The batch status of stock follows its batch; change the "
                    "status on the batch."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # The last line of the shipping gate: every stock movement (validation,
    # edits of done lines, lines added to done transfers, scrap, inventory,
    # manufacturing, unbuild, direct calls) ends here.
    # ------------------------------------------------------------------
    @api.model
    def _update_available_quantity(
        self,
        product_id,
        location_id,
        quantity=False,
        reserved_quantity=False,
        lot_id=None,
        package_id=None,
        owner_id=None,
        in_date=None,
    ):
        if (
            lot_id
            and quantity
            and float_compare(
                quantity, 0, precision_rounding=product_id.uom_id.rounding
            )
            > 0
        ):
            self._batch_check_arrival(product_id, location_id, lot_id)
        return super()._update_available_quantity(
            product_id,
            location_id,
            quantity=quantity,
            reserved_quantity=reserved_quantity,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            in_date=in_date,
        )

    @api.model
    def _batch_check_arrival(self, product, location, lot):
        """Refuse a batch arriving where it may not go: a customer, production,
        or a location of another company than the batch's (the partner's
        minimum shelf life and the moving company are judged earlier, at
        validation, where they are known).

        Movements that an earlier layer judged and let through (an override,
        an unbuild, the undo of a done line) carry a rule_guard mark.
        """
        if rule_guard.is_trusted(self.env, arrival_key(product, lot.name, location)):
            return
        reason = lot.sudo()._batch_arrival_block_reason(location)
        if reason:
            raise UserError(
                self.env._(
                    "These batches may not leave the warehouse:\n- %(reason)s",
                    reason=reason,
                )
            )

    @api.model
    def _batch_rules_domain(self, rules):
        """Quants of batches that reservation may take under ``rules``.

        ``rules`` is the dict built by ``stock.move._batch_reservation_rules``:
        ``min_expiration`` is the earliest expiration date a batch may have
        (scheduled date plus the required remaining shelf life), ``strict_min``
        says whether a batch expiring exactly then still qualifies, and
        ``allow_expired`` skips the date rule for products that may ship
        expired goods. Untracked quants are never filtered.

        Both tests read the quant's own stored copies of the batch's status
        and expiration date, so the gather query stays as cheap as Odoo's own
        (see setup/bench_reservation.py).
        """
        domain = [("batch_state", "=", "released")]
        if not rules.get("allow_expired"):
            operator = ">=" if rules.get("strict_min") else ">"
            domain = expression.AND(
                [
                    domain,
                    [
                        "|",
                        ("expiration_date", "=", False),
                        ("expiration_date", operator, rules["min_expiration"]),
                    ],
                ]
            )
        return expression.OR([[("lot_id", "=", False)], domain])

    def _get_gather_domain(
        self,
        product_id,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=False,
    ):
        """Reservation gathers only the batches the move's rules allow
        (status, expiry, shelf life), as a domain on the quant's columns."""
        domain = super()._get_gather_domain(
            product_id, location_id, lot_id, package_id, owner_id, strict
        )
        rules = self.env.context.get(RULES_KEY)
        if rules and product_id.tracking != "none":
            domain = expression.AND([domain, self._batch_rules_domain(rules)])
        return domain

    def _gather(
        self,
        product_id,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=False,
        qty=0,
    ):
        quants = super()._gather(
            product_id,
            location_id,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            strict=strict,
            qty=qty,
        )
        rules = self.env.context.get(RULES_KEY)
        if (
            rules
            and "quants_cache" in self.env.context
            and product_id.tracking != "none"
        ):
            # Chained moves read quants from a cache built before our domain
            # applies: filter the (few) cached quants with the same rules.
            # filtered_domain keeps the removal-strategy order.
            quants = quants.filtered_domain(self._batch_rules_domain(rules))
        return quants
