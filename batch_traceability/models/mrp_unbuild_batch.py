# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from . import rule_guard

# rule_guard key (+ the unbuild's id) marking the unbuild order being processed
UNBUILD_KEY = ("mrp.unbuild", "action_unbuild")


class MrpUnbuild(models.Model):
    _inherit = "mrp.unbuild"

    def action_unbuild(self):
        """Mark the unbuild Odoo processes, so that the shipping gate lets its
        consumption of a recalled or rejected batch through.

        The mark lives in cursor memory for this call only: unlike
        ``consume_unbuild_id`` on a move, no user can set it on another move.
        """
        if len(self) != 1:
            return super().action_unbuild()
        with rule_guard.trusted(self.env, UNBUILD_KEY + (self.id,)):
            return super().action_unbuild()
