# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class StockLot(models.Model):
    _inherit = "stock.lot"

    qc_result_ids = fields.One2many("batch.qc.result", "lot_id", string="QC Tests")
    qc_state = fields.Selection(
        [
            ("none", "No Tests"),
            ("pending", "Pending"),
            ("pass", "Passed"),
            ("fail", "Failed"),
        ],
        string="QC Status",
        compute="_compute_qc_state",
        store=True,
        help="Pending while a mandatory test has no result; failed as soon as "
        "a mandatory test fails.",
    )
    qc_progress = fields.Char(
        string="QC Progress",
        compute="_compute_qc_progress",
        help="Mandatory tests passed out of the mandatory tests in force.",
    )
    qc_release_ready = fields.Boolean(
        string="Ready for Release",
        compute="_compute_qc_progress",
        help="Every mandatory test in force has passed.",
    )
    supplier_coa_ids = fields.Many2many(
        "ir.attachment",
        "stock_lot_supplier_coa_rel",
        "lot_id",
        "attachment_id",
        string="Supplier CoA",
        help="Certificates of analysis received from the supplier.",
    )

    @api.depends(
        "qc_result_ids.result", "qc_result_ids.mandatory", "qc_result_ids.state"
    )
    def _compute_qc_state(self):
        for lot in self:
            active = lot.qc_result_ids.filtered(lambda r: r.state != "cancelled")
            results = set(active.filtered("mandatory").mapped("result"))
            if not active:
                lot.qc_state = "none"
            elif "fail" in results:
                lot.qc_state = "fail"
            elif "pending" in results:
                lot.qc_state = "pending"
            else:
                lot.qc_state = "pass"

    @api.depends(
        "qc_result_ids.result", "qc_result_ids.mandatory", "qc_result_ids.state"
    )
    def _compute_qc_progress(self):
        for lot in self:
            mandatory = lot._batch_qc_mandatory_tests()
            passed = mandatory.filtered(lambda r: r.result == "pass")
            lot.qc_release_ready = len(passed) == len(mandatory)
            lot.qc_progress = (
                self.env._(
                    "%(passed)s/%(total)s passed",
                    passed=len(passed),
                    total=len(mandatory),
                )
                if mandatory
                else False
            )

    def _batch_qc_mandatory_tests(self):
        """The tests a release of this batch stands on."""
        self.ensure_one()
        return self.qc_result_ids.filtered(
            lambda r: r.mandatory and r.state != "cancelled"
        )

    def _batch_on_created(self):
        self._batch_apply_qc_template()
        return super()._batch_on_created()

    @api.model
    def _batch_result_fields(self):
        return super()._batch_result_fields() + ["qc_state"]

    def _batch_transition_preconditions(self, new_state):
        if new_state == "released":
            self._batch_check_qc_passed()
        return super()._batch_transition_preconditions(new_state)

    def _batch_apply_qc_template(self):
        """Give batches without tests those of their product's template.

        Runs when the batch is created, whether by a receipt, a manufacturing
        order, an import or by hand; idempotent.
        """
        Template = self.env["batch.qc.template"].sudo()
        vals_list = []
        for lot in self.filtered(lambda lot: not lot.qc_result_ids):
            template = Template._template_for(lot.product_id)
            vals_list += [
                dict(vals, lot_id=lot.id) for vals in template.line_ids._result_values()
            ]
        if vals_list:
            self.env["batch.qc.result"].sudo().create(vals_list)
        return True

    def _batch_check_qc_passed(self):
        labels = dict(
            self.env["batch.qc.result"]
            ._fields["result"]
            ._description_selection(self.env)
        )
        for lot in self:
            blocking = lot._batch_qc_mandatory_tests().filtered(
                lambda r: r.result != "pass"
            )
            if blocking:
                raise UserError(
                    self.env._(
                        "Batch %(lot)s cannot be released: these mandatory tests "
                        "have not passed: %(tests)s.",
                        lot=lot.name,
                        tests=", ".join(
                            f"{r.name} ({labels[r.result]})" for r in blocking
                        ),
                    )
                )

    def action_batch_state_reason(self):
        """Open the reason dialog for a status change that needs one."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change Batch Status"),
            "res_model": "batch.state.reason.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_lot_ids": self.ids,
                "default_new_state": self.env.context.get(
                    "batch_new_state", "quarantine"
                ),
            },
        }
