# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import AccessDenied, AccessError, UserError

from ..models.signed_actions import SIGNED_KEY

ACTIONS = {
    # action: (model, method, group the signer needs)
    "release": (
        "stock.lot",
        "action_batch_release",
        "batch_traceability.group_quality_manager",
    ),
    "reject": (
        "stock.lot",
        "action_batch_reject",
        "batch_traceability.group_quality_manager",
    ),
    "recall_close": (
        "batch.recall",
        "action_close",
        "batch_traceability.group_recall_manager",
    ),
}


class BatchSignatureWizard(models.TransientModel):
    """Sign a decision by entering one's password again (21 CFR 11.200)."""

    _name = "batch.signature.wizard"
    _description = "Electronic Signature"

    res_model = fields.Char(required=True)
    res_ids = fields.Char(required=True)
    action = fields.Selection(
        [
            ("release", "Release"),
            ("reject", "Reject"),
            ("recall_close", "Close Recall"),
        ],
        required=True,
    )
    meaning = fields.Char(required=True)
    login = fields.Char(default=lambda self: self.env.user.login, readonly=True)
    signer_name = fields.Char(default=lambda self: self.env.user.name, readonly=True)
    # Not required at database level: it is wiped once the signature is made.
    password = fields.Char()

    def _records(self):
        model, __, __ = ACTIONS[self.action]
        if model != self.res_model:
            raise UserError(self.env._("This signature does not match the record."))
        try:
            ids = [int(x) for x in (self.res_ids or "").split(",") if x]
        except ValueError as error:
            raise UserError(self.env._("Invalid records to sign.")) from error
        return self.env[model].browse(ids).exists()

    def action_sign(self):
        self.ensure_one()
        __, method, group = ACTIONS[self.action]
        if not self.env.user.has_group(group):
            raise AccessError(
                self.env._(
                    "Only members of '%(group)s' may sign this decision.",
                    group=self.env.ref(group).full_name,
                )
            )
        try:
            self.env.user._check_credentials(
                {"type": "password", "password": self.password}, {"interactive": True}
            )
        except AccessDenied as error:
            raise UserError(
                self.env._("Wrong password: the decision was not signed.")
            ) from error
        records = self._records()
        if not records:
            raise UserError(self.env._("Nothing to sign."))
        # act first: a refused decision (e.g. a failed test) leaves no signature
        result = getattr(records.with_context(**{SIGNED_KEY: True}), method)()
        self.env["batch.signature"]._sign(records, self.meaning)
        self.password = False
        return (
            result
            if isinstance(result, dict)
            else {"type": "ir.actions.act_window_close"}
        )
