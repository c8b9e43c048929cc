# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Decisions that need an electronic signature when the company of the
record asks for them: batch release and rejection, recall closure.

The rule lives in the transition engines' signature hooks, which every path
to the new state goes through (buttons, RPC writes, imports, wizards): they
consume a proof only the signature wizard registers, after checking the
signer's password (see ``signature_proof``). The buttons merely open the
signature dialog when no proof is there yet.
"""

from odoo import fields, models
from odoo.exceptions import UserError

from .signature_proof import consume_signature_proof, has_signature_proof

LOT_SIGNED_STATES = ("released", "rejected")
RECALL_SIGNED_STATES = ("closed",)


def _signature_action(records, action, meaning):
    return {
        "type": "ir.actions.act_window",
        "name": records.env._("Sign: %(meaning)s", meaning=meaning),
        "res_model": "batch.signature.wizard",
        "view_mode": "form",
        "target": "new",
        "context": {
            "default_res_model": records._name,
            "default_res_ids": ",".join(map(str, records.ids)),
            "default_action": action,
            "default_meaning": meaning,
        },
    }


def _requires_signature(records, company_of):
    """The records whose own company (not the user's current one) asks for
    signatures; records without a company follow the current company."""
    env = records.env
    return records.filtered(
        lambda record: (
            (company_of(record).sudo() or env.company).batch_require_esignature
        )
    )


def _to_sign(records, new_state, signed_states, company_of):
    """The records a change to ``new_state`` must be signed for, or none
    (superuser flows, decisions that are not signed, companies that do not
    ask)."""
    if records.env.su or new_state not in signed_states:
        return records.browse()
    return _requires_signature(records, company_of)


def _consume_or_refuse(records, new_state, signed_states, company_of, message):
    """Hook body of the engines: consume this request's signature proof for
    ``records`` or raise ``message`` (a text naming the records)."""
    records = _to_sign(records, new_state, signed_states, company_of)
    if records and not consume_signature_proof(
        records.env, records._name, records.ids, new_state
    ):
        raise UserError(message(records))
    return True


def _compute_signatures(records):
    signatures = (
        records.env["batch.signature"]
        .sudo()
        .search([("res_model", "=", records._name), ("res_id", "in", records.ids)])
    )
    for record in records:
        record.batch_signature_ids = signatures.filtered(
            lambda sig, rec=record: sig.res_id == rec.id
        ).with_env(records.env)


class StockLot(models.Model):
    _inherit = "stock.lot"

    batch_signature_ids = fields.Many2many(
        "batch.signature",
        compute="_compute_batch_signature_ids",
        string="Electronic Signatures",
        groups="batch_traceability.group_quality_user",
    )

    def _compute_batch_signature_ids(self):
        _compute_signatures(self)

    def _batch_signature_needed(self, new_state):
        """Whether changing these batches to ``new_state`` needs a signature
        that was not made yet (the buttons then open the dialog)."""
        lots = _to_sign(
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
        return _consume_or_refuse(
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
        if self._batch_signature_needed("released"):
            return _signature_action(
                self, "release", self.env._("Approved for release")
            )
        return super().action_batch_release()

    def action_batch_reject(self):
        if self._batch_signature_needed("rejected"):
            return _signature_action(self, "reject", self.env._("Rejected"))
        return super().action_batch_reject()


class BatchRecall(models.Model):
    _inherit = "batch.recall"

    batch_signature_ids = fields.Many2many(
        "batch.signature",
        compute="_compute_batch_signature_ids",
        string="Electronic Signatures",
        groups="batch_traceability.group_quality_user",
    )

    def _compute_batch_signature_ids(self):
        _compute_signatures(self)

    def _recall_signature_needed(self, new_state):
        recalls = _to_sign(
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
        return _consume_or_refuse(
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
            return _signature_action(self, "recall_close", self.env._("Recall closed"))
        return super().action_close()
