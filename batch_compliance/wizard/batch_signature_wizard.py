# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import collections
import datetime
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessDenied, AccessError, UserError
from odoo.http import request
from odoo.tools import SQL

from ..tools.signature_proof import signature_proof

_logger = logging.getLogger(__name__)

ACTIONS = {
    # action: (model, method, group the signer needs, decision proven)
    "release": (
        "stock.lot",
        "action_batch_release",
        "batch_traceability.group_quality_manager",
        "released",
    ),
    "reject": (
        "stock.lot",
        "action_batch_reject",
        "batch_traceability.group_quality_manager",
        "rejected",
    ),
    "recall_close": (
        "batch.recall",
        "action_close",
        "batch_traceability.group_recall_manager",
        "closed",
    ),
    "audit_statement": (
        "res.company",
        "_batch_issue_audit_statement",
        "batch_traceability.group_quality_manager",
        "audit_statement",
    ),
}

# A password check is good for one signature made within this delay.
VERIFICATION_VALIDITY = datetime.timedelta(minutes=5)
# Session key: the user already gave login and password in this session.
SESSION_KEY = "batch_esign_identified_uid"


class BatchSignatureWizard(models.TransientModel):
    """Sign a decision with one's login and password (21 CFR 11.200).

    The password is a non-stored field: it is checked by its inverse when the
    dialog is saved and never reaches the database, wrong attempts included.
    A successful check is recorded as (user, time) in columns that callers
    cannot write; :meth:`action_sign` consumes it within a few minutes and
    registers the proof the decision's engine requires. Failed attempts put
    the signer on the same cooldown as Odoo's login (``base.login_cooldown_*``
    parameters). The first signing of a session asks for the login too
    (11.200(a)(1)(i)), later ones the password only.
    """

    _name = "batch.signature.wizard"
    _description = "Electronic Signature"

    res_model = fields.Char(required=True)
    res_ids = fields.Char(required=True)
    action = fields.Selection(
        [
            ("release", "Release"),
            ("reject", "Reject"),
            ("recall_close", "Close Recall"),
            ("audit_statement", "Audit Chain Statement"),
        ],
        required=True,
    )
    meaning = fields.Char(required=True)
    signer_name = fields.Char(default=lambda self: self.env.user.name, readonly=True)
    login_required = fields.Boolean(compute="_compute_login_required")
    login = fields.Char(default=lambda self: self._default_login())
    password = fields.Char(
        compute="_compute_password",
        inverse="_inverse_password",
        store=False,
        help="Checked when the dialog is saved; never stored.",
    )
    verified_uid = fields.Integer(readonly=True)
    verified_at = fields.Datetime(readonly=True)

    # ------------------------------------------------------------------
    # Login and password
    # ------------------------------------------------------------------
    @api.model
    def _session_identified(self):
        """Whether this HTTP session already signed with login and password.
        Without an HTTP request every signing is a first one."""
        session = request.session if request else None
        return bool(session) and session.get(SESSION_KEY) == self.env.uid

    @api.model
    def _default_login(self):
        return self.env.user.login if self._session_identified() else False

    @api.depends_context("uid")
    def _compute_login_required(self):
        required = not self._session_identified()
        for wizard in self:
            wizard.login_required = required

    def _compute_password(self):
        for wizard in self:
            wizard.password = False

    def _inverse_password(self):
        for wizard in self:
            wizard._batch_verify_signer(wizard.password)

    @api.model
    def _failures_map(self):
        registry = self.env.registry
        failures = getattr(registry, "_batch_esign_failures", None)
        if failures is None:
            failures = registry._batch_esign_failures = collections.defaultdict(
                lambda: (0, datetime.datetime.min)
            )
        return failures

    def _batch_verify_signer(self, password):
        """Check login (first signing of the session) and password, with the
        login cooldown after repeated failures, and record the success."""
        self.ensure_one()
        user = self.env.user
        failures_map = self._failures_map()
        failures, previous = failures_map[user.id]
        if user._on_login_cooldown(failures, previous):
            _logger.warning(
                "Signature attempt ignored for user %s: %s failures since the "
                "last success, last at %s.",
                user.id,
                failures,
                previous,
            )
            raise UserError(
                self.env._(
                    "Too many failed signature attempts: wait a moment before "
                    "trying again."
                )
            )
        try:
            if (
                self.login_required
                and (self.login or "").strip().lower() != (user.login or "").lower()
            ):
                raise AccessDenied()
            user._check_credentials(
                {"type": "password", "login": user.login, "password": password},
                {"interactive": True},
            )
        except AccessDenied as error:
            failures_map[user.id] = (failures + 1, datetime.datetime.now())
            raise UserError(
                self.env._("Wrong login or password: the decision was not signed.")
            ) from error
        failures_map.pop(user.id, None)
        self.env.cr.execute(
            SQL(
                "UPDATE batch_signature_wizard SET verified_uid = %s, "
                "verified_at = NOW() AT TIME ZONE 'UTC' WHERE id = %s",
                user.id,
                self.id,
            )
        )
        self.invalidate_recordset(["verified_uid", "verified_at"])

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if {"verified_uid", "verified_at"} & set(vals):
                raise UserError(self.env._("A signature is verified by a password."))
        return super().create(vals_list)

    def write(self, vals):
        if {"verified_uid", "verified_at"} & set(vals):
            raise UserError(self.env._("A signature is verified by a password."))
        return super().write(vals)

    # ------------------------------------------------------------------
    # Signing
    # ------------------------------------------------------------------
    def _records(self):
        model = ACTIONS[self.action][0]
        if model != self.res_model:
            raise UserError(self.env._("This signature does not match the record."))
        try:
            ids = [int(x) for x in (self.res_ids or "").split(",") if x]
        except ValueError as error:
            raise UserError(self.env._("Invalid records to sign.")) from error
        return self.env[model].browse(ids).exists()

    def _consume_verification(self):
        """Use up this dialog's password check (one signature per check)."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                "UPDATE batch_signature_wizard SET verified_at = NULL "
                "WHERE id = %s AND verified_uid = %s AND verified_at >= %s "
                "RETURNING id",
                self.id,
                self.env.uid,
                fields.Datetime.now() - VERIFICATION_VALIDITY,
            )
        )
        valid = bool(self.env.cr.fetchone())
        self.invalidate_recordset(["verified_uid", "verified_at"])
        if not valid:
            raise UserError(
                self.env._(
                    "Enter your password to sign (a password check is valid "
                    "for one signature within a few minutes)."
                )
            )

    def action_sign(self):
        self.ensure_one()
        model, method, group, decision = ACTIONS[self.action]
        if not self.env.user.has_group(group):
            raise AccessError(
                self.env._(
                    "Only members of '%(group)s' may sign this decision.",
                    group=self.env.ref(group).full_name,
                )
            )
        self._consume_verification()
        records = self._records()
        if not records:
            raise UserError(self.env._("Nothing to sign."))
        # act first: a refused decision (e.g. a failed test) leaves no
        # signature, as the whole transaction is rolled back
        with signature_proof(self.env, model, records.ids, decision):
            result = getattr(records, method)()
        signed = records
        if self.action == "audit_statement":
            signed, result = (
                result,
                {
                    "type": "ir.actions.act_window",
                    "res_model": result._name,
                    "res_id": result.id,
                    "view_mode": "form",
                },
            )
        self.env["batch.signature"]._sign(signed, self.meaning)
        if request and request.session is not None:
            request.session[SESSION_KEY] = self.env.uid
        return (
            result
            if isinstance(result, dict)
            else {"type": "ir.actions.act_window_close"}
        )
