# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.batch_traceability.models.stock_lot_genealogy import MAX_TRACE_DEPTH


class StockLot(models.Model):
    _inherit = "stock.lot"

    batch_complaint_ids = fields.Many2many(
        "batch.complaint", compute="_compute_batch_recall_counts", string="Complaints"
    )
    batch_complaint_count = fields.Integer(compute="_compute_batch_recall_counts")
    batch_recall_count = fields.Integer(compute="_compute_batch_recall_counts")

    def _compute_batch_recall_counts(self):
        complaints = self.env["batch.complaint"].search([("lot_ids", "in", self.ids)])
        recalls = self.env["batch.recall"]._read_group(
            [("affected_lot_ids", "in", self.ids)], ["affected_lot_ids"], ["__count"]
        )
        recall_count = {lot.id: count for lot, count in recalls}
        for lot in self:
            lot.batch_complaint_ids = complaints.filtered(
                lambda c, lot=lot: lot in c.lot_ids
            )
            lot.batch_complaint_count = len(lot.batch_complaint_ids)
            lot.batch_recall_count = recall_count.get(lot.id, 0)

    def _batch_recall_trace_ids(self, company):
        """These batches and every batch made from them, at any depth, through
        the transformations of ``company`` only.

        Batches without a company are shared between companies: another
        company's manufacturing orders made from the same batch belong to
        that company's recall, never to this one.

        :return: list of lot ids, these batches first
        """
        self.env["stock.move.line"].flush_model(
            ["lot_id", "state", "company_id", "consume_line_ids"]
        )
        seen = set(self.ids)
        reached = []
        frontier = list(self.ids)
        level = 0
        while frontier and level < MAX_TRACE_DEPTH:
            level += 1
            self.env.cr.execute(
                SQL(
                    """
                    SELECT DISTINCT dst.lot_id
                      FROM stock_move_line src
                      JOIN stock_move_line_consume_rel rel
                        ON rel.produce_line_id = src.id
                      JOIN stock_move_line dst ON dst.id = rel.consume_line_id
                     WHERE src.lot_id = ANY(%(frontier)s)
                       AND src.state = 'done'
                       AND dst.state = 'done'
                       AND src.company_id = %(company)s
                       AND dst.company_id = %(company)s
                       AND dst.lot_id IS NOT NULL
                    """,
                    frontier=frontier,
                    company=company.id,
                )
            )
            frontier = [
                lot_id for (lot_id,) in self.env.cr.fetchall() if lot_id not in seen
            ]
            seen.update(frontier)
            reached += frontier
        return list(self.ids) + reached

    def action_view_batch_complaints(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Complaints"),
            "res_model": "batch.complaint",
            "view_mode": "list,form",
            "domain": [("lot_ids", "in", self.ids)],
            "context": {
                "default_lot_ids": [(6, 0, self.ids)],
                "default_product_id": self.product_id.id,
            },
        }

    def action_view_batch_recalls(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Recalls"),
            "res_model": "batch.recall",
            "view_mode": "list,form",
            "domain": [("affected_lot_ids", "in", self.ids)],
            "context": {"default_lot_ids": [(6, 0, self.ids)]},
        }
