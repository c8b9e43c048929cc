# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..models.batch_qc_result import PASS_FAIL, SPEC_FIELDS
from ..models.batch_qc_template import SPEC_TYPES


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
    # Filled from the test (also when the dialog is created by RPC without
    # its onchange), then edited by the Quality manager.
    spec_type = fields.Selection(
        SPEC_TYPES,
        string="Specification Type",
        compute="_compute_spec_type",
        store=True,
        readonly=False,
    )
    spec_min = fields.Float(
        string="Min", compute="_compute_spec_min", store=True, readonly=False
    )
    spec_max = fields.Float(
        string="Max", compute="_compute_spec_max", store=True, readonly=False
    )
    spec_text = fields.Char(
        compute="_compute_spec_text",
        store=True,
        readonly=False,
        string="Accepted Results",
        help="Accepted wordings separated by ';'; for a Pass / Fail test, the "
        "acceptance criterion.",
    )
    mandatory = fields.Boolean(compute="_compute_mandatory", store=True, readonly=False)
    value = fields.Char(
        string="Result Value",
        compute="_compute_value",
        store=True,
        readonly=False,
    )
    value_choice = fields.Selection(
        [("pass", "Pass"), ("fail", "Fail")],
        string="Pass / Fail",
        compute="_compute_value_choice",
        store=True,
        readonly=False,
    )
    reason = fields.Text(required=True)

    # One compute per field: fields sharing a compute method are protected
    # together, so a value given for one at creation would blank the others.
    @api.depends("result_id")
    def _compute_spec_type(self):
        for wizard in self:
            wizard.spec_type = wizard.result_id.spec_type

    @api.depends("result_id")
    def _compute_spec_min(self):
        for wizard in self:
            wizard.spec_min = wizard.result_id.spec_min

    @api.depends("result_id")
    def _compute_spec_max(self):
        for wizard in self:
            wizard.spec_max = wizard.result_id.spec_max

    @api.depends("result_id")
    def _compute_spec_text(self):
        for wizard in self:
            wizard.spec_text = wizard.result_id.spec_text

    @api.depends("result_id")
    def _compute_mandatory(self):
        for wizard in self:
            wizard.mandatory = wizard.result_id.mandatory

    @api.depends("result_id")
    def _compute_value(self):
        for wizard in self:
            wizard.value = wizard.result_id.value

    @api.depends("result_id")
    def _compute_value_choice(self):
        for wizard in self:
            wizard.value_choice = wizard.result_id.value_choice

    def action_confirm(self):
        self.ensure_one()
        result = self.result_id
        if self.action == "cancel":
            result._batch_qc_cancel(self.reason)
            return {"type": "ir.actions.act_window_close"}
        if self.spec_type == "passfail" and self.value_choice:
            self.value = PASS_FAIL[self.value_choice]
        # every specification field the rules guard, and the value
        names = [name for name in SPEC_FIELDS if name in self._fields] + ["value"]
        vals = {
            name: self[name]
            for name in names
            if self[name] != result[name] and (self[name] or result[name])
        }
        if vals:
            result._batch_qc_correct(vals, self.reason)
        return {"type": "ir.actions.act_window_close"}
