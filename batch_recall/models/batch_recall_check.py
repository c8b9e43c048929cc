# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class BatchRecallCheck(models.Model):
    """One effectiveness check: a consignee contacted to verify they received
    the notice and acted on it (21 CFR 7.42(b)(3))."""

    _name = "batch.recall.check"
    _description = "Recall Effectiveness Check"
    _order = "date desc, id desc"

    recall_id = fields.Many2one(
        "batch.recall", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="recall_id.company_id", store=True)
    partner_id = fields.Many2one("res.partner", string="Consignee", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    method = fields.Selection(
        [
            ("visit", "Visit"),
            ("phone", "Phone"),
            ("letter", "Letter"),
            ("email", "Email"),
        ],
        required=True,
        default="phone",
    )
    result = fields.Selection(
        [
            ("effective", "Notice received and followed"),
            ("not_received", "Notice not received"),
            ("not_followed", "Notice received, not followed"),
        ],
        required=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Checked by", default=lambda s: s.env.user
    )
    note = fields.Text()
