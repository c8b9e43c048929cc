# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import json
from datetime import date, datetime

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

# Every value an auditor sees on an entry, the chain position and the link to
# the previous entry. Users, companies and batches are hashed by their plain
# id and name: the many2one columns next to them are only navigation links
# (set to NULL when the user, company or batch is deleted) and are not hashed,
# so such a deletion breaks nothing in the chain.
HASHED_FIELDS = (
    "chain_seq",
    "logged_at",
    "user_ref",
    "user_name",
    "user_login",
    "company_ref",
    "company_name",
    "res_model",
    "res_id",
    "res_name",
    "lot_ref",
    "lot_name",
    "event",
    "field_name",
    "field_label",
    "old_value",
    "new_value",
    "reason",
    "prev_hash",
)

AUDIT_EVENTS = [
    ("create", "Created"),
    ("write", "Changed"),
    ("unlink", "Deleted"),
    ("signature", "Signed"),
    ("override", "Batch Rules Overridden"),
    ("qc_change", "QC Result Changed"),
    ("qc_cancel", "QC Result Cancelled"),
    ("statement", "Chain Statement"),
    ("other", "Other Event"),
]

# Which group may verify the chain and issue chain statements.
AUDIT_MANAGER_GROUP = "batch_traceability.group_quality_manager"


def audit_text(value):
    """The text form of a value, as stored and as hashed.

    One normalisation for both, so that an entry read back from the database
    hashes exactly as it did when written, whatever type the caller passed
    (a number as reason, a datetime, a Markup body, ...).
    """
    if value is None or value is False:
        return ""
    if isinstance(value, datetime):
        return fields.Datetime.to_string(value)
    if isinstance(value, date):
        return fields.Date.to_string(value)
    return str(value)


