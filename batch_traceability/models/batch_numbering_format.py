# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

TOKEN_RE = re.compile(r"\{([A-Z]+)(?::(\d+))?\}")
DATE_TOKENS = {
    "YYYY": lambda d: f"{d.year:04d}",
    "YY": lambda d: f"{d.year % 100:02d}",
    "MM": lambda d: f"{d.month:02d}",
    "DD": lambda d: f"{d.day:02d}",
    "JJJ": lambda d: f"{d.timetuple().tm_yday:03d}",
}
OTHER_TOKENS = {"FAC", "PROD", "SEQ"}


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

    def _next_number(self, date):
        """Next counter value, safe under concurrent transactions: the counter
        row is created or incremented in one statement that locks it."""
        self.ensure_one()
        period = fields.Date.to_string(date) if self.reset == "day" else "all"
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO batch_numbering_counter (format_id, period, value)
                VALUES (%(format)s, %(period)s, 1)
                ON CONFLICT (format_id, period)
                DO UPDATE SET value = batch_numbering_counter.value + 1
                RETURNING value
                """,
                format=self.id,
                period=period,
            )
        )
        return self.env.cr.fetchone()[0]

    def init(self):
        # A plain table, not a model: counters are never read or written
        # through the ORM, only by the atomic upsert above.
        self.env.cr.execute(
            """
            CREATE TABLE IF NOT EXISTS batch_numbering_counter (
                format_id integer NOT NULL
                    REFERENCES batch_numbering_format(id) ON DELETE CASCADE,
                period varchar NOT NULL,
                value integer NOT NULL,
                PRIMARY KEY (format_id, period)
            )
            """
        )
