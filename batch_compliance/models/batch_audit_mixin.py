# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager

from odoo import api, models

from .batch_audit_log import audit_text

_LOGGED_KEY = "batch_audit_logged"


def audit_display(record, field_name):
    """The value of a field as a user reads it, as text."""
    field = record._fields[field_name]
    value = record[field_name]
    if field.type == "many2one":
        return value.display_name or ""
    if field.type in ("many2many", "one2many"):
        return ", ".join(value.mapped("display_name"))
    if field.type == "selection":
        return audit_text(
            dict(field._description_selection(record.env)).get(value, value)
        )
    return audit_text(value)


class BatchAuditMixin(models.AbstractModel):
    """Writes an audit entry for every change of the fields a model lists in
    ``_batch_audit_fields`` (creation, change with old and new values,
    deletion with the last values), with the reason given (context key
    ``batch_audit_reason`` or ``batch_state_reason``).

    Fields listed but absent from the model are skipped, so an addon can name
    a field another addon adds later.
    """

    _name = "batch.audit.mixin"
    _description = "Audited Record"
    _batch_audit_fields = ()

    def _batch_audit_field_names(self):
        return [name for name in self._batch_audit_fields if name in self._fields]

    def _batch_audit_lot(self):
        """The batch an entry concerns (for the per-batch audit report)."""
        return self.env["stock.lot"]

    def _batch_audit_company(self):
        """The company whose chain records this record's entries."""
        if "company_id" in self._fields:
            return self.company_id
        return self.env["res.company"]

    def _batch_audit_display(self, field_name):
        return audit_display(self, field_name)

    def _batch_audit_reason(self):
        context = self.env.context
        return audit_text(
            context.get("batch_audit_reason")
            or context.get("batch_state_reason")
            or False
        )

    @contextmanager
    def _batch_audit_nested(self):
        """Collect the (model, id, field) changes logged while the block
        runs: a write that a rule engine re-routes (the status popped from
        the values and written by the engine) is logged once, by the inner
        write that really changes the field."""
        logged = self.env.cr.cache.setdefault(_LOGGED_KEY, [])
        mark = len(logged)
        inner = set()
        try:
            yield inner
        finally:
            inner.update(logged[mark:])
            if not mark:
                logged.clear()

    @api.model_create_multi
    def create(self, vals_list):
        with self._batch_audit_nested() as inner:
            records = super().create(vals_list)
        records._batch_audit_write_entries(
            {record: {} for record in records}, event="create", skip=inner
        )
        return records

    def write(self, vals):
        audited = [name for name in self._batch_audit_field_names() if name in vals]
        before = {}
        if audited:
            for record in self:
                before[record] = {
                    name: record._batch_audit_display(name) for name in audited
                }
        with self._batch_audit_nested() as inner:
            res = super().write(vals)
        if audited:
            self._batch_audit_write_entries(before, event="write", skip=inner)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_batch_audit(self):
        """A deleted record leaves one entry with its last values."""
        reason = self._batch_audit_reason()
        vals_list = []
        for record in self:
            lines = []
            for name in record._batch_audit_field_names():
                label = record._fields[name]._description_string(self.env)
                lines.append(f"{label}: {record._batch_audit_display(name)}")
            values = "\n".join(lines)
            vals = record._batch_audit_entry("unlink", "id", values, "", reason)
            vals["field_label"] = self.env._("Record deleted")
            vals_list.append(vals)
        self.env["batch.audit.log"]._batch_audit_log(vals_list)

    def _batch_audit_entry(self, event, name, old, new, reason):
        self.ensure_one()
        return {
            "res_model": self._name,
            "res_id": self.id,
            "res_name": audit_text(self.display_name),
            "lot_id": self._batch_audit_lot()[:1].id,
            "event": event,
            "field_name": name,
            "field_label": self._fields[name]._description_string(self.env),
            "old_value": old,
            "new_value": new,
            "reason": reason,
            "company_id": self._batch_audit_company()[:1].id,
        }

    def _batch_audit_write_entries(self, before, event, skip=()):
        vals_list = []
        logged = self.env.cr.cache.setdefault(_LOGGED_KEY, [])
        reason = self._batch_audit_reason()
        for record, old_values in before.items():
            if event == "create":
                names = [
                    name for name in record._batch_audit_field_names() if record[name]
                ]
            else:
                names = list(old_values)
            for name in names:
                old = old_values.get(name, "")
                new = record._batch_audit_display(name)
                if event == "write" and old == new:
                    continue
                key = (record._name, record.id, name)
                if key in skip:
                    continue
                logged.append(key)
                vals_list.append(
                    record._batch_audit_entry(event, name, old, new, reason)
                )
        self.env["batch.audit.log"]._batch_audit_log(vals_list)
