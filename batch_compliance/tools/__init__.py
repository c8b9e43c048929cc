# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Helpers that are not models: the signature proof kept in the cursor's
memory (``signature_proof``) and the rule shared by the signed decisions of
several models (``signed_decisions``)."""
