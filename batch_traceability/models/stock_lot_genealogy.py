# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .stock_lot_movement import CONSIGNEE, CONSIGNEE_JOINS

# A guard, not a business limit: real genealogies are a handful of levels deep.
MAX_TRACE_DEPTH = 100

# stock_move_line_consume_rel(consume_line_id, produce_line_id) holds one row per
# (output line, input line) of a transformation: for a manufacturing order the
# output is the finished line and the input the component line; unbuild and
# repair write the same table with their own output/input. So material always
# flows from produce_line_id's lot to consume_line_id's lot.
_NEXT_LEVEL = {
    "downstream": """
        SELECT DISTINCT dst.lot_id
          FROM unnest(%(frontier)s::int[]) AS f(lot_id)
          JOIN stock_move_line src ON src.lot_id = f.lot_id
          JOIN stock_move_line_consume_rel rel ON rel.produce_line_id = src.id
          JOIN stock_move_line dst ON dst.id = rel.consume_line_id
         WHERE src.state = 'done'
           AND dst.state = 'done'
           AND dst.lot_id IS NOT NULL
           AND src.company_id = ANY(%(companies)s)
           AND dst.company_id = ANY(%(companies)s)
    """,
    "upstream": """
        SELECT DISTINCT dst.lot_id
          FROM unnest(%(frontier)s::int[]) AS f(lot_id)
          JOIN stock_move_line src ON src.lot_id = f.lot_id
          JOIN stock_move_line_consume_rel rel ON rel.consume_line_id = src.id
          JOIN stock_move_line dst ON dst.id = rel.produce_line_id
         WHERE src.state = 'done'
           AND dst.state = 'done'
           AND dst.lot_id IS NOT NULL
           AND src.company_id = ANY(%(companies)s)
           AND dst.company_id = ANY(%(companies)s)
    """,
}

# The partners a trace reaches: customers receive downstream, suppliers ship
# upstream. The delivery address is kept (a recall notifies each address).
_PARTNER_USAGE = {"downstream": "customer", "upstream": "supplier"}


class StockLot(models.Model):
    _inherit = "stock.lot"

    def _batch_trace_ids(
        self,
        direction="downstream",
        max_depth=MAX_TRACE_DEPTH,
        company_ids=None,
        with_lines=True,
    ):
        """Genealogy closure as plain ids, for callers that work at scale.

        Breadth-first over the transformation links, one set-based query per
        level, so each lot is expanded once (cycles from rework are safe and no
        lot is counted twice) and its depth is the shortest number of
        transformations from the start lots. Record rules are NOT applied here:
        use :meth:`batch_trace` to get what the current user may see.

        :param max_depth: stop after this many transformations (the scan
            screen only shows the first level)
        :param company_ids: the companies whose movements count (a batch
            without company is shared: another company's manufacturing and
            customers are not this company's genealogy); the current
            request's companies by default
        :param with_lines: also return the movements and partners (callers
            that only need the batches, such as a recall scope, skip it)
        :return: dict with ``lot_ids`` (reached lots, start lots excluded),
            ``depth`` ({lot_id: depth}, start lots at 0), ``move_line_ids`` (done
            lines of the start and reached lots) and ``partner_ids``.
        """
        if direction not in _NEXT_LEVEL:
            raise UserError(
                self.env._(
                    "Unknown trace direction %(direction)s: use 'downstream' or "
                    "'upstream'.",
                    direction=direction,
                )
            )
        self._batch_flush_movements()
        self.env["stock.move.line"].flush_model(["consume_line_ids"])
        companies = list(company_ids or self.env.companies.ids)
        depth = dict.fromkeys(self.ids, 0)
        frontier = list(self.ids)
        level = 0
        while frontier and level < max_depth:
            level += 1
            self.env.cr.execute(
                SQL(_NEXT_LEVEL[direction], frontier=frontier, companies=companies)
            )
            frontier = [
                lot_id for (lot_id,) in self.env.cr.fetchall() if lot_id not in depth
            ]
            for lot_id in frontier:
                depth[lot_id] = level
        all_lot_ids = list(depth)
        start = set(self.ids)
        result = {
            "lot_ids": [lot_id for lot_id in all_lot_ids if lot_id not in start],
            "depth": depth,
            "move_line_ids": [],
            "partner_ids": [],
        }
        if not with_lines:
            return result
        self.env.cr.execute(
            SQL(
                """
                SELECT ml.id,
                       CASE WHEN other.usage = %(usage)s THEN %(consignee)s END
                  FROM unnest(%(lots)s::int[]) AS l(lot_id)
                  JOIN stock_move_line ml ON ml.lot_id = l.lot_id
                  JOIN stock_move sm ON sm.id = ml.move_id
                  JOIN stock_location other
                    ON other.id = CASE WHEN %(usage)s = 'customer'
                                       THEN ml.location_dest_id
                                       ELSE ml.location_id END
                  %(consignee_joins)s
                 WHERE ml.state = 'done'
                   AND ml.company_id = ANY(%(companies)s)
                """,
                usage=_PARTNER_USAGE[direction],
                consignee=CONSIGNEE,
                consignee_joins=CONSIGNEE_JOINS,
                lots=all_lot_ids,
                companies=companies,
            )
        )
        rows = self.env.cr.fetchall()
        result["move_line_ids"] = [row[0] for row in rows]
        result["partner_ids"] = sorted({row[1] for row in rows if row[1]})
        return result

    @api.readonly
    def batch_trace(self, direction="downstream"):
        """Everything these batches went into (downstream) or came from (upstream).

        :param direction: ``'downstream'`` (batches made from these, and the
            customers who received any of them) or ``'upstream'`` (batches these
            were made from, and the suppliers who delivered them)
        :return: dict with ``lots`` (stock.lot reached, start lots excluded),
            ``move_lines`` (stock.move.line: the done movements of the start and
            reached lots), ``partners`` (res.partner: customers downstream,
            suppliers upstream) and ``depth`` ({lot_id: number of
            transformations from the start lots}); records the current user may
            not read (record rules, other companies) are left out.
        """
        result = self._batch_trace_ids(direction)
        lots = self.env["stock.lot"].search([("id", "in", result["lot_ids"])])
        move_lines = self.env["stock.move.line"].search(
            [("id", "in", result["move_line_ids"])]
        )
        partners = self.env["res.partner"].browse(result["partner_ids"])
        visible = set(lots.ids) | set(self.ids)
        return {
            "lots": lots,
            "move_lines": move_lines,
            "partners": partners.exists(),
            "depth": {k: v for k, v in result["depth"].items() if k in visible},
        }

    def batch_where_used(self):
        """Every batch that contains these batches, at any manufacturing level."""
        return self.batch_trace("downstream")["lots"]
