# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _batch_recall_notices(self):
        """Active recalls touching the batches delivered for this order, with
        a link to the customer's notice when one was sent."""
        notices = super()._batch_recall_notices()
        lots = self.sudo().batch_delivered_move_line_ids.lot_id
        if not lots:
            return notices
        recalls = (
            self.env["batch.recall"]
            .sudo()
            .search(
                [
                    ("affected_lot_ids", "in", lots.ids),
                    # batches without a company are shared: another company's
                    # recall is not this order's business
                    ("company_id", "=", self.company_id.id),
                    ("recall_type", "!=", "mock"),
                    ("state", "in", ("in_progress", "monitoring")),
                ]
            )
        )
        customer = self.partner_id.commercial_partner_id
        for recall in recalls:
            recalled = recall.affected_lot_ids & lots
            notice = recall.notice_ids.filtered(lambda n: n.partner_id == customer)[:1]
            notices.append(
                {
                    "title": self.env._(
                        "Product recall %(recall)s", recall=recall.name
                    ),
                    "message": self.env._(
                        "Batches %(lots)s delivered with this order are recalled: "
                        "%(reason)s",
                        lots=", ".join(recalled.mapped("name")),
                        reason=recall.title,
                    ),
                    "url": notice.get_portal_url() if notice else False,
                }
            )
        return notices
