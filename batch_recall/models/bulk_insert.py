# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2.extras import execute_values

from odoo import fields
from odoo.tools import SQL


def bulk_insert(model, rows):
    """Insert ``rows`` (dicts of column values, stored computed values
    included) into ``model``'s table in pages, then drop the model's caches.

    For scope tables of tens of thousands of rows, where the ORM's per-record
    defaults and recomputes cost seconds. Callers fill every stored field the
    ORM would have computed.
    """
    if not rows:
        return
    model.env.flush_all()
    now = fields.Datetime.now()
    uid = model.env.uid
    columns = sorted({key for row in rows for key in row})
    table_columns = [*columns, "create_uid", "write_uid", "create_date", "write_date"]
    values = [
        tuple(row.get(column) for column in columns) + (uid, uid, now, now)
        for row in rows
    ]
    query = SQL(
        "INSERT INTO %s (%s) VALUES %%s",
        SQL.identifier(model._table),
        SQL(", ").join(SQL.identifier(column) for column in table_columns),
    )
    execute_values(model.env.cr._obj, query.code, values, page_size=1000)
    model.invalidate_model()
