# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models

# How a test is judged: a numeric range, one of the wordings the lab accepts
# (qualitative tests: "Absent; Not detected; < LOD"), or a Pass/Fail choice.
SPEC_TYPES = [
    ("range", "Numeric Range"),
    ("text", "Accepted Wordings"),
    ("passfail", "Pass / Fail"),
]


def split_wordings(text):
    """The accepted wordings of a qualitative test: separated by ';' or new
    lines, blanks dropped."""
    return [part.strip() for part in re.split(r"[;\n]", text or "") if part.strip()]


def normalize_wording(text):
    """Labs write the same result in different case and spacing ("< LOD",
    "<LOD", "not  detected"): compare without either."""
    return "".join((text or "").split()).casefold()


class BatchQcTemplate(models.Model):
    """The tests a batch of some products must pass before release."""

    _name = "batch.qc.template"
    _description = "QC Test Template"
    _inherit = ["mail.thread"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    product_tmpl_ids = fields.Many2many(
        "product.template",
        string="Products",
        check_company=True,
        help="Products whose batches get these tests; a product template wins "
        "over a product category.",
    )
    categ_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="Also applies to the sub-categories.",
    )
    line_ids = fields.One2many("batch.qc.template.line", "template_id", string="Tests")

    @api.model
    def _template_for(self, product):
        """The template that applies to ``product``: its own, else the one
        of the closest category."""
        template = self.search(
            [
                ("product_tmpl_ids", "in", product.product_tmpl_id.ids),
                ("company_id", "in", (False, self.env.company.id)),
            ],
            limit=1,
        )
        if template:
            return template
        category = product.categ_id
        while category:
            template = self.search(
                [
                    ("categ_ids", "in", category.ids),
                    ("company_id", "in", (False, self.env.company.id)),
                ],
                limit=1,
            )
            if template:
                return template
            category = category.parent_id
        return self.browse()
