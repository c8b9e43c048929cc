# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .batch_qc_template import SPEC_TYPES, split_wordings


class BatchQcTemplateLine(models.Model):
    _name = "batch.qc.template.line"
    _description = "QC Test Template Line"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "batch.qc.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Parameter", required=True)
    method = fields.Char(help="Test method or standard, e.g. AOAC 990.12.")
    unit = fields.Char()
    spec_type = fields.Selection(
        SPEC_TYPES,
        string="Specification",
        required=True,
        default="range",
        help="Numeric Range: the result must lie within Min and Max. Accepted "
        "Wordings: the result must be one of the wordings, whatever the case "
        "and spacing. Pass / Fail: the tester chooses Pass or Fail.",
    )
    spec_min = fields.Float(string="Min")
    spec_max = fields.Float(string="Max")
    spec_text = fields.Char(
        string="Accepted Results",
        help="Accepted wordings separated by ';', e.g. Absent; Not detected; "
        "< LOD. For a Pass / Fail test, the acceptance criterion (optional).",
    )
    mandatory = fields.Boolean(default=True)

    @api.constrains("spec_type", "spec_min", "spec_max", "spec_text")
    def _check_spec(self):
        for line in self:
            if line.spec_type == "range" and line.spec_min > line.spec_max:
                raise ValidationError(
                    self.env._(
                        "%(test)s: the minimum cannot exceed the maximum.",
                        test=line.name,
                    )
                )
            if line.spec_type == "text" and not split_wordings(line.spec_text):
                raise ValidationError(
                    self.env._(
                        "%(test)s: give the accepted results, separated by ';' "
                        "(e.g. Absent; Not detected).",
                        test=line.name,
                    )
                )

    def _result_values(self):
        return [
            {
                "sequence": line.sequence,
                "name": line.name,
                "method": line.method,
                "unit": line.unit,
                "spec_type": line.spec_type,
                "spec_min": line.spec_min,
                "spec_max": line.spec_max,
                "spec_text": line.spec_text,
                "mandatory": line.mandatory,
            }
            for line in self
        ]
