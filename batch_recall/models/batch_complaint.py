# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class BatchComplaint(models.Model):
    """A customer complaint or adverse event about batches (21 CFR 211.198,
    MoCRA serious adverse events for cosmetics)."""

    _name = "batch.complaint"
    _description = "Batch Complaint"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    partner_id = fields.Many2one("res.partner", string="Complainant", tracking=True)
    product_id = fields.Many2one("product.product", required=True, tracking=True)
    lot_ids = fields.Many2many(
        "stock.lot",
        string="Batches",
        domain="[('product_id', '=', product_id)]",
        check_company=True,
        tracking=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    description = fields.Text(required=True)
    severity = fields.Selection(
        [
            ("low", "Low"),
            ("medium", "Medium"),
            ("high", "High"),
            ("critical", "Critical"),
        ],
        required=True,
        default="medium",
        tracking=True,
    )
    serious_adverse_event = fields.Boolean(
        tracking=True,
        help="Serious adverse event (drugs, cosmetics): under MoCRA it must be "
        "reported to FDA within 15 business days.",
    )
    state = fields.Selection(
        [("new", "New"), ("investigating", "Investigating"), ("closed", "Closed")],
        default="new",
        required=True,
        tracking=True,
    )
    investigation = fields.Text()
    reply = fields.Text(string="Reply to Complainant")
    recall_id = fields.Many2one(
        "batch.recall", string="Recall", readonly=True, copy=False
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda s: s.env.user
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "batch.complaint"
                ) or self.env._("New")
        complaints = super().create(vals_list)
        # serious complaints start their reporting clocks at intake
        # (batch_complaint_clock.py)
        complaints._batch_clock_start_complaint()
        return complaints

    def write(self, vals):
        res = super().write(vals)
        # a complaint found serious later starts its clocks then
        if {"serious_adverse_event", "severity", "product_id"} & vals.keys():
            self._batch_clock_start_complaint()
        return res

    def action_investigate(self):
        self.write({"state": "investigating"})
        return True

    def action_close(self):
        self.write({"state": "closed"})
        return True

    def action_create_recall(self):
        """Start a recall campaign pre-filled with the complaint's batches.

        Refused before anything is created when the complaint names no batch:
        an empty recall would still take a number from the recall sequence
        and sit among the real campaigns with nothing to trace."""
        self.ensure_one()
        if not self.lot_ids:
            raise UserError(
                self.env._(
                    "Complaint %(complaint)s names no batch: add the batches "
                    "concerned before starting a recall.",
                    complaint=self.name,
                )
            )
        recall = self.env["batch.recall"].create(
            {
                "title": self.env._(
                    "%(product)s - complaint %(complaint)s",
                    product=self.product_id.display_name,
                    complaint=self.name,
                ),
                "reason": self.description,
                "lot_ids": [Command.set(self.lot_ids.ids)],
                "company_id": self.company_id.id,
            }
        )
        self.recall_id = recall
        recall.message_post(
            body=self.env._(
                "Started from complaint %(complaint)s.", complaint=self.name
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "batch.recall",
            "res_id": recall.id,
            "view_mode": "form",
        }
