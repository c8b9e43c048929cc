# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .bulk_insert import bulk_insert

RECALL_MANAGER = "batch_traceability.group_recall_manager"


class BatchRecall(models.Model):
    """A recall, market withdrawal or timed mock recall drill (21 CFR 7)."""

    _name = "batch.recall"
    _description = "Recall Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    title = fields.Char(required=True, tracking=True)
    recall_type = fields.Selection(
        [
            ("recall", "Recall"),
            ("withdrawal", "Market Withdrawal"),
            ("mock", "Mock Recall"),
        ],
        string="Type",
        required=True,
        default="recall",
        tracking=True,
    )
    classification = fields.Selection(
        [
            ("class_1", "Class I"),
            ("class_2", "Class II"),
            ("class_3", "Class III"),
        ],
        tracking=True,
        help="FDA 21 CFR 7.3(m): Class I, reasonable probability of serious "
        "adverse health consequences or death; Class II, temporary or medically "
        "reversible consequences; Class III, not likely to cause adverse "
        "health consequences.",
    )
    depth = fields.Selection(
        [("wholesale", "Wholesale"), ("retail", "Retail"), ("consumer", "Consumer")],
        default="retail",
        tracking=True,
        help="Level in the distribution chain the recall extends to (21 CFR 7.42).",
    )
    effectiveness_level = fields.Selection(
        [
            ("A", "Level A: 100% of consignees"),
            ("B", "Level B: more than 10%, less than 100%"),
            ("C", "Level C: 10%"),
            ("D", "Level D: 2%"),
            ("E", "Level E: no checks"),
        ],
        default="A",
        tracking=True,
        help="Effectiveness check level of the recall strategy (21 CFR 7.42(b)(3)).",
    )
    reason = fields.Text(required=True, tracking=True)
    health_hazard = fields.Text(string="Health Hazard Assessment")
    instructions = fields.Html(
        string="Instructions to Customers",
        help="What customers must do with the product; printed in the notice.",
    )
    lot_ids = fields.Many2many(
        "stock.lot",
        "batch_recall_suspect_lot_rel",
        "recall_id",
        "lot_id",
        string="Suspect Batches",
        required=True,
        check_company=True,
    )
    affected_lot_ids = fields.Many2many(
        "stock.lot",
        "batch_recall_affected_lot_rel",
        "recall_id",
        "lot_id",
        string="Affected Batches",
        readonly=True,
        help="The suspect batches and every batch made from them, at any depth.",
    )
    affected_lot_count = fields.Integer(compute="_compute_counts")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("scoped", "Scoped"),
            ("in_progress", "In Progress"),
            ("monitoring", "Monitoring"),
            ("closed", "Closed"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    started_at = fields.Datetime(
        string="Started",
        default=fields.Datetime.now,
        copy=False,
        help="When the problem was identified: the clock of a mock recall "
        "runs from here.",
    )
    scoped_at = fields.Datetime(string="Scoped", readonly=True, copy=False)
    launched_at = fields.Datetime(string="Launched", readonly=True, copy=False)
    reconciled_at = fields.Datetime(
        string="Reconciled",
        readonly=True,
        copy=False,
        help="When every affected batch balanced (mass balance without gap).",
    )
    closed_at = fields.Datetime(string="Closed", readonly=True, copy=False)
    elapsed_minutes = fields.Float(
        string="Time to Reconcile (min)",
        compute="_compute_elapsed_minutes",
        store=True,
        aggregator="avg",
        help="From start to full reconciliation: GFSI schemes expect a mock "
        "recall to trace and reconcile 100% within hours.",
    )
    recall_location_id = fields.Many2one(
        "stock.location",
        string="Recall Location",
        domain="[('usage', '=', 'internal')]",
        check_company=True,
        help="When set, launching the recall moves the affected stock on hand "
        "to this location.",
    )
    line_ids = fields.One2many("batch.recall.line", "recall_id", string="Consignees")
    stock_ids = fields.One2many("batch.recall.stock", "recall_id", string="Stock")
    reconciliation_ids = fields.One2many(
        "batch.recall.reconciliation", "recall_id", string="Mass Balance"
    )
    check_ids = fields.One2many(
        "batch.recall.check", "recall_id", string="Effectiveness Checks"
    )
    notice_ids = fields.One2many("batch.recall.notice", "recall_id", string="Notices")
    affected_picking_ids = fields.Many2many(
        "stock.picking",
        string="Unreserved Transfers",
        readonly=True,
        copy=False,
    )
    affected_production_ids = fields.Many2many(
        "mrp.production",
        string="Unreserved Manufacturing Orders",
        readonly=True,
        copy=False,
    )
    complaint_ids = fields.One2many("batch.complaint", "recall_id")
    return_picking_ids = fields.Many2many(
        "stock.picking",
        "batch_recall_return_picking_rel",
        "recall_id",
        "picking_id",
        string="Returns",
        readonly=True,
        copy=False,
    )
    customer_count = fields.Integer(compute="_compute_counts")
    notice_count = fields.Integer(compute="_compute_counts")
    qty_shipped = fields.Float(compute="_compute_quantities", store=True)
    qty_returned = fields.Float(compute="_compute_quantities", store=True)
    qty_destroyed = fields.Float(compute="_compute_quantities", store=True)
    qty_corrected = fields.Float(compute="_compute_quantities", store=True)
    qty_unaccounted = fields.Float(compute="_compute_quantities", store=True)
    effectiveness = fields.Float(
        string="Effectiveness (%)",
        compute="_compute_quantities",
        store=True,
        aggregator="avg",
        help="Quantity returned, destroyed or corrected over quantity shipped.",
    )
    reconciliation_gap = fields.Float(
        compute="_compute_reconciliation_gap",
        store=True,
        help="Sum of the absolute mass-balance gaps of the affected batches.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_counts(self):
        for recall in self:
            recall.affected_lot_count = len(recall.affected_lot_ids)
            recall.customer_count = len(recall.line_ids.commercial_partner_id)
            recall.notice_count = len(recall.notice_ids)

    @api.depends(
        "line_ids.qty_shipped",
        "line_ids.qty_returned",
        "line_ids.qty_destroyed",
        "line_ids.qty_corrected",
    )
    def _compute_quantities(self):
        for recall in self:
            lines = recall.line_ids
            recall.qty_shipped = sum(lines.mapped("qty_shipped"))
            recall.qty_returned = sum(lines.mapped("qty_returned"))
            recall.qty_destroyed = sum(lines.mapped("qty_destroyed"))
            recall.qty_corrected = sum(lines.mapped("qty_corrected"))
            recall.qty_unaccounted = sum(lines.mapped("qty_unaccounted"))
            accounted = (
                recall.qty_returned + recall.qty_destroyed + recall.qty_corrected
            )
            recall.effectiveness = (
                min(100.0, 100.0 * accounted / recall.qty_shipped)
                if recall.qty_shipped
                else 0.0
            )

    @api.depends("reconciliation_ids.qty_gap")
    def _compute_reconciliation_gap(self):
        for recall in self:
            recall.reconciliation_gap = sum(
                abs(gap) for gap in recall.reconciliation_ids.mapped("qty_gap")
            )

    @api.depends("started_at", "reconciled_at")
    def _compute_elapsed_minutes(self):
        for recall in self:
            if recall.started_at and recall.reconciled_at:
                delta = recall.reconciled_at - recall.started_at
                recall.elapsed_minutes = delta.total_seconds() / 60.0
            else:
                recall.elapsed_minutes = 0.0

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "batch.recall"
                ) or self.env._("New")
        return super().create(vals_list)

    def _check_recall_manager(self):
        if not self.env.su and not self.env.user.has_group(RECALL_MANAGER):
            raise AccessError(
                self.env._("Only a Recall manager may launch or close a recall.")
            )

    # ------------------------------------------------------------------
    # Scope
    # ------------------------------------------------------------------
    def action_compute_scope(self):
        """Affected batches, consignees, stock on hand and mass balance."""
        for recall in self:
            if recall.state not in ("draft", "scoped"):
                # answers and returns hang on the lines: never rebuild them
                # once customers are involved (refresh the recovery instead)
                raise UserError(
                    self.env._(
                        "The scope of %(recall)s is fixed once it is launched; "
                        "use 'Refresh Recovery'.",
                        recall=recall.name,
                    )
                )
            if not recall.lot_ids:
                raise UserError(self.env._("Select the suspect batches first."))
            trace = recall.lot_ids._batch_trace_ids("downstream")
            lot_ids = list(recall.lot_ids.ids) + trace["lot_ids"]
            recall.line_ids.unlink()
            recall.stock_ids.unlink()
            recall.reconciliation_ids.unlink()
            recall.affected_lot_ids = [Command.set(lot_ids)]
            now = fields.Datetime.now()
            recall._bulk_insert_scope(lot_ids)
            vals = {"scoped_at": now}
            if recall.state == "draft":
                vals["state"] = "scoped"
            recall.write(vals)
            recall._check_reconciled()
            recall.message_post(
                body=self.env._(
                    "Scope computed: %(lots)s batches, %(customers)s customers, "
                    "%(qty)s shipped.",
                    lots=len(lot_ids),
                    customers=len(recall.line_ids.commercial_partner_id),
                    qty=recall.qty_shipped,
                )
            )
        return True

    def _bulk_insert_scope(self, lot_ids):
        """Write the scope rows in bulk.

        A recall can reach thousands of batches and customers: the rows come
        straight from the scope queries with their stored computed values
        filled in here (the same rules as the models' computes), then the
        ORM caches are invalidated and the campaign's totals recomputed.
        """
        self.ensure_one()
        company = self.company_id.id
        lines = self._scope_consignee_values(lot_ids)
        partners = self.env["res.partner"].browse(
            {line["partner_id"] for line in lines}
        )
        commercial = {
            partner.id: partner.commercial_partner_id.id for partner in partners
        }
        Line = self.env["batch.recall.line"]
        for line in lines:
            line.update(
                recall_id=self.id,
                company_id=company,
                commercial_partner_id=commercial.get(line["partner_id"]),
                state="pending",
                **Line._accounting_values(line["qty_shipped"], 0.0, 0.0, 0.0),
            )
        stock = [
            dict(row, recall_id=self.id, company_id=company)
            for row in self._scope_stock_values(lot_ids)
        ]
        Reconciliation = self.env["batch.recall.reconciliation"]
        reconciliation = []
        for row in self._scope_reconciliation_values(lot_ids):
            rounding = (
                self.env["product.product"].browse(row["product_id"]).uom_id.rounding
            )
            row.update(
                recall_id=self.id,
                company_id=company,
                **Reconciliation._balance_values(row, rounding),
            )
            reconciliation.append(row)
        for model, rows in (
            (Line, lines),
            (self.env["batch.recall.stock"], stock),
            (Reconciliation, reconciliation),
        ):
            bulk_insert(model, rows)
        self.modified(["line_ids", "stock_ids", "reconciliation_ids"])

    def _scope_consignee_values(self, lot_ids):
        """One row per delivery address and batch, net of earlier returns."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                """
                SELECT COALESCE(sm.partner_id, sp.partner_id) AS partner_id,
                       ml.lot_id,
                       ml.product_id,
                       SUM(CASE WHEN dest.usage = 'customer'
                                THEN ml.quantity_product_uom ELSE 0 END)
                     - SUM(CASE WHEN src.usage = 'customer'
                                THEN ml.quantity_product_uom ELSE 0 END) AS net,
                       MIN(ml.date) FILTER (WHERE dest.usage = 'customer'),
                       MAX(ml.date) FILTER (WHERE dest.usage = 'customer'),
                       STRING_AGG(DISTINCT sp.name, ', ')
                           FILTER (WHERE dest.usage = 'customer')
                  FROM stock_move_line ml
                  JOIN stock_move sm ON sm.id = ml.move_id
                  JOIN stock_location src ON src.id = ml.location_id
                  JOIN stock_location dest ON dest.id = ml.location_dest_id
                  LEFT JOIN stock_picking sp ON sp.id = ml.picking_id
                 WHERE ml.lot_id = ANY(%(lots)s)
                   AND ml.state = 'done'
                   AND (dest.usage = 'customer' OR src.usage = 'customer')
                   AND COALESCE(sm.partner_id, sp.partner_id) IS NOT NULL
                 GROUP BY 1, 2, 3
                HAVING SUM(CASE WHEN dest.usage = 'customer'
                                THEN ml.quantity_product_uom ELSE 0 END)
                     - SUM(CASE WHEN src.usage = 'customer'
                                THEN ml.quantity_product_uom ELSE 0 END) > 0
                """,
                lots=lot_ids,
            )
        )
        return [
            {
                "partner_id": partner_id,
                "lot_id": lot_id,
                "product_id": product_id,
                "qty_shipped": net,
                "first_ship_date": first,
                "last_ship_date": last,
                "documents": documents,
            }
            for partner_id, lot_id, product_id, net, first, last, documents in (
                self.env.cr.fetchall()
            )
        ]

    def _scope_stock_values(self, lot_ids):
        """Stock on hand per location, and what open documents reserve of it."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                """
                SELECT q.lot_id, q.product_id, q.location_id,
                       SUM(q.quantity), SUM(q.reserved_quantity)
                  FROM stock_quant q
                  JOIN stock_location loc ON loc.id = q.location_id
                 WHERE q.lot_id = ANY(%(lots)s)
                   AND loc.usage IN ('internal', 'transit')
                 GROUP BY 1, 2, 3
                HAVING SUM(q.quantity) <> 0
                """,
                lots=lot_ids,
            )
        )
        return [
            {
                "lot_id": lot_id,
                "product_id": product_id,
                "location_id": location_id,
                "qty_on_hand": qty,
                "qty_reserved": reserved,
            }
            for lot_id, product_id, location_id, qty, reserved in self.env.cr.fetchall()
        ]

    def _scope_reconciliation_values(self, lot_ids):
        """Mass balance per batch from its done movements, grouped by where
        the goods came from and went to."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                """
                WITH moves AS (
                    SELECT ml.lot_id, ml.product_id, src.usage AS src_usage,
                           dest.usage AS dest_usage,
                           dest.scrap_location AS to_scrap,
                           ml.quantity_product_uom AS qty
                      FROM stock_move_line ml
                      JOIN stock_location src ON src.id = ml.location_id
                      JOIN stock_location dest ON dest.id = ml.location_dest_id
                     WHERE ml.lot_id = ANY(%(lots)s) AND ml.state = 'done'
                ),
                on_hand AS (
                    SELECT q.lot_id, SUM(q.quantity) AS qty
                      FROM stock_quant q
                      JOIN stock_location loc ON loc.id = q.location_id
                     WHERE q.lot_id = ANY(%(lots)s)
                       AND loc.usage IN ('internal', 'transit')
                     GROUP BY q.lot_id
                )
                SELECT lot.id, lot.product_id,
                       COALESCE(SUM(m.qty) FILTER (
                           WHERE m.src_usage IN ('supplier', 'production')
                             AND m.dest_usage NOT IN ('supplier', 'production')), 0),
                       COALESCE(MAX(oh.qty), 0),
                       COALESCE(SUM(m.qty) FILTER (
                           WHERE m.dest_usage = 'production'
                             AND m.src_usage <> 'production'), 0),
                       COALESCE(SUM(m.qty) FILTER (
                           WHERE m.dest_usage = 'customer'), 0),
                       COALESCE(SUM(m.qty) FILTER (
                           WHERE m.src_usage = 'customer'), 0),
                       COALESCE(SUM(m.qty) FILTER (
                           WHERE m.dest_usage = 'inventory' AND m.to_scrap), 0),
                       COALESCE(SUM(m.qty) FILTER (
                           WHERE m.dest_usage = 'inventory' AND NOT m.to_scrap), 0)
                     - COALESCE(SUM(m.qty) FILTER (
                           WHERE m.src_usage = 'inventory'), 0),
                       COALESCE(SUM(m.qty) FILTER (
                           WHERE m.dest_usage = 'supplier'
                             AND m.src_usage <> 'supplier'), 0)
                  FROM stock_lot lot
                  LEFT JOIN moves m ON m.lot_id = lot.id
                  LEFT JOIN on_hand oh ON oh.lot_id = lot.id
                 WHERE lot.id = ANY(%(lots)s)
                 GROUP BY lot.id, lot.product_id
                """,
                lots=lot_ids,
            )
        )
        return [
            {
                "lot_id": lot_id,
                "product_id": product_id,
                "qty_in": qty_in,
                "qty_on_hand": on_hand,
                "qty_consumed": consumed,
                "qty_shipped": shipped,
                "qty_returned": returned,
                "qty_scrapped": scrapped,
                "qty_adjusted": adjusted,
                "qty_to_supplier": to_supplier,
            }
            for (
                lot_id,
                product_id,
                qty_in,
                on_hand,
                consumed,
                shipped,
                returned,
                scrapped,
                adjusted,
                to_supplier,
            ) in self.env.cr.fetchall()
        ]

    def _check_reconciled(self):
        """Stamp the moment every affected batch balances."""
        for recall in self:
            balanced = recall.reconciliation_ids and not any(
                recall.reconciliation_ids.mapped("has_gap")
            )
            if balanced and not recall.reconciled_at:
                recall.reconciled_at = fields.Datetime.now()
                if recall.recall_type == "mock":
                    recall.message_post(
                        body=self.env._(
                            "Mock recall traced and reconciled in %(minutes).1f "
                            "minutes.",
                            minutes=recall.elapsed_minutes,
                        )
                    )
            elif not balanced:
                recall.reconciled_at = False

    # ------------------------------------------------------------------
    # Launch
    # ------------------------------------------------------------------
    def action_launch(self):
        """Recall the affected batches everywhere and free them from open
        documents (real recalls and withdrawals; a mock recall only times the
        drill and changes nothing)."""
        self._check_recall_manager()
        for recall in self:
            if recall.state != "scoped":
                raise UserError(
                    self.env._(
                        "Compute the scope of %(recall)s first.", recall=recall.name
                    )
                )
            if recall.recall_type == "mock":
                recall.write(
                    {"state": "in_progress", "launched_at": fields.Datetime.now()}
                )
                continue
            lots = recall.affected_lot_ids
            lots.sudo()._set_batch_state(
                "recalled",
                self.env._(
                    "%(recall)s: %(reason)s", recall=recall.name, reason=recall.reason
                ),
            )
            pickings, productions = recall._unreserve_affected(lots)
            if recall.recall_location_id:
                recall._move_stock_to_recall_location(lots)
            recall.write(
                {
                    "state": "in_progress",
                    "launched_at": fields.Datetime.now(),
                    "affected_picking_ids": [Command.set(pickings.ids)],
                    "affected_production_ids": [Command.set(productions.ids)],
                }
            )
            recall.message_post(
                body=Markup("%s<br/>%s")
                % (
                    self.env._(
                        "Recall launched: %(count)s batches set to Recalled.",
                        count=len(lots),
                    ),
                    self.env._(
                        "Unreserved: %(docs)s",
                        docs=", ".join(
                            pickings.mapped("name") + productions.mapped("name")
                        )
                        or self.env._("none"),
                    ),
                )
            )
        return True

    def _unreserve_affected(self, lots):
        """Take the recalled batches out of every open reservation, then let
        reservation pick other (released) batches where there are some."""
        move_lines = (
            self.env["stock.move.line"]
            .sudo()
            .search(
                [
                    ("lot_id", "in", lots.ids),
                    ("state", "not in", ("done", "cancel")),
                    ("move_id", "!=", False),
                ]
            )
        )
        moves = move_lines.move_id.filtered(lambda m: not m.picked)
        pickings = moves.picking_id
        productions = moves.raw_material_production_id
        if moves:
            moves._do_unreserve()
            moves._action_assign()
        return pickings, productions

    def _move_stock_to_recall_location(self, lots):
        quants = (
            self.env["stock.quant"]
            .sudo()
            .search(
                [
                    ("lot_id", "in", lots.ids),
                    ("location_id.usage", "=", "internal"),
                    ("quantity", ">", 0),
                    ("location_id", "!=", self.recall_location_id.id),
                ]
            )
        )
        if quants:
            quants.move_quants(
                location_dest_id=self.recall_location_id,
                message=self.env._("Recall %(recall)s", recall=self.name),
            )

    # ------------------------------------------------------------------
    # Notification and recovery
    # ------------------------------------------------------------------
    def action_notify_customers(self):
        """One notice per customer, sent by email from the notice template."""
        template = self.env.ref("batch_recall.mail_template_recall_notice")
        for recall in self:
            if recall.recall_type == "mock":
                raise UserError(
                    self.env._(
                        "%(recall)s is a mock recall: customers are never contacted.",
                        recall=recall.name,
                    )
                )
            if recall.state not in ("in_progress", "monitoring"):
                raise UserError(
                    self.env._("Launch the recall before notifying customers.")
                )
            notified = recall.notice_ids.partner_id
            Notice = self.env["batch.recall.notice"]
            for partner in recall.line_ids.commercial_partner_id - notified:
                notice = Notice.create(
                    {"recall_id": recall.id, "partner_id": partner.id}
                )
                notice.message_post_with_source(
                    template,
                    subtype_xmlid="mail.mt_comment",
                    partner_ids=partner.ids,
                )
                notice.write({"state": "sent", "sent_at": fields.Datetime.now()})
                notice.line_ids.filtered(
                    lambda line: line.state == "pending"
                ).state = "notified"
            recall.message_post(
                body=self.env._(
                    "Recall notices sent to %(customers)s.",
                    customers=", ".join(recall.notice_ids.partner_id.mapped("name"))
                    or "-",
                )
            )
        return True

    def action_create_returns(self):
        """Return pickings for every affected delivery with stock still out."""
        self.ensure_one()
        if self.recall_type == "mock":
            raise UserError(self.env._("A mock recall creates no returns."))
        Return = self.env["stock.return.picking"]
        returns = self.env["stock.picking"]
        deliveries = (
            self.env["stock.move.line"]
            .search(
                [
                    ("lot_id", "in", self.affected_lot_ids.ids),
                    ("state", "=", "done"),
                    ("location_dest_id.usage", "=", "customer"),
                ]
            )
            .picking_id
        )
        done_before = self.return_picking_ids.filtered(lambda p: p.state != "cancel")
        for delivery in deliveries - done_before.return_id:
            wizard = Return.with_context(
                active_id=delivery.id, active_model="stock.picking"
            ).create({"picking_id": delivery.id})
            for line in wizard.product_return_moves:
                move = line.move_id
                recalled = sum(
                    move.move_line_ids.filtered(
                        lambda ml: ml.lot_id in self.affected_lot_ids
                    ).mapped("quantity")
                )
                # net of what came back already (earlier returns)
                back = sum(
                    move.returned_move_ids.filtered(
                        lambda m: m.state != "cancel"
                    ).mapped("product_uom_qty")
                )
                line.quantity = max(0.0, recalled - back)
            if not any(wizard.product_return_moves.mapped("quantity")):
                continue
            action = wizard.action_create_returns()
            returns |= self.env["stock.picking"].browse(action["res_id"])
        self.return_picking_ids = [Command.link(pid) for pid in returns.ids]
        self.message_post(
            body=self.env._(
                "Return transfers created: %(returns)s",
                returns=", ".join(returns.mapped("name")) or self.env._("none"),
            )
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Recall Returns"),
            "res_model": "stock.picking",
            "view_mode": "list,form",
            "domain": [("id", "in", self.return_picking_ids.ids)],
        }

    def action_refresh_recovery(self):
        """Returned quantities and mass balance brought up to date."""
        for recall in self:
            recall.line_ids._refresh_returned()
            lot_ids = recall.affected_lot_ids.ids
            recall.reconciliation_ids.unlink()
            self.env["batch.recall.reconciliation"].create(
                [
                    dict(vals, recall_id=recall.id)
                    for vals in recall._scope_reconciliation_values(lot_ids)
                ]
            )
        self._check_reconciled()
        return True

    def action_monitor(self):
        self.filtered(lambda r: r.state == "in_progress").state = "monitoring"
        return True

    def action_close(self):
        """Close once every consignee answered or was written off with a reason."""
        self._check_recall_manager()
        for recall in self:
            if recall.state not in ("scoped", "in_progress", "monitoring"):
                raise UserError(self.env._("Only an active recall can be closed."))
            if recall.recall_type != "mock":
                open_lines = recall.line_ids.filtered(
                    lambda line: (
                        line.state not in ("answered", "written_off")
                        and line.qty_unaccounted > 0
                    )
                )
                if open_lines:
                    raise UserError(
                        self.env._(
                            "These consignees have not answered and are not written "
                            "off: %(lines)s",
                            lines=", ".join(
                                f"{line.partner_id.display_name} ({line.lot_id.name})"
                                for line in open_lines
                            ),
                        )
                    )
            recall.write({"state": "closed", "closed_at": fields.Datetime.now()})
        return True

    def action_cancel(self):
        self._check_recall_manager()
        self.filtered(lambda r: r.state not in ("closed",)).state = "cancel"
        return True

    def action_draft(self):
        self.filtered(lambda r: r.state == "cancel").state = "draft"
        return True

    # ------------------------------------------------------------------
    # Smart buttons
    # ------------------------------------------------------------------
    def action_view_affected_lots(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Affected Batches"),
            "res_model": "stock.lot",
            "view_mode": "list,form",
            "domain": [("id", "in", self.affected_lot_ids.ids)],
            "context": {"create": False},
        }

    def action_view_notices(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Recall Notices"),
            "res_model": "batch.recall.notice",
            "view_mode": "list,form",
            "domain": [("recall_id", "=", self.id)],
            "context": {"create": False},
        }
