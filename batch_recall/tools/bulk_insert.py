# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.tools import SQL

PAGE_SIZE = 1000


def bulk_insert(model, rows):
    """Insert ``rows`` (dicts of column values) into ``model``'s table with
    one parameterised INSERT per page of rows, then drop the model's caches.

    For the scope tables of a recall (tens of thousands of rows), where the
    ORM's per-record ``create()`` costs seconds. Compared with ``create()``
    this skips, on purpose:

    - ``create()`` overrides of the model and its inheritors (the scope
      models' only override is the engine guard of ``batch.engine.rows``:
      callers are the engine itself, inside ``engine_writes``);
    - defaults and stored computed fields: callers fill every stored column
      the ORM would have computed, with the model's own rule (e.g.
      ``batch.recall.line._accounting_values``,
      ``batch.recall.reconciliation._balance_values``);
    - access rights, record rules and multi-company checks: the rows come
      from queries filtered by the recall's company, and the caller has
      checked the user's rights on the recall;
    - the audit trail and mail tracking: scope rows are results, the recall's
      own audited transition records the scoping.

    Column names are quoted identifiers, values are query parameters.
    """
    if not rows:
        return
    env = model.env
    columns = sorted({key for row in rows for key in row})
    model.flush_model(columns)
    now = fields.Datetime.now()
    uid = env.uid
    head = SQL(
        "INSERT INTO %s (%s) VALUES ",
        SQL.identifier(model._table),
        SQL(", ").join(
            SQL.identifier(column)
            for column in [
                *columns,
                "create_uid",
                "write_uid",
                "create_date",
                "write_date",
            ]
        ),
    )
    placeholder = "({})".format(", ".join(["%s"] * (len(columns) + 4)))
    for start in range(0, len(rows), PAGE_SIZE):
        page = rows[start : start + PAGE_SIZE]
        params = [
            value
            for row in page
            for value in (*(row.get(column) for column in columns), uid, uid, now, now)
        ]
        values = SQL(", ".join([placeholder] * len(page)), *params)
        env.cr.execute(SQL("%s%s", head, values))
    model.invalidate_model()
