# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Audit entries gain plain user/company/batch names, a position in their
company's chain, and a chain head: rebuild the chains once, in the upgrade."""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    # the signature dialog stored the password in a column (wrong attempts
    # too); the field is no longer stored: drop the column and its values
    cr.execute("ALTER TABLE batch_signature_wizard DROP COLUMN IF EXISTS password")
    env = api.Environment(cr, SUPERUSER_ID, {})
    count = env["batch.audit.log"]._batch_audit_rechain()
    _logger.info("Audit trail: %s entries chained per company with a head.", count)
