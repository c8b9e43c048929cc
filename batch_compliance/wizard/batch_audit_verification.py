# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class BatchAuditVerification(models.TransientModel):
    """The result of one verification of the audit trail, shown in a dialog
    (who checked which companies' chains, when, and what was found), from
    which a Quality manager can go on to issue a signed chain statement."""

    _name = "batch.audit.verification"
    _description = "Audit Trail Verification"

    company_ids = fields.Many2many("res.company", string="Companies", readonly=True)
    verified_at = fields.Datetime(string="Verified on (UTC)", readonly=True)
    intact = fields.Boolean(readonly=True)
    entry_count = fields.Integer(string="Entries Verified", readonly=True)
    message = fields.Text(readonly=True)
    entry_id = fields.Many2one(
        "batch.audit.log", string="First Entry in Question", readonly=True
    )
