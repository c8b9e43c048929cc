# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "batch.audit.mixin"]

    _batch_audit_fields = ("batch_require_esignature",)

    batch_require_esignature = fields.Boolean(
        string="Electronic Signatures for Batch Decisions",
        help="Releasing or rejecting a batch and closing a recall require the "
        "user to sign with their password (21 CFR Part 11).",
    )

    def _batch_audit_company(self):
        return self

    def _batch_issue_audit_statement(self):
        return self.env["batch.audit.statement"]._issue(self)

    def action_batch_audit_statement(self):
        """Open the signature dialog that issues a chain statement."""
        self.ensure_one()
        self.env["batch.audit.log"]._check_audit_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sign: Audit chain statement"),
            "res_model": "batch.signature.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_res_model": "res.company",
                "default_res_ids": str(self.id),
                "default_action": "audit_statement",
                "default_meaning": self.env._(
                    "I confirm this audit chain head as of today"
                ),
            },
        }
