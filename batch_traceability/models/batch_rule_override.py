# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A Quality manager's decision to let one document through the batch rules.

The override wizard is the only way to create one (``_batch_register``, after
its group check); validation accepts a batch the rules refuse only when an
open override of the same document names it, and marks the override used.
Nothing else counts: a context key is chosen by any RPC caller, so it cannot
carry the decision. The record is the evidence: who, when, which document,
which batches, what the rules said and why they were overridden; nobody edits
or deletes it.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from . import rule_guard

CREATE_KEY = ("batch.rule.override", "create")
WRITE_KEY = ("batch.rule.override", "write")


def override_key(product, lot_name):
    """What an override covers: a batch of a product, by name (a batch typed
    as ``lot_name`` only gets its record during validation)."""
    return f"{product.id}:{lot_name}"


class BatchRuleOverride(models.Model):
    _name = "batch.rule.override"
    _description = "Override of the Batch Rules"
    _order = "create_date desc, id desc"
    _check_company_auto = True
    _rec_name = "document"

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Granted By",
        required=True,
        readonly=True,
        help="The Quality manager who overrode the rules.",
    )
    granted_date = fields.Datetime(required=True, readonly=True)
    picking_id = fields.Many2one(
        "stock.picking", string="Transfer", readonly=True, index="btree_not_null"
    )
    production_id = fields.Many2one(
        "mrp.production",
        string="Manufacturing Order",
        readonly=True,
        index="btree_not_null",
    )
    document = fields.Char(required=True, readonly=True)
    batch_names = fields.Text(string="Batches", required=True, readonly=True)
    covered_keys = fields.Json(readonly=True)
    problems = fields.Text(
        required=True, readonly=True, help="What the batch rules said."
    )
    reason = fields.Text(required=True, readonly=True)
    lot_ids = fields.Many2many(
        "stock.lot",
        string="Batches Shipped",
        readonly=True,
        help="The batches that left under this override (set at validation).",
    )
    state = fields.Selection(
        [("open", "Granted"), ("used", "Used")],
        default="open",
        required=True,
        readonly=True,
    )
    used_by_id = fields.Many2one("res.users", string="Validated By", readonly=True)
    used_date = fields.Datetime(string="Validated On", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not rule_guard.is_trusted(self.env, CREATE_KEY):
            raise AccessError(
                self.env._(
                    "An override of the batch rules is recorded by the 'Override "
                    "Batch Rules' dialog of a Quality manager only."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not rule_guard.is_trusted(self.env, WRITE_KEY):
            raise AccessError(
                self.env._("An override of the batch rules cannot be changed.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("An override of the batch rules is evidence: it is kept.")
        )

    @api.model
    def _batch_register(self, moves, reason):
        """Record a Quality manager's override of the batch rules for the
        document of ``moves`` (one transfer or manufacturing order).

        :return: the override, or an empty recordset when no batch of the
            document breaks the rules
        """
        if not self.env.user.has_group("batch_traceability.group_quality_manager"):
            raise AccessError(
                self.env._("Only a Quality manager may override the batch rules.")
            )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for the override."))
        problems = moves._batch_leaving_problems()
        if not problems:
            return self.browse()
        picking = moves.picking_id[:1]
        production = moves.raw_material_production_id[:1]
        document = picking.name or production.name or ""
        vals = {
            "company_id": (moves.company_id[:1] or self.env.company).id,
            "user_id": self.env.uid,
            "granted_date": fields.Datetime.now(),
            "picking_id": picking.id,
            "production_id": production.id if not picking else False,
            "document": document,
            "batch_names": ", ".join(sorted({name for (_p, name) in problems})),
            "covered_keys": sorted(
                override_key(product, name) for (product, name) in problems
            ),
            "problems": "\n".join(problems.values()),
            "reason": reason,
        }
        with rule_guard.trusted(self.env, CREATE_KEY):
            return self.sudo().create(vals).sudo(self.env.su)

    def _batch_covers(self, keys):
        return set(keys) <= {key for override in self for key in override.covered_keys}

    def _batch_mark_used(self, lots):
        """Close the overrides a validation went through and log them on every
        batch that left under them (chatter, and the Part 11 audit trail when
        batch_compliance is installed)."""
        now = fields.Datetime.now()
        with rule_guard.trusted(self.env, WRITE_KEY):
            for override in self.sudo():
                covered = lots.filtered(
                    lambda lot, o=override: (
                        override_key(lot.product_id, lot.name) in o.covered_keys
                    )
                )
                override.write(
                    {
                        "state": "used",
                        "used_by_id": self.env.uid,
                        "used_date": now,
                        "lot_ids": [fields.Command.set(covered.ids)],
                    }
                )
                covered._batch_log_event(
                    "override",
                    self.env._(
                        "Batch rules overridden by %(user)s on %(document)s "
                        "(validated by %(validator)s): %(problems)s",
                        user=override.user_id.name,
                        document=override.document,
                        validator=self.env.user.name,
                        problems=override.problems,
                    ),
                    override.reason,
                )
