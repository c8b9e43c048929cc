# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.batch_traceability.models.rule_guard import is_trusted

from ..tools import bulk_insert
from .batch_recall import (
    LINE_KEY,
    QUALITY_USER,
    RECALL_MANAGER,
    engine_writes,
    has_group,
)

# Written by the scope and the line transitions only.
LINE_RESULT_FIELDS = frozenset(
    {
        "recall_id",
        "company_id",
        "partner_id",
        "commercial_partner_id",
        "lot_id",
        "product_id",
        "documents",
        "state",
        "answered_at",
        "effectiveness",
        "qty_unaccounted",
        "qty_returned",
        "first_ship_date",
        "last_ship_date",
        "qty_shipped",
    }
)
# What a customer answers: written through the answer transition, checked.
ANSWER_FIELDS = ("qty_customer_on_hand", "qty_destroyed", "qty_corrected")
# line state -> (states it may come from, group)
LINE_TRANSITIONS = {
    "notified": (("pending",), RECALL_MANAGER),
    "answered": (("pending", "notified", "answered"), QUALITY_USER),
    "written_off": (("pending", "notified", "answered"), RECALL_MANAGER),
}


class BatchRecallLine(models.Model):
    """What one delivery address received of one affected batch, and what
    became of it."""

    _name = "batch.recall.line"
    _description = "Recall Consignee Line"
    _order = "recall_id, commercial_partner_id, partner_id, lot_id"

    recall_id = fields.Many2one(
        "batch.recall", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="recall_id.company_id", store=True)
    recall_type = fields.Selection(related="recall_id.recall_type")
    partner_id = fields.Many2one(
        "res.partner", string="Delivery Address", required=True, index=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, string="Customer"
    )
    lot_id = fields.Many2one("stock.lot", string="Batch", required=True, index=True)
    product_id = fields.Many2one("product.product", required=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    qty_shipped = fields.Float(
        string="Shipped", help="Delivered to this address, net of earlier returns."
    )
    first_ship_date = fields.Datetime(string="First Shipped")
    last_ship_date = fields.Datetime(string="Last Shipped")
    documents = fields.Char(string="Deliveries")
    qty_returned = fields.Float(
        string="Returned", help="Received back from this address since the scope."
    )
    qty_destroyed = fields.Float(
        string="Destroyed", help="Destroyed at the customer, as confirmed by them."
    )
    qty_corrected = fields.Float(
        string="Corrected", help="Corrected in place (relabelled, reworked)."
    )
    qty_customer_on_hand = fields.Float(
        string="Held by Customer",
        help="Quantity the customer declared they still hold (answer): known, "
        "to be returned or destroyed, not recovered yet.",
    )
    # Held goods are known, so they are not "unaccounted": shipped = returned
    # + destroyed + corrected + held by the customer + not accounted for.
    qty_unaccounted = fields.Float(
        string="Not Accounted For",
        compute="_compute_qty_unaccounted",
        store=True,
        help="Neither returned, destroyed, corrected nor declared held by the "
        "customer.",
    )
    effectiveness = fields.Float(
        string="Effectiveness (%)", compute="_compute_qty_unaccounted", store=True
    )
    state = fields.Selection(
        [
            ("pending", "Not Notified"),
            ("notified", "Notified"),
            ("answered", "Answered"),
            ("written_off", "Written Off"),
        ],
        default="pending",
        required=True,
    )
    answered_at = fields.Datetime()
    write_off_reason = fields.Char()

    @api.depends(
        "qty_shipped",
        "qty_returned",
        "qty_destroyed",
        "qty_corrected",
        "qty_customer_on_hand",
    )
    def _compute_qty_unaccounted(self):
        for line in self:
            line.update(
                self._accounting_values(
                    line.qty_shipped,
                    line.qty_returned,
                    line.qty_destroyed,
                    line.qty_corrected,
                    line.qty_customer_on_hand,
                )
            )

    @api.model
    def _accounting_values(self, shipped, returned, destroyed, corrected, held=0.0):
        """Shipped = returned + destroyed + corrected + held + not accounted
        for. Effectiveness counts what was recovered only: goods a customer
        still holds are known but not out of the market."""
        accounted = returned + destroyed + corrected
        return {
            "qty_unaccounted": max(0.0, shipped - accounted - held),
            "effectiveness": min(100.0, 100.0 * accounted / shipped)
            if shipped
            else 100.0,
        }

    @api.model
    def _recall_parse_quantity(self, value, lot_name=""):
        """A customer's quantity as a finite, non-negative float.

        ``float("nan")`` and ``float("inf")`` parse without error and slip
        through every comparison (``nan < 0`` and ``nan > x`` are both false),
        so they are refused explicitly.
        """
        if value in (None, False, ""):
            return 0.0
        try:
            qty = float(value.strip() if isinstance(value, str) else value)
        except (TypeError, ValueError) as error:
            raise UserError(
                self.env._("Quantities must be numbers (batch %(lot)s).", lot=lot_name)
            ) from error
        if not math.isfinite(qty):
            raise UserError(
                self.env._(
                    "Quantities must be finite numbers (batch %(lot)s): "
                    "%(value)s is not.",
                    lot=lot_name,
                    value=value,
                )
            )
        if qty < 0:
            raise UserError(
                self.env._(
                    "Quantities cannot be negative (batch %(lot)s).", lot=lot_name
                )
            )
        return qty

    # ------------------------------------------------------------------
    # CRUD: results are written by the engine only
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not is_trusted(self.env, LINE_KEY):
            raise UserError(
                self.env._(
                    "Consignee lines come from the recall's scope; they are not "
                    "created by hand."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        """A change of state or of an answer quantity, from any path (form,
        RPC, import), goes through :meth:`_recall_line_transition`."""
        if is_trusted(self.env, LINE_KEY):
            return super().write(vals)
        vals = dict(vals)
        new_state = vals.pop("state", None)
        answer = {field: vals.pop(field) for field in ANSWER_FIELDS if field in vals}
        results = sorted(LINE_RESULT_FIELDS & vals.keys())
        if results:
            raise UserError(
                self.env._(
                    "These fields of a consignee line are set by the recall "
                    "workflow only: %(fields)s",
                    fields=", ".join(results),
                )
            )
        if "write_off_reason" in vals and "written_off" in self.mapped("state"):
            raise UserError(
                self.env._("The reason of a write-off cannot change afterwards.")
            )
        res = super().write(vals) if vals else True
        if new_state == "answered" or (answer and not new_state):
            self._recall_line_transition("answered", values=answer)
        elif new_state:
            if answer:
                raise UserError(
                    self.env._("Quantities are recorded with an answer only.")
                )
            moving = self.filtered(lambda line: line.state != new_state)
            moving._recall_line_transition(
                new_state, reason=vals.get("write_off_reason")
            )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_launched(self):
        if not is_trusted(self.env, LINE_KEY) and any(
            line.recall_id.launched_at for line in self
        ):
            raise UserError(
                self.env._(
                    "Consignee lines of a launched recall are the record of who "
                    "received what: they are never deleted (write them off "
                    "with a reason)."
                )
            )

    # ------------------------------------------------------------------
    # Transition engine of a line
    # ------------------------------------------------------------------
    def _recall_line_transition(self, new_state, reason=None, values=None):
        """Move consignee lines to ``new_state``: the one way their state and
        answers change (notice sent, customer answer, write-off).

        :param reason: why (required to write off)
        :param values: the answer, ``{field: quantity}`` for ``answered``;
            missing fields keep their value
        """
        labels = dict(self._fields["state"]._description_selection(self.env))
        if new_state not in LINE_TRANSITIONS:
            raise UserError(
                self.env._(
                    "A consignee line cannot be set to %(state)s.",
                    state=labels.get(new_state, new_state),
                )
            )
        sources, group = LINE_TRANSITIONS[new_state]
        if not has_group(self.env, group):
            raise AccessError(
                self.env._(
                    "Only members of '%(group)s' may set a consignee line to "
                    "%(state)s.",
                    group=self.env.ref(group).full_name,
                    state=labels[new_state],
                )
            )
        reason = reason.strip() if isinstance(reason, str) else ""
        updates = {}
        now = fields.Datetime.now()
        for line in self:
            lot_name = line.lot_id.name
            if line.state not in sources:
                raise UserError(
                    self.env._(
                        "%(customer)s / %(lot)s is %(current)s: it cannot be set "
                        "to %(state)s.",
                        customer=line.partner_id.display_name,
                        lot=lot_name,
                        current=labels[line.state],
                        state=labels[new_state],
                    )
                )
            if line.recall_id.state not in ("in_progress", "monitoring"):
                raise UserError(
                    self.env._(
                        "%(recall)s is not in progress: its consignee lines do "
                        "not change.",
                        recall=line.recall_id.name,
                    )
                )
            vals = {"state": new_state}
            if new_state == "answered":
                vals.update(line._recall_answer_values(values or {}))
                vals["answered_at"] = now
            elif new_state == "written_off":
                line_reason = reason or (line.write_off_reason or "").strip()
                if not line_reason:
                    raise UserError(
                        self.env._(
                            "Give the reason for writing off %(customer)s / %(lot)s.",
                            customer=line.partner_id.display_name,
                            lot=lot_name,
                        )
                    )
                vals["write_off_reason"] = line_reason
            updates[line] = vals
        with engine_writes(self.env):
            for line, vals in updates.items():
                line.write(vals)
        for line, vals in updates.items():
            if new_state == "written_off":
                line.recall_id.message_post(
                    body=self.env._(
                        "Written off %(customer)s / %(lot)s (%(qty)s "
                        "not accounted for): %(reason)s",
                        customer=line.partner_id.display_name,
                        lot=line.lot_id.name,
                        qty=line.qty_unaccounted,
                        reason=vals["write_off_reason"],
                    )
                )
            elif new_state == "answered" and not self.env.su:
                # portal answers are logged by the notice, for the customer
                line.recall_id.message_post(
                    body=self.env._(
                        "Answer of %(customer)s / %(lot)s recorded by %(user)s: "
                        "%(held)s held, %(destroyed)s destroyed, %(corrected)s "
                        "corrected.",
                        customer=line.partner_id.display_name,
                        lot=line.lot_id.name,
                        user=self.env.user.name,
                        held=line.qty_customer_on_hand,
                        destroyed=line.qty_destroyed,
                        corrected=line.qty_corrected,
                    )
                )
        return True

    def _recall_answer_values(self, values):
        """Checked answer quantities of this line: finite, not negative, and
        held + destroyed + corrected within what is still out (shipped minus
        returned)."""
        self.ensure_one()
        lot_name = self.lot_id.name
        answer = {
            field: self._recall_parse_quantity(
                values[field] if field in values else self[field], lot_name
            )
            for field in ANSWER_FIELDS
        }
        out = self.qty_shipped - self.qty_returned
        if sum(answer.values()) > out + 1e-6:
            raise UserError(
                self.env._(
                    "Batch %(lot)s: %(qty)s are still out (received %(shipped)s, "
                    "%(returned)s returned); held, destroyed and corrected "
                    "quantities cannot exceed it.",
                    lot=lot_name,
                    qty=out,
                    shipped=self.qty_shipped,
                    returned=self.qty_returned,
                )
            )
        return answer

    @api.model
    def _recall_scope_write(self, recall, lot_ids):
        """The consignee rows of ``recall``'s scope: one per delivery address
        and batch still out (net of earlier returns), from the shared
        shipment query of the recall's company. Called by the recall engine
        only. Shipments that name no address cannot be notified and are left
        to the mass balance, which still counts them as shipped."""
        rows = [
            row
            for row in self.env["stock.lot"]._batch_shipments(
                lot_ids, recall.company_id.ids
            )
            if row["partner_id"] and row["qty_shipped"] > 0
        ]
        commercial = {
            partner.id: partner.commercial_partner_id.id
            for partner in self.env["res.partner"].browse(
                {row["partner_id"] for row in rows}
            )
        }
        bulk_insert(
            self,
            [
                {
                    "recall_id": recall.id,
                    "company_id": recall.company_id.id,
                    "partner_id": row["partner_id"],
                    "commercial_partner_id": commercial[row["partner_id"]],
                    "lot_id": row["lot_id"],
                    "product_id": row["product_id"],
                    "qty_shipped": row["qty_shipped"],
                    "first_ship_date": row["first_ship_date"],
                    "last_ship_date": row["last_ship_date"],
                    "documents": row["documents"],
                    "state": "pending",
                    **self._accounting_values(row["qty_shipped"], 0.0, 0.0, 0.0),
                }
                for row in rows
            ],
        )

    def _refresh_returned(self):
        """Returned quantities from the done returns of each address and batch
        since the recall was scoped, by the shared shipment query."""
        returned = defaultdict(float)
        for recall, lines in self.grouped("recall_id").items():
            index = {(line.partner_id.id, line.lot_id.id): line for line in lines}
            for row in self.env["stock.lot"]._batch_shipments(
                lines.lot_id.ids, recall.company_id.ids, since=recall.scoped_at
            ):
                line = index.get((row["partner_id"], row["lot_id"]))
                if line:
                    returned[line.id] += row["qty_returned"]
        with engine_writes(self.env):
            for line in self:
                if line.qty_returned != returned[line.id]:
                    line.qty_returned = returned[line.id]

    def action_write_off(self):
        """Write off with the reason typed on the line (Recall manager)."""
        return self._recall_line_transition("written_off")
