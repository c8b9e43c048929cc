# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Batches under the Part 11 audit trail, and the batch decisions that need
an electronic signature (release, rejection). The traceability lot code of
a batch is in ``stock_lot_tlc.py``."""

from markupsafe import Markup

from odoo import fields, models
from odoo.tools import html2plaintext

from ..tools.signature_proof import has_signature_proof
from ..tools.signed_decisions import (
    LOT_SIGNED_STATES,
    compute_signatures,
    consume_or_refuse,
    signature_action,
    to_sign,
)
from .batch_audit_log import AUDIT_EVENTS, audit_text


class StockLot(models.Model):
    _name = "stock.lot"
    _inherit = ["stock.lot", "batch.audit.mixin"]

    _batch_audit_fields = (
        "name",
        "product_id",
        "batch_state",
        "released_by_id",
        "released_date",
        "production_date",
        "expiration_date",
        "facility_id",
        "supplier_id",
        "supplier_lot",
        "storage_temp_min",
        "storage_temp_max",
        "storage_conditions",
        "tlc",
        "tlc_source_id",
        "tlc_origin",
        "tlc_exempt_supplier",
    )

    batch_signature_ids = fields.Many2many(
        "batch.signature",
        compute="_compute_batch_signature_ids",
        string="Electronic Signatures",
        groups="batch_traceability.group_quality_user",
    )

    def _compute_batch_signature_ids(self):
        compute_signatures(self)

    def _batch_audit_lot(self):
        return self

    def _batch_log_event(self, event, description, reason=False):
        """Also append one audit entry per batch: an override of the batch
        rules or a QC correction is evidence, which a chatter message (that
        users can delete) is not."""
        parent = super()
        res = True
        if hasattr(parent, "_batch_log_event"):
            res = parent._batch_log_event(event, description, reason=reason)
        if isinstance(description, Markup):
            description = html2plaintext(description)
        labels = dict(AUDIT_EVENTS)
        self.env["batch.audit.log"]._batch_audit_log(
            [
                {
                    "res_model": lot._name,
                    "res_id": lot.id,
                    "res_name": lot.display_name,
                    "lot_id": lot.id,
                    "event": event if event in labels else "other",
                    "field_name": audit_text(event),
                    "field_label": labels.get(event, audit_text(event)),
                    "new_value": audit_text(description),
                    "reason": audit_text(reason),
                    "company_id": lot.company_id.id,
                }
                for lot in self
            ]
        )
        return res

    def _batch_signature_needed(self, new_state):
        """Whether changing these batches to ``new_state`` needs a signature
        that was not made yet (the buttons then open the dialog)."""
        lots = to_sign(
            self.filtered(lambda lot: lot.batch_state != new_state),
            new_state,
            LOT_SIGNED_STATES,
            lambda lot: lot.company_id,
        )
        return bool(lots) and not has_signature_proof(
            self.env, self._name, lots.ids, new_state
        )

    def _batch_check_signature(self, new_state):
        """Hook of the status engine: refuse a release or rejection that was
        not signed, whatever path it came through."""
        super()._batch_check_signature(new_state)
        return consume_or_refuse(
            self,
            new_state,
            LOT_SIGNED_STATES,
            lambda lot: lot.company_id,
            lambda lots: self.env._(
                "%(lots)s: this decision needs your electronic signature. "
                "Use the Release or Reject button and sign with your password.",
                lots=", ".join(lots.mapped("display_name")),
            ),
        )

    def action_batch_release(self):
        """Ask for the e-signature first when the company requires one."""
        if self._batch_signature_needed("released"):
            return signature_action(self, "release", self.env._("Approved for release"))
        return super().action_batch_release()

    def action_batch_reject(self):
        """Ask for the e-signature first when the company requires one."""
        if self._batch_signature_needed("rejected"):
            return signature_action(self, "reject", self.env._("Rejected"))
        return super().action_batch_reject()
