# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class BatchComplaint(models.Model):
    """The regulatory deadlines a complaint starts: a serious adverse event or
    a critical defect of a food, drug, cosmetic or dietary supplement."""

    _inherit = "batch.complaint"

    clock_ids = fields.One2many(
        "batch.recall.clock", "complaint_id", string="Regulatory Clocks"
    )
    clock_next_due = fields.Datetime(
        string="Next Report Due", compute="_compute_clock_next_due", store=True
    )

    @api.depends("clock_ids.due_at", "clock_ids.state")
    def _compute_clock_next_due(self):
        for complaint in self:
            due = complaint.clock_ids.filtered(lambda c: c.state == "open").mapped(
                "due_at"
            )
            complaint.clock_next_due = min(due) if due else False

    def _batch_clock_serious(self):
        """Whether the complaint is an event that starts reporting clocks."""
        self.ensure_one()
        return self.serious_adverse_event or self.severity == "critical"

    def _batch_clock_start_complaint(self):
        """Start the clocks of serious complaints from the moment they are
        recorded as serious (at intake, or when the investigation finds it):
        the regulations count from when the company has the information."""
        Clock = self.env["batch.recall.clock"]
        now = fields.Datetime.now()
        for complaint in self.sudo():
            if not complaint._batch_clock_serious():
                continue
            Clock._batch_clock_start(
                complaint,
                {"complaint_serious"},
                complaint.product_id,
                now,
                complaint.user_id,
            )