class BatchAuditLog(models.Model):
    """Tamper-evident audit trail (21 CFR 11.10(e)).

    Entries cannot be changed or deleted through the ORM, by anyone. Each
    company has one hash chain: every entry carries its position in the chain,
    the hash of the previous entry and the SHA-256 of its own content. The
    chain's head (:class:`batch.audit.chain`: entry count and last hash) is
    locked and updated by every append, so that concurrent appends are
    serialised and a removal of the newest entries is detected as well as a
    change or removal in the middle. A signed statement of the head
    (:class:`batch.audit.statement`), filed outside the database, makes even a
    full rewrite of the table detectable.
    """

    _name = "batch.audit.log"
    _description = "Audit Trail Entry"
    _order = "id desc"
    _rec_name = "res_name"

    chain_seq = fields.Integer(
        string="Position", readonly=True, help="Position in the company's chain."
    )
    logged_at = fields.Datetime(
        string="Time (UTC)", required=True, readonly=True, index=True
    )
    user_id = fields.Many2one("res.users", string="User", readonly=True, index=True)
    user_ref = fields.Integer(string="User ID", readonly=True)
    user_name = fields.Char(
        readonly=True, help="The user's name when the entry was made."
    )
    user_login = fields.Char(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    company_ref = fields.Integer(string="Company ID", readonly=True, index=True)
    company_name = fields.Char(string="Company Name", readonly=True)
    res_model = fields.Char(string="Model", readonly=True, index=True)
    res_id = fields.Integer(string="Record ID", readonly=True, index=True)
    res_name = fields.Char(string="Record", readonly=True)
    lot_id = fields.Many2one("stock.lot", string="Batch", readonly=True, index=True)
    lot_ref = fields.Integer(string="Batch ID", readonly=True)
    lot_name = fields.Char(string="Batch Number", readonly=True)
    event = fields.Selection(AUDIT_EVENTS, readonly=True)
    field_name = fields.Char(string="Field", readonly=True)
    field_label = fields.Char(string="Field Label", readonly=True)
    old_value = fields.Text(readonly=True)
    new_value = fields.Text(readonly=True)
    reason = fields.Text(readonly=True)
    prev_hash = fields.Char(readonly=True)
    entry_hash = fields.Char(readonly=True, index=True)

    @api.model
    def _entry_digest(self, values, prev_hash):
        payload = {key: audit_text(values.get(key)) for key in HASHED_FIELDS}
        payload["prev_hash"] = prev_hash or ""
        canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    @api.model
    def _batch_audit_log(self, vals_list):
        """Append entries to their companies' chains (the only way to create
        them).

        Each chain's head row is locked (``SELECT ... FOR UPDATE``) before it
        is read, then updated. Under REPEATABLE READ, a transaction that took
        its snapshot before a concurrent append committed gets a
        serialization error on that lock instead of chaining to a stale head;
        Odoo retries the request, and the retry chains to the new head.
        """
        if not vals_list:
            return self.browse()
        now = fields.Datetime.now()
        user = self.env.user
        default_company = self.env.company
        companies = self.env["res.company"].sudo()
        by_company = {}
        for vals in vals_list:
            company = companies.browse(vals.get("company_id") or default_company.id)
            by_company.setdefault(company, []).append(vals)
        Chain = self.env["batch.audit.chain"]
        prepared = []
        # a fixed lock order: two transactions touching two chains never
        # wait for each other crosswise
        for company in sorted(by_company, key=lambda c: c.id):
            count, prev_hash = Chain._lock_head(company.id, company.name)
            for vals in by_company[company]:
                lot = self.env["stock.lot"].sudo().browse(vals.get("lot_id") or [])
                count += 1
                entry = {
                    "chain_seq": count,
                    "logged_at": now,
                    "user_id": user.id,
                    "user_ref": user.id,
                    "user_name": audit_text(user.name),
                    "user_login": audit_text(user.login),
                    "company_id": company.id,
                    "company_ref": company.id,
                    "company_name": audit_text(company.name),
                    "res_model": audit_text(vals.get("res_model")),
                    "res_id": vals.get("res_id") or 0,
                    "res_name": audit_text(vals.get("res_name")),
                    "lot_id": lot.id or False,
                    "lot_ref": lot.id or 0,
                    "lot_name": audit_text(lot.name),
                    "event": vals.get("event") or "other",
                    "field_name": audit_text(vals.get("field_name")),
                    "field_label": audit_text(vals.get("field_label")),
                    "old_value": audit_text(vals.get("old_value")),
                    "new_value": audit_text(vals.get("new_value")),
                    "reason": audit_text(vals.get("reason")),
                    "prev_hash": prev_hash,
                }
                entry["entry_hash"] = prev_hash = self._entry_digest(entry, prev_hash)
                prepared.append(entry)
            Chain._move_head(company.id, count, prev_hash)
        return self.sudo().create(prepared)

    @api.model_create_multi
    def create(self, vals_list):
        # No group has the create right; _batch_audit_log creates as superuser
        # after chaining the entries. A context key would not do: RPC callers
        # choose their context.
        if not self.env.su:
            raise UserError(
                self.env._("Audit trail entries are written by the system only.")
            )
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        # Refused for everyone, superuser included (21 CFR 11.10(e)).
        raise UserError(self.env._("Audit trail entries cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Audit trail entries cannot be deleted."))

    @api.model
    def _batch_audit_rechain(self):
        """Rebuild every chain and its head from the entries, in id order.

        Only for the migration that introduced chain heads, plain names and
        per-company chains (18.0.1.1.0): it runs inside the upgrade, before
        any user works with the new format. Never called otherwise: it would
        make a tampered trail look intact.
        """
        cr = self.env.cr
        main_company = self.env.ref("base.main_company", raise_if_not_found=False)
        cr.execute(
            SQL(
                """
                UPDATE batch_audit_log l
                   SET user_ref = COALESCE(l.user_id, 0),
                       user_login = COALESCE(u.login, ''),
                       company_ref = COALESCE(l.company_id, %(main)s, 0),
                       company_name = COALESCE(c.name, ''),
                       lot_ref = COALESCE(l.lot_id, 0),
                       lot_name = COALESCE(sl.name, '')
                  FROM batch_audit_log l2
             LEFT JOIN res_users u ON u.id = l2.user_id
             LEFT JOIN res_company c ON c.id = COALESCE(l2.company_id, %(main)s)
             LEFT JOIN stock_lot sl ON sl.id = l2.lot_id
                 WHERE l2.id = l.id AND l.chain_seq IS NULL
                """,
                main=main_company.id if main_company else None,
            )
        )
        columns = SQL(", ").join(SQL.identifier(name) for name in HASHED_FIELDS)
        cr.execute(SQL("SELECT id, %s FROM batch_audit_log ORDER BY id", columns))
        chains = {}
        updates = []
        for row in cr.dictfetchall():
            count, prev_hash, name = chains.get(row["company_ref"], (0, "", ""))
            row["chain_seq"] = count + 1
            row["prev_hash"] = prev_hash
            digest = self._entry_digest(row, prev_hash)
            updates.append((row["chain_seq"], prev_hash, digest, row["id"]))
            chains[row["company_ref"]] = (count + 1, digest, row["company_name"])
        for seq, prev_hash, digest, entry_id in updates:
            cr.execute(
                SQL(
                    "UPDATE batch_audit_log SET chain_seq = %s, prev_hash = %s, "
                    "entry_hash = %s WHERE id = %s",
                    seq,
                    prev_hash,
                    digest,
                    entry_id,
                )
            )
        cr.execute(SQL("DELETE FROM batch_audit_chain"))
        Chain = self.env["batch.audit.chain"]
        for ref, (count, last_hash, name) in chains.items():
            Chain._lock_head(ref, name)
            Chain._move_head(ref, count, last_hash)
        self.invalidate_model()
        return len(updates)

    # ------------------------------------------------------------------
    # Verification
    # ------------------------------------------------------------------
    @api.model
    def _verify_chain(self, company_refs=None):
        """Check every chain (or those of ``company_refs``).

        Recomputes each hash in chain order and compares the chain's end
        with its head (entry count and last hash: a removal of the newest
        entries shows) and with the company's latest signed statement (a
        rewrite of the table shows).

        :return: False when intact, else a dict with ``entry_id`` (the first
            entry that does not match, or False) and ``message``
        """
        self.flush_model()
        Chain = self.env["batch.audit.chain"]
        Chain.flush_model()
        self.env["batch.audit.statement"].flush_model()
        cr = self.env.cr
        where = SQL("TRUE")
        if company_refs is not None:
            where = SQL("company_ref = ANY(%s)", list(company_refs))
        cr.execute(
            SQL(
                "SELECT company_ref, company_name, entry_count, last_hash "
                "FROM batch_audit_chain WHERE %s ORDER BY company_ref",
                where,
            )
        )
        heads = {row[0]: row[1:] for row in cr.fetchall()}
        cr.execute(
            SQL(
                "SELECT DISTINCT company_ref FROM batch_audit_log WHERE %s",
                where,
            )
        )
        refs = sorted(set(heads) | {row[0] for row in cr.fetchall()})
        columns = SQL(", ").join(SQL.identifier(name) for name in HASHED_FIELDS)
        for ref in refs:
            cr.execute(
                SQL(
                    "SELECT id, %s, entry_hash FROM batch_audit_log "
                    "WHERE company_ref = %s ORDER BY chain_seq, id",
                    columns,
                    ref,
                )
            )
            rows = cr.dictfetchall()
            problem = self._verify_rows(rows)
            if problem:
                return problem
            name, count, last_hash = heads.get(ref, (str(ref), 0, ""))
            last = rows[-1] if rows else None
            if len(rows) != count or (last["entry_hash"] if last else "") != (
                last_hash or ""
            ):
                return {
                    "entry_id": last["id"] if last else False,
                    "message": self.env._(
                        "The audit trail of %(company)s ends at entry %(found)s "
                        "but its head records %(count)s entries: entries were "
                        "removed or added outside the application.",
                        company=name,
                        found=len(rows),
                        count=count,
                    ),
                }
            problem = self._verify_statement(ref, rows)
            if problem:
                return problem
        return False

    @api.model
    def _verify_rows(self, rows):
        prev_hash = ""
        for position, row in enumerate(rows, start=1):
            if (
                row["chain_seq"] != position
                or (row["prev_hash"] or "") != prev_hash
                or self._entry_digest(row, prev_hash) != row["entry_hash"]
            ):
                return {
                    "entry_id": row["id"],
                    "message": self.env._(
                        "The audit trail was altered: entry %(entry)s does not "
                        "match its hash chain.",
                        entry=row["id"],
                    ),
                }
            prev_hash = row["entry_hash"]
        return False

    @api.model
    def _verify_statement(self, company_ref, rows):
        """The chain must still contain, at the position the latest statement
        recorded, the entry whose hash the statement recorded."""
        self.env.cr.execute(
            SQL(
                "SELECT id, entry_count, last_hash FROM batch_audit_statement "
                "WHERE company_ref = %s ORDER BY id DESC LIMIT 1",
                company_ref,
            )
        )
        statement = self.env.cr.fetchone()
        if not statement:
            return False
        __, count, last_hash = statement
        if not count:
            return False
        if len(rows) < count or rows[count - 1]["entry_hash"] != last_hash:
            return {
                "entry_id": rows[count - 1]["id"] if len(rows) >= count else False,
                "message": self.env._(
                    "The audit trail no longer matches the signed chain "
                    "statement of %(date)s: entry %(position)s should have the "
                    "hash %(hash)s.",
                    date=self.env["batch.audit.statement"]
                    .sudo()
                    .browse(statement[0])
                    .statement_date,
                    position=count,
                    hash=last_hash,
                ),
            }
        return False

    @api.model
    def _check_audit_manager(self):
        if not self.env.su and not self.env.user.has_group(AUDIT_MANAGER_GROUP):
            raise AccessError(
                self.env._("Only a Quality manager may verify the audit trail.")
            )

    @api.model
    def action_verify_chain(self):
        """Verify the chains of the user's companies and show the result in
        a dialog (a record of the check, not a passing notification)."""
        self._check_audit_manager()
        refs = self.env.companies.ids
        problem = self._verify_chain(refs)
        self.env.cr.execute(
            SQL(
                "SELECT COALESCE(SUM(entry_count), 0) FROM batch_audit_chain "
                "WHERE company_ref = ANY(%s)",
                refs,
            )
        )
        count = self.env.cr.fetchone()[0]
        if problem:
            message = self.env._(
                "%(problem)s Investigate before relying on the records.",
                problem=problem["message"],
            )
        else:
            message = self.env._(
                "The audit trail is intact (%(count)s entries verified).",
                count=count,
            )
        verification = self.env["batch.audit.verification"].create(
            {
                "company_ids": [Command.set(refs)],
                "verified_at": fields.Datetime.now(),
                "intact": not problem,
                "entry_count": count,
                "message": message,
                "entry_id": (problem or {}).get("entry_id") or False,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Audit Trail Verification"),
            "res_model": "batch.audit.verification",
            "res_id": verification.id,
            "view_mode": "form",
            "target": "new",
        }
