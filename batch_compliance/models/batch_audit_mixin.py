# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class BatchAuditMixin(models.AbstractModel):
    """Writes an audit entry for every change of the fields a model lists in
    ``_batch_audit_fields``, with the old and new values and the reason given
    (context key ``batch_state_reason`` or ``batch_audit_reason``)."""

    _name = "batch.audit.mixin"
    _description = "Audited Record"
    _batch_audit_fields = ()

    def _batch_audit_lot(self):
        """The batch an entry concerns (for the per-batch audit report)."""
        return self.env["stock.lot"]

    def _batch_audit_display(self, field_name):
        field = self._fields[field_name]
        value = self[field_name]
        if field.type == "many2one":
            return value.display_name or ""
        if field.type in ("many2many", "one2many"):
            return ", ".join(value.mapped("display_name"))
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value or "")
        if value is False or value is None:
            return ""
        return str(value)

    def _batch_audit_reason(self):
        context = self.env.context
        return (
            context.get("batch_audit_reason")
            or context.get("batch_state_reason")
            or False
        )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._batch_audit_write_entries(
            {record: {} for record in records}, event="create"
        )
        return records

    def write(self, vals):
        audited = [name for name in self._batch_audit_fields if name in vals]
        before = {}
        if audited:
            for record in self:
                before[record] = {
                    name: record._batch_audit_display(name) for name in audited
                }
        res = super().write(vals)
        if audited:
            self._batch_audit_write_entries(before, event="write")
        return res

    def _batch_audit_write_entries(self, before, event):
        vals_list = []
        reason = self._batch_audit_reason()
        for record, old_values in before.items():
            names = (
                list(old_values)
                if event == "write"
                else [name for name in record._batch_audit_fields if record[name]]
            )
            for name in names:
                new = record._batch_audit_display(name)
                old = old_values.get(name, "")
                if event == "write" and old == new:
                    continue
                vals_list.append(
                    {
                        "res_model": record._name,
                        "res_id": record.id,
                        "res_name": record.display_name,
                        "lot_id": record._batch_audit_lot().id,
                        "event": event,
                        "field_name": name,
                        "field_label": record._fields[name]._description_string(
                            self.env
                        ),
                        "old_value": old,
                        "new_value": new,
                        "reason": reason,
                        "company_id": (
                            record.company_id.id
                            if "company_id" in record._fields
                            else False
                        ),
                    }
                )
        self.env["batch.audit.log"]._batch_audit_log(vals_list)
