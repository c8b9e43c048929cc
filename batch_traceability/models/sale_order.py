# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    batch_shelf_life_warning = fields.Text(
        string="Shelf Life Warning",
        compute="_compute_batch_shelf_life_warning",
        help="Lines of this quotation for which not enough released batches "
        "with the customer's minimum remaining shelf life are available on "
        "the delivery date.",
    )
    batch_delivered_move_line_ids = fields.Many2many(
        "stock.move.line",
        string="Batches Shipped",
        compute="_compute_batch_delivered_move_line_ids",
        help="Batches delivered to the customer for this order, with quantity "
        "and expiration date.",
    )
    batch_delivered_lot_count = fields.Integer(
        string="Batches",
        compute="_compute_batch_delivered_move_line_ids",
    )

    @api.depends(
        "state",
        "order_line.batch_shelf_life_shortage",
        "order_line.batch_qualifying_qty",
    )
    def _compute_batch_shelf_life_warning(self):
        for order in self:
            warnings = []
            if order.state in ("draft", "sent"):
                for line in order.order_line:
                    warning = line._batch_shelf_life_warning()
                    if warning:
                        warnings.append(warning)
            order.batch_shelf_life_warning = "\n".join(warnings) or False

    @api.depends("order_line.batch_delivered_move_line_ids")
    def _compute_batch_delivered_move_line_ids(self):
        for order in self:
            move_lines = order.order_line.batch_delivered_move_line_ids
            order.batch_delivered_move_line_ids = move_lines
            order.batch_delivered_lot_count = len(move_lines.lot_id)

    def action_confirm(self):
        """Confirm, and record any shelf-life shortage for the salesperson.

        Confirmation is never blocked: the warehouse may still ship once fresh
        batches arrive, and the reservation refuses short-dated ones anyway.
        A shortage known at confirmation is logged in the chatter and an
        activity is scheduled for the salesperson, so the promise is
        followed up instead of silently broken.
        """
        warnings = {
            order.id: order.batch_shelf_life_warning
            for order in self
            if order.state in ("draft", "sent") and order.batch_shelf_life_warning
        }
        res = super().action_confirm()
        for order in self.filtered(lambda o: o.id in warnings):
            order._batch_log_shelf_life_shortage(warnings[order.id])
        return res

    def _batch_log_shelf_life_shortage(self, warning):
        self.ensure_one()
        title = self.env._(
            "Confirmed without enough fresh stock for the customer's minimum "
            "shelf life:"
        )
        items = Markup("").join(
            Markup("<li>%s</li>") % line for line in warning.split("\n")
        )
        self.message_post(
            body=Markup("<p>%s</p><ul>%s</ul>") % (title, items),
            subtype_xmlid="mail.mt_note",
        )
        self.activity_schedule(
            "mail.mail_activity_data_warning",
            summary=self.env._("Shelf-life shortage: confirm the delivery date"),
            note=warning,
            user_id=(self.user_id or self.env.user).id,
        )

    def action_view_batch_delivered(self):
        """The batches shipped for this order, per sale line."""
        self.ensure_one()
        list_view = self.env.ref("batch_traceability.stock_move_line_view_list_sale")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Batches Shipped"),
            "res_model": "stock.move.line",
            "view_mode": "list",
            "views": [(list_view.id, "list")],
            "domain": [("id", "in", self.batch_delivered_move_line_ids.ids)],
            "context": {"create": False},
            "help": Markup("<p class='o_view_nocontent_empty_folder'>%s</p><p>%s</p>")
            % (
                self.env._("No batch shipped for this order yet"),
                self.env._(
                    "The batches of the validated deliveries of this order appear here."
                ),
            ),
        }

    # ------------------------------------------------------------------
    # Customer-facing information (portal)
    # ------------------------------------------------------------------
    def _batch_portal_lot_values(self):
        """Batches delivered for this order, for the customer portal.

        Read as superuser because portal users have no access to stock
        records; the caller (the portal page) has already checked the
        customer's access to the order. Quantities are summed per batch.

        :return: list of dicts with ``product``, ``lot``, ``quantity``,
            ``uom``, ``expiration_date`` (datetime or False) and ``recalled``
        """
        self.ensure_one()
        values = {}
        for move_line in self.sudo().batch_delivered_move_line_ids:
            lot = move_line.lot_id
            qty = move_line.product_uom_id._compute_quantity(
                move_line.quantity, lot.product_id.uom_id
            )
            if lot.id in values:
                values[lot.id]["quantity"] += qty
                continue
            values[lot.id] = {
                "product": lot.product_id.display_name,
                "lot": lot.name,
                "quantity": qty,
                "uom": lot.product_id.uom_id.name,
                "expiration_date": lot.expiration_date,
                "recalled": lot.batch_state == "recalled",
            }
        return list(values.values())

    def _batch_recall_notices(self):
        """Recall notices to show to the customer on this order's portal page.

        Extension point: batch_traceability knows no recall campaign, so it
        returns nothing; the recall addon overrides this to return, for the
        order's delivered batches under an active recall, dicts with
        ``title``, ``message`` and ``url`` (link to the recall notice).
        """
        self.ensure_one()
        return []
