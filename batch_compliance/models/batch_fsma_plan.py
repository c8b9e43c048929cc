# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.batch_traceability.models import rule_guard

# Key under which a plan files its former version.
VERSION_KEY = ("batch.fsma.plan", "version")
# What the plan says: a change of any of these makes a new version.
CONTENT_FIELDS = (
    "name",
    "contact_id",
    "record_keeping",
    "ftl_identification",
    "lot_code_assignment",
    "procedures",
    "farm_map",
)


class BatchFsmaPlan(models.Model):
    """The written traceability plan of a company (21 CFR 1.1315).

    Versioned: changing what it says files the former text as an archived
    version (kept, never deleted: a plan is retained for 2 years after it
    stops being used, 21 CFR 1.1315(c)) and raises the version number of
    the plan in use, whose approval is then to be given again.
    """

    _name = "batch.fsma.plan"
    _description = "FSMA 204 Traceability Plan"
    _inherit = ["mail.thread"]
    _order = "company_id, plan_id desc, version desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, default="Traceability plan", tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    contact_id = fields.Many2one(
        "res.partner", string="Point of Contact", required=True, tracking=True
    )
    contact_phone = fields.Char(related="contact_id.phone", string="Contact Phone")
    record_keeping = fields.Html(
        string="How Records Are Kept",
        default=lambda self: self.env._(
            "<p>Electronic records in Odoo (receipts, deliveries, manufacturing "
            "orders and their batches); Critical Tracking Events are captured when "
            "each operation is validated and kept for at least two years. The "
            "sortable spreadsheet is produced from Compliance > FSMA 204 "
            "Spreadsheet within 24 hours of a request.</p>"
        ),
    )
    ftl_identification = fields.Html(
        string="How Foods on the Food Traceability List Are Identified",
        default=lambda self: self.env._(
            "<p>Products on the Food Traceability List carry the flag <i>On the "
            "Food Traceability List</i> on their product form.</p>"
        ),
    )
    lot_code_assignment = fields.Html(
        string="How Traceability Lot Codes Are Assigned",
        default=lambda self: self.env._(
            "<p>We assign a traceability lot code only when we transform a "
            "food (manufacturing order), initially pack a raw agricultural "
            "commodity or perform the first land-based receiving of seafood "
            "(receipts whose operation type is flagged as such): the batch "
            "number, with our facility and its FDA registration as TLC "
            "source.</p><p>Received foods keep the traceability lot code the "
            "supplier sent (else its lot number) and the TLC source it sent "
            "(else the one recorded for the supplier), and we ship them under "
            "the same code and source: no new code is created at shipping. A "
            "food received from an exempt supplier without a code gets our "
            "batch number. Receiving, shipping and transformation records list "
            "each food by its traceability lot code, transformation inputs one "
            "line per input code.</p>"
        ),
    )
    procedures = fields.Html(string="Other Procedures")
    farm_map = fields.Binary(
        string="Farm Map", help="For growers (21 CFR 1.1315(a)(5))."
    )
    approved_by_id = fields.Many2one("res.users", tracking=True)
    approval_date = fields.Date(tracking=True)
    version = fields.Integer(default=1, readonly=True, copy=False)
    active = fields.Boolean(
        default=True,
        readonly=True,
        copy=False,
        help="Archived: a former version, kept as it was.",
    )
    plan_id = fields.Many2one(
        "batch.fsma.plan",
        string="Plan in Use",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="For a former version: the plan that replaced it.",
    )
    version_ids = fields.One2many(
        "batch.fsma.plan",
        "plan_id",
        string="Former Versions",
        readonly=True,
        context={"active_test": False},
        domain=[("active", "=", False)],
    )
    superseded_date = fields.Datetime(string="Replaced on", readonly=True, copy=False)
    superseded_by_id = fields.Many2one(
        "res.users", string="Replaced by", readonly=True, copy=False
    )

    @api.depends("name", "version")
    def _compute_display_name(self):
        for plan in self:
            plan.display_name = self.env._(
                "%(name)s (version %(version)s)",
                name=plan.name or "",
                version=plan.version,
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not rule_guard.is_trusted(self.env, VERSION_KEY):
            for vals in vals_list:
                if set(vals) & {"version", "plan_id", "superseded_date"} or (
                    "active" in vals and not vals["active"]
                ):
                    raise UserError(
                        self.env._(
                            "The versions of a traceability plan are kept by Odoo."
                        )
                    )
        return super().create(vals_list)

    def write(self, vals):
        """A change of the plan's content files the current text as a
        former version first; former versions are never changed."""
        if rule_guard.is_trusted(self.env, VERSION_KEY):
            return super().write(vals)
        if self.filtered(lambda plan: plan.plan_id or not plan.active):
            raise UserError(
                self.env._(
                    "A former version of the traceability plan is kept as it "
                    "was: change the plan in use."
                )
            )
        if set(vals) & {"version", "active", "plan_id"}:
            raise UserError(
                self.env._("The versions of a traceability plan are kept by Odoo.")
            )
        changing = set(vals) & set(CONTENT_FIELDS)
        if not changing:
            return super().write(vals)
        for plan in self:
            plan._file_version()
            values = dict(vals, version=plan.version + 1)
            # the new text is approved anew
            values.setdefault("approved_by_id", False)
            values.setdefault("approval_date", False)
            with rule_guard.trusted(self.env, VERSION_KEY):
                super(BatchFsmaPlan, plan).write(values)
        return True

    def _file_version(self):
        """Archive a copy of the plan as it is now (with its approval)."""
        self.ensure_one()
        values = {
            name: self._fields[name].convert_to_write(self[name], self)
            for name in (*CONTENT_FIELDS, "approved_by_id", "approval_date")
        }
        values.update(
            company_id=self.company_id.id,
            version=self.version,
            active=False,
            plan_id=self.id,
            superseded_date=fields.Datetime.now(),
            superseded_by_id=self.env.uid,
        )
        with rule_guard.trusted(self.env, VERSION_KEY):
            return (
                self.with_context(mail_create_nolog=True, tracking_disable=True)
                .sudo()
                .create([values])
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A traceability plan and its former versions are kept (21 CFR "
                "1.1315(c)): replace its text instead, former versions stay "
                "archived."
            )
        )
