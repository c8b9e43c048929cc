# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import json

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# One advisory lock for the whole chain: entries are appended one at a time.
CHAIN_LOCK = 7011204

HASHED_FIELDS = (
    "logged_at",
    "user_id",
    "user_name",
    "company_id",
    "res_model",
    "res_id",
    "event",
    "field_name",
    "old_value",
    "new_value",
    "reason",
    "prev_hash",
)


class BatchAuditLog(models.Model):
    """Tamper-evident audit trail (21 CFR 11.10(e)).

    Entries cannot be changed or deleted through the ORM, by anyone; each one
    carries the SHA-256 of its content and of the previous entry, so a change
    made directly in the database breaks the chain, which
    :meth:`action_verify_chain` detects.
    """

    _name = "batch.audit.log"
    _description = "Audit Trail Entry"
    _order = "id desc"
    _rec_name = "res_name"

    logged_at = fields.Datetime(
        string="Time (UTC)", required=True, readonly=True, index=True
    )
    user_id = fields.Many2one("res.users", string="User", readonly=True, index=True)
    user_name = fields.Char(
        readonly=True, help="The user's name when the entry was made."
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    res_model = fields.Char(string="Model", readonly=True, index=True)
    res_id = fields.Integer(string="Record ID", readonly=True, index=True)
    res_name = fields.Char(string="Record", readonly=True)
    lot_id = fields.Many2one("stock.lot", string="Batch", readonly=True, index=True)
    event = fields.Selection(
        [
            ("create", "Created"),
            ("write", "Changed"),
            ("signature", "Signed"),
        ],
        readonly=True,
    )
    field_name = fields.Char(string="Field", readonly=True)
    field_label = fields.Char(string="Field Label", readonly=True)
    old_value = fields.Text(readonly=True)
    new_value = fields.Text(readonly=True)
    reason = fields.Text(readonly=True)
    prev_hash = fields.Char(readonly=True)
    entry_hash = fields.Char(readonly=True, index=True)

    @api.model
    def _entry_digest(self, values, prev_hash):
        payload = {key: values.get(key) for key in HASHED_FIELDS}
        payload["prev_hash"] = prev_hash or ""
        for key, value in payload.items():
            if hasattr(value, "isoformat"):
                payload[key] = fields.Datetime.to_string(value)
            elif value is False or value is None:
                payload[key] = ""
        canonical = json.dumps(
            payload, sort_keys=True, separators=(",", ":"), default=str
        )
        return hashlib.sha256(canonical.encode()).hexdigest()

    @api.model
    def _batch_audit_log(self, vals_list):
        """Append entries to the chain (the only way to create them)."""
        if not vals_list:
            return self.browse()
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(SQL("SELECT pg_advisory_xact_lock(%s)", CHAIN_LOCK))
        cr.execute(
            SQL("SELECT entry_hash FROM batch_audit_log ORDER BY id DESC LIMIT 1")
        )
        row = cr.fetchone()
        prev_hash = row[0] if row else ""
        now = fields.Datetime.now()
        user = self.env.user
        prepared = []
        for vals in vals_list:
            vals = dict(
                vals,
                logged_at=now,
                user_id=user.id,
                user_name=user.name,
                company_id=vals.get("company_id") or self.env.company.id,
            )
            vals["prev_hash"] = prev_hash
            vals["entry_hash"] = prev_hash = self._entry_digest(vals, prev_hash)
            prepared.append(vals)
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
    def _verify_chain(self):
        """Recompute every hash in order; return the first broken entry id or
        False when the chain is intact."""
        self.env.flush_all()
        columns = ", ".join(HASHED_FIELDS)
        self.env.cr.execute(
            SQL(f"SELECT id, {columns}, entry_hash FROM batch_audit_log ORDER BY id")
        )
        prev_hash = ""
        for row in self.env.cr.dictfetchall():
            if (row["prev_hash"] or "") != prev_hash:
                return row["id"]
            if self._entry_digest(row, prev_hash) != row["entry_hash"]:
                return row["id"]
            prev_hash = row["entry_hash"]
        return False

    @api.model
    def action_verify_chain(self):
        broken = self._verify_chain()
        count = self.sudo().search_count([])
        if broken:
            message = self.env._(
                "The audit trail was altered: entry %(entry)s does not match its "
                "hash chain. Investigate before relying on the records.",
                entry=broken,
            )
            kind = "danger"
        else:
            message = self.env._(
                "The audit trail is intact (%(count)s entries verified).", count=count
            )
            kind = "success"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Audit Trail"),
                "message": message,
                "type": kind,
                "sticky": bool(broken),
            },
        }
