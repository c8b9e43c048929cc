# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two transactions appending to the audit trail at the same moment, on two
real database connections (REPEATABLE READ, as Odoo runs them): the second
one is refused with a serialization error, and its retry chains to the
first one's entry; the chain verifies."""

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestAuditConcurrency(TransactionCase):
    def _committed_cursor(self):
        cr = db_connect(self.env.cr.dbname).cursor()
        self.addCleanup(cr.close)
        return cr

    def _append(self, env, text):
        company = env.company
        return env["batch.audit.log"]._batch_audit_log(
            [
                {
                    "res_model": "res.company",
                    "res_id": company.id,
                    "res_name": company.name,
                    "event": "other",
                    "field_name": "concurrency_test",
                    "new_value": text,
                    "company_id": company.id,
                }
            ]
        )

    def test_two_cursors_append_at_the_same_moment(self):
        company_id = self.env.company.id
        admin = self._committed_cursor()
        admin.execute(
            SQL(
                "SELECT entry_count, last_hash FROM batch_audit_chain "
                "WHERE company_ref = %s",
                company_id,
            )
        )
        saved_head = admin.fetchone()
        created = []

        def restore():
            admin.rollback()
            admin.execute(
                SQL("DELETE FROM batch_audit_log WHERE id = ANY(%s)", created or [0])
            )
            if saved_head is None:
                admin.execute(
                    SQL(
                        "DELETE FROM batch_audit_chain WHERE company_ref = %s",
                        company_id,
                    )
                )
            else:
                admin.execute(
                    SQL(
                        "UPDATE batch_audit_chain SET entry_count = %s, "
                        "last_hash = %s WHERE company_ref = %s",
                        saved_head[0],
                        saved_head[1],
                        company_id,
                    )
                )
            admin.commit()

        self.addCleanup(restore)
        cr1, cr2 = self._committed_cursor(), self._committed_cursor()
        env1 = api.Environment(cr1, SUPERUSER_ID, {})
        env2 = api.Environment(cr2, SUPERUSER_ID, {})
        # both transactions take their snapshot (as a request does with its
        # first query) before either appends
        for cr in (cr1, cr2):
            cr.execute(SQL("SELECT COUNT(*) FROM batch_audit_log"))
        created += self._append(env1, "first").ids
        cr1.commit()
        serialized = False
        try:
            created += self._append(env2, "second").ids
            cr2.commit()
        except SerializationFailure:
            serialized = True
            cr2.rollback()
            # Odoo's retry: the same request in a fresh transaction
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            created += self._append(env2, "second (retried)").ids
            cr2.commit()
        self.assertTrue(serialized, "the stale transaction must not chain")
        check = self._committed_cursor()
        env = api.Environment(check, SUPERUSER_ID, {})
        self.assertFalse(env["batch.audit.log"]._verify_chain([company_id]))
        first, second = env["batch.audit.log"].browse(sorted(created))
        self.assertEqual(second.prev_hash, first.entry_hash)
        self.assertEqual(second.chain_seq, first.chain_seq + 1)
