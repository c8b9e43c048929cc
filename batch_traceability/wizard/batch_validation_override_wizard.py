# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class BatchValidationOverrideWizard(models.TransientModel):
    """Validate one transfer or manufacturing order despite the batch rules.

    For the exceptional case a Quality manager has assessed (e.g. shipping a
    short-dated batch a customer accepted in writing). The wizard records the
    decision server-side (``batch.rule.override``: who, when, document,
    batches, what the rules said, reason) and validation accepts only such a
    record; the reason is logged on every batch that leaves under it.
    """

    _name = "batch.validation.override.wizard"
    _description = "Override Batch Rules for One Validation"

    picking_id = fields.Many2one("stock.picking", readonly=True)
    production_id = fields.Many2one("mrp.production", readonly=True)
    blocked_info = fields.Text(
        string="Batches Concerned", compute="_compute_blocked_info"
    )
    reason = fields.Text(required=True)

    @api.depends("picking_id", "production_id")
    def _compute_blocked_info(self):
        for wizard in self:
            problems = wizard._moves()._batch_leaving_problems()
            wizard.blocked_info = "\n".join(problems.values()) or self.env._(
                "No batch of this document breaks the batch rules."
            )

    def _moves(self):
        self.ensure_one()
        if self.picking_id:
            return self.picking_id.move_ids
        return self.production_id.move_raw_ids

    def _check_manager(self):
        if not self.env.user.has_group("batch_traceability.group_quality_manager"):
            raise AccessError(
                self.env._("Only a Quality manager may override the batch rules.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_manager()
        return super().create(vals_list)

    def action_confirm(self):
        self.ensure_one()
        self._check_manager()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for the override."))
        document = self.picking_id or self.production_id
        if not document:
            return True
        override = self.env["batch.rule.override"]._batch_register(
            self._moves(), reason
        )
        if override:
            document.message_post(
                body=self.env._(
                    "Batch rules overridden by %(user)s for %(lots)s. Reason: "
                    "%(reason)s",
                    user=self.env.user.name,
                    lots=override.batch_names,
                    reason=reason,
                )
            )
        if self.picking_id:
            return self.picking_id.button_validate()
        return self.production_id.button_mark_done()
