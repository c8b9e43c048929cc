#!/usr/bin/env python3
# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scale check: recall scope for one ingredient batch that went into 10,000
finished batches shipped to 5,000 customers.

Builds the data inside one transaction that is rolled back at the end (the
database is left as it was): one ingredient batch consumed by 10,000
manufacturing orders (component and finished move lines linked as Odoo links
them), each finished batch shipped to one of 5,000 customers, plus unrelated
noise movements; then times ``batch.recall.action_compute_scope()`` (genealogy,
consignee lines, stock on hand and mass balance, records created).

    python3 setup/bench_recall.py --database <db with batch_recall>
        [--batches 10000] [--customers 5000] [--noise 100000] [--runs 3]
        [--move-lines 1000000]
"""

import argparse
import statistics
import sys
import time

from _bench_common import clone_sql, fill_move_lines, odoo_env, template_move_line

from odoo import Command


def build(env, args):
    cr = env.cr
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    stock = warehouse.lot_stock_id
    production = env["stock.location"].search(
        [("usage", "=", "production"), ("company_id", "=", env.company.id)], limit=1
    )
    customers_loc = env.ref("stock.stock_location_customers")
    common = {"is_storable": True, "tracking": "lot"}
    ingredient, finished = env["product.product"].create(
        [dict(common, name="Bench flour"), dict(common, name="Bench bread")]
    )
    suspect = env["stock.lot"].create(
        {"name": "BENCH-FLOUR-1", "product_id": ingredient.id}
    )
    template_lot = env["stock.lot"].create(
        {"name": "BENCH-BREAD-0", "product_id": finished.id}
    )
    template_partner = env["res.partner"].create({"name": "Bench customer 0"})

    # one template move + line per movement kind, cloned in bulk below
    consume_tpl = template_move_line(env, ingredient, stock, production, suspect)
    produce_tpl = template_move_line(env, finished, production, stock, template_lot)
    ship_tpl = template_move_line(
        env, finished, stock, customers_loc, template_lot, template_partner
    )
    env.flush_all()
    n, c = args.batches, args.customers
    cr.execute(
        clone_sql(
            cr, "res_partner", template_partner.id, {"name": "'Bench customer ' || g"}
        ),
        {"n": c},
    )
    partners = [row[0] for row in cr.fetchall()]
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
        [partners],
    )
    cr.execute(
        clone_sql(cr, "stock_lot", template_lot.id, {"name": "'BENCH-BREAD-' || g"}),
        {"n": n},
    )
    lots = [row[0] for row in cr.fetchall()]
    cr.execute(
        "CREATE TEMP TABLE bench_lot AS SELECT unnest(%s::int[]) AS lot_id, "
        "generate_series(1, %s) AS g",
        [lots, n],
    )
    partner_arr = partners

    def clone_lines(template_line, lot_expr, partner_expr=None):
        # a move per line, then its line pointing at it
        overrides = {}
        if partner_expr:
            overrides["partner_id"] = partner_expr
        cr.execute(
            clone_sql(cr, "stock_move", template_line.move_id.id, overrides), {"n": n}
        )
        move_ids = [row[0] for row in cr.fetchall()]
        cr.execute(
            clone_sql(
                cr,
                "stock_move_line",
                template_line.id,
                {
                    "move_id": "(%(moves)s::int[])[g]",
                    "lot_id": lot_expr,
                },
            ),
            {"n": n, "moves": move_ids, "lots": lots},
        )
        return [row[0] for row in cr.fetchall()]

    consumed = clone_lines(consume_tpl, "t.lot_id")
    produced = clone_lines(produce_tpl, "(%(lots)s::int[])[g]")
    cr.execute(
        "INSERT INTO stock_move_line_consume_rel (consume_line_id, produce_line_id) "
        "SELECT unnest(%s::int[]), unnest(%s::int[])",
        [produced, consumed],
    )
    clone_lines(
        ship_tpl,
        "(%(lots)s::int[])[g]",
        partner_expr=f"(ARRAY[{','.join(map(str, partner_arr))}]::int[])[1 + g %% {c}]",
    )
    if args.noise:
        # unrelated history, so the tables are not only the recall's own rows
        noise_lot = env["stock.lot"].create(
            {"name": "BENCH-NOISE", "product_id": finished.id}
        )
        env.flush_all()
        cr.execute(
            clone_sql(
                cr, "stock_move_line", ship_tpl.id, {"lot_id": str(noise_lot.id)}
            ),
            {"n": args.noise},
        )
    if args.move_lines:
        # an older history up to the database size asked for
        fill_move_lines(env, args.move_lines, ship_tpl)
    cr.execute("ANALYZE stock_move_line")
    cr.execute("ANALYZE stock_move_line_consume_rel")
    cr.execute("ANALYZE stock_move")
    env.invalidate_all()
    return suspect


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--config", default=None)
    parser.add_argument("--batches", type=int, default=10000)
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--noise", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--move-lines",
        type=int,
        default=0,
        help="fill stock.move.line with older movements up to this many rows",
    )
    args = parser.parse_args()
    registry, make_env = odoo_env(args.database, args.config)
    with registry.cursor() as cr:
        env = make_env(cr)
        if "batch.recall" not in env:
            sys.exit("batch_recall is not installed in this database")
        print(
            f"building {args.batches} batches for {args.customers} customers ...",
            flush=True,
        )
        suspect = build(env, args)
        cr.execute("SELECT count(*) FROM stock_move_line")
        total = cr.fetchone()[0]
        times = []
        for _run in range(args.runs):
            cr.execute("SAVEPOINT bench_run")
            recall = env["batch.recall"].create(
                {
                    "title": "bench",
                    "reason": "bench",
                    "lot_ids": [Command.set(suspect.ids)],
                }
            )
            env.flush_all()
            start = time.perf_counter()
            recall.action_compute_scope()
            env.flush_all()
            times.append(time.perf_counter() - start)
            result = (
                len(recall.affected_lot_ids),
                len(recall.line_ids),
                len(recall.line_ids.commercial_partner_id),
                recall.qty_shipped,
            )
            cr.execute("ROLLBACK TO SAVEPOINT bench_run")
            env.clear()
        cr.rollback()
    lots, lines, customers, shipped = result
    print(
        f"scope: {lots} batches, {lines} consignee lines, {customers} customers, "
        f"{shipped:.0f} units shipped"
    )
    print(
        f"action_compute_scope: {statistics.median(times):.2f} s median of {args.runs} "
        f"(target < 5 s), {total} move lines in the database"
    )


if __name__ == "__main__":
    main()
