# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    def _post_inventory(self, cancel_backorder=False):
        """Record the FSMA transformation events of the finished FTL batches."""
        res = super()._post_inventory(cancel_backorder=cancel_backorder)
        lines = self.move_finished_ids.filtered(
            lambda m: m.state == "done" and m.product_id.product_tmpl_id.batch_fsma_ftl
        ).move_line_ids.filtered("lot_id")
        if lines:
            self.env["batch.fsma.event"].sudo()._fsma_capture(lines)
        return res
