# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stock operations on batches: free them from open documents, move them.

A batch that may no longer be shipped or consumed (held, rejected, blocked,
recalled) is taken out of the reservations made for it; the status engine
does it on every status change (see ``stock.lot._batch_transition``) and a
recall launch relies on it. These are consequences of a decision already
checked by the engine: they run as superuser, on every company's documents
(the status of a batch is the same in all of them).
"""

from odoo import models


class StockLot(models.Model):
    _inherit = "stock.lot"

    def _batch_open_reserved_moves(self, company=None):
        """The open moves holding a reservation of these batches that the
        reservation rules would not make now (every move except those into a
        location that accepts unreleased batches, e.g. a quarantine transfer).

        :param company: only this company's moves (all companies when None)
        """
        domain = [
            ("lot_id", "in", self.ids),
            ("state", "not in", ("done", "cancel")),
            ("move_id", "!=", False),
        ]
        if company:
            domain.append(("company_id", "=", company.id))
        lines = self.env["stock.move.line"].sudo().search(domain)
        return lines.move_id.filtered(
            lambda move: (
                move.state not in ("done", "cancel")
                and move._batch_reservation_rules() is not None
            )
        )

    def _batch_unreserve(self, body, summary, company=None):
        """Take these batches out of every open reservation, picked or not,
        then let reservation pick other (released) batches where there are
        some. Each transfer and manufacturing order touched gets ``body`` in
        its chatter and a to-do (``summary``) for its responsible.

        Lines ticked *picked* survive Odoo's unreserve and would stay stuck
        on the batch, so the picked flag is cleared first.

        :return: (transfers, manufacturing orders) touched
        """
        moves = self._batch_open_reserved_moves(company)
        pickings = moves.picking_id
        productions = moves.raw_material_production_id
        if not moves:
            return pickings, productions
        moves.filtered("picked").picked = False
        moves.move_line_ids.filtered("picked").picked = False
        moves._do_unreserve()
        moves._action_assign()
        for document in [*pickings, *productions]:
            document.message_post(body=body)
            if document.user_id:
                document.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=summary,
                    note=body,
                    user_id=document.user_id.id,
                )
        return pickings, productions

    def _batch_move_stock(self, location, message, company=None):
        """Move the internal stock of these batches to ``location`` (e.g. a
        recall or quarantine area), with ``message`` on the moves.

        :param company: only this company's stock (all companies when None)
        :return: the quants moved
        """
        domain = [
            ("lot_id", "in", self.ids),
            ("location_id.usage", "=", "internal"),
            ("quantity", ">", 0),
            ("location_id", "!=", location.id),
        ]
        if company:
            domain.append(("company_id", "=", company.id))
        quants = self.env["stock.quant"].sudo().search(domain)
        if quants:
            quants.move_quants(location_dest_id=location, message=message)
        return quants
