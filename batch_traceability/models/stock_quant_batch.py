# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.osv import expression

# Private context key set by stock.move around reservation (see
# stock_move_batch.py). product_expiry overwrites its own "with_expiration" key
# further down the MRO, so the batch rules travel under a key of their own.
RULES_KEY = "batch_reserve_rules"


class StockQuant(models.Model):
    _inherit = "stock.quant"

    # Stored copy of the batch status, as product_expiry stores the batch's
    # dates on the quant: reservation filters on a column of the table it
    # already scans instead of a sub-query per gather.
    batch_state = fields.Selection(
        related="lot_id.batch_state", store=True, string="Batch Status"
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
