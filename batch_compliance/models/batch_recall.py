# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Recall decisions under the Part 11 audit trail; closing a recall needs an
electronic signature when the company asks for it."""

from odoo import fields, models

from ..tools.signature_proof import has_signature_proof
from ..tools.signed_decisions import (
    RECALL_SIGNED_STATES,
    compute_signatures,
    consume_or_refuse,
    signature_action,
    to_sign,
)


class BatchRecall(models.Model):
    _name = "batch.recall"
    _inherit = ["batch.recall", "batch.audit.mixin"]

    _batch_audit_fields = (
        "state",
        "recall_type",
        "classification",
        "depth",
        "reason",
        "health_hazard",
        "lot_ids",
        "effectiveness_level",
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
        return self.lot_ids[:1]

    def _recall_signature_needed(self, new_state):
        recalls = to_sign(
            self.filtered(lambda recall: recall.state != new_state),
            new_state,
            RECALL_SIGNED_STATES,
            lambda recall: recall.company_id,
        )
        return bool(recalls) and not has_signature_proof(
            self.env, self._name, recalls.ids, new_state
        )

    def _recall_check_signature(self, new_state):
        """Hook of the recall engine: refuse an unsigned closure."""
        super()._recall_check_signature(new_state)
        return consume_or_refuse(
            self,
            new_state,
            RECALL_SIGNED_STATES,
            lambda recall: recall.company_id,
            lambda recalls: self.env._(
                "%(recalls)s: closing a recall needs your electronic "
                "signature. Use the Close button and sign with your password.",
                recalls=", ".join(recalls.mapped("display_name")),
            ),
        )

    def action_close(self):
        if self._recall_signature_needed("closed"):
            return signature_action(self, "recall_close", self.env._("Recall closed"))
        return super().action_close()
