# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from odoo.addons.batch_traceability.models.rule_guard import is_trusted, trusted

from .batch_recall import DISPOSITION_KEY, RECALL_MANAGER, has_group

# Written by the confirmation only.
DISPOSITION_RESULT_FIELDS = frozenset({"state", "confirmed_at", "confirmed_by_id"})


class BatchRecallDisposition(models.Model):
    """What became of recovered goods of one affected batch (21 CFR 7.55):
    destroyed, reconditioned, relabelled or returned to the supplier, with
    the evidence (destruction certificate, rework record, carrier receipt).

    Confirmed dispositions are the record the termination rests on: they do
    not change and are never deleted. Together they never exceed what was
    recovered of the batch, and closing the recall needs them to account for
    all of it.
    """

    _name = "batch.recall.disposition"
    _description = "Recall Disposition of Recovered Goods"
    _inherit = ["mail.thread"]
    _order = "recall_id, date desc, id desc"
    _check_company_auto = True

    recall_id = fields.Many2one(
        "batch.recall", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="recall_id.company_id", store=True)
    affected_lot_ids = fields.Many2many(related="recall_id.affected_lot_ids")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Batch",
        required=True,
        domain="[('id', 'in', affected_lot_ids)]",
        tracking=True,
    )
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    disposition_type = fields.Selection(
        [
            ("destroyed", "Destroyed"),
            ("reconditioned", "Reconditioned"),
            ("relabelled", "Relabelled"),
            ("returned_supplier", "Returned to supplier"),
        ],
        string="Disposition",
        required=True,
        tracking=True,
    )
    quantity = fields.Float(required=True, tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "batch_recall_disposition_attachment_rel",
        "disposition_id",
        "attachment_id",
        string="Evidence",
        help="Destruction certificate, rework or relabelling record, carrier "
        "receipt of the return to the supplier.",
    )
    note = fields.Text()
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    confirmed_at = fields.Datetime(readonly=True)
    confirmed_by_id = fields.Many2one("res.users", string="Confirmed by", readonly=True)

    @api.constrains("quantity")
    def _check_quantity(self):
        for disposition in self:
            if not math.isfinite(disposition.quantity) or disposition.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "The quantity of a disposition must be a positive "
                        "number, not %(qty)s.",
                        qty=disposition.quantity,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not is_trusted(self.env, DISPOSITION_KEY):
            for vals in vals_list:
                results = sorted(
                    field
                    for field in DISPOSITION_RESULT_FIELDS & vals.keys()
                    if not (field == "state" and vals[field] == "draft")
                )
                if results:
                    raise UserError(
                        self.env._(
                            "A disposition starts as a draft; these fields are "
                            "set by its confirmation only: %(fields)s",
                            fields=", ".join(results),
                        )
                    )
        records = super().create(vals_list)
        if not is_trusted(self.env, DISPOSITION_KEY):
            records._recall_disposition_check_recall()
        return records

    def write(self, vals):
        """Confirmed dispositions do not change; a change of ``state`` from
        any path goes through :meth:`_recall_disposition_confirm`."""
        if is_trusted(self.env, DISPOSITION_KEY):
            return super().write(vals)
        vals = dict(vals)
        new_state = vals.pop("state", None)
        results = sorted(DISPOSITION_RESULT_FIELDS & vals.keys())
        if results:
            raise UserError(
                self.env._(
                    "These fields of a disposition are set by its confirmation "
                    "only: %(fields)s",
                    fields=", ".join(results),
                )
            )
        confirmed = self.filtered(lambda d: d.state == "confirmed")
        if vals and confirmed:
            raise UserError(
                self.env._(
                    "The disposition of %(qty)s %(lot)s was confirmed: it is the "
                    "record of what became of the goods and does not change.",
                    qty=confirmed[0].quantity,
                    lot=confirmed[0].lot_id.name,
                )
            )
        res = super().write(vals) if vals else True
        if vals:
            self._recall_disposition_check_recall()
        if new_state == "confirmed":
            self.filtered(lambda d: d.state == "draft")._recall_disposition_confirm()
        elif new_state and any(d.state != new_state for d in self):
            raise UserError(self.env._("A confirmed disposition is never reopened."))
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if not is_trusted(self.env, DISPOSITION_KEY) and any(
            d.state == "confirmed" for d in self
        ):
            raise UserError(
                self.env._(
                    "Confirmed dispositions are the record the termination of "
                    "the recall rests on: they are never deleted."
                )
            )

    def _recall_disposition_check_recall(self):
        """A disposition belongs to a launched (not mock) recall, on one of
        its affected batches, and is written by a Recall manager."""
        if not has_group(self.env, RECALL_MANAGER):
            raise AccessError(self.env._("Only a Recall manager records dispositions."))
        for disposition in self:
            recall = disposition.recall_id
            if recall.recall_type == "mock" or recall.state not in (
                "in_progress",
                "monitoring",
            ):
                raise UserError(
                    self.env._(
                        "%(recall)s is not a recall in progress: no disposition "
                        "is recorded on it.",
                        recall=recall.name,
                    )
                )
            if disposition.lot_id not in recall.affected_lot_ids:
                raise UserError(
                    self.env._(
                        "%(lot)s is not affected by %(recall)s.",
                        lot=disposition.lot_id.name,
                        recall=recall.name,
                    )
                )

    # ------------------------------------------------------------------
    # Confirmation
    # ------------------------------------------------------------------
    def action_confirm(self):
        return self._recall_disposition_confirm()

    def _recall_disposition_confirm(self):
        """Confirm draft dispositions: the one way they count.

        Each needs its evidence, and the confirmed dispositions of a batch
        never exceed what was recovered of it (returns from customers since
        the recall was scoped, refreshed here).
        """
        self._recall_disposition_check_recall()
        for recall in self.recall_id:
            recall._recall_refresh_recovery()
        for disposition in self:
            if disposition.state != "draft":
                raise UserError(self.env._("This disposition was already confirmed."))
            if not disposition.attachment_ids:
                raise UserError(
                    self.env._(
                        "Attach the evidence of the disposition of %(qty)s "
                        "%(lot)s (certificate, record, receipt) before "
                        "confirming it.",
                        qty=disposition.quantity,
                        lot=disposition.lot_id.name,
                    )
                )
            recall = disposition.recall_id
            recovered = recall._recall_recovered_by_lot().get(disposition.lot_id, 0.0)
            disposed = recall._recall_disposed_by_lot().get(disposition.lot_id, 0.0)
            rounding = disposition.product_id.uom_id.rounding or 0.01
            if (
                float_compare(
                    disposed + disposition.quantity,
                    recovered,
                    precision_rounding=rounding,
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "%(lot)s: %(recovered)s recovered, %(disposed)s already "
                        "disposed of; %(qty)s more would exceed what came back.",
                        lot=disposition.lot_id.name,
                        recovered=recovered,
                        disposed=disposed,
                        qty=disposition.quantity,
                    )
                )
            with trusted(self.env, DISPOSITION_KEY):
                disposition.write(
                    {
                        "state": "confirmed",
                        "confirmed_at": fields.Datetime.now(),
                        "confirmed_by_id": self.env.uid,
                    }
                )
            labels = dict(
                self._fields["disposition_type"]._description_selection(self.env)
            )
            recall.message_post(
                body=self.env._(
                    "Disposition confirmed by %(user)s: %(qty)s %(uom)s of "
                    "%(lot)s %(type)s (evidence: %(files)s).",
                    user=self.env.user.name,
                    qty=disposition.quantity,
                    uom=disposition.uom_id.name,
                    lot=disposition.lot_id.name,
                    type=labels[disposition.disposition_type].lower(),
                    files=", ".join(disposition.attachment_ids.mapped("name")),
                )
            )
        return True
