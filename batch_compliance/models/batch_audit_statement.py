# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.signature_proof import consume_signature_proof
from .batch_audit_log import AUDIT_MANAGER_GROUP


class BatchAuditStatement(models.Model):
    """A signed statement of a company's audit chain head: how many entries
    the chain held and the hash of the last one, at a given time.

    Printed and filed (or sent to an auditor) outside the database, it makes
    a full rewrite of the audit table detectable: a rewritten chain cannot
    reproduce the stated hash at the stated position. Verification compares
    the chain with the latest statement too.
    """

    _name = "batch.audit.statement"
    _description = "Audit Chain Statement"
    _order = "id desc"
    _rec_name = "display_title"

    company_id = fields.Many2one("res.company", readonly=True, index=True)
    company_ref = fields.Integer(string="Company ID", readonly=True, index=True)
    company_name = fields.Char(readonly=True)
    entry_count = fields.Integer(string="Entries", readonly=True)
    last_hash = fields.Char(string="Last Entry Hash", readonly=True)
    statement_date = fields.Datetime(string="Date (UTC)", readonly=True)
    signer_name = fields.Char(string="Signed by", readonly=True)
    display_title = fields.Char(compute="_compute_display_title")
    signature_ids = fields.Many2many(
        "batch.signature", compute="_compute_signature_ids", string="Signatures"
    )

    @api.depends("company_name", "statement_date", "entry_count")
    def _compute_display_title(self):
        for statement in self:
            statement.display_title = self.env._(
                "%(company)s: %(count)s entries on %(date)s",
                company=statement.company_name or "",
                count=statement.entry_count,
                date=fields.Datetime.to_string(statement.statement_date) or "",
            )

    def _compute_signature_ids(self):
        Signature = self.env["batch.signature"]
        for statement in self:
            statement.signature_ids = Signature.search(
                [("res_model", "=", self._name), ("res_id", "=", statement.id)]
            )

    @api.model
    def _issue(self, company):
        """Record the head of ``company``'s chain, after verifying it.

        Called by the signature wizard only: the proof it registers after the
        password check is consumed here.
        """
        company.ensure_one()
        if not self.env.user.has_group(AUDIT_MANAGER_GROUP):
            raise AccessError(
                self.env._("Only a Quality manager may issue a chain statement.")
            )
        if not consume_signature_proof(
            self.env, "res.company", company.ids, "audit_statement"
        ):
            raise UserError(
                self.env._("A chain statement is issued with an electronic signature.")
            )
        Log = self.env["batch.audit.log"]
        problem = Log._verify_chain([company.id])
        if problem:
            raise UserError(problem["message"])
        Chain = self.env["batch.audit.chain"]
        count, last_hash = Chain._lock_head(company.id, company.name)
        statement = self.sudo()._create_statement(
            {
                "company_id": company.id,
                "company_ref": company.id,
                "company_name": company.name,
                "entry_count": count,
                "last_hash": last_hash,
                "statement_date": fields.Datetime.now(),
                "signer_name": self.env.user.name,
            }
        )
        Log._batch_audit_log(
            [
                {
                    "res_model": self._name,
                    "res_id": statement.id,
                    "res_name": statement.display_title,
                    "event": "statement",
                    "field_name": "last_hash",
                    "field_label": self.env._("Chain statement"),
                    "new_value": self.env._(
                        "%(count)s entries, last hash %(hash)s",
                        count=count,
                        hash=last_hash,
                    ),
                    "company_id": company.id,
                }
            ]
        )
        return statement.with_env(self.env)

    def _create_statement(self, vals):
        # bypass of create()'s refusal, reachable from _issue only
        return super().create([vals])

    @api.model_create_multi
    def create(self, vals_list):  # pylint: disable=method-required-super
        raise UserError(
            self.env._("Chain statements are issued with the signature dialog.")
        )

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(self.env._("Chain statements cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Chain statements cannot be deleted."))
