# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared helpers of the benchmark scripts: Odoo bootstrap and bulk cloning
of template rows (the shape is made by the ORM, the volume by SQL)."""

import time

import odoo
from odoo import Command, api
from odoo.modules.registry import Registry


def odoo_env(database, config=None):
    """(registry, make_env) for ``database``; close cursors yourself."""
    args = ["-d", database, "--log-level=warn"]
    if config:
        args += ["-c", config]
    odoo.tools.config.parse_config(args)
    registry = Registry(database)

    def make_env(cr):
        return api.Environment(cr, odoo.SUPERUSER_ID, {})

    return registry, make_env


def clone_sql(cr, table, template_id, overrides):
    """INSERT ... SELECT copying every column of a template row but those in
    ``overrides`` (column -> SQL expression over generate_series ``g``),
    ``%(n)s`` times; returns the statement (RETURNING id)."""
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = %s AND column_name <> 'id'""",
        [table],
    )
    columns = [row[0] for row in cr.fetchall()]
    select = [overrides.get(col, f't."{col}"') for col in columns]
    quoted = ", ".join(f'"{col}"' for col in columns)
    return (
        f'INSERT INTO "{table}" ({quoted}) '
        f'SELECT {", ".join(select)} FROM "{table}" t, generate_series(1, %(n)s) g '
        f"WHERE t.id = {int(template_id)} RETURNING id"
    )


def template_move_line(env, product, src, dest, lot, partner=False):
    """One done move of one unit of ``lot``: the row that bulk SQL clones."""
    move = env["stock.move"].create(
        {
            "name": "bench",
            "product_id": product.id,
            "product_uom_qty": 1,
            "product_uom": product.uom_id.id,
            "location_id": src.id,
            "location_dest_id": dest.id,
            "partner_id": partner and partner.id,
            "state": "done",
            "move_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "lot_id": lot.id,
                        "quantity": 1,
                        "product_uom_id": product.uom_id.id,
                        "location_id": src.id,
                        "location_dest_id": dest.id,
                        "state": "done",
                    }
                )
            ],
        }
    )
    return move.move_line_ids


def fill_move_lines(env, target, template_line, lots=1000, chunk=1_000_000):
    """Add done movements (clones of ``template_line`` on ``lots`` new
    batches of its product, no stock.move) until stock_move_line holds
    ``target`` rows: the history of a database of that size. Inserted by
    chunks so that 10 million rows do not travel through Python at once.

    :return: the number of rows in stock_move_line afterwards
    """
    cr = env.cr
    started = time.perf_counter()
    cr.execute("SELECT count(*) FROM stock_move_line")
    missing = target - cr.fetchone()[0]
    if missing > 0:
        cr.execute(
            clone_sql(
                cr,
                "stock_lot",
                template_line.lot_id.id,
                {"name": "'BENCH-HISTORY-' || g"},
            ),
            {"n": max(1, min(lots, missing))},
        )
        lot_ids = [row[0] for row in cr.fetchall()]
        statement = clone_sql(
            cr,
            "stock_move_line",
            template_line.id,
            {
                "lot_id": "(%(lots)s::int[])[1 + g %% cardinality(%(lots)s::int[])]",
                "move_id": "NULL",
                # a history spread over the last ~3 years
                "date": "now() - (g %% 1000) * interval '1 day'",
            },
        ).replace(" RETURNING id", "")
        while missing > 0:
            count = min(chunk, missing)
            cr.execute(statement, {"n": count, "lots": lot_ids})
            missing -= count
        cr.execute("ANALYZE stock_move_line")
        cr.execute("ANALYZE stock_lot")
    cr.execute(
        "SELECT count(*), pg_relation_size('stock_move_line'), "
        "pg_indexes_size('stock_move_line') FROM stock_move_line"
    )
    total, heap, indexes = cr.fetchone()
    print(
        f"stock_move_line: {total} rows, table {heap / 2**20:.0f} MB, "
        f"indexes {indexes / 2**20:.0f} MB "
        f"(filled in {time.perf_counter() - started:.0f} s)",
        flush=True,
    )
    return total
