# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    def action_batch_override(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Override Batch Rules"),
            "res_model": "batch.validation.override.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_production_id": self.id},
        }
