# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class BatchQcResult(models.Model):
    """One QC test of one batch: its specification (copied from the template
    when the batch was created, so a later template change does not rewrite
    history) and its result."""

    _name = "batch.qc.result"
    _description = "Batch QC Result"
    _order = "lot_id, sequence, id"

    lot_id = fields.Many2one("stock.lot", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="lot_id.company_id", store=True)
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Parameter", required=True)
    method = fields.Char()
    unit = fields.Char()
    spec_type = fields.Selection(
        [("range", "Numeric Range"), ("text", "Expected Text")],
        required=True,
        default="range",
    )
    spec_min = fields.Float(string="Min")
    spec_max = fields.Float(string="Max")
    spec_text = fields.Char(string="Expected")
    specification = fields.Char(compute="_compute_specification")
    mandatory = fields.Boolean(default=True)
    value = fields.Char(string="Result Value")
    result = fields.Selection(
        [("pending", "Pending"), ("pass", "Pass"), ("fail", "Fail")],
        compute="_compute_result",
        store=True,
    )
    tester_id = fields.Many2one("res.users", string="Tested by", readonly=True)
    test_date = fields.Datetime(readonly=True)
    note = fields.Char()

    @api.depends("spec_type", "spec_min", "spec_max", "spec_text", "unit")
    def _compute_specification(self):
        for rec in self:
            if rec.spec_type == "range":
                rec.specification = (
                    f"{rec.spec_min:g} - {rec.spec_max:g} {rec.unit or ''}".strip()
                )
            else:
                rec.specification = rec.spec_text

    @api.depends("value", "spec_type", "spec_min", "spec_max", "spec_text")
    def _compute_result(self):
        for rec in self:
            value = (rec.value or "").strip()
            if not value:
                rec.result = "pending"
            elif rec.spec_type == "range":
                number = rec._numeric_value()
                rec.result = (
                    "pass" if rec.spec_min <= number <= rec.spec_max else "fail"
                )
            else:
                expected = (rec.spec_text or "").strip().casefold()
                rec.result = "pass" if value.casefold() == expected else "fail"

    def _numeric_value(self):
        try:
            return float((self.value or "").strip().replace(",", "."))
        except ValueError as error:
            raise ValidationError(
                self.env._(
                    "%(test)s of batch %(lot)s expects a number, not '%(value)s'.",
                    test=self.name,
                    lot=self.lot_id.name,
                    value=self.value,
                )
            ) from error

    @api.constrains("value", "spec_type")
    def _check_value(self):
        for rec in self.filtered(lambda r: r.spec_type == "range" and r.value):
            rec._numeric_value()

    def write(self, vals):
        if "value" in vals:
            if any(rec.lot_id.batch_state in ("released", "rejected") for rec in self):
                raise UserError(
                    self.env._(
                        "Results of a released or rejected batch cannot change: put "
                        "the batch back in quarantine first (Quality manager, with a "
                        "reason)."
                    )
                )
            vals = dict(vals, tester_id=self.env.uid, test_date=fields.Datetime.now())
        return super().write(vals)
