# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

BATCH_STATES = [
    ("quarantine", "Quarantine"),
    ("released", "Released"),
    ("rejected", "Rejected"),
    ("blocked", "Blocked"),
    ("recalled", "Recalled"),
]

# Which group may move a batch INTO a state. Leaving "recalled" also needs the
# recall manager (see _check_batch_state_change): a recall is only undone by
# the people who run recalls.
BATCH_STATE_GROUPS = {
    "quarantine": "batch_traceability.group_quality_user",
    "blocked": "batch_traceability.group_quality_user",
    "released": "batch_traceability.group_quality_manager",
    "rejected": "batch_traceability.group_quality_manager",
    "recalled": "batch_traceability.group_recall_manager",
}


class StockLot(models.Model):
    _inherit = "stock.lot"

    # Readonly in the UI: status changes go through the actions below, which
    # check the user's group; the default for a new batch depends on its
    # product and is set in create().
    batch_state = fields.Selection(
        BATCH_STATES,
        string="Batch Status",
        required=True,
        default="released",
        readonly=True,
        index=True,
        tracking=True,
        copy=False,
        help="Only released batches can be reserved, delivered to customers or "
        "consumed in manufacturing. Quarantine: waiting for QC release. "
        "Rejected: failed QC. Blocked: on hold by quality. Recalled: part of a "
        "recall campaign.",
    )
    production_date = fields.Datetime(
        tracking=True,
        help="Date the batch was manufactured (GS1 AI 11).",
    )
    facility_id = fields.Many2one(
        "batch.facility",
        string="Production Facility",
        tracking=True,
        index="btree_not_null",
        help="Site where the batch was produced or first received.",
    )
    supplier_id = fields.Many2one(
        "res.partner",
        string="Supplier",
        tracking=True,
        index="btree_not_null",
        help="Vendor the batch was received from.",
    )
    supplier_lot = fields.Char(
        string="Supplier Lot",
        tracking=True,
        index="btree_not_null",
        help="The vendor's own lot number, as printed on the supplier's label.",
    )
    origin_country_id = fields.Many2one(
        "res.country", string="Country of Origin", tracking=True
    )
    storage_temp_min = fields.Float(
        string="Storage Min (°C)", tracking=True, help="Lowest allowed temperature."
    )
    storage_temp_max = fields.Float(
        string="Storage Max (°C)", tracking=True, help="Highest allowed temperature."
    )
    storage_conditions = fields.Char(
        tracking=True, help="Free-text storage instructions."
    )
    expiration_date = fields.Datetime(tracking=True)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        products = self.env["product.product"].browse(
            {vals["product_id"] for vals in vals_list if vals.get("product_id")}
        )
        products.fetch(["product_tmpl_id"])
        for vals in vals_list:
            product = self.env["product.product"].browse(vals.get("product_id"))
            default_state = self._default_batch_state_for(product)
            if "batch_state" not in vals:
                vals["batch_state"] = default_state
            elif vals["batch_state"] != default_state:
                self._check_batch_state_change(vals["batch_state"])
            tmpl = product.product_tmpl_id
            if tmpl:
                for lot_field, tmpl_field in self._batch_template_defaults().items():
                    if lot_field not in vals and tmpl[tmpl_field]:
                        vals[lot_field] = tmpl[tmpl_field]
        return super().create(vals_list)

    def write(self, vals):
        if "batch_state" in vals:
            changing = self.filtered(lambda lot: lot.batch_state != vals["batch_state"])
            if changing:
                changing._check_batch_state_change(vals["batch_state"])
        return super().write(vals)

    # ------------------------------------------------------------------
    # Business rules
    # ------------------------------------------------------------------
    @api.model
    def _batch_template_defaults(self):
        """Lot field -> product template field copied onto new batches."""
        return {
            "storage_temp_min": "batch_storage_temp_min",
            "storage_temp_max": "batch_storage_temp_max",
            "storage_conditions": "batch_storage_conditions",
        }

    @api.model
    def _default_batch_state_for(self, product):
        """New batches of products that need QC release wait in quarantine."""
        return "quarantine" if product.batch_requires_qc_release else "released"

    def _check_batch_state_change(self, new_state):
        """Refuse a status change the current user's groups do not allow.

        Runs on every write (UI, import, RPC); superuser flows (crons, recall
        launch under sudo) are trusted.
        """
        if self.env.su:
            return
        user = self.env.user
        needed = {BATCH_STATE_GROUPS[new_state]}
        if any(lot.batch_state == "recalled" for lot in self):
            needed.add(BATCH_STATE_GROUPS["recalled"])
        # A release or a rejection is a Quality manager's decision: only a
        # Quality manager takes it back, and says why.
        reversed_decision = new_state != "recalled" and any(
            lot.batch_state in ("released", "rejected") for lot in self
        )
        if reversed_decision:
            needed.add(BATCH_STATE_GROUPS["released"])
        for xmlid in sorted(needed):
            if not user.has_group(xmlid):
                group = self.env.ref(xmlid)
                raise AccessError(
                    self.env._(
                        "Only members of '%(group)s' may set a batch to "
                        "'%(state)s' (batches: %(lots)s).",
                        group=group.full_name,
                        state=dict(BATCH_STATES)[new_state],
                        lots=", ".join(self.mapped("display_name")) or "-",
                    )
                )
        if (
            reversed_decision
            and not (self.env.context.get("batch_state_reason") or "").strip()
        ):
            raise UserError(
                self.env._(
                    "Give a reason to take back the release or rejection of %(lots)s.",
                    lots=", ".join(self.mapped("display_name")),
                )
            )

    def _set_batch_state(self, new_state, reason=False):
        """Change the status of batches and log why in each batch's chatter."""
        lots = self.filtered(lambda lot: lot.batch_state != new_state)
        if not lots:
            return False
        lots.with_context(batch_state_reason=reason or False).write(
            {"batch_state": new_state}
        )
        if reason:
            label = dict(self._fields["batch_state"]._description_selection(self.env))
            for lot in lots:
                lot.message_post(
                    body=Markup("%s<br/>%s")
                    % (
                        self.env._("Status set to %(state)s.", state=label[new_state]),
                        self.env._("Reason: %(reason)s", reason=reason),
                    ),
                )
        return True

    def _batch_shipping_block_reason(self, partner=None, date=None):
        """Why this batch may not leave the company to ``partner`` on ``date``.

        One place for the rules every outgoing flow applies (reservation,
        validation, scanning, sales): the status must be released, the batch
        must not be expired on ``date`` (unless its product allows shipping
        expired goods), and it must keep the customer's (or product's)
        minimum remaining shelf life on ``date``.

        :param partner: the delivery address (res.partner) or None
        :param date: the ship date (datetime), now by default
        :return: a translated reason, or False when the batch may ship
        """
        self.ensure_one()
        date = date or fields.Datetime.now()
        if self.batch_state != "released":
            label = dict(self._fields["batch_state"]._description_selection(self.env))
            return self.env._(
                "Batch %(lot)s of %(product)s is %(state)s: only released batches "
                "can be shipped.",
                lot=self.name,
                product=self.product_id.display_name,
                state=label[self.batch_state],
            )
        expiration = self.expiration_date
        if not expiration:
            return False
        if (
            expiration <= date
            and not self.product_id.product_tmpl_id.batch_allow_expired_shipping
        ):
            return self.env._(
                "Batch %(lot)s of %(product)s expired on %(date)s.",
                lot=self.name,
                product=self.product_id.display_name,
                date=fields.Date.to_string(expiration.date()),
            )
        min_days = self._batch_min_shelf_life_days(partner)
        if min_days and expiration < date + timedelta(days=min_days):
            left = (expiration - date).days
            return self.env._(
                "Batch %(lot)s of %(product)s has %(left)s days of shelf life left "
                "on %(date)s; %(customer)s requires at least %(min)s days.",
                lot=self.name,
                product=self.product_id.display_name,
                left=max(left, 0),
                date=fields.Date.to_string(date.date()),
                customer=partner.display_name if partner else self.env._("the product"),
                min=min_days,
            )
        return False

    def _batch_min_shelf_life_days(self, partner=None):
        """The stricter of the customer's and the product's minimum shelf life."""
        self.ensure_one()
        product_days = self.product_id.product_tmpl_id.batch_min_shelf_life_days
        partner_days = partner._batch_min_shelf_life_days() if partner else 0
        return max(product_days, partner_days)

    def action_batch_quarantine(self):
        self._set_batch_state("quarantine")
        return True

    def action_batch_block(self):
        self._set_batch_state("blocked")
        return True

    def action_batch_release(self):
        blocked = self.filtered(lambda lot: lot.batch_state == "recalled")
        if blocked:
            raise UserError(
                self.env._(
                    "Batch %(lot)s is recalled; it is released by closing its "
                    "recall, not from the batch.",
                    lot=blocked[0].display_name,
                )
            )
        self._set_batch_state("released")
        return True

    def action_batch_reject(self):
        self._set_batch_state("rejected")
        return True
