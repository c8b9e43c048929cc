# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Long work in the background, on Odoo's own scheduled actions.

Odoo 18's cron runner already does what a job queue must do here: a trigger
starts the job at once (``ir.cron._trigger``), several application machines
share the queue safely (each job runs under a row lock of its cron), progress
is reported (``ir.cron._notify_progress``) and a job that timed out is taken
again. OCA ``queue_job`` would add channels and a separate runner process to
deploy and monitor for the handful of long operations this suite has, so the
suite does not depend on it.

A job runs one whitelisted method of one record, as the user who asked for it
and in that user's company, so every rule of the engines applies again at run
time. It runs in a savepoint: a failure leaves nothing half written, and is
recorded on the job with its reason; the user is told in both cases.
"""

from markupsafe import Markup
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import UserError

JOB_STATES = [
    ("queued", "Queued"),
    ("running", "Running"),
    ("done", "Done"),
    ("failed", "Failed"),
]


class BatchJob(models.Model):
    _name = "batch.job"
    _description = "Background Job"
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    res_model = fields.Char(string="Document Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Document", model_field="res_model", required=True, readonly=True
    )
    method = fields.Char(required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Requested By", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    state = fields.Selection(
        JOB_STATES, default="queued", required=True, readonly=True, index=True
    )
    progress = fields.Integer(
        string="Progress (%)", readonly=True, aggregator=False, default=0
    )
    started_at = fields.Datetime(readonly=True)
    finished_at = fields.Datetime(readonly=True)
    result = fields.Text(readonly=True)
    error = fields.Text(string="Failure", readonly=True)

    @api.model
    def _batch_enqueue(self, record, method, name):
        """Queue ``record.method()`` to run in the background as the current
        user, and start the runner at once.

        :param method: a method listed in the record model's
            ``_batch_job_methods``
        :return: the job
        """
        record.ensure_one()
        if method not in getattr(type(record), "_batch_job_methods", ()):
            raise UserError(
                self.env._(
                    "%(method)s of %(model)s cannot run in the background.",
                    method=method,
                    model=record._name,
                )
            )
        job = self.sudo().create(
            {
                "name": name,
                "res_model": record._name,
                "res_id": record.id,
                "method": method,
                "user_id": self.env.uid,
                "company_id": self.env.company.id,
            }
        )
        self.env.ref("batch_traceability.ir_cron_batch_jobs")._trigger()
        return job

    @api.model
    def _cron_run_jobs(self, limit=1):
        """Run the oldest queued jobs (``limit`` per call: the runner calls
        again while jobs remain, committing between them)."""
        queued = self.search([("state", "=", "queued")], order="id", limit=limit)
        for job in queued:
            job._batch_run()
        remaining = self.search_count([("state", "=", "queued")])
        self.env["ir.cron"]._notify_progress(done=len(queued), remaining=remaining)

    def _batch_run(self):
        self.ensure_one()
        self.write({"state": "running", "started_at": fields.Datetime.now()})
        record = (
            self.env[self.res_model]
            .with_user(self.user_id)
            .with_company(self.company_id)
            .browse(self.res_id)
        )
        try:
            with self.env.cr.savepoint():
                result = getattr(record, self.method)()
        except (pg_errors.SerializationFailure, pg_errors.LockNotAvailable):
            # a concurrent transaction won: the runner rolls back and takes
            # the job again, still queued
            raise
        except Exception as error:  # noqa: BLE001 - recorded, nothing half written
            message = str(error.args[0] if error.args else error)
            self.write(
                {
                    "state": "failed",
                    "error": message,
                    "progress": 0,
                    "finished_at": fields.Datetime.now(),
                }
            )
            self._batch_tell(
                self.env._("%(job)s failed: %(error)s", job=self.name, error=message),
                failed=True,
            )
            return
        self.write(
            {
                "state": "done",
                "progress": 100,
                "result": result if isinstance(result, str) else False,
                "finished_at": fields.Datetime.now(),
            }
        )
        self._batch_tell(self.env._("%(job)s done.", job=self.name))

    def _batch_tell(self, message, failed=False):
        """The requester is told on the document's chatter and by a
        notification in the web client."""
        record = self.env[self.res_model].browse(self.res_id).exists()
        if record and hasattr(record, "message_post"):
            record.sudo().message_post(body=Markup("%s") % message)
        if self.user_id:
            self.user_id._bus_send(
                "simple_notification",
                {
                    "type": "danger" if failed else "success",
                    "title": self.env._("Background job"),
                    "message": message,
                    "sticky": failed,
                },
            )
