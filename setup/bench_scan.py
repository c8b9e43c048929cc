#!/usr/bin/env python3
# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark: server time per scan of the Batch Scan screen.

Builds (inside one transaction that is rolled back at the end, so the
database is left as it was) the data of bench_reservation.py: 200 lot-tracked
products with GTINs, 5,000 batches and 100,000 quants over 20 bins, 10% of the
batches quarantined; a 200-line delivery for a customer that requires 90 days
of shelf life (reserved) and a 200-line receipt. Then times, as a warehouse
user (stock.group_stock_user, not the superuser), each kind of scan the screen
sends, each scan from a cold ORM cache and rolled back after it:

- lookup: a batch scanned with no operation open (status, stock, genealogy);
- pick: the reserved batch of a delivery line;
- swap: another allowed batch of the same product (swaps the reservation);
- refuse: a quarantined batch on the delivery (red DO NOT PICK);
- receive: a new supplier batch with GTIN, expiry and quantity (AI 37).

    python3 setup/bench_scan.py --database <db with batch_traceability>
        [--products 200] [--batches 5000] [--quants 100000] [--scans 100]

Prints p50 / p95 / max of each kind, in milliseconds (issue #18 asks for
p95 < 150 ms).
"""

import argparse
import importlib.util
import pathlib
import statistics
import sys
import time

from _bench_common import odoo_env

from odoo import Command
from odoo.tools.barcode import get_barcode_check_digit


def load_reservation_bench():
    path = pathlib.Path(__file__).with_name("bench_reservation.py")
    spec = importlib.util.spec_from_file_location("bench_reservation", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gtin_for(index):
    body = f"0950600{index:06d}"
    return body + str(get_barcode_check_digit(body + "0"))


def build(env, args):
    bench = load_reservation_bench()
    delivery, lots, quants = bench.build(env, args)
    delivery.action_assign()
    products = delivery.move_ids.product_id
    for index, product in enumerate(products):
        product.barcode = gtin_for(index)
    warehouse = delivery.picking_type_id.warehouse_id
    supplier = env.ref("stock.stock_location_suppliers")
    receipt = env["stock.picking"].create(
        {
            "picking_type_id": warehouse.in_type_id.id,
            "location_id": supplier.id,
            "location_dest_id": warehouse.lot_stock_id.id,
            "move_ids": [
                Command.create(
                    {
                        "name": product.name,
                        "product_id": product.id,
                        "product_uom_qty": 100,
                        "product_uom": product.uom_id.id,
                        "location_id": supplier.id,
                        "location_dest_id": warehouse.lot_stock_id.id,
                    }
                )
                for product in products
            ],
        }
    )
    receipt.action_confirm()
    user = env["res.users"].create(
        {
            "name": "Bench picker",
            "login": "bench_scan_picker",
            "groups_id": [
                Command.set(
                    [
                        env.ref("stock.group_stock_user").id,
                        env.ref("stock.group_production_lot").id,
                    ]
                )
            ],
        }
    )
    env.flush_all()
    return delivery, receipt, user, lots, quants


def scan_codes(env, delivery, receipt, count):
    """[(kind, record, code)] for ``count`` scans of each kind."""
    Quant = env["stock.quant"]
    scans = []
    lines = delivery.move_line_ids.filtered("lot_id")
    for line in lines[:count]:
        scans.append(("lookup", None, line.lot_id.name))
        scans.append(("pick", delivery, line.lot_id.name))
    swaps = refusals = 0
    for move in delivery.move_ids:
        if swaps >= count and refusals >= count:
            break
        reserved = move.move_line_ids.lot_id
        quants = Quant.search(
            [
                ("product_id", "=", move.product_id.id),
                ("lot_id", "not in", reserved.ids),
                ("location_id", "child_of", move.location_id.id),
            ]
        )
        partner, date = move._batch_ship_partner(), move.date
        allowed = next(
            (
                quant
                for quant in quants
                if quant.lot_id.batch_state == "released"
                and quant.quantity > quant.reserved_quantity
                and not quant.lot_id._batch_shipping_block_reason(partner, date)
            ),
            Quant,
        )
        blocked = quants.filtered(lambda q: q.lot_id.batch_state == "quarantine")[:1]
        if allowed and swaps < count:
            scans.append(("swap", delivery, allowed.lot_id.name))
            swaps += 1
        if blocked and refusals < count:
            scans.append(("refuse", delivery, blocked.lot_id.name))
            refusals += 1
    for index, move in enumerate(receipt.move_ids[:count]):
        gtin = move.product_id.barcode
        scans.append(("receive", receipt, f"(01){gtin}(17)301231(10)SUP-{index}(37)24"))
    return scans


def time_scan(env, user, record, code, profile=False):
    env.flush_all()
    env.cr.execute("SAVEPOINT bench_scan")
    env.invalidate_all()
    Picking = env["stock.picking"].with_user(user)
    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
    start = time.perf_counter()
    if record:
        result = Picking.batch_scan(code, record._name, record.id)
    else:
        result = Picking.batch_scan(code)
    env.flush_all()
    elapsed = time.perf_counter() - start
    if profile:
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_scan")
    env.invalidate_all()
    return elapsed, result


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--config", default=None, help="Odoo configuration file")
    parser.add_argument("--products", type=int, default=200)
    parser.add_argument("--batches", type=int, default=5000)
    parser.add_argument("--quants", type=int, default=100000)
    parser.add_argument("--scans", type=int, default=100, help="scans of each kind")
    parser.add_argument("--profile", help="cProfile one scan of this kind")
    args = parser.parse_args()
    registry, make_env = odoo_env(args.database, args.config)
    timings = {}
    outcomes = {}
    with registry.cursor() as cr:
        env = make_env(cr)
        if "batch_state" not in env["stock.lot"]._fields:
            sys.exit("batch_traceability is not installed in this database")
        print(
            f"building {args.products} products, {args.batches} batches, "
            f"~{args.quants} quants ...",
            flush=True,
        )
        delivery, receipt, user, lots, quants = build(env, args)
        print(
            f"built {lots} batches, {quants} quants; delivery and receipt of "
            f"{len(delivery.move_ids)} lines each",
            flush=True,
        )
        scans = scan_codes(env, delivery, receipt, args.scans)
        # warm-up: one scan of each kind
        for kind in ("lookup", "pick", "swap", "refuse", "receive"):
            first = next((s for s in scans if s[0] == kind), None)
            if first:
                time_scan(env, user, first[1], first[2])
                if args.profile == kind:
                    time_scan(env, user, first[1], first[2], profile=True)
        for kind, record, code in scans:
            elapsed, result = time_scan(env, user, record, code)
            timings.setdefault(kind, []).append(elapsed * 1000)
            verdict = "error" if result.get("error") else result.get("banner")
            outcomes.setdefault(kind, {}).setdefault(verdict, 0)
            outcomes[kind][verdict] += 1
        cr.rollback()
    print(f"{'scan':8} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  verdicts")
    for kind, values in timings.items():
        print(
            f"{kind:8} {len(values):4d} {statistics.median(values):8.1f} "
            f"{percentile(values, 0.95):8.1f} {max(values):8.1f}  {outcomes[kind]}"
        )


if __name__ == "__main__":
    main()
