# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import ExitStack

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from . import rule_guard
from .stock_lot_shipping_gate import arrival_key

# Fields whose change on a done line makes Odoo move the stock again
# (stock.move.line.write, "triggers" + quantity)
DONE_LINE_TRIGGERS = {
    "location_id",
    "location_dest_id",
    "lot_id",
    "package_id",
    "result_package_id",
    "owner_id",
    "product_uom_id",
    "quantity",
    "quant_id",
}


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    # Odoo 18 has no index on lot_id: every lot-scoped query (genealogy,
    # recall scope, Odoo's own traceability report) would scan the table.
    lot_id = fields.Many2one(index="btree_not_null")
    batch_supplier_lot = fields.Char(
        string="Supplier Lot",
        help="The vendor's lot number, copied onto the batch created at receipt.",
    )

    # ------------------------------------------------------------------
    # CRUD: Odoo moves the stock itself when a done line is edited or a
    # line is added to a done transfer; the shipping gate holds there too.
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # Lines created on a done move have already moved the stock (Odoo
        # calls stock.quant._update_available_quantity in create): the
        # last-line check refused customers and production; this judges the
        # other company's locations with the line's company, and raising
        # rolls the whole movement back.
        problems = [
            reason
            for line in lines.filtered(lambda ml: ml.state == "done" and ml.lot_id)
            if (reason := line._batch_leaving_reason(partner=line._batch_partner()))
        ]
        if problems:
            raise UserError(self._batch_done_message(problems))
        return lines

    def write(self, vals):
        """Edits of done lines meet the shipping gate again."""
        done = self.browse()
        if DONE_LINE_TRIGGERS.intersection(vals):
            done = self.filtered(
                lambda ml: ml.move_id.state == "done" and ml.product_id.is_storable
            )
        if not done:
            return super().write(vals)
        exempt = done._batch_check_done_edit(vals)
        with ExitStack() as stack:
            for key in exempt:
                stack.enter_context(rule_guard.trusted(self.env, key))
            return super().write(vals)

    def _batch_check_done_edit(self, vals):
        """Judge an edit of done lines before Odoo moves the stock again.

        Odoo undoes each line (its batch goes back to the source) and applies
        it again with the new values. Undoing restores what was there before,
        and applying the same batch to the same destination in the same or a
        smaller quantity ships nothing new: both pass. A new batch, a new
        destination or more of the batch is a new departure and is judged like
        a validation (there is no override here: send a new transfer).

        :return: the rule_guard keys of the movements that pass
        """
        new = dict(vals)
        if vals.get("quant_id"):
            new.update(self._copy_quant_info(vals))
        exempt, problems = set(), []
        for line in self:
            product = line.product_id
            old_lot = line.lot_id
            if old_lot:
                exempt.add(arrival_key(product, old_lot.name, line.location_id))
            lot = (
                self.env["stock.lot"].browse(new["lot_id"])
                if "lot_id" in new
                else old_lot
            )
            if not lot:
                continue
            dest = (
                self.env["stock.location"].browse(new["location_dest_id"])
                if "location_dest_id" in new
                else line.location_dest_id
            )
            uom = (
                self.env["uom.uom"].browse(new["product_uom_id"])
                if "product_uom_id" in new
                else line.product_uom_id
            )
            quantity = uom._compute_quantity(
                new.get("quantity", line.quantity),
                product.uom_id,
                rounding_method="HALF-UP",
            )
            same = (
                lot == old_lot
                and dest == line.location_dest_id
                and float_compare(
                    quantity,
                    line.quantity_product_uom,
                    precision_rounding=product.uom_id.rounding,
                )
                <= 0
            )
            if same:
                exempt.add(arrival_key(product, lot.name, dest))
                continue
            reason = line._batch_leaving_reason(
                dest=dest, lot=lot, partner=line._batch_partner()
            )
            if reason:
                problems.append(reason)
        if problems:
            raise UserError(self._batch_done_message(problems))
        return exempt

    def _batch_done_message(self, problems):
        return self.env._(
            "A done transfer cannot be changed to send these batches out:\n"
            "%(reasons)s\nCreate a new transfer instead, so the batch rules and "
            "their override apply.",
            reasons="\n".join(f"- {reason}" for reason in sorted(set(problems))),
        )

    # ------------------------------------------------------------------
    # The shipping gate, line by line
    # ------------------------------------------------------------------
    def _batch_partner(self):
        self.ensure_one()
        return (
            self.move_id._batch_ship_partner()
            if self.move_id
            else (self.picking_id.partner_id)
        )

    def _batch_company(self):
        self.ensure_one()
        return self.company_id or self.move_id.company_id or self.picking_id.company_id

    def _batch_leaving_kind(self, dest=None):
        self.ensure_one()
        return self.env["stock.lot"]._batch_leaving_kind(
            dest or self.location_dest_id, self._batch_company()
        )

    def _batch_lot_name(self):
        """The batch this line moves: its ``lot_id``, or the ``lot_name``
        Odoo will turn into one at validation (only for operation types that
        create batches, as ``stock.move.line._action_done`` does)."""
        self.ensure_one()
        if self.lot_id:
            return self.lot_id.name
        if self.lot_name and self.move_id.picking_type_id.use_create_lots:
            return self.lot_name
        return False

    def _batch_lot_from_name(self):
        """The existing batch Odoo will assign for ``lot_name`` (same search as
        ``stock.move.line._action_done``), or an empty recordset."""
        self.ensure_one()
        return (
            self.env["stock.lot"]
            .sudo()
            .search(
                [
                    "|",
                    ("company_id", "=", False),
                    ("company_id", "=", self.company_id.id),
                    ("product_id", "=", self.product_id.id),
                    ("name", "=", self.lot_name),
                ],
                limit=1,
            )
        )

    def _batch_leaving_reason(self, dest=None, lot=None, partner=None):
        """Why this line may not take its batch to ``dest`` (its destination
        by default) now, or False. A typed ``lot_name`` is judged as the batch
        it will become: the existing one of that name, or a new batch in its
        product's default status."""
        self.ensure_one()
        dest = dest or self.location_dest_id
        company = self._batch_company()
        Lot = self.env["stock.lot"].sudo()
        if lot is None:
            lot = self.lot_id
            if not lot and self._batch_lot_name():
                lot = self._batch_lot_from_name()
                if not lot:
                    return Lot._batch_new_lot_block_reason(
                        self.product_id, self.lot_name, dest, company
                    )
        if not lot:
            return False
        return lot.sudo()._batch_arrival_block_reason(dest, company, partner)

    # ------------------------------------------------------------------
    # Receipts
    # ------------------------------------------------------------------
    def _prepare_new_lot_vals(self):
        vals = super()._prepare_new_lot_vals()
        picking = self.picking_id
        if picking.picking_type_id.code == "incoming":
            if picking.partner_id:
                vals["supplier_id"] = picking.partner_id.commercial_partner_id.id
            if self.batch_supplier_lot:
                vals["supplier_lot"] = self.batch_supplier_lot
        warehouse = self.move_id.warehouse_id or picking.picking_type_id.warehouse_id
        facility = self.env["batch.facility"]._facility_for_warehouse(warehouse)
        if facility:
            vals["facility_id"] = facility.id
        return vals
