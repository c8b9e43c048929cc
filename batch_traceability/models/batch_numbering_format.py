# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import re

from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

TOKEN_RE = re.compile(r"\{([A-Z]+)(?::(\d+))?\}")
DATE_TOKENS = {
    "YYYY": lambda d: f"{d.year:04d}",
    "YY": lambda d: f"{d.year % 100:02d}",
    "MM": lambda d: f"{d.month:02d}",
    "DD": lambda d: f"{d.day:02d}",
    "JJJ": lambda d: f"{d.timetuple().tm_yday:03d}",
}
OTHER_TOKENS = {"FAC", "PROD", "SEQ"}
# counter of format 7 for 1 August 2025: batch_numbering_7_20250801
SEQUENCE_PREFIX = "batch_numbering_"


class BatchNumberingFormat(models.Model):
    """How batch numbers are built for a product, a category or a facility.

    Tokens: {YYYY} {YY} {MM} {DD} {JJJ} (Julian day) of the production date,
    {FAC} facility code, {PROD} product internal reference, {SEQ:n}
    zero-padded counter; anything else is copied as is.
    """

    _name = "batch.numbering.format"
    _description = "Batch Numbering Format"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    pattern = fields.Char(
        required=True,
        default="{YY}{JJJ}-{FAC}-{PROD}-{SEQ:3}",
        help="e.g. {YY}{JJJ}-{FAC}-{PROD}-{SEQ:3} gives 25213-PL1-GRB-004.",
    )
    product_tmpl_id = fields.Many2one(
        "product.template", string="Product", check_company=True
    )
    categ_id = fields.Many2one("product.category", string="Product Category")
    facility_id = fields.Many2one(
        "batch.facility", string="Facility", check_company=True
    )
    reset = fields.Selection(
        [("day", "Every day"), ("never", "Never")],
        string="Counter Restarts",
        required=True,
        default="day",
        help="The counter ({SEQ:n}) belongs to the format: one per day, or one "
        "for ever. A number is never given twice, even to users creating "
        "batches at the same moment; a cancelled creation leaves a gap.",
    )
    preview = fields.Char(compute="_compute_preview")

    @api.depends("pattern", "product_tmpl_id", "facility_id")
    def _compute_preview(self):
        today = fields.Date.context_today(self)
        for fmt in self:
            try:
                fmt.preview = fmt._render(
                    today,
                    fmt.facility_id.code or "FAC",
                    fmt.product_tmpl_id.default_code or "PROD",
                    1,
                )
            except ValidationError as error:
                fmt.preview = error.args[0]

    @api.constrains("pattern")
    def _check_pattern(self):
        for fmt in self:
            tokens = TOKEN_RE.findall(fmt.pattern or "")
            names = [name for name, __ in tokens]
            unknown = [
                n for n in names if n not in DATE_TOKENS and n not in OTHER_TOKENS
            ]
            if unknown:
                raise ValidationError(
                    self.env._(
                        "Unknown token(s) %(tokens)s in %(pattern)s.",
                        tokens=", ".join(unknown),
                        pattern=fmt.pattern,
                    )
                )
            if "SEQ" not in names:
                raise ValidationError(
                    self.env._(
                        "%(pattern)s has no {SEQ:n} counter: two batches of a day "
                        "would get the same number.",
                        pattern=fmt.pattern,
                    )
                )

    @api.constrains(
        "product_tmpl_id", "categ_id", "facility_id", "company_id", "active"
    )
    def _check_overlap(self):
        for fmt in self.filtered("active"):
            scopes = [
                bool(fmt.product_tmpl_id),
                bool(fmt.categ_id),
                bool(fmt.facility_id),
            ]
            if sum(scopes) != 1:
                raise ValidationError(
                    self.env._(
                        "%(format)s: choose exactly one of product, product category "
                        "or facility.",
                        format=fmt.name,
                    )
                )
            clash = self.search(
                [
                    ("id", "!=", fmt.id),
                    ("company_id", "=", fmt.company_id.id),
                    ("product_tmpl_id", "=", fmt.product_tmpl_id.id),
                    ("categ_id", "=", fmt.categ_id.id),
                    ("facility_id", "=", fmt.facility_id.id),
                ],
                limit=1,
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "%(format)s overlaps %(other)s: one active numbering format "
                        "per product, category or facility.",
                        format=fmt.name,
                        other=clash.name,
                    )
                )

    def _render(self, date, facility_code, product_code, number):
        def token(match):
            name, width = match.group(1), match.group(2)
            if name in DATE_TOKENS:
                return DATE_TOKENS[name](date)
            if name == "FAC":
                return facility_code or ""
            if name == "PROD":
                return product_code or ""
            return str(number).zfill(int(width or 1))

        return TOKEN_RE.sub(token, self.pattern)

    @api.model
    def _format_for(self, product, facility=None):
        """Product format, else the closest category's, else the facility's."""
        company = self.env.company
        base = [("company_id", "=", company.id)]
        fmt = self.search(
            base + [("product_tmpl_id", "=", product.product_tmpl_id.id)], limit=1
        )
        category = product.categ_id
        while not fmt and category:
            fmt = self.search(base + [("categ_id", "=", category.id)], limit=1)
            category = category.parent_id
        if not fmt and facility:
            fmt = self.search(base + [("facility_id", "=", facility.id)], limit=1)
        return fmt

    def unlink(self):
        ids = self.ids
        res = super().unlink()
        if not ids:
            return res
        # the counters go with their format (ids are never reused)
        self.env.cr.execute(
            SQL(
                "SELECT relname FROM pg_class WHERE relkind = 'S' AND relname ~ %s",
                rf"^{SEQUENCE_PREFIX}({'|'.join(map(str, ids))})_(all|\d{{8}})$",
            )
        )
        names = [row[0] for row in self.env.cr.fetchall()]
        if names:
            self.env.cr.execute(
                SQL(
                    "DROP SEQUENCE IF EXISTS %s",
                    SQL(", ").join(SQL.identifier(name) for name in names),
                )
            )
        return res

    def _counter_sequence_name(self, date):
        """The PostgreSQL sequence holding this format's counter for the
        period of ``date``: one per day with a daily reset, one for ever
        otherwise. Built from the format id and the date only, never from
        text a user typed."""
        self.ensure_one()
        period = date.strftime("%Y%m%d") if self.reset == "day" else "all"
        return f"{SEQUENCE_PREFIX}{int(self.id)}_{period}"

    def _next_number(self, date):
        """Next counter value of the format for the period of ``date``.

        Like ``ir.sequence``'s standard implementation, the counter is a
        PostgreSQL sequence: ``nextval`` is outside transactions, so any
        number of users creating batches of one format at once never
        conflict (no retry, no error) and never get the same number, whatever
        their company. A rolled back creation leaves a gap. The sequence of a
        period is created on its first use; only then may a transaction wait
        for another one creating it at the same moment (see
        ``_create_counter_sequence``).
        """
        self.ensure_one()
        name = self._counter_sequence_name(date)
        number = self._sequence_nextval(name)
        if number is None:
            self._create_counter_sequence(name)
            number = self._sequence_nextval(name)
        return number

    def _sequence_nextval(self, name):
        # to_regclass gives NULL instead of an error (that would abort the
        # transaction) when the sequence does not exist yet
        self.env.cr.execute(SQL("SELECT nextval(to_regclass(%s))", name))
        return self.env.cr.fetchone()[0]

    def _create_counter_sequence(self, name, start=1):
        """Create the sequence ``name`` unless it exists.

        Two transactions may need the same new sequence at once (the first
        batches of a day). The second one's CREATE waits until the first one
        commits, then fails on the catalog's unique index, IF NOT EXISTS
        notwithstanding: that failure only means the sequence is there now,
        so it is undone (savepoint) and the caller goes on. A concurrent
        sequence may also be created and committed after this transaction's
        snapshot: ``to_regclass`` may not see it yet, the CREATE below then
        skips it and refreshes what the next ``nextval`` sees.
        """
        cr = self.env.cr
        try:
            with cr.savepoint(flush=False):
                cr.execute(
                    SQL(
                        "CREATE SEQUENCE IF NOT EXISTS %s START WITH %s",
                        SQL.identifier(name),
                        int(start),
                    ),
                    log_exceptions=False,
                )
        except (errors.UniqueViolation, errors.DuplicateTable):
            _logger.debug("Counter %s was created by a concurrent transaction", name)

    def init(self):
        # Earlier versions kept the counters as rows of
        # batch_numbering_counter, incremented by an upsert that conflicted
        # under concurrency (requests retried until they got their turn).
        # Carry each counter on in its sequence, then drop the table.
        cr = self.env.cr
        cr.execute("SELECT to_regclass('batch_numbering_counter')")
        if not cr.fetchone()[0]:
            return
        cr.execute(
            """
            SELECT c.format_id, c.period, c.value
              FROM batch_numbering_counter c
              JOIN batch_numbering_format f ON f.id = c.format_id
            """
        )
        for format_id, period, value in cr.fetchall():
            period = "all" if period == "all" else period.replace("-", "")
            if not re.fullmatch(r"all|\d{8}", period):
                continue
            self._create_counter_sequence(
                f"{SEQUENCE_PREFIX}{int(format_id)}_{period}", start=value + 1
            )
        cr.execute("DROP TABLE batch_numbering_counter")
