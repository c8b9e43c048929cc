# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A large recall is scoped in the background (batch.job on Odoo's cron):
the request only checks and queues; the job runs as the user who asked,
meets the engine's rules again, and leaves nothing half written when it
fails."""

from odoo.exceptions import AccessError, UserError

from .common import RecallCommon


class TestRecallBackground(RecallCommon):
    def setUp(self):
        super().setUp()
        # every recall of this test reaches more batches than this
        self.env["ir.config_parameter"].sudo().set_param(
            "batch_recall.background_scope_batches", 2
        )
        self.Job = self.env["batch.job"]

    def test_large_scope_runs_in_the_background(self):
        recall = self._recall()
        recall.action_compute_scope()
        self.assertEqual(recall.state, "draft", "nothing computed in the request")
        self.assertFalse(recall.line_ids)
        job = recall.scope_job_id
        self.assertEqual(job.state, "queued")
        self.assertEqual(job.user_id, self.recall_manager)
        self.assertEqual(recall.scope_job_state, "queued")
        # a second click does not queue it twice
        with self.assertRaises(UserError):
            recall.action_compute_scope()
        self.Job._cron_run_jobs()
        recall.invalidate_recordset()
        self.assertEqual(job.state, "done")
        self.assertEqual(job.progress, 100)
        self.assertEqual(recall.state, "scoped")
        self.assertEqual(
            set(recall.line_ids.partner_id.ids),
            {self.freshmart_dc.id, self.customer.id, self.customer_2.id},
        )
        self.assertIn(f"{len(recall.line_ids)} consignee lines", job.result)
        self.assertIn("Scope of", recall.message_ids[:1].body)

    def test_checks_at_queue_time(self):
        recall = self._recall()
        with self.assertRaises(AccessError):
            recall.with_user(self.stock_user).action_compute_scope()
        self.assertFalse(recall.scope_job_id)

    def test_failure_is_reported_and_nothing_half_written(self):
        recall = self._recall()
        recall.action_compute_scope()
        job = recall.scope_job_id
        # the manager lost the right to scope before the job ran: the engine
        # refuses as that user, at run time
        self.recall_manager.groups_id = [
            (3, self.env.ref("batch_traceability.group_recall_manager").id),
            (3, self.env.ref("batch_traceability.group_quality_user").id),
        ]
        self.Job._cron_run_jobs()
        self.assertEqual(job.state, "failed")
        self.assertTrue(job.error)
        recall.invalidate_recordset()
        self.assertEqual(recall.state, "draft")
        self.assertFalse(recall.line_ids)
        self.assertFalse(recall.reconciliation_ids)
        self.assertEqual(recall.scope_job_state, "failed")

    def test_only_listed_methods_run_in_the_background(self):
        recall = self._recall()
        with self.assertRaises(UserError):
            self.Job._batch_enqueue(recall, "action_launch", "Launch")
        self.assertFalse(self.Job.search([("res_id", "=", recall.id)]))

    def test_jobs_are_not_writable_by_users(self):
        recall = self._recall()
        recall.action_compute_scope()
        job = recall.scope_job_id.with_user(self.recall_manager)
        self.assertEqual(job.state, "queued")
        with self.assertRaises(AccessError):
            job.write({"state": "done"})
        with self.assertRaises(AccessError):
            self.Job.with_user(self.recall_manager).create(
                {
                    "name": "forged",
                    "res_model": "batch.recall",
                    "res_id": recall.id,
                    "method": "_recall_job_compute_scope",
                    "company_id": self.env.company.id,
                }
            )
