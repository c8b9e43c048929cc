# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The lot-movement query layer: where batches went, came from and are.

Every screen and engine that asks "which customers received these batches,
how much, at which address", "what is on hand where", "which movements did
they make" or "do they balance" asks it here, so that a trace, a where-used,
a recall scope and a mock-recall drill can never list different customers or
figures for the same shipment.

All methods are set-based (one parameterised statement for any number of
batches), read the done movements of the given companies only, apply NO
record rules (callers pass ids; screens filter what the user may see, engines
run as superuser on purpose) and flush only the models they read.
"""

from odoo import api, models
from odoo.tools import SQL

# The one consignee rule: the address on the transfer. Odoo prints the
# picking's partner on the delivery slip, the carrier delivers there, and
# editing it on the transfer rewrites its moves; a move's own partner only
# matters for a move outside any transfer (a move created by code). A return
# comes back from the consignee of the delivery it returns, whatever partner
# the return got (Odoo's return wizard may take the move's stale partner):
# so a recall line's returns match its shipments. The same rule names the
# consignor of a receipt. Queries using it join CONSIGNEE_JOINS on the move
# line ``ml`` and its move ``sm``.
CONSIGNEE_JOINS = SQL(
    """
    LEFT JOIN stock_picking sp ON sp.id = ml.picking_id
    LEFT JOIN stock_move osm ON osm.id = sm.origin_returned_move_id
    LEFT JOIN stock_picking osp ON osp.id = osm.picking_id
    """
)
CONSIGNEE = SQL(
    "COALESCE(osp.partner_id, osm.partner_id, sp.partner_id, sm.partner_id)"
)

_MOVEMENT_MODELS = {
    "stock.move.line": [
        "lot_id",
        "state",
        "company_id",
        "move_id",
        "picking_id",
        "location_id",
        "location_dest_id",
        "quantity_product_uom",
        "date",
        "product_id",
        "batch_supplier_lot",
    ],
    "stock.move": [
        "partner_id",
        "is_inventory",
        "production_id",
        "picking_id",
        "origin_returned_move_id",
    ],
    "stock.picking": ["partner_id", "name"],
    "stock.location": ["usage", "scrap_location"],
}


class StockLot(models.Model):
    _inherit = "stock.lot"

    @api.model
    def _batch_flush_movements(self, quants=False):
        """Write the pending ORM changes the movement queries read."""
        for model, fnames in _MOVEMENT_MODELS.items():
            self.env[model].flush_model(fnames)
        if quants:
            self.env["stock.quant"].flush_model(
                ["lot_id", "product_id", "location_id", "company_id", "quantity"]
                + ["reserved_quantity"]
            )

    @api.model
    def _batch_shipments(self, lot_ids, company_ids, since=None):
        """What each consignee received of each batch, net of its returns.

        :param lot_ids: the batches (ids)
        :param company_ids: the companies whose movements count
        :param since: only movements from this datetime on (a recall counts
            the returns made since it was scoped)
        :return: one dict per (consignee, batch, product) with ``partner_id``
            (``None`` when the delivery names no address: the caller decides
            what an anonymous shipment means to it), ``lot_id``,
            ``product_id``, ``qty_delivered``, ``qty_returned``,
            ``qty_shipped`` (delivered - returned, in the product's unit),
            ``first_ship_date``, ``last_ship_date`` and ``documents`` (the
            delivery references)
        """
        if not lot_ids:
            return []
        self._batch_flush_movements()
        self.env.cr.execute(
            SQL(
                """
                SELECT %(consignee)s, ml.lot_id, ml.product_id,
                       COALESCE(SUM(ml.quantity_product_uom)
                                FILTER (WHERE dest.usage = 'customer'), 0),
                       COALESCE(SUM(ml.quantity_product_uom)
                                FILTER (WHERE src.usage = 'customer'), 0),
                       MIN(ml.date) FILTER (WHERE dest.usage = 'customer'),
                       MAX(ml.date) FILTER (WHERE dest.usage = 'customer'),
                       STRING_AGG(DISTINCT sp.name, ', ')
                           FILTER (WHERE dest.usage = 'customer')
                  FROM stock_move_line ml
                  JOIN stock_move sm ON sm.id = ml.move_id
                  JOIN stock_location src ON src.id = ml.location_id
                  JOIN stock_location dest ON dest.id = ml.location_dest_id
                  %(consignee_joins)s
                 WHERE ml.lot_id = ANY(%(lots)s)
                   AND ml.company_id = ANY(%(companies)s)
                   AND ml.state = 'done'
                   AND (dest.usage = 'customer' OR src.usage = 'customer')
                   AND (%(since)s::timestamp IS NULL OR ml.date >= %(since)s)
                 GROUP BY 1, 2, 3
                 ORDER BY 2, 1
                """,
                consignee=CONSIGNEE,
                consignee_joins=CONSIGNEE_JOINS,
                lots=list(lot_ids),
                companies=list(company_ids),
                since=since,
            )
        )
        return [
            {
                "partner_id": partner_id,
                "lot_id": lot_id,
                "product_id": product_id,
                "qty_delivered": delivered,
                "qty_returned": returned,
                "qty_shipped": delivered - returned,
                "first_ship_date": first,
                "last_ship_date": last,
                "documents": documents,
            }
            for (
                partner_id,
                lot_id,
                product_id,
                delivered,
                returned,
                first,
                last,
                documents,
            ) in self.env.cr.fetchall()
        ]

    @api.model
    def _batch_stock_on_hand(self, lot_ids, company_ids):
        """Stock of the batches per internal or transit location.

        :return: one dict per (batch, product, location) with a non-zero
            quantity: ``lot_id``, ``product_id``, ``location_id``,
            ``qty_on_hand`` and ``qty_reserved`` (what open documents hold)
        """
        if not lot_ids:
            return []
        self._batch_flush_movements(quants=True)
        self.env.cr.execute(
            SQL(
                """
                SELECT q.lot_id, q.product_id, q.location_id,
                       SUM(q.quantity), SUM(q.reserved_quantity)
                  FROM stock_quant q
                  JOIN stock_location loc ON loc.id = q.location_id
                 WHERE q.lot_id = ANY(%(lots)s)
                   AND q.company_id = ANY(%(companies)s)
                   AND loc.usage IN ('internal', 'transit')
                 GROUP BY 1, 2, 3
                HAVING SUM(q.quantity) <> 0
                 ORDER BY 1, 3
                """,
                lots=list(lot_ids),
                companies=list(company_ids),
            )
        )
        return [
            {
                "lot_id": lot_id,
                "product_id": product_id,
                "location_id": location_id,
                "qty_on_hand": qty,
                "qty_reserved": reserved,
            }
            for lot_id, product_id, location_id, qty, reserved in self.env.cr.fetchall()
        ]

    @api.model
    def _batch_mass_balance(self, lot_ids, company_ids):
        """Where every unit of each batch went, from its done movements.

        Quantities are in the product's unit. A batch is balanced when
        ``qty_in`` (received from suppliers or produced) equals on hand +
        consumed + shipped net of returns + scrapped + samples and other
        losses + inventory count differences + returned to suppliers.

        :return: one dict per batch (every given batch, movements or not)
            with ``lot_id``, ``product_id``, ``qty_in``, ``qty_on_hand``,
            ``qty_consumed``, ``qty_delivered``, ``qty_returned`` (from
            customers), ``qty_shipped`` (delivered - returned),
            ``qty_scrapped`` (to scrap, net of what came back from it),
            ``qty_samples`` (other losses to inventory locations, net, counts
            excluded), ``qty_counted`` (inventory count differences, net)
            and ``qty_to_supplier``
        """
        if not lot_ids:
            return []
        self._batch_flush_movements(quants=True)
        self.env.cr.execute(
            SQL(
                """
                WITH moves AS (
                    SELECT ml.lot_id, src.usage AS src_usage,
                           dest.usage AS dest_usage,
                           COALESCE(src.scrap_location, FALSE) AS from_scrap,
                           COALESCE(dest.scrap_location, FALSE) AS to_scrap,
                           COALESCE(sm.is_inventory, FALSE) AS counted,
                           ml.quantity_product_uom AS qty
                      FROM stock_move_line ml
                      JOIN stock_move sm ON sm.id = ml.move_id
                      JOIN stock_location src ON src.id = ml.location_id
                      JOIN stock_location dest ON dest.id = ml.location_dest_id
                     WHERE ml.lot_id = ANY(%(lots)s)
                       AND ml.company_id = ANY(%(companies)s)
                       AND ml.state = 'done'
                ),
                on_hand AS (
                    SELECT q.lot_id, SUM(q.quantity) AS qty
                      FROM stock_quant q
                      JOIN stock_location loc ON loc.id = q.location_id
                     WHERE q.lot_id = ANY(%(lots)s)
                       AND q.company_id = ANY(%(companies)s)
                       AND loc.usage IN ('internal', 'transit')
                     GROUP BY q.lot_id
                )
                SELECT lot.id, lot.product_id,
                       COALESCE(SUM(m.qty) FILTER (
                           WHERE m.src_usage IN ('supplier', 'production')
                             AND m.dest_usage NOT IN ('supplier', 'production')), 0),
                       COALESCE(MAX(oh.qty), 0),
                       COALESCE(SUM(m.qty) FILTER (
                           WHERE m.dest_usage = 'production'
                             AND m.src_usage <> 'production'), 0),
                       COALESCE(SUM(m.qty) FILTER (
                           WHERE m.dest_usage = 'customer'), 0),
                       COALESCE(SUM(m.qty) FILTER (
                           WHERE m.src_usage = 'customer'), 0),
                       COALESCE(SUM(m.qty) FILTER (
                           WHERE m.dest_usage = 'inventory' AND m.to_scrap), 0)
                     - COALESCE(SUM(m.qty) FILTER (
                           WHERE m.src_usage = 'inventory' AND m.from_scrap), 0),
                       COALESCE(SUM(m.qty) FILTER (
                           WHERE m.dest_usage = 'inventory' AND NOT m.to_scrap
                             AND NOT m.counted), 0)
                     - COALESCE(SUM(m.qty) FILTER (
                           WHERE m.src_usage = 'inventory' AND NOT m.from_scrap
                             AND NOT m.counted), 0),
                       COALESCE(SUM(m.qty) FILTER (
                           WHERE m.dest_usage = 'inventory' AND m.counted
                             AND NOT m.to_scrap), 0)
                     - COALESCE(SUM(m.qty) FILTER (
                           WHERE m.src_usage = 'inventory' AND m.counted
                             AND NOT m.from_scrap), 0),
                       COALESCE(SUM(m.qty) FILTER (
                           WHERE m.dest_usage = 'supplier'
                             AND m.src_usage <> 'supplier'), 0)
                  FROM stock_lot lot
                  LEFT JOIN moves m ON m.lot_id = lot.id
                  LEFT JOIN on_hand oh ON oh.lot_id = lot.id
                 WHERE lot.id = ANY(%(lots)s)
                 GROUP BY lot.id, lot.product_id
                 ORDER BY lot.id
                """,
                lots=list(lot_ids),
                companies=list(company_ids),
            )
        )
        return [
            {
                "lot_id": lot_id,
                "product_id": product_id,
                "qty_in": qty_in,
                "qty_on_hand": on_hand,
                "qty_consumed": consumed,
                "qty_delivered": delivered,
                "qty_returned": returned,
                "qty_shipped": delivered - returned,
                "qty_scrapped": scrapped,
                "qty_samples": samples,
                "qty_counted": counted,
                "qty_to_supplier": to_supplier,
            }
            for (
                lot_id,
                product_id,
                qty_in,
                on_hand,
                consumed,
                delivered,
                returned,
                scrapped,
                samples,
                counted,
                to_supplier,
            ) in self.env.cr.fetchall()
        ]

    @api.model
    def _batch_partner_movements(self, lot_ids, company_ids, usages=None):
        """The done movements of the batches to or from partners' locations.

        :param usages: the partner location usages that count (``customer``
            and ``supplier`` by default)
        :return: one dict per move line with ``lot_id``, ``move_line_id``,
            ``src_usage``, ``dest_usage``, ``partner_id`` (the consignee or
            consignor, see :data:`CONSIGNEE`), ``picking_id``,
            ``production_id``, ``date``, ``qty`` (product's unit) and
            ``supplier_lot`` (the lot number the supplier gave at receipt)
        """
        if not lot_ids:
            return []
        self._batch_flush_movements()
        self.env.cr.execute(
            SQL(
                """
                SELECT ml.lot_id, ml.id, src.usage, dest.usage, %(consignee)s,
                       ml.picking_id, sm.production_id, ml.date,
                       ml.quantity_product_uom, ml.batch_supplier_lot
                  FROM stock_move_line ml
                  JOIN stock_move sm ON sm.id = ml.move_id
                  JOIN stock_location src ON src.id = ml.location_id
                  JOIN stock_location dest ON dest.id = ml.location_dest_id
                  %(consignee_joins)s
                 WHERE ml.lot_id = ANY(%(lots)s)
                   AND ml.state = 'done'
                   AND ml.company_id = ANY(%(companies)s)
                   AND (src.usage = ANY(%(usages)s) OR dest.usage = ANY(%(usages)s))
                 ORDER BY ml.date, ml.id
                """,
                consignee=CONSIGNEE,
                consignee_joins=CONSIGNEE_JOINS,
                lots=list(lot_ids),
                companies=list(company_ids),
                usages=list(usages or ("customer", "supplier")),
            )
        )
        return [
            {
                "lot_id": lot_id,
                "move_line_id": line_id,
                "src_usage": src,
                "dest_usage": dest,
                "partner_id": partner_id,
                "picking_id": picking_id,
                "production_id": production_id,
                "date": date,
                "qty": qty,
                "supplier_lot": supplier_lot,
            }
            for (
                lot_id,
                line_id,
                src,
                dest,
                partner_id,
                picking_id,
                production_id,
                date,
                qty,
                supplier_lot,
            ) in self.env.cr.fetchall()
        ]
