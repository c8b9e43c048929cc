# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import api, fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    batch_upstream_count = fields.Integer(
        string="Upstream", compute="_compute_batch_genealogy_counts"
    )
    batch_downstream_count = fields.Integer(
        string="Downstream", compute="_compute_batch_genealogy_counts"
    )

    def _compute_batch_genealogy_counts(self):
        # the closure only: the movements and partners are not needed to count
        for lot in self:
            if not lot.id:
                lot.batch_upstream_count = lot.batch_downstream_count = 0
                continue
            for direction in ("upstream", "downstream"):
                lot[f"batch_{direction}_count"] = len(
                    lot._batch_trace_ids(direction, with_lines=False)["lot_ids"]
                )

    def _batch_genealogy_action(self, direction):
        self.ensure_one()
        trace = self.batch_trace(direction)
        return {
            "type": "ir.actions.act_window",
            "name": (
                self.env._("Made from %(lot)s", lot=self.name)
                if direction == "downstream"
                else self.env._("%(lot)s is made from", lot=self.name)
            ),
            "res_model": "stock.lot",
            "view_mode": "list,form",
            "domain": [("id", "in", trace["lots"].ids)],
            "context": {"create": False},
            "help": Markup("<p>%s</p><p>%s</p>")
            % (
                self.env._("No batch was made from %(lot)s yet", lot=self.name)
                if direction == "downstream"
                else self.env._(
                    "%(lot)s was not made from other batches", lot=self.name
                ),
                self.env._(
                    "Genealogy follows the batches consumed and produced by done "
                    "manufacturing orders (and unbuilds); a received batch has its "
                    "supplier instead."
                ),
            ),
        }

    # The traces only read: from the web client they run on a read-only
    # replica when the deployment has one (db_replica_host).
    @api.readonly
    def action_view_batch_upstream(self):
        return self._batch_genealogy_action("upstream")

    @api.readonly
    def action_view_batch_downstream(self):
        return self._batch_genealogy_action("downstream")

    def action_view_batch_where_used(self):
        """Where-used writes its rows as a transient snapshot the user groups
        and filters: it runs on the primary database."""
        self.ensure_one()
        return self.env["batch.where.used"]._open_for(self)
