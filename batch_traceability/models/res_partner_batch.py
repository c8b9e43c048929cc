# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    batch_received_lot_count = fields.Integer(
        string="Batches Received",
        compute="_compute_batch_received_lot_count",
        help="Distinct batches delivered to this customer and its addresses "
        "(Odoo's customer lot report: outgoing deliveries).",
    )

    def _batch_customer_partners(self):
        """This partner and all its addresses, archived ones included."""
        return self.with_context(active_test=False).search(
            [("id", "child_of", self.ids)]
        )

    def _compute_batch_received_lot_count(self):
        for partner in self:
            if not partner.id:
                partner.batch_received_lot_count = 0
                continue
            partner.batch_received_lot_count = len(partner._batch_received_lots())

    def _batch_received_lots(self):
        """Batches shipped to these customers (customer lot report, no returns)."""
        rows = (
            self.env["stock.lot.report"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self._batch_customer_partners().ids),
                    ("has_return", "=", False),
                ],
                ["lot_id"],
            )
        )
        return self.env["stock.lot"].union(*(row[0] for row in rows))

    def action_view_batches_received(self):
        """Every batch the customer received, and the batches they contain.

        Delivered batches come from Odoo's customer lot report; the batches
        they were made from (ingredients, packaging) come from the genealogy
        engine (upstream trace), so a customer's exposure to a suspect
        ingredient batch is one click away.
        """
        self.ensure_one()
        received = self._batch_received_lots()
        contained = received.batch_trace("upstream")["lots"] if received else received
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Batches received by %(partner)s", partner=self.name),
            "res_model": "stock.lot",
            "view_mode": "list,form",
            "domain": [("id", "in", (received | contained).ids)],
            "context": {"create": False},
            "help": Markup("<p class='o_view_nocontent_empty_folder'>%s</p><p>%s</p>")
            % (
                self.env._("No batch was delivered to this customer"),
                self.env._(
                    "Batches appear here once a delivery to this customer (or one of "
                    "its addresses) is validated."
                ),
            ),
        }
