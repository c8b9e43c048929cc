# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.batch_traceability.models.batch_job import JOB_STATES


class BatchRecall(models.Model):
    """The background work of a recall: the scope of a large recall runs as a
    ``batch.job`` (the launch stays in the user's request: it is a signed
    decision, and a signature proves the action of its own transaction)."""

    _inherit = "batch.recall"

    _batch_job_methods = ("_recall_job_compute_scope",)

    scope_job_id = fields.Many2one(
        "batch.job", compute="_compute_scope_job", string="Scope Job"
    )
    scope_job_state = fields.Selection(
        JOB_STATES, compute="_compute_scope_job", string="Scope Job Status"
    )
    scope_job_progress = fields.Integer(compute="_compute_scope_job")
    scope_job_error = fields.Text(compute="_compute_scope_job")

    def _compute_scope_job(self):
        jobs = self.env["batch.job"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("method", "=", "_recall_job_compute_scope"),
            ],
            order="id desc",
        )
        latest = {}
        for job in jobs:
            latest.setdefault(job.res_id, job)
        for recall in self:
            job = latest.get(recall.id, self.env["batch.job"])
            recall.scope_job_id = job
            recall.scope_job_state = job.state
            recall.scope_job_progress = job.progress
            recall.scope_job_error = job.error
