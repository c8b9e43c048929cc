# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import json

from odoo import api, fields, models
from odoo.exceptions import UserError

from .batch_audit_mixin import audit_display

# The values a signature covers, per signed model: the record "as signed".
SIGNED_FIELDS = {
    "stock.lot": (
        "name",
        "batch_state",
        "production_date",
        "expiration_date",
        "facility_id",
        "supplier_id",
        "supplier_lot",
        "storage_temp_min",
        "storage_temp_max",
        "storage_conditions",
    ),
    "batch.recall": (
        "state",
        "recall_type",
        "classification",
        "depth",
        "reason",
        "health_hazard",
        "lot_ids",
        "effectiveness_level",
    ),
    "batch.audit.statement": (
        "company_ref",
        "company_name",
        "entry_count",
        "last_hash",
        "statement_date",
    ),
}


class BatchSignature(models.Model):
    """An electronic signature (21 CFR 11.50 / 11.70): who signed, when, what
    it means, and a hash of the exact record version that was signed."""

    _name = "batch.signature"
    _description = "Electronic Signature"
    _order = "signed_at desc, id desc"
    _rec_name = "signer_name"

    res_model = fields.Char(required=True, readonly=True, index=True)
    res_id = fields.Integer(required=True, readonly=True, index=True)
    res_name = fields.Char(string="Record", readonly=True)
    signer_id = fields.Many2one("res.users", required=True, readonly=True)
    signer_name = fields.Char(string="Signed by", required=True, readonly=True)
    signer_login = fields.Char(string="Login", readonly=True)
    signed_at = fields.Datetime(string="Signed on (UTC)", required=True, readonly=True)
    meaning = fields.Char(required=True, readonly=True)
    record_hash = fields.Char(
        readonly=True, help="SHA-256 of the signed record's values at signing time."
    )
    company_id = fields.Many2one("res.company", readonly=True)
    record_current = fields.Boolean(
        string="Record Unchanged",
        compute="_compute_record_current",
        help="Whether the record still has the values it had when signed.",
    )

    def _compute_record_current(self):
        for signature in self:
            if signature.res_model not in self.env:
                signature.record_current = False
                continue
            record = self.env[signature.res_model].sudo().browse(signature.res_id)
            signature.record_current = bool(record.exists()) and signature._is_current(
                record
            )

    @api.model
    def _signed_fields(self, record):
        return [
            name
            for name in SIGNED_FIELDS.get(record._name, ())
            if name in record._fields
        ]

    @api.model
    def _record_hash(self, record, field_names=None):
        if field_names is None:
            field_names = self._signed_fields(record)
        values = {name: audit_display(record, name) for name in field_names}
        canonical = json.dumps(
            {"model": record._name, "id": record.id, "values": values}, sort_keys=True
        )
        return hashlib.sha256(canonical.encode()).hexdigest()

    @api.model
    def _sign(self, records, meaning):
        vals_list = []
        for record in records:
            vals_list.append(
                {
                    "res_model": record._name,
                    "res_id": record.id,
                    "res_name": record.display_name,
                    "signer_id": self.env.uid,
                    "signer_name": self.env.user.name,
                    "signer_login": self.env.user.login,
                    "signed_at": fields.Datetime.now(),
                    "meaning": meaning,
                    "record_hash": self._record_hash(record),
                    "company_id": (
                        record.company_id.id
                        if "company_id" in record._fields and record.company_id
                        else self.env.company.id
                    ),
                }
            )
        signatures = self.sudo().create(vals_list)
        self.env["batch.audit.log"]._batch_audit_log(
            [
                {
                    "res_model": sig.res_model,
                    "res_id": sig.res_id,
                    "res_name": sig.res_name,
                    "lot_id": sig.res_id if sig.res_model == "stock.lot" else False,
                    "event": "signature",
                    "field_name": "signature",
                    "field_label": self.env._("Electronic signature"),
                    "new_value": (
                        f"{sig.signer_name} ({sig.signer_login}) - {sig.meaning} "
                        f"- {sig.record_hash}"
                    ),
                    "company_id": sig.company_id.id,
                }
                for sig in signatures
            ]
        )
        # the records' lists of signatures were cached before this one
        records.invalidate_recordset()
        return signatures

    def _is_current(self, record):
        """Whether the record still has the values it had when signed."""
        self.ensure_one()
        return self.record_hash == self._record_hash(record)

    @api.model_create_multi
    def create(self, vals_list):
        # Only _sign creates signatures (as superuser, after the password check).
        if not self.env.su:
            raise UserError(self.env._("Signatures are only made by signing."))
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        # Refused for everyone, superuser included (21 CFR 11.70).
        raise UserError(self.env._("Electronic signatures cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Electronic signatures cannot be deleted."))
