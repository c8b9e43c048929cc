# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    batch_complaint_count = fields.Integer(compute="_compute_batch_recall_counts")
    batch_recall_count = fields.Integer(compute="_compute_batch_recall_counts")

    def _compute_batch_recall_counts(self):
        """Smart-button counts, grouped in the database (no record is read)."""
        counts = {}
        for model, field in (
            ("batch.complaint", "lot_ids"),
            ("batch.recall", "affected_lot_ids"),
        ):
            groups = self.env[model]._read_group(
                [(field, "in", self.ids)], [field], ["__count"]
            )
            counts[model] = {lot.id: count for lot, count in groups}
        for lot in self:
            lot.batch_complaint_count = counts["batch.complaint"].get(lot.id, 0)
            lot.batch_recall_count = counts["batch.recall"].get(lot.id, 0)

    def _batch_recall_trace_ids(self, company):
        """These batches and every batch made from them, at any depth, through
        the transformations of ``company`` only (a shared batch's other
        companies make their own recalls).

        :return: list of lot ids, these batches first
        """
        trace = self._batch_trace_ids(
            "downstream", company_ids=company.ids, with_lines=False
        )
        return list(self.ids) + trace["lot_ids"]

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
            "help": Markup("<p class='o_view_nocontent_empty_folder'>%s</p><p>%s</p>")
            % (
                self.env._("No complaint names this batch"),
                self.env._(
                    "Record a customer complaint here: a serious one starts the "
                    "regulatory clocks, and a recall can start from it."
                ),
            ),
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
            "help": Markup("<p class='o_view_nocontent_empty_folder'>%s</p><p>%s</p>")
            % (
                self.env._("This batch is in no recall"),
                self.env._(
                    "A recall or mock recall that traces this batch is listed here."
                ),
            ),
        }
