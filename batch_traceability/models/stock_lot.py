# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from . import rule_guard

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


# Key under which the engine's own writes of the status pass the write guard.
STATE_KEY = ("stock.lot", "batch_state")


class StockLot(models.Model):
    _inherit = "stock.lot"

    # Changed only by _batch_transition(); the status of a new batch depends
    # on its product and is set in create(). The default fails closed.
    batch_state = fields.Selection(
        BATCH_STATES,
        string="Batch Status",
        required=True,
        default="quarantine",
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

    released_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        help="Quality manager who released or rejected the batch (set by the "
        "status change, never by hand).",
    )
    released_date = fields.Datetime(readonly=True, copy=False)

    # ------------------------------------------------------------------
    # CRUD: the status and its stamps are results of the transition engine
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        products = self.env["product.product"].browse(
            {vals["product_id"] for vals in vals_list if vals.get("product_id")}
        )
        products.fetch(["product_tmpl_id"])
        context_state = self.env.context.get("default_batch_state")
        context_product = self.env.context.get("default_product_id")
        requested = []
        # the caller's dicts stay intact: load() retries them one by one
        vals_list = [dict(vals) for vals in vals_list]
        # in order: 1. the name from the numbering format (stock_lot_numbering),
        # 2. the status from the product (never the caller's), 3. the
        # product's storage defaults; then the requested status goes through
        # the engine
        self._batch_fill_names(vals_list)
        for vals in vals_list:
            self._batch_check_result_fields(vals)
            requested.append(vals.pop("batch_state", None) or context_state)
            # The product may come from the context (quick-create of a lot on
            # a manufacturing order, name_create): decide from it too, and
            # fail closed, since the default of the field is not product-aware.
            product = self.env["product.product"].browse(
                vals.get("product_id") or context_product
            )
            vals["batch_state"] = self._default_batch_state_for(product)
            tmpl = product.product_tmpl_id
            if tmpl:
                for lot_field, tmpl_field in self._batch_template_defaults().items():
                    if lot_field not in vals and tmpl[tmpl_field]:
                        vals[lot_field] = tmpl[tmpl_field]
        lots = super().create(vals_list)
        for lot in lots:
            # the product came from a default the loop above could not see
            default = self._default_batch_state_for(lot.product_id)
            if lot.batch_state != default:
                with rule_guard.trusted(self.env, STATE_KEY):
                    lot.write({"batch_state": default})
        lots._batch_on_created()
        for lot, state in zip(lots, requested, strict=True):
            if state and state != lot.batch_state:
                reason = self._batch_context_reason()
                if not reason and self.env.su:
                    reason = self.env._(
                        "Initial status of a batch loaded by the system."
                    )
                lot._batch_transition(state, reason=reason)
        return lots

    def write(self, vals):
        self._batch_check_result_fields(vals)
        new_state = None
        if "batch_state" in vals and not rule_guard.is_trusted(self.env, STATE_KEY):
            # Whoever writes the status (RPC, import, mass edit, a dialog)
            # goes through the engine and its checks.
            vals = dict(vals)
            new_state = vals.pop("batch_state")
        was_released = {}
        if "product_id" in vals:
            was_released = {lot: lot.product_id for lot in self}
        res = super().write(vals) if vals else True
        if was_released:
            self._batch_requarantine_after_product_change(was_released)
        if new_state is not None:
            self._batch_transition(new_state, reason=self._batch_context_reason())
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        decided = self.filtered("released_by_id")
        if decided:
            raise UserError(
                self.env._(
                    "Batch %(lot)s was released or rejected by a Quality manager: "
                    "its record is kept.",
                    lot=decided[0].display_name,
                )
            )

    def _batch_check_result_fields(self, vals):
        """Refuse values for fields that only the transition engine sets."""
        if rule_guard.is_trusted(self.env, STATE_KEY):
            return
        forced = [name for name in self._batch_result_fields() if name in vals]
        if forced:
            raise AccessError(
                self.env._(
                    "%(fields)s of a batch are set by its status changes, not by hand.",
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        for name in forced
                    ),
                )
            )

    @api.model
    def _batch_result_fields(self):
        """Fields that are results of the batch rules."""
        return ["released_by_id", "released_date"]

    def _batch_context_reason(self):
        """The reason a caller gave with a status change (a text, never a
        permission: it is only recorded)."""
        reason = self.env.context.get("batch_state_reason")
        if reason in (None, False):
            return False
        return str(reason).strip() or False

    def _batch_on_created(self):
        """Hook run on new batches before an explicitly requested status is
        applied (QC tests from the product's template, ...)."""
        return True

    def _batch_requarantine_after_product_change(self, old_products):
        """A batch given a product that needs QC release goes back to quarantine
        (Odoo only lets the product of a batch without moves change)."""
        for lot, old_product in old_products.items():
            if (
                lot.product_id != old_product
                and lot.batch_state == "released"
                and self._default_batch_state_for(lot.product_id) == "quarantine"
            ):
                lot.sudo()._batch_transition(
                    "quarantine",
                    reason=self.env._(
                        "Product changed from %(old)s to %(new)s, which needs QC "
                        "release.",
                        old=old_product.display_name,
                        new=lot.product_id.display_name,
                    ),
                )

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

    # ------------------------------------------------------------------
    # The transition engine
    # ------------------------------------------------------------------
    def _batch_transition(self, new_state, reason=None):
        """Change the status of batches: the one way it changes.

        Every path ends here (buttons, the reason dialog, a ``write`` through
        RPC, ``load()`` imports, mass edits, recalls, crons). In order:

        1. the group the new status needs (skipped for superuser flows, which
           must give an explicit system reason instead);
        2. the reason, where the decision needs one (taking back a release or
           rejection, leaving ``recalled``, every superuser flow);
        3. the preconditions (:meth:`_batch_transition_preconditions`, e.g.
           passed mandatory QC tests for a release);
        4. the electronic signature (:meth:`_batch_check_signature`, a hook
           batch_compliance fills when the batch's company asks for one);
        5. the write, stamping who released or rejected and when; the audit
           trail (batch_compliance) records it with the reason;
        6. the reason in each batch's chatter;
        7. a batch that may no longer leave (any status but released) is
           taken out of the open deliveries and manufacturing orders that
           reserved it (:meth:`_batch_unreserve`), which are told why.

        :param new_state: a key of ``BATCH_STATES``
        :param reason: why (text); required where the rules say so
        :return: True when a batch changed, False when all were already there
        """
        if new_state not in dict(BATCH_STATES):
            raise UserError(
                self.env._("'%(state)s' is not a batch status.", state=new_state)
            )
        reason = str(reason).strip() if reason not in (None, False) else ""
        lots = self.filtered(lambda lot: lot.batch_state != new_state)
        if not lots:
            return False
        lots._check_batch_state_change(new_state, reason=reason)
        lots._batch_transition_preconditions(new_state)
        if not self.env.su:
            lots._batch_check_signature(new_state)
        vals = {"batch_state": new_state}
        if new_state in ("released", "rejected"):
            vals.update(
                released_by_id=self.env.uid, released_date=fields.Datetime.now()
            )
        with rule_guard.trusted(self.env, STATE_KEY):
            lots.with_context(batch_state_reason=reason or False).write(vals)
        label = dict(self._fields["batch_state"]._description_selection(self.env))
        body = self.env._("Status set to %(state)s.", state=label[new_state])
        if reason:
            body = Markup("%s<br/>%s") % (
                body,
                self.env._("Reason: %(reason)s", reason=reason),
            )
        for lot in lots:
            lot.message_post(body=body)
        if new_state != "released":
            lots._batch_unreserve_after_transition(label[new_state], reason)
        return True

    def _batch_unreserve_after_transition(self, state_label, reason):
        body = self.env._(
            "Batches %(lots)s set to %(state)s: taken out of this document's "
            "reservation (picked quantities included). Check what was reserved "
            "instead before going on.",
            lots=", ".join(self.mapped("name")),
            state=state_label,
        )
        if reason:
            body = Markup("%s<br/>%s") % (
                body,
                self.env._("Reason: %(reason)s", reason=reason),
            )
        self.sudo()._batch_unreserve(
            body,
            self.env._(
                "Batches %(lots)s: %(state)s",
                lots=", ".join(self.mapped("name")),
                state=state_label,
            ),
        )

    def _set_batch_state(self, new_state, reason=False):
        """Former name of :meth:`_batch_transition`, kept for callers."""
        return self._batch_transition(new_state, reason=reason)

    def _check_batch_state_change(self, new_state, reason=None):
        """Refuse a status change the current user may not make.

        The group the new status needs; leaving ``recalled`` also needs the
        Recall manager, and taking back a rejection the Quality manager. A
        Quality user may put a released batch on hold (blocked, quarantine);
        every reversal needs a reason. ``reason`` defaults to the one in the
        context (used by the scan screen to ask before it opens the reason
        dialog).
        """
        if reason is None:
            reason = self._batch_context_reason() or ""
        if not self.env.su:
            user = self.env.user
            needed = {BATCH_STATE_GROUPS[new_state]}
            if any(lot.batch_state == "recalled" for lot in self):
                needed.add(BATCH_STATE_GROUPS["recalled"])
            # Putting a released batch on hold is a safety measure any
            # Quality user may take (with a reason); a rejection is only
            # taken back by a Quality manager, who also alone releases.
            if new_state != "recalled" and any(
                lot.batch_state == "rejected" for lot in self
            ):
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
        if not reason and self._batch_transition_needs_reason(new_state):
            raise UserError(
                self.env._(
                    "Give the reason for setting %(lots)s to %(state)s.",
                    lots=", ".join(self.mapped("display_name")),
                    state=dict(BATCH_STATES)[new_state],
                )
            )

    def _batch_reverses_decision(self, new_state):
        """Whether the change takes back a Quality manager's release or
        rejection (a recall is not a reversal: it is a new decision)."""
        return new_state != "recalled" and any(
            lot.batch_state in ("released", "rejected") for lot in self
        )

    def _batch_transition_needs_reason(self, new_state):
        return (
            self.env.su
            or new_state == "recalled"
            or self._batch_reverses_decision(new_state)
            or any(lot.batch_state == "recalled" for lot in self)
        )

    def _batch_transition_preconditions(self, new_state):
        """Raise when a batch may not take ``new_state`` whoever asks
        (extended by the QC module for releases)."""
        return True

    def _batch_check_signature(self, new_state):
        """Raise when the decision needs an electronic signature that was not
        given in this request (batch_compliance fills it in)."""
        return True

    def _batch_log_event(self, event, description, reason=False):
        """Record an event the rules care about on each batch (an override of
        the batch rules, a QC correction, ...): in the chatter here, in the
        Part 11 audit trail as well when batch_compliance is installed.

        :param event: short code ("override", "qc_change", "qc_cancel", ...)
        :param description: what happened, as the user should read it
        :param reason: why, as given by the user
        """
        body = description
        if reason:
            body = Markup("%s<br/>%s") % (
                description,
                self.env._("Reason: %(reason)s", reason=reason),
            )
        for lot in self:
            lot.sudo().message_post(body=body)
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
        self._batch_transition("quarantine", reason=self._batch_context_reason())
        return True

    def action_batch_block(self):
        self._batch_transition("blocked", reason=self._batch_context_reason())
        return True

    def action_batch_release(self):
        recalled = self.filtered(lambda lot: lot.batch_state == "recalled")
        if recalled:
            raise UserError(
                self.env._(
                    "Batch %(lot)s is recalled: a Recall manager first takes it "
                    "out of the recall (back to quarantine, with a reason).",
                    lot=recalled[0].display_name,
                )
            )
        self._batch_transition("released", reason=self._batch_context_reason())
        return True

    def action_batch_reject(self):
        self._batch_transition("rejected", reason=self._batch_context_reason())
        return True
