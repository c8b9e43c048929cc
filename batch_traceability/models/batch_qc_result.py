# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from . import rule_guard
from .batch_qc_template import SPEC_TYPES, normalize_wording, split_wordings

QC_MANAGER = "batch_traceability.group_quality_manager"
# Key under which the system's own writes (template copy, cancellation,
# corrections made through _batch_qc_correct) pass the write guard.
QC_KEY = ("batch.qc.result", "rules")
# What a test is judged against: once set, only a Quality manager changes it,
# with a reason.
SPEC_FIELDS = ("name", "spec_type", "spec_min", "spec_max", "spec_text", "mandatory")
# Set by the system when a value is recorded or a result cancelled.
# What a Pass / Fail test records as its value.
PASS_FAIL = {"pass": "Pass", "fail": "Fail"}
STAMP_FIELDS = (
    "tester_id",
    "test_date",
    "state",
    "cancel_reason",
    "cancelled_by_id",
    "cancelled_date",
)


class BatchQcResult(models.Model):
    """One QC test of one batch: its specification (copied from the template
    when the batch was created, so a later template change does not rewrite
    history) and its result.

    Results are evidence: once a value is recorded, or the specification
    agreed, a change needs a Quality manager and a reason and is logged; a
    decided (released, rejected, recalled) batch's results do not change at
    all; results are never deleted, only cancelled with a reason.
    """

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
        SPEC_TYPES,
        string="Specification Type",
        required=True,
        default="range",
    )
    spec_min = fields.Float(string="Min")
    spec_max = fields.Float(string="Max")
    spec_text = fields.Char(
        string="Accepted Results",
        help="Accepted wordings separated by ';' (case and spacing do not "
        "matter); for a Pass / Fail test, the acceptance criterion.",
    )
    specification = fields.Char(compute="_compute_specification")
    mandatory = fields.Boolean(default=True)
    value = fields.Char(string="Result Value")
    # The Pass / Fail choice of a qualitative test, stored as its value (so
    # the value's evidence rules apply to it unchanged).
    value_choice = fields.Selection(
        [("pass", "Pass"), ("fail", "Fail")],
        string="Pass / Fail",
        compute="_compute_value_choice",
        readonly=False,
    )
    result = fields.Selection(
        [("pending", "Pending"), ("pass", "Pass"), ("fail", "Fail")],
        compute="_compute_result",
        store=True,
    )
    tester_id = fields.Many2one("res.users", string="Tested by", readonly=True)
    test_date = fields.Datetime(readonly=True)
    note = fields.Char()
    state = fields.Selection(
        [("active", "Active"), ("cancelled", "Cancelled")],
        default="active",
        required=True,
        readonly=True,
        help="A cancelled test no longer counts for the release; it stays on "
        "record with the reason.",
    )
    cancel_reason = fields.Char(readonly=True)
    cancelled_by_id = fields.Many2one("res.users", readonly=True)
    cancelled_date = fields.Datetime(readonly=True)

    @api.depends("spec_type", "spec_min", "spec_max", "spec_text", "unit")
    def _compute_specification(self):
        for rec in self:
            if rec.spec_type == "range":
                rec.specification = (
                    f"{rec.spec_min:g} - {rec.spec_max:g} {rec.unit or ''}".strip()
                )
            elif rec.spec_type == "passfail":
                rec.specification = rec.spec_text or self.env._("Pass / Fail")
            else:
                rec.specification = "; ".join(split_wordings(rec.spec_text))

    @api.depends("value", "spec_type")
    def _compute_value_choice(self):
        for rec in self:
            rec.value_choice = (
                rec._pass_fail_key() if rec.spec_type == "passfail" else False
            )

    @api.onchange("value_choice")
    def _onchange_value_choice(self):
        for rec in self.filtered(lambda r: r.spec_type == "passfail"):
            rec.value = PASS_FAIL.get(rec.value_choice) or False

    def _pass_fail_key(self):
        """'pass' or 'fail' for a Pass / Fail value, False otherwise."""
        value = normalize_wording(self.value)
        return next(
            (key for key, label in PASS_FAIL.items() if value == label.casefold()),
            False,
        )

    @api.model
    def _values_with_choice(self, vals):
        """The Pass / Fail choice written as the test's value, so that every
        rule on values (stamps, corrections, closed batches) applies."""
        if "value_choice" not in vals:
            return vals
        vals = dict(vals)
        choice = vals.pop("value_choice")
        if "value" not in vals:
            vals["value"] = PASS_FAIL.get(choice) or False
        return vals

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
            elif rec.spec_type == "passfail":
                rec.result = "pass" if rec._pass_fail_key() == "pass" else "fail"
            else:
                accepted = {normalize_wording(w) for w in split_wordings(rec.spec_text)}
                rec.result = "pass" if normalize_wording(value) in accepted else "fail"

    def _numeric_value(self):
        text = (self.value or "").strip().replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            # "nan" and "inf" parse as floats; neither is a measurement
            raise ValidationError(
                self.env._(
                    "%(test)s of batch %(lot)s expects a number, not '%(value)s'.",
                    test=self.name,
                    lot=self.lot_id.name,
                    value=self.value,
                )
            )
        return number

    @api.constrains("value", "spec_type", "spec_min", "spec_max", "spec_text")
    def _check_value(self):
        for rec in self:
            if not (math.isfinite(rec.spec_min) and math.isfinite(rec.spec_max)):
                raise ValidationError(
                    self.env._("The limits of %(test)s must be numbers.", test=rec.name)
                )
            if rec.spec_type == "range" and rec.value:
                rec._numeric_value()
            if rec.spec_type == "passfail" and rec.value and not rec._pass_fail_key():
                raise ValidationError(
                    self.env._(
                        "%(test)s of batch %(lot)s is judged Pass or Fail, not "
                        "'%(value)s'.",
                        test=rec.name,
                        lot=rec.lot_id.name,
                        value=rec.value,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD: the rules hold whoever writes (form, RPC, import)
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # the caller's dicts stay intact: load() retries them one by one
        vals_list = [self._values_with_choice(vals) for vals in vals_list]
        trusted = rule_guard.is_trusted(self.env, QC_KEY)
        for vals in vals_list:
            if trusted:
                continue
            forced = [name for name in STAMP_FIELDS if vals.get(name)]
            if forced:
                raise AccessError(
                    self.env._(
                        "%(fields)s of a QC test are set by the system.",
                        fields=", ".join(forced),
                    )
                )
            lot = self.env["stock.lot"].browse(vals.get("lot_id"))
            if lot.batch_state in self._decided_states():
                raise UserError(
                    self.env._(
                        "Batch %(lot)s is %(state)s: its QC tests are closed. Put "
                        "it back in quarantine first (Quality manager, with a "
                        "reason).",
                        lot=lot.display_name,
                        state=lot.batch_state,
                    )
                )
        records = super().create(vals_list)
        recorded = records.filtered("value")
        if recorded and not trusted:
            with rule_guard.trusted(self.env, QC_KEY):
                recorded.write(
                    {"tester_id": self.env.uid, "test_date": fields.Datetime.now()}
                )
        return records

    def write(self, vals):
        vals = self._values_with_choice(vals)
        if rule_guard.is_trusted(self.env, QC_KEY):
            return super().write(vals)
        forced = [name for name in STAMP_FIELDS if name in vals]
        if forced:
            raise AccessError(
                self.env._(
                    "%(fields)s of a QC test are set by the system: cancel a test "
                    "with 'Cancel Test'.",
                    fields=", ".join(forced),
                )
            )
        guarded = [name for name in SPEC_FIELDS + ("value",) if name in vals]
        if guarded and self._changes_evidence(vals):
            reason = self.env.context.get("batch_qc_reason")
            return self._batch_qc_correct(vals, reason)
        if "value" in vals:
            vals = dict(vals, tester_id=self.env.uid, test_date=fields.Datetime.now())
        with rule_guard.trusted(self.env, QC_KEY):
            return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "QC results are never deleted: a Quality manager cancels a test "
                "with a reason instead."
            )
        )

    # ------------------------------------------------------------------
    # Rules
    # ------------------------------------------------------------------
    @api.model
    def _decided_states(self):
        return ("released", "rejected", "recalled")

    def _changes_evidence(self, vals):
        """Whether ``vals`` would change recorded evidence: a specification
        (always, once the test exists) or a value already recorded."""
        for rec in self:
            for name in SPEC_FIELDS:
                if name in vals and rec[name] != rec._convert_to_record_value(
                    name, vals[name]
                ):
                    return True
            if "value" in vals and rec.value and (rec.value != vals["value"]):
                return True
            if "value" in vals and rec.lot_id.batch_state in self._decided_states():
                return True
        return False

    def _convert_to_record_value(self, name, value):
        field = self._fields[name]
        return field.convert_to_record(field.convert_to_cache(value, self), self)

    def _batch_qc_correct(self, vals, reason):
        """Change the specification or a recorded value of tests: a Quality
        manager's decision, with a reason, logged on the batch (and in the
        audit trail with batch_compliance). Refused while the batch is
        decided: its release or rejection stands on these results."""
        self._check_qc_manager()
        reason = str(reason).strip() if reason not in (None, False) else ""
        if not reason:
            raise UserError(
                self.env._(
                    "Give the reason for changing the recorded QC results or "
                    "specifications of %(tests)s.",
                    tests=", ".join(self.mapped("name")),
                )
            )
        decided = self.filtered(
            lambda r: r.lot_id.batch_state in self._decided_states()
        )
        if decided:
            raise UserError(
                self.env._(
                    "Results of a released, rejected or recalled batch cannot "
                    "change: put batch %(lot)s back in quarantine first (Quality "
                    "manager, with a reason).",
                    lot=decided[0].lot_id.display_name,
                )
            )
        before = {rec: rec._batch_qc_summary() for rec in self}
        values = dict(vals)
        if "value" in values:
            values.update(tester_id=self.env.uid, test_date=fields.Datetime.now())
        with rule_guard.trusted(self.env, QC_KEY):
            res = self.with_context(batch_audit_reason=reason).write(values)
        for rec, old in before.items():
            rec.lot_id._batch_log_event(
                "qc_change",
                self.env._(
                    "QC test %(test)s changed from %(old)s to %(new)s.",
                    test=rec.name,
                    old=old,
                    new=rec._batch_qc_summary(),
                ),
                reason,
            )
        return res

    def _batch_qc_summary(self):
        self.ensure_one()
        flag = self.env._("mandatory") if self.mandatory else self.env._("optional")
        return f"[{self.specification or ''}; {flag}] = {self.value or '-'}"

    def _check_qc_manager(self):
        if not self.env.su and not self.env.user.has_group(QC_MANAGER):
            raise AccessError(
                self.env._(
                    "Only a Quality manager may change recorded QC results or "
                    "specifications, or cancel a test."
                )
            )

    def _batch_qc_cancel(self, reason):
        """Take tests out of the release decision, keeping them on record."""
        self._check_qc_manager()
        reason = str(reason).strip() if reason not in (None, False) else ""
        if not reason:
            raise UserError(self.env._("Give the reason for cancelling the test."))
        decided = self.filtered(
            lambda r: r.lot_id.batch_state in self._decided_states()
        )
        if decided:
            raise UserError(
                self.env._(
                    "Tests of a released, rejected or recalled batch cannot be "
                    "cancelled: put batch %(lot)s back in quarantine first.",
                    lot=decided[0].lot_id.display_name,
                )
            )
        tests = self.filtered(lambda r: r.state != "cancelled")
        with rule_guard.trusted(self.env, QC_KEY):
            tests.with_context(batch_audit_reason=reason).write(
                {
                    "state": "cancelled",
                    "cancel_reason": reason,
                    "cancelled_by_id": self.env.uid,
                    "cancelled_date": fields.Datetime.now(),
                }
            )
        for rec in tests:
            rec.lot_id._batch_log_event(
                "qc_cancel",
                self.env._(
                    "QC test %(test)s cancelled (was %(summary)s).",
                    test=rec.name,
                    summary=rec._batch_qc_summary(),
                ),
                reason,
            )
        return True

    def action_correct(self):
        """Open the dialog to correct or cancel this test with a reason."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct QC Test"),
            "res_model": "batch.qc.result.correction",
            "view_mode": "form",
            "target": "new",
            "context": {"default_result_id": self.id},
        }
