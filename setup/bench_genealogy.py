#!/usr/bin/env python3
# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark: batch_trace() vs Odoo's Traceability report, fully unfolded.

For each database size (total stock.move.line rows), inside a transaction
that is rolled back at the end, builds one genealogy of fixed size: a raw
batch consumed into ``--intermediates`` batches, each consumed into
``--finished`` batches, each shipped to a customer; then fills the table up to
the size with unrelated movements (other batches received, moved, consumed,
shipped). It times, on the same data, a downstream trace of the raw batch
with ``stock.lot.batch_trace()`` and with Odoo's own report unfolded the way
a user clicks through it (median of ``--runs``), checks both find the same
batches, and prints the ratio.

    python3 setup/bench_genealogy.py --database <db with batch_traceability>
        [--sizes 10000,100000,1000000] [--intermediates 100] [--finished 10]
"""

import argparse
import importlib.util
import pathlib
import statistics
import time

from _bench_common import clone_sql, odoo_env, template_move_line

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _odoo_report_trace():
    path = ROOT / "batch_traceability" / "tests" / "odoo_traceability.py"
    spec = importlib.util.spec_from_file_location("odoo_traceability", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.odoo_report_trace


def build(env, size, n_mid, n_fin):
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
    raw_p, mid_p, fin_p, noise_p = env["product.product"].create(
        [
            dict(common, name="Bench wheat"),
            dict(common, name="Bench flour"),
            dict(common, name="Bench bread"),
            dict(common, name="Bench noise"),
        ]
    )
    raw = env["stock.lot"].create({"name": "BENCH-RAW-1", "product_id": raw_p.id})
    tpl_lot = env["stock.lot"].create({"name": "BENCH-T-0", "product_id": mid_p.id})
    tpl_fin = env["stock.lot"].create({"name": "BENCH-T-1", "product_id": fin_p.id})
    customer = env["res.partner"].create({"name": "Bench customer"})

    t_consume = template_move_line(env, raw_p, stock, production, raw)
    t_produce = template_move_line(env, mid_p, production, stock, tpl_lot)
    t_ship = template_move_line(env, fin_p, stock, customers_loc, tpl_fin, customer)
    env.flush_all()

    def lots(product, count, prefix):
        cr.execute(
            clone_sql(
                cr,
                "stock_lot",
                tpl_lot.id,
                {"name": f"'{prefix}-' || g", "product_id": str(product.id)},
            ),
            {"n": count},
        )
        return [row[0] for row in cr.fetchall()]

    mo_template = env["mrp.production"].create(
        {"product_id": mid_p.id, "product_qty": 1, "product_uom_id": mid_p.uom_id.id}
    )
    env.flush_all()

    def productions(count):
        productions.batch += 1
        name = f"'BENCH/MO/{productions.batch}/' || g"
        cr.execute(
            clone_sql(cr, "mrp_production", mo_template.id, {"name": name}),
            {"n": count},
        )
        return [row[0] for row in cr.fetchall()]

    productions.batch = 0

    def lines(template_line, count, lot_expr, product, params, mo_field=None, mos=None):
        overrides = {"product_id": str(product.id)}
        if mo_field:
            overrides[mo_field] = "(%(mos)s::int[])[g]"
        cr.execute(
            clone_sql(cr, "stock_move", template_line.move_id.id, overrides),
            {"n": count, "mos": mos},
        )
        moves = [row[0] for row in cr.fetchall()]
        cr.execute(
            clone_sql(
                cr,
                "stock_move_line",
                template_line.id,
                {
                    "move_id": "(%(moves)s::int[])[g]",
                    "lot_id": lot_expr,
                    "product_id": str(product.id),
                },
            ),
            dict(params, n=count, moves=moves),
        )
        return [row[0] for row in cr.fetchall()]

    def link(outputs, inputs):
        cr.execute(
            "INSERT INTO stock_move_line_consume_rel "
            "(consume_line_id, produce_line_id) "
            "SELECT unnest(%s::int[]), unnest(%s::int[])",
            [outputs, inputs],
        )

    mids = lots(mid_p, n_mid, "BENCH-MID")
    fins = lots(fin_p, n_mid * n_fin, "BENCH-FIN")
    # level 1: the raw batch consumed into each intermediate batch
    mos = productions(n_mid)
    consumed = lines(
        t_consume, n_mid, str(raw.id), raw_p, {}, "raw_material_production_id", mos
    )
    produced = lines(
        t_produce,
        n_mid,
        "(%(lots)s::int[])[g]",
        mid_p,
        {"lots": mids},
        "production_id",
        mos,
    )
    link(produced, consumed)
    # level 2: each intermediate consumed into n_fin finished batches
    mos = productions(n_mid * n_fin)
    consumed = lines(
        t_consume,
        n_mid * n_fin,
        f"(%(lots)s::int[])[1 + (g - 1) / {n_fin}]",
        mid_p,
        {"lots": mids},
        "raw_material_production_id",
        mos,
    )
    produced = lines(
        t_produce,
        n_mid * n_fin,
        "(%(lots)s::int[])[g]",
        fin_p,
        {"lots": fins},
        "production_id",
        mos,
    )
    link(produced, consumed)
    lines(t_ship, n_mid * n_fin, "(%(lots)s::int[])[g]", fin_p, {"lots": fins})
    # noise: other batches, 10 movements each
    cr.execute("SELECT count(*) FROM stock_move_line")
    existing = cr.fetchone()[0]
    missing = max(0, size - existing)
    if missing:
        noise_lots = lots(noise_p, max(1, missing // 10), "BENCH-NOISE")
        cr.execute(
            clone_sql(
                cr,
                "stock_move_line",
                t_ship.id,
                {
                    "lot_id": (
                        "(%(lots)s::int[])[1 + g %% cardinality(%(lots)s::int[])]"
                    ),
                    "product_id": str(noise_p.id),
                    "move_id": "NULL",
                },
            ),
            {"n": missing, "lots": noise_lots},
        )
    for table in (
        "stock_move_line",
        "stock_move_line_consume_rel",
        "stock_move",
        "stock_lot",
    ):
        cr.execute(f"ANALYZE {table}")
    env.invalidate_all()
    cr.execute("SELECT count(*) FROM stock_move_line")
    return raw, cr.fetchone()[0]


def timed(fn, runs):
    times, result = [], None
    for _run in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--config", default=None)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--intermediates", type=int, default=100)
    parser.add_argument("--finished", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--odoo-runs", type=int, default=1)
    args = parser.parse_args()
    registry, make_env = odoo_env(args.database, args.config)
    odoo_report_trace = _odoo_report_trace()
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        with registry.cursor() as cr:
            env = make_env(cr)
            print(f"building {size} move lines ...", flush=True)
            raw, total = build(env, size, args.intermediates, args.finished)
            ours_t, ours = timed(
                lambda raw=raw: raw.batch_trace("downstream")["lots"], args.runs
            )
            env.invalidate_all()
            odoo_t, odoo_lots = timed(
                lambda env=env, raw=raw: odoo_report_trace(env, raw, "downstream"),
                args.odoo_runs,
            )
            same = set(ours.ids) == set(odoo_lots.ids)
            rows.append((total, len(ours), ours_t, odoo_t, same))
            print(
                f"{total:>9} lines: batch_trace {ours_t * 1000:8.1f} ms, Odoo report "
                f"{odoo_t:8.2f} s, {odoo_t / ours_t:7.0f}x, {len(ours)} batches, "
                f"same result: {same}",
                flush=True,
            )
            cr.rollback()
    print("\nmove lines | batches reached | batch_trace | Odoo report | ratio | same")
    for total, reached, ours_t, odoo_t, same in rows:
        print(
            f"{total:>10} | {reached:>15} | {ours_t * 1000:8.1f} ms | {odoo_t:9.2f} s "
            f"| {odoo_t / ours_t:5.0f}x | {same}"
        )


if __name__ == "__main__":
    main()
