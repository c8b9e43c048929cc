#!/usr/bin/env python3
# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scale check: FDA's sortable spreadsheet (FSMA 204) of a year of events.

Builds the data inside one transaction that is rolled back at the end (the
database is left as it was): ``--events`` Critical Tracking Events spread over
365 days (40% receiving, 40% shipping, 20% transformations with two input
lot codes each), 1,000 trading-partner locations; then times the XLSX export
of the whole year by ``batch.fsma.export.wizard.action_export()`` (a sheet
per CTE, one row per lot code per event, the completeness sheets).

    python3 setup/bench_fsma_export.py --database <db with batch_compliance>
        [--events 100000] [--runs 3] [--move-lines 1000000]
"""

import argparse
import io
import statistics
import sys
import time
from datetime import timedelta

import openpyxl
from _bench_common import clone_sql, fill_move_lines, odoo_env, template_move_line

from odoo import Command, fields


def build(env, args):
    # importable once odoo_env() has set the addons path
    from odoo.addons.batch_traceability.models import rule_guard

    cr = env.cr
    Location = env["batch.fsma.location"]
    product = env["product.product"].create(
        {
            "name": "Bench salad",
            "is_storable": True,
            "tracking": "lot",
            "batch_fsma_ftl": True,
        }
    )
    lot = env["stock.lot"].create({"name": "BENCH-SALAD-0", "product_id": product.id})
    own = Location.create(
        {"name": "Bench Plant", "city": "Fresno", "reference_type": "ffrn"}
    )
    other = Location.create({"name": "Bench partner 0", "city": "Salinas"})
    source = Location.create({"reference_type": "gln", "reference": "0614141000012"})
    common = {
        "lot_id": lot.id,
        "product_id": product.id,
        "product_description": product.display_name,
        "quantity": 12.0,
        "uom_name": "Units",
        "tlc": "BENCH-0",
        "tlc_source_id": source.id,
        "tlc_source": "GLN 0614141000012",
        "own_location_id": own.id,
        "own_location": "Bench Plant, Fresno",
        "other_location_id": other.id,
        "other_location": "Bench partner 0, Salinas",
        "reference_document_type": "Bill of lading",
        "reference_document_number": "BOL-0",
    }
    Event = env["batch.fsma.event"]
    with rule_guard.trusted(env, ("batch.fsma.event", "tlc")):
        receiving, shipping = Event.create(
            [
                dict(common, event_type="receiving"),
                dict(common, event_type="shipping"),
            ]
        )
        transformation = Event.create(
            dict(
                common,
                event_type="transformation",
                other_location_id=False,
                other_location=False,
                input_ids=[
                    Command.create(
                        {
                            "tlc": f"BENCH-IN-{k}",
                            "product_description": "Bench lettuce",
                            "quantity": 2.0,
                            "uom_name": "kg",
                        }
                    )
                    for k in (1, 2)
                ],
            )
        )
    env.flush_all()
    cr.execute(
        clone_sql(
            cr, "batch_fsma_location", other.id, {"name": "'Bench partner ' || g"}
        ),
        {"n": 1000},
    )
    partners = [row[0] for row in cr.fetchall()]
    n = args.events
    shares = {receiving: n * 2 // 5, shipping: n * 2 // 5}
    shares[transformation] = n - sum(shares.values())
    start = fields.Datetime.now() - timedelta(days=365)
    for template, count in shares.items():
        cr.execute(
            clone_sql(
                cr,
                "batch_fsma_event",
                template.id,
                {
                    "tlc": "'BENCH-' || g",
                    "reference_document_number": "'DOC-' || g",
                    "event_date": (
                        "%(start)s::timestamp + (g %% 365) * interval '1 day'"
                    ),
                    "other_location_id": (
                        "NULL"
                        if template == transformation
                        else "(%(partners)s::int[])[1 + g %% 1000]"
                    ),
                },
            ),
            {"n": count, "start": start, "partners": partners},
        )
        ids = [row[0] for row in cr.fetchall()]
        if template == transformation:
            for input_line in template.input_ids:
                cr.execute(
                    clone_sql(
                        cr,
                        "batch_fsma_event_input",
                        input_line.id,
                        {"event_id": "(%(events)s::int[])[g]"},
                    ),
                    {"n": count, "events": ids},
                )
    for table in ("batch_fsma_event", "batch_fsma_event_input", "batch_fsma_location"):
        cr.execute(f"ANALYZE {table}")
    if args.move_lines:
        # the stock history of a database of that size
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.company.id)], limit=1
        )
        line = template_move_line(
            env,
            product,
            warehouse.lot_stock_id,
            env.ref("stock.stock_location_customers"),
            lot,
        )
        env.flush_all()
        fill_move_lines(env, args.move_lines, line)
    env.invalidate_all()
    return start.date()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--config", default=None)
    parser.add_argument("--events", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--move-lines",
        type=int,
        default=0,
        help="fill stock.move.line with movements up to this many rows",
    )
    args = parser.parse_args()
    registry, make_env = odoo_env(args.database, args.config)
    with registry.cursor() as cr:
        env = make_env(cr)
        if "batch.fsma.event" not in env:
            sys.exit("batch_compliance is not installed in this database")
        print(f"building {args.events} events over a year ...", flush=True)
        date_from = build(env, args)
        cr.execute("SELECT count(*) FROM stock_move_line")
        total = cr.fetchone()[0]
        times = []
        for _run in range(args.runs):
            cr.execute("SAVEPOINT bench_run")
            wizard = env["batch.fsma.export.wizard"].create(
                {"date_from": date_from, "date_to": fields.Date.today()}
            )
            env.flush_all()
            start = time.perf_counter()
            action = wizard.action_export()
            times.append(time.perf_counter() - start)
            attachment = env["ir.attachment"].browse(
                int(action["url"].split("/")[3].split("?")[0])
            )
            data = attachment.raw
            cr.execute("ROLLBACK TO SAVEPOINT bench_run")
            env.clear()
        cr.rollback()
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = {sheet.title: sheet.max_row - 1 for sheet in book.worksheets}
    print(
        "spreadsheet: "
        + ", ".join(f"{title} {count} rows" for title, count in rows.items())
        + f"; {len(data) / 1e6:.1f} MB"
    )
    print(
        f"action_export (XLSX, {args.events} events): "
        f"{statistics.median(times):.2f} s median of {args.runs}, "
        f"{total} move lines in the database"
    )


if __name__ == "__main__":
    main()
