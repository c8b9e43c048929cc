# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Marks writes made by a rule engine, in a way no caller can forge.

Fields that are results of rules (a batch's status, who released it, a
recall's state, ...) are refused in ``write()`` unless the write happens inside
the engine method that checked the rules. A context key cannot carry that
permission: any RPC caller chooses its context. The mark lives in the cursor's
memory for the duration of one Python call instead, where only server code
can put it.
"""

from collections import Counter
from contextlib import contextmanager

_CACHE_KEY = "batch_trusted_writes"


@contextmanager
def trusted(env, key):
    """Let writes of ``key`` (e.g. ``("stock.lot", "batch_state")``) through
    while the ``with`` block runs."""
    marks = env.cr.cache.setdefault(_CACHE_KEY, Counter())
    marks[key] += 1
    try:
        yield
    finally:
        marks[key] -= 1
        if marks[key] <= 0:
            del marks[key]


def is_trusted(env, key):
    """Whether a rule engine is writing ``key`` right now."""
    return env.cr.cache.get(_CACHE_KEY, {}).get(key, 0) > 0
