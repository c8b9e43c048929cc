#!/usr/bin/env python3
# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark: batch-aware reservation vs Odoo's own FEFO on the same data.

Builds (inside one transaction that is rolled back at the end, so the
database is left as it was) 200 lot-tracked products, 5,000 batches and
100,000 quants spread over 20 bins, 10% of the batches quarantined and a
spread of expiry dates; then reserves a 200-line delivery for a customer that
requires 90 days of remaining shelf life, once with the batch rules and once
with them switched off (context key ``batch_skip_reservation_rules``: Odoo's
standard FEFO path), several times each, rolling back between runs.

    python3 setup/bench_reservation.py --database <db with batch_traceability>
        [--products 200] [--batches 5000] [--quants 100000] [--runs 5]
        [--move-lines 1000000]

Prints the median time of each and the ratio.
"""

import argparse
import statistics
import sys
import time

from _bench_common import fill_move_lines, template_move_line

import odoo
from odoo import Command, api
from odoo.modules.registry import Registry


def build(env, args):
    cr = env.cr
    company = env.company
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1
    )
    stock = warehouse.lot_stock_id
    fefo = env.ref("product_expiry.removal_fefo")
    categ = env["product.category"].create(
        {"name": "Bench FEFO", "removal_strategy_id": fefo.id}
    )
    products = env["product.product"].create(
        [
            {
                "name": f"Bench product {i:03d}",
                "is_storable": True,
                "tracking": "lot",
                "use_expiration_date": True,
                "categ_id": categ.id,
            }
            for i in range(args.products)
        ]
    )
    bins = env["stock.location"].create(
        [
            {"name": f"Bench bin {i:02d}", "location_id": stock.id, "usage": "internal"}
            for i in range(20)
        ]
    )
    env.flush_all()
    # Batches: product round-robin, every 10th quarantined, expiry 10..730 days.
    cr.execute(
        """
        INSERT INTO stock_lot (name, product_id, company_id, batch_state,
                               expiration_date, removal_date, use_date, alert_date,
                               create_uid, write_uid, create_date, write_date)
        SELECT 'BENCH-' || g,
               (%(products)s)[1 + g %% cardinality(%(products)s)],
               %(company)s,
               CASE WHEN (g / %(nprod)s) %% 10 = 0
                    THEN 'quarantine' ELSE 'released' END,
               now() + ((10 + (g * 37) %% 720) || ' days')::interval,
               now() + ((10 + (g * 37) %% 720) || ' days')::interval,
               now() + ((10 + (g * 37) %% 720) || ' days')::interval,
               now() + ((10 + (g * 37) %% 720) || ' days')::interval,
               1, 1, now(), now()
          FROM generate_series(0, %(batches)s - 1) g
        RETURNING id
        """,
        {
            "products": products.ids,
            "nprod": len(products),
            "company": company.id,
            "batches": args.batches,
        },
    )
    lot_ids = [row[0] for row in cr.fetchall()]
    per_lot = max(1, args.quants // len(lot_ids))
    cr.execute(
        """
        INSERT INTO stock_quant (product_id, location_id, lot_id, company_id,
                                 quantity, reserved_quantity, in_date,
                                 expiration_date, removal_date, batch_state,
                                 create_uid, write_uid, create_date, write_date)
        SELECT lot.product_id, (%(bins)s)[1 + (lot.id + b) %% cardinality(%(bins)s)],
               lot.id, %(company)s, 5, 0,
               now() - ((lot.id %% 300) || ' days')::interval,
               lot.expiration_date, lot.removal_date, lot.batch_state,
               1, 1, now(), now()
          FROM stock_lot lot, generate_series(1, %(per_lot)s) b
         WHERE lot.id = ANY(%(lots)s)
        """,
        {"bins": bins.ids, "company": company.id, "per_lot": per_lot, "lots": lot_ids},
    )
    cr.execute("ANALYZE stock_quant")
    cr.execute("ANALYZE stock_lot")
    env.invalidate_all()
    customer = env["res.partner"].create(
        {"name": "Bench customer (90 days)", "min_shelf_life_days": 90}
    )
    picking = env["stock.picking"].create(
        {
            "picking_type_id": warehouse.out_type_id.id,
            "partner_id": customer.id,
            "location_id": stock.id,
            "location_dest_id": env.ref("stock.stock_location_customers").id,
            "move_ids": [
                Command.create(
                    {
                        "name": product.name,
                        "product_id": product.id,
                        "product_uom_qty": 60,
                        "product_uom": product.uom_id.id,
                        "location_id": stock.id,
                        "location_dest_id": env.ref(
                            "stock.stock_location_customers"
                        ).id,
                    }
                )
                for product in products
            ],
        }
    )
    picking.action_confirm()
    # deliveries reserve at confirmation by default: start every run unreserved
    picking.do_unreserve()
    assert not any(picking.move_ids.mapped("quantity"))
    return picking, len(lot_ids), per_lot * len(lot_ids)


def time_assign(env, picking, skip_rules, profile=False):
    env.flush_all()
    env.cr.execute("SAVEPOINT bench_run")
    env.clear()
    start = time.perf_counter()
    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
    picking.with_context(batch_skip_reservation_rules=skip_rules).action_assign()
    if profile:
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    env.flush_all()
    elapsed = time.perf_counter() - start
    reserved = sum(picking.move_ids.mapped("quantity"))
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_run")
    env.clear()
    return elapsed, reserved


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--config", default=None, help="Odoo configuration file")
    parser.add_argument("--products", type=int, default=200)
    parser.add_argument("--batches", type=int, default=5000)
    parser.add_argument("--quants", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile one run")
    parser.add_argument(
        "--move-lines",
        type=int,
        default=0,
        help="fill stock.move.line with older movements up to this many rows",
    )
    args = parser.parse_args()
    odoo_args = ["-d", args.database, "--log-level=warn"]
    if args.config:
        odoo_args += ["-c", args.config]
    odoo.tools.config.parse_config(odoo_args)
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        if "batch_state" not in env["stock.lot"]._fields:
            sys.exit("batch_traceability is not installed in this database")
        print(
            f"building {args.products} products, {args.batches} batches, "
            f"~{args.quants} quants ...",
            flush=True,
        )
        picking, lots, quants = build(env, args)
        if args.move_lines:
            product = picking.move_ids[0].product_id
            line = template_move_line(
                env,
                product,
                picking.location_id,
                picking.location_dest_id,
                env["stock.lot"].search(
                    [("product_id", "=", product.id), ("batch_state", "=", "released")],
                    limit=1,
                ),
            )
            env.flush_all()
            fill_move_lines(env, args.move_lines, line)
            env.invalidate_all()
        cr.execute("SELECT count(*) FROM stock_move_line")
        total = cr.fetchone()[0]
        print(
            f"built {lots} batches, {quants} quants; delivery of "
            f"{len(picking.move_ids)} lines, {total} move lines in the database",
            flush=True,
        )
        # warm-up, then alternate so neither side profits from a warmer cache
        time_assign(env, picking, True, profile=args.profile)
        time_assign(env, picking, False, profile=args.profile)
        ours, odoo_std = [], []
        reserved_ours = reserved_std = 0
        for _run in range(args.runs):
            elapsed, reserved_std = time_assign(env, picking, True)
            odoo_std.append(elapsed)
            elapsed, reserved_ours = time_assign(env, picking, False)
            ours.append(elapsed)
        cr.rollback()
    med_ours, med_std = statistics.median(ours), statistics.median(odoo_std)
    print(
        f"Odoo FEFO reservation      : {med_std:.3f} s median of {args.runs} "
        f"(reserved {reserved_std:.0f})"
    )
    print(
        f"batch rules + FEFO         : {med_ours:.3f} s median of {args.runs} "
        f"(reserved {reserved_ours:.0f}, quarantined and short-dated skipped)"
    )
    print(
        f"ratio ours / Odoo          : {med_ours / med_std:.3f} "
        f"({(med_ours / med_std - 1) * 100:+.1f}%)"
    )


if __name__ == "__main__":
    main()
