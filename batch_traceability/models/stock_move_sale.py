# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero


class StockMove(models.Model):
    _inherit = "stock.move"

    batch_requested_lot_id = fields.Many2one(
        "stock.lot",
        string="Requested Batch",
        index="btree_not_null",
        readonly=True,
        copy=True,
        help="The customer accepts this batch only (set on the sale order "
        "line): reservation takes it alone and validation refuses any other.",
    )

    @api.model
    def _prepare_merge_moves_distinct_fields(self):
        # Two lines asking for different batches must stay two moves.
        return super()._prepare_merge_moves_distinct_fields() + [
            "batch_requested_lot_id"
        ]

    def _prepare_procurement_values(self):
        # Carry the request to the upstream steps (pick/pack) of the delivery.
        values = super()._prepare_procurement_values()
        if self.batch_requested_lot_id:
            values["batch_requested_lot_id"] = self.batch_requested_lot_id.id
        return values

    def _batch_requested_lot_filter(self, lot_id):
        """The rule of the requested batch, for reservation.

        :return: (whether this move may reserve from ``lot_id`` at all, the
            lot to reserve from): the requested batch alone when the customer
            asked for one (another batch offered, e.g. by a chained move's
            origin, is refused), ``lot_id`` unchanged otherwise
        """
        requested = self.batch_requested_lot_id
        if not requested:
            return True, lot_id
        if lot_id and lot_id != requested:
            return False, lot_id
        return True, requested

    @api.model
    def _batch_line_lot_label(self, move_line):
        return move_line.lot_id.name or move_line.lot_name or "-"

    def _batch_check_requested_lot(self):
        """Refuse to validate another batch than the one the customer requested.

        Manual picking in the detailed operations bypasses reservation, so the
        rule is checked again on the lines actually processed.
        """
        for move in self.filtered(
            lambda m: (
                m.batch_requested_lot_id
                and m.picked
                and m.state not in ("done", "cancel")
            )
        ):
            requested = move.batch_requested_lot_id
            wrong = move.move_line_ids.filtered(
                lambda ml, requested=requested: (
                    ml.picked
                    and ml.lot_id != requested
                    and not float_is_zero(
                        ml.quantity, precision_rounding=ml.product_uom_id.rounding
                    )
                )
            )
            if wrong:
                raise UserError(
                    self.env._(
                        "%(reference)s: the customer requested batch %(lot)s of "
                        "%(product)s only; batch %(other)s cannot be shipped on "
                        "this line.",
                        reference=move.picking_id.name or move.reference,
                        lot=requested.name,
                        product=move.product_id.display_name,
                        other=", ".join(
                            wrong.mapped(
                                lambda ml: ml.lot_id.name or ml.lot_name or "-"
                            )
                        ),
                    )
                )
