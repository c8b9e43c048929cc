# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class BatchQcResultCorrection(models.TransientModel):
    """Correct the specification or recorded value of a QC test, or cancel
    the test, with a reason (Quality manager; the rules live in
    ``batch.qc.result``)."""

    _name = "batch.qc.result.correction"
    _description = "Correct or Cancel a QC Test"

    result_id = fields.Many2one("batch.qc.result", required=True, readonly=True)
    lot_id = fields.Many2one(related="result_id.lot_id")
    action = fields.Selection(
        [("correct", "Correct"), ("cancel", "Cancel the Test")],
        required=True,
        default="correct",
    )
    spec_type = fields.Selection(related="result_id.spec_type")
    spec_min = fields.Float(string="Min")
    spec_max = fields.Float(string="Max")
    spec_text = fields.Char(string="Expected")
    mandatory = fields.Boolean()
    value = fields.Char(string="Result Value")
    reason = fields.Text(required=True)

    @api.onchange("result_id")
    def _onchange_result_id(self):
        for wizard in self:
            result = wizard.result_id
            wizard.update(
                {
                    "spec_min": result.spec_min,
                    "spec_max": result.spec_max,
                    "spec_text": result.spec_text,
                    "mandatory": result.mandatory,
                    "value": result.value,
                }
            )

    def action_confirm(self):
        self.ensure_one()
        result = self.result_id
        if self.action == "cancel":
            result._batch_qc_cancel(self.reason)
            return {"type": "ir.actions.act_window_close"}
        vals = {
            name: self[name]
            for name in ("spec_min", "spec_max", "spec_text", "mandatory", "value")
            if self[name] != result[name] and (self[name] or result[name])
        }
        if vals:
            result._batch_qc_correct(vals, self.reason)
        return {"type": "ir.actions.act_window_close"}
