# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    batch_reservation_note = fields.Text(
        string="Batches Skipped by Reservation",
        compute="_compute_batch_reservation_note",
    )

    @api.depends("move_ids.batch_reservation_note")
    def _compute_batch_reservation_note(self):
        for picking in self:
            notes = {
                note
                for move in picking.move_ids
                for note in (move.batch_reservation_note or "").splitlines()
            }
            picking.batch_reservation_note = "\n".join(sorted(notes)) or False

    def action_batch_override(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Override Batch Rules"),
            "res_model": "batch.validation.override.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_picking_id": self.id},
        }
