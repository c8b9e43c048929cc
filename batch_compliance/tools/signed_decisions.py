# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Decisions that need an electronic signature when the company of the
record asks for them: batch release and rejection, recall closure.

The rule lives in the transition engines' signature hooks, which every path
to the new state goes through (buttons, RPC writes, imports, wizards): they
consume a proof only the signature wizard registers, after checking the
signer's password (see ``signature_proof``). The buttons merely open the
signature dialog when no proof is there yet.

Plain functions, not a model: ``stock.lot`` and ``batch.recall`` share them
(``models/stock_lot.py``, ``models/batch_recall.py``) and nothing else
should call or extend them.
"""

from odoo.exceptions import UserError

from .signature_proof import consume_signature_proof

LOT_SIGNED_STATES = ("released", "rejected")
RECALL_SIGNED_STATES = ("closed",)


def signature_action(records, action, meaning):
    """The signature dialog for ``action`` on ``records``."""
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


def requires_signature(records, company_of):
    """The records whose own company (not the user's current one) asks for
    signatures; records without a company follow the current company."""
    env = records.env
    return records.filtered(
        lambda record: (
            (company_of(record).sudo() or env.company).batch_require_esignature
        )
    )


def to_sign(records, new_state, signed_states, company_of):
    """The records a change to ``new_state`` must be signed for, or none
    (superuser flows, decisions that are not signed, companies that do not
    ask)."""
    if records.env.su or new_state not in signed_states:
        return records.browse()
    return requires_signature(records, company_of)


def consume_or_refuse(records, new_state, signed_states, company_of, message):
    """Hook body of the engines: consume this request's signature proof for
    ``records`` or raise ``message`` (a text naming the records)."""
    records = to_sign(records, new_state, signed_states, company_of)
    if records and not consume_signature_proof(
        records.env, records._name, records.ids, new_state
    ):
        raise UserError(message(records))
    return True


def compute_signatures(records):
    """Fill ``batch_signature_ids`` of ``records`` (any signed model)."""
    signatures = (
        records.env["batch.signature"]
        .sudo()
        .search([("res_model", "=", records._name), ("res_id", "in", records.ids)])
    )
    for record in records:
        record.batch_signature_ids = signatures.filtered(
            lambda sig, rec=record: sig.res_id == rec.id
        ).with_env(records.env)
