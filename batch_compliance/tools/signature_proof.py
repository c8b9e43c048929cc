# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Proof that a decision was signed, kept where no caller can forge it.

The signature wizard checks the signer's password, then registers a proof
for the records, the decision and the signer in the cursor's memory while it
calls the decision; the decision's engine consumes the proof
(``stock.lot._batch_check_signature``, ``batch.recall._recall_check_signature``).
A context key cannot carry that proof: any RPC caller chooses its context.
"""

from contextlib import contextmanager

_CACHE_KEY = "batch_signature_proofs"


@contextmanager
def signature_proof(env, model, ids, decision):
    """Let ``decision`` (a target state) on ``ids`` of ``model`` pass as
    signed by the current user while the ``with`` block runs."""
    proofs = env.cr.cache.setdefault(_CACHE_KEY, {})
    key = (model, decision, env.uid)
    signed = proofs.setdefault(key, set())
    added = set(ids) - signed
    signed |= added
    try:
        yield
    finally:
        signed -= added
        if not signed:
            proofs.pop(key, None)


def has_signature_proof(env, model, ids, decision):
    """Whether every record of ``ids`` carries a proof for ``decision``."""
    proofs = env.cr.cache.get(_CACHE_KEY, {})
    return set(ids) <= proofs.get((model, decision, env.uid), set())


def consume_signature_proof(env, model, ids, decision):
    """Use the proof of ``ids`` up: a signature serves one decision only.

    :return: whether every record carried a proof
    """
    if not has_signature_proof(env, model, ids, decision):
        return False
    proofs = env.cr.cache.get(_CACHE_KEY, {})
    proofs[(model, decision, env.uid)] -= set(ids)
    return True
