# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from . import rule_guard

REVIEW_KEY = ("batch.storage.excursion", "review")


class BatchStorageExcursion(models.Model):
    """A batch found outside its required storage conditions."""

    _name = "batch.storage.excursion"
    _description = "Storage Excursion"
    _inherit = ["mail.thread"]
    _order = "reading_time desc, id desc"

    reading_id = fields.Many2one(
        "batch.temperature.reading", required=True, ondelete="cascade", index=True
    )
    lot_id = fields.Many2one("stock.lot", string="Batch", required=True, index=True)
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    company_id = fields.Many2one(related="reading_id.company_id", store=True)
    location_id = fields.Many2one(related="reading_id.location_id", store=True)
    reading_time = fields.Datetime(related="reading_id.reading_time", store=True)
    kind = fields.Selection(
        [("too_cold", "Too cold"), ("too_hot", "Too hot"), ("too_humid", "Too humid")],
        required=True,
    )
    limit = fields.Float(help="The limit of the batch's range that was crossed.")
    value_display = fields.Char(string="Measured", compute="_compute_value_display")
    state = fields.Selection(
        [("open", "To Review"), ("reviewed", "Reviewed")],
        default="open",
        required=True,
        tracking=True,
    )
    reviewer_id = fields.Many2one("res.users", readonly=True)
    review_note = fields.Text()

    @api.depends("kind", "reading_id.temperature", "reading_id.humidity")
    def _compute_value_display(self):
        for exc in self:
            if exc.kind == "too_humid":
                exc.value_display = f"{exc.reading_id.humidity:g} % RH"
            else:
                exc.value_display = f"{exc.reading_id.temperature:g} °C"

    def write(self, vals):
        # what the reading found and who reviewed it are facts, not inputs
        if set(vals) - {"review_note"} and not rule_guard.is_trusted(
            self.env, REVIEW_KEY
        ):
            raise AccessError(
                self.env._(
                    "A storage excursion records what a reading found; only its "
                    "review note can be edited ('Reviewed' stamps the review)."
                )
            )
        return super().write(vals)

    def action_mark_reviewed(self):
        if not self.env.user.has_group("batch_traceability.group_quality_manager"):
            raise AccessError(
                self.env._("Only a Quality manager marks an excursion reviewed.")
            )
        with rule_guard.trusted(self.env, REVIEW_KEY):
            self.write({"state": "reviewed", "reviewer_id": self.env.uid})
        return True
