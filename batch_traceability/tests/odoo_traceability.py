# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo's own Traceability report, fully unfolded the way a user would click
through it. Used by the correctness tests and by setup/bench_genealogy.py as
the reference (no import of odoo.tests here, so the benchmark can load it)."""


def odoo_report_trace(env, lot, direction):
    """Lots Odoo's stock.traceability.report reaches from ``lot``.

    Upstream: open the batch's report, unfold every line that can be unfolded
    (a produced line shows what it consumed; a consumed line shows where the
    lot came from), then do the same for every batch reached.
    Downstream: a line marked "is used" opens, with the lot in context, the
    lines it was used in; each batch reached is opened in turn.
    """
    report = env["stock.traceability.report"]
    reached, todo = {lot.id}, [lot.id]
    while todo:
        lot_id = todo.pop()
        lines = report.with_context(model="stock.lot", active_id=lot_id).get_lines()
        stack = list(lines)
        seen_lines = set()
        while stack:
            line = stack.pop()
            key = (line["model"], line["model_id"])
            if key in seen_lines:
                continue
            seen_lines.add(key)
            if line.get("lot_id") and line["lot_id"] not in reached:
                reached.add(line["lot_id"])
                todo.append(line["lot_id"])
            if direction == "upstream" and line["unfoldable"]:
                stack += report.get_lines(
                    line_id=line["id"],
                    model_name=line["model"],
                    model_id=line["model_id"],
                    level=line["level"] + 1,
                )
            elif direction == "downstream" and line["is_used"]:
                # as the report's "used in" link does: the line, with its lot
                # in context, opens the lines it was consumed into
                stack += report.with_context(lot_name=line["lot_name"]).get_lines(
                    model_name=line["model"],
                    model_id=line["model_id"],
                    level=line["level"] + 1,
                )
    reached.discard(lot.id)
    return env["stock.lot"].browse(sorted(reached))
