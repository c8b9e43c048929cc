# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class BatchAuditChain(models.Model):
    """The head of one company's audit chain: how many entries it holds and
    the hash of the newest one.

    Every append locks this row before reading it (see
    :meth:`batch.audit.log._batch_audit_log`), which serialises concurrent
    appends, and updates it afterwards, which lets verification detect the
    removal of the newest entries. The company is kept as a plain id and name
    so that the chain outlives a deleted company.
    """

    _name = "batch.audit.chain"
    _description = "Audit Trail Chain Head"
    _order = "company_ref"
    _rec_name = "company_name"

    company_ref = fields.Integer(string="Company ID", required=True, readonly=True)
    company_name = fields.Char(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    entry_count = fields.Integer(readonly=True)
    last_hash = fields.Char(readonly=True)

    _sql_constraints = [
        (
            "company_ref_uniq",
            "unique(company_ref)",
            "A company has one audit chain.",
        )
    ]

    @api.model
    def _lock_head(self, company_ref, company_name):
        """Lock the chain's head row (creating it for the first entry) and
        return ``(entry_count, last_hash)`` as of the lock."""
        cr = self.env.cr
        query = SQL(
            "SELECT entry_count, last_hash FROM batch_audit_chain "
            "WHERE company_ref = %s FOR UPDATE",
            company_ref,
        )
        cr.execute(query)
        row = cr.fetchone()
        if row is None:
            # ON CONFLICT: two first appends racing for a new company's head
            # end in a serialization error (retried), not a unique violation
            cr.execute(
                SQL(
                    "INSERT INTO batch_audit_chain (company_ref, company_name, "
                    "company_id, entry_count, last_hash, create_uid, create_date, "
                    "write_uid, write_date) "
                    "VALUES (%(ref)s, %(name)s, "
                    "(SELECT id FROM res_company WHERE id = %(ref)s), 0, '', %(uid)s, "
                    "NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC') "
                    "ON CONFLICT (company_ref) DO NOTHING",
                    ref=company_ref,
                    name=company_name,
                    uid=self.env.uid,
                )
            )
            cr.execute(query)
            row = cr.fetchone()
        return row[0] or 0, row[1] or ""

    @api.model
    def _move_head(self, company_ref, entry_count, last_hash):
        self.env.cr.execute(
            SQL(
                "UPDATE batch_audit_chain SET entry_count = %s, last_hash = %s, "
                "write_uid = %s, write_date = NOW() AT TIME ZONE 'UTC' "
                "WHERE company_ref = %s",
                entry_count,
                last_hash,
                self.env.uid,
                company_ref,
            )
        )
        self.invalidate_model(["entry_count", "last_hash"])

    @api.model_create_multi
    def create(self, vals_list):  # pylint: disable=method-required-super
        raise UserError(self.env._("Audit chain heads are kept by the system."))

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(self.env._("Audit chain heads are kept by the system."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Audit chain heads cannot be deleted."))
