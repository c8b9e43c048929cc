# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import format_date

from .common import BatchCommon
from .report_common import pdf_text


class SaleBatchCommon(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # FreshMart only accepts goods with 200 days of shelf life left.
        cls.customer.min_shelf_life_days = 200
        cls.salesman = new_test_user(
            cls.env,
            login="bt_salesman",
            groups="sales_team.group_sale_salesman,stock.group_production_lot",
        )
        now = fields.Datetime.now()
        cls.commitment = now + timedelta(days=10)
        # Honey in stock: one fresh batch, one too short-dated for FreshMart,
        # one fresh but still in quarantine.
        cls.lot_fresh = cls._create_lot(
            cls.product_honey, "HON-FRESH", expiration_days=400
        )
        cls.lot_short = cls._create_lot(
            cls.product_honey, "HON-SHORT", expiration_days=100
        )
        cls.lot_quarantine = cls._create_lot(
            cls.product_honey, "HON-QUAR", state="quarantine", expiration_days=500
        )
        cls._add_stock(cls.lot_fresh, 30)
        cls._add_stock(cls.lot_short, 50)
        cls._add_stock(cls.lot_quarantine, 20)

    @classmethod
    def _quotation(cls, partner, product, qty, lot=None, commitment=None, user=None):
        env = cls.env(user=user) if user else cls.env
        line_vals = {"product_id": product.id, "product_uom_qty": qty}
        if lot:
            line_vals["batch_requested_lot_id"] = lot.id
        return env["sale.order"].create(
            {
                "partner_id": partner.id,
                "commitment_date": commitment or cls.commitment,
                "warehouse_id": cls.warehouse.id,
                "order_line": [Command.create(line_vals)],
            }
        )

    @classmethod
    def _incoming_receipt(cls, product, qty, days):
        """A confirmed vendor receipt expected in ``days`` days."""
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": cls.warehouse.in_type_id.id,
                "partner_id": cls.vendor_honey.id,
                "location_id": cls.supplier_location.id,
                "location_dest_id": cls.stock_location.id,
                "scheduled_date": fields.Datetime.now() + timedelta(days=days),
                "move_ids": [
                    Command.create(
                        {
                            "name": product.display_name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": cls.supplier_location.id,
                            "location_dest_id": cls.stock_location.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking

    def _ship(self, order):
        picking = order.picking_ids
        self.assertEqual(len(picking), 1)
        picking.action_assign()
        self._validate(picking)
        self.assertEqual(picking.state, "done")
        return picking


class TestSaleBatchAvailability(SaleBatchCommon):
    def test_availability_counts_only_qualifying_batches(self):
        order = self._quotation(self.customer, self.product_honey, 40)
        line = order.order_line
        self.assertEqual(line.batch_min_shelf_life_days, 200)
        # only HON-FRESH: HON-SHORT has 100 days left, HON-QUAR is not released
        self.assertAlmostEqual(line.free_qty_today, 30)
        self.assertAlmostEqual(line.qty_available_today, 30)
        self.assertAlmostEqual(line.batch_qualifying_qty, 30)
        self.assertTrue(line.batch_shelf_life_shortage)
        self.assertIn("only 30", order.batch_shelf_life_warning)
        self.assertIn("200 days", order.batch_shelf_life_warning)

    def test_customer_without_minimum_sees_whole_stock(self):
        order = self._quotation(self.customer_2, self.product_honey, 40)
        line = order.order_line
        self.assertEqual(line.batch_min_shelf_life_days, 0)
        self.assertAlmostEqual(line.free_qty_today, 100)
        self.assertFalse(line.batch_shelf_life_shortage)
        self.assertFalse(order.batch_shelf_life_warning)

    def test_product_minimum_applies_to_every_customer(self):
        self.product_honey.batch_min_shelf_life_days = 300
        order = self._quotation(self.customer_2, self.product_honey, 10)
        line = order.order_line
        self.assertEqual(line.batch_min_shelf_life_days, 300)
        self.assertAlmostEqual(line.free_qty_today, 30)
        self.assertFalse(line.batch_shelf_life_shortage)

    def test_commitment_date_moves_the_shelf_life_window(self):
        # Shipped in 250 days, HON-FRESH (expires in 400) keeps 150 days < 200.
        later = fields.Datetime.now() + timedelta(days=250)
        order = self._quotation(self.customer, self.product_honey, 5, commitment=later)
        line = order.order_line
        self.assertAlmostEqual(line.batch_qualifying_qty, 0)
        self.assertTrue(line.batch_shelf_life_shortage)

    def test_confirm_with_enough_qualifying_stock(self):
        order = self._quotation(self.customer, self.product_honey, 25)
        self.assertFalse(order.order_line.batch_shelf_life_shortage)
        self.assertFalse(order.batch_shelf_life_warning)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.activity_ids)
        # the delivery reserved the fresh batch only
        move_lines = order.picking_ids.move_ids.move_line_ids
        self.assertEqual(move_lines.lot_id, self.lot_fresh)

    def test_confirm_short_warns_and_follows_up(self):
        receipt = self._incoming_receipt(self.product_honey, 100, days=5)
        order = self._quotation(self.customer, self.product_honey, 40)
        line = order.order_line
        self.assertEqual(line.batch_next_qualifying_date, receipt.move_ids.date)
        self.assertIn(
            format_date(self.env, receipt.move_ids.date), order.batch_shelf_life_warning
        )
        order.with_context(tracking_disable=False).action_confirm()
        self.env.cr.flush()
        # never blocked, but followed up
        self.assertEqual(order.state, "sale")
        activity = order.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("mail.mail_activity_data_warning")
        )
        self.assertEqual(activity.user_id, order.user_id or self.env.user)
        notes = order.message_ids.filtered(
            lambda m: "without enough fresh stock" in (m.body or "")
        )
        self.assertEqual(len(notes), 1)
        self.assertIn("HON", notes.body + self.product_honey.default_code)
        self.assertIn("only 30", notes.body)
        # the warning banner is for quotations only
        self.assertFalse(order.batch_shelf_life_warning)

    def test_next_date_from_manufacturing_order(self):
        bar_lot = self._create_lot(self.product_bar, "GRB-OLD", expiration_days=60)
        self._add_stock(bar_lot, 500)
        mo_form = Form(self.env["mrp.production"])
        mo_form.product_id = self.product_bar
        mo_form.bom_id = self.bom_bar
        mo_form.product_qty = 1000
        mo_form.date_start = fields.Datetime.now() + timedelta(days=3)
        production = mo_form.save()
        production.action_confirm()
        order = self._quotation(self.customer, self.product_bar, 200)
        line = order.order_line
        # the 500 bars in stock keep 60 days only
        self.assertAlmostEqual(line.batch_qualifying_qty, 0)
        self.assertEqual(
            line.batch_next_qualifying_date, production.move_finished_ids.date
        )

    def test_no_next_date_when_new_batches_would_be_too_short(self):
        self._incoming_receipt(self.product_honey, 100, days=5)
        self.customer.min_shelf_life_days = 800  # honey keeps 730 days
        order = self._quotation(self.customer, self.product_honey, 5)
        line = order.order_line
        self.assertTrue(line.batch_shelf_life_shortage)
        self.assertFalse(line.batch_next_qualifying_date)
        self.assertIn("No incoming receipt", order.batch_shelf_life_warning)

    def test_onchange_warns_salesperson(self):
        order_form = Form(self.env["sale.order"].with_user(self.salesman))
        order_form.partner_id = self.customer
        order_form.commitment_date = self.commitment
        with order_form.order_line.new() as line:
            line.product_id = self.product_honey
            line.product_uom_qty = 40
            self.assertAlmostEqual(line.free_qty_today, 30)
            self.assertTrue(line.batch_shelf_life_shortage)
        order = order_form.save()
        self.assertTrue(order.batch_shelf_life_warning)
        result = order.order_line._onchange_batch_shelf_life()
        self.assertIn("only 30", result["warning"]["message"])
        order.order_line.product_uom_qty = 10
        self.assertFalse(order.order_line._onchange_batch_shelf_life())


class TestSaleRequestedBatch(SaleBatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lot_fresh_2 = cls._create_lot(
            cls.product_honey, "HON-FRESH-2", expiration_days=600
        )
        cls._add_stock(cls.lot_fresh_2, 10)

    def test_requested_batch_reserved_and_shipped(self):
        # FIFO would take HON-FRESH first; the customer asked for HON-FRESH-2.
        order = self._quotation(
            self.customer_2, self.product_honey, 8, lot=self.lot_fresh_2
        )
        order.action_confirm()
        move = order.picking_ids.move_ids
        self.assertEqual(move.batch_requested_lot_id, self.lot_fresh_2)
        self.assertEqual(move.move_line_ids.lot_id, self.lot_fresh_2)
        self.assertAlmostEqual(move.quantity, 8)
        self._ship(order)
        line = order.order_line
        self.assertEqual(line.batch_delivered_move_line_ids.lot_id, self.lot_fresh_2)
        self.assertIn("HON-FRESH-2: 8.0", line.batch_delivered_summary)
        self.assertIn(
            format_date(self.env, self.lot_fresh_2.expiration_date),
            line.batch_delivered_summary,
        )
        self.assertEqual(order.batch_delivered_lot_count, 1)
        action = order.action_view_batch_delivered()
        self.assertEqual(
            self.env["stock.move.line"].search(action["domain"]).lot_id,
            self.lot_fresh_2,
        )

    def test_requested_batch_without_stock_reserves_nothing_else(self):
        empty = self._create_lot(self.product_honey, "HON-EMPTY", expiration_days=700)
        order = self._quotation(self.customer_2, self.product_honey, 5, lot=empty)
        order.action_confirm()
        move = order.picking_ids.move_ids
        move.picking_id.action_assign()
        self.assertFalse(move.move_line_ids)
        self.assertEqual(move.state, "confirmed")

    def test_other_batch_refused_at_validation(self):
        order = self._quotation(
            self.customer_2, self.product_honey, 8, lot=self.lot_fresh_2
        )
        order.action_confirm()
        picking = order.picking_ids
        # the storekeeper picks another batch by hand
        picking.move_ids.move_line_ids.lot_id = self.lot_fresh
        with self.assertRaisesRegex(UserError, "requested batch HON-FRESH-2"):
            self._validate(picking)
        self.assertNotEqual(picking.state, "done")

    def test_requested_batch_change_after_confirmation(self):
        order = self._quotation(self.customer_2, self.product_honey, 8)
        order.action_confirm()
        move = order.picking_ids.move_ids
        self.assertEqual(move.move_line_ids.lot_id, self.lot_fresh)
        order.order_line.batch_requested_lot_id = self.lot_fresh_2
        self.assertEqual(move.batch_requested_lot_id, self.lot_fresh_2)
        self.assertEqual(move.move_line_ids.lot_id, self.lot_fresh_2)

    def test_requested_batch_in_two_step_delivery(self):
        self.warehouse.delivery_steps = "pick_ship"
        order = self._quotation(
            self.customer_2, self.product_honey, 8, lot=self.lot_fresh_2
        )
        order.action_confirm()
        pick = order.picking_ids
        self.assertEqual(pick.location_id, self.stock_location)
        self.assertEqual(pick.move_ids.batch_requested_lot_id, self.lot_fresh_2)
        pick.action_assign()
        self.assertEqual(pick.move_ids.move_line_ids.lot_id, self.lot_fresh_2)
        self._validate(pick)
        ship = order.picking_ids - pick
        self.assertEqual(len(ship), 1)
        self.assertEqual(ship.move_ids.batch_requested_lot_id, self.lot_fresh_2)
        ship.action_assign()
        self.assertEqual(ship.move_ids.move_line_ids.lot_id, self.lot_fresh_2)
        self._validate(ship)
        self.assertEqual(
            order.order_line.batch_delivered_move_line_ids.lot_id, self.lot_fresh_2
        )

    def test_salesperson_changes_requested_batch_after_confirmation(self):
        order = self._quotation(
            self.customer_2, self.product_honey, 8, user=self.salesman
        )
        order.action_confirm()
        move = order.picking_ids.move_ids
        self.assertEqual(move.move_line_ids.lot_id, self.lot_fresh)
        order.order_line.with_user(
            self.salesman
        ).batch_requested_lot_id = self.lot_fresh_2
        self.assertEqual(move.move_line_ids.lot_id, self.lot_fresh_2)

    def test_requested_batch_must_match_product(self):
        oats_lot = self._create_lot(self.product_oats, "OAT-1", expiration_days=300)
        with self.assertRaises(ValidationError):
            self._quotation(self.customer_2, self.product_honey, 1, lot=oats_lot)

    def test_salesperson_requests_batch(self):
        order = self._quotation(
            self.customer_2,
            self.product_honey,
            2,
            lot=self.lot_fresh_2,
            user=self.salesman,
        )
        self.assertEqual(order.order_line.batch_requested_lot_id, self.lot_fresh_2)
        # the onchange tells the salesperson when the batch cannot ship
        line = order.order_line
        line.batch_requested_lot_id = self.lot_quarantine
        result = line._onchange_batch_requested_lot_id()
        self.assertIn("Quarantine", result["warning"]["message"])

    def test_customer_batches_received(self):
        order = self._quotation(
            self.customer_2, self.product_honey, 8, lot=self.lot_fresh_2
        )
        order.action_confirm()
        self._ship(order)
        self.assertEqual(self.customer_2.batch_received_lot_count, 1)
        self.assertEqual(self.customer.batch_received_lot_count, 0)
        action = self.customer_2.action_view_batches_received()
        self.assertEqual(
            self.env["stock.lot"].search(action["domain"]), self.lot_fresh_2
        )
        report = self.env["stock.lot.report"].search(
            [("partner_id", "=", self.customer_2.id)]
        )
        self.assertEqual(report.expiration_date, self.lot_fresh_2.expiration_date)
        self.assertEqual(report.batch_state, "released")


class TestSaleBatchViews(SaleBatchCommon):
    def test_views_load_for_salesperson(self):
        for model in ("sale.order", "res.partner"):
            views = (
                self.env[model].with_user(self.salesman).get_views([(False, "form")])
            )
            self.assertIn("batch_", views["views"]["form"]["arch"])
        order = self._quotation(
            self.customer, self.product_honey, 40, user=self.salesman
        )
        self.assertTrue(
            order.with_user(self.salesman).read(
                ["batch_shelf_life_warning", "batch_delivered_lot_count"]
            )[0]["batch_shelf_life_warning"]
        )


class TestSaleBatchDocuments(SaleBatchCommon):
    def _pdf_text(self, report_ref, records, layout=True):
        pdf, _fmt = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report_ref, records.ids)
        )
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf_text(pdf, layout=layout)

    def test_invoice_lists_batch_and_expiry(self):
        self.env.user.groups_id += self.env.ref("stock_account.group_lot_on_invoice")
        order = self._quotation(self.customer, self.product_honey, 12)
        order.action_confirm()
        self._ship(order)
        invoice = order._create_invoices()
        invoice.action_post()
        values = invoice._get_invoiced_lot_values()
        self.assertEqual([v["lot_name"] for v in values], ["HON-FRESH"])
        expiry = format_date(
            self.env, self.lot_fresh.expiration_date, lang_code=invoice.partner_id.lang
        )
        self.assertEqual(values[0]["expiration_date"], expiry)
        text = self._pdf_text("account.account_invoices", invoice, layout=False)
        # Odoo's lot column is narrow: the batch name may wrap at its hyphen,
        # which pdftotext then drops as a hyphenation
        self.assertIn("HONFRESH", "".join(text.replace("-", "").split()))
        self.assertIn(expiry, text)
        self.assertIn("Expiry", text)


class TestSaleBatchPortalAccess(SaleBatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_fresh = new_test_user(
            cls.env,
            login="bt_portal_freshmart",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": "Anna Buyer", "parent_id": cls.customer.id})
            .id,
        )
        cls.portal_deli = new_test_user(
            cls.env,
            login="bt_portal_deli",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": "Bob Owner", "parent_id": cls.customer_2.id})
            .id,
        )
        cls.order = cls._quotation(cls.customer, cls.product_honey, 12)
        cls.order.action_confirm()
        cls.order.message_subscribe(partner_ids=cls.customer.ids)
        picking = cls.order.picking_ids
        picking.action_assign()
        cls._validate(picking)

    def test_portal_values_of_own_order(self):
        order = self.order.with_user(self.portal_fresh)
        order.check_access("read")
        values = order._batch_portal_lot_values()
        self.assertEqual(len(values), 1)
        self.assertEqual(values[0]["lot"], "HON-FRESH")
        self.assertAlmostEqual(values[0]["quantity"], 12)
        self.assertEqual(values[0]["expiration_date"], self.lot_fresh.expiration_date)
        self.assertFalse(values[0]["recalled"])
        self.assertEqual(order._batch_recall_notices(), [])

    def test_other_customer_has_no_access(self):
        with self.assertRaises(AccessError):
            self.order.with_user(self.portal_deli).check_access("read")


@tagged("post_install", "-at_install")
class TestSaleBatchPortalPage(TestSaleBatchPortalAccess, HttpCase):
    def test_portal_page_shows_own_batches_only(self):
        url = f"/my/orders/{self.order.id}"
        self.authenticate("bt_portal_freshmart", "bt_portal_freshmart")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Batches delivered", response.text)
        self.assertIn("HON-FRESH", response.text)
        self.assertIn(
            format_date(self.env, self.lot_fresh.expiration_date), response.text
        )
        self.assertNotIn("batch_recall_banner", response.text)
        self.authenticate("bt_portal_deli", "bt_portal_deli")
        response = self.url_open(url)
        # the portal redirects another customer to their home page
        self.assertFalse(response.url.endswith(url))
        self.assertNotIn("HON-FRESH", response.text)

    def test_portal_pages_open_in_the_browser(self):
        """The portal pages this addon extends open in Chromium without a
        client error (the server tests above cannot see those)."""
        for url in ("/my", "/my/orders", f"/my/orders/{self.order.id}"):
            self.browser_js(
                url,
                "if (!document.querySelector('.o_portal')) {"
                " console.error('no portal layout'); }"
                " else { console.log('test successful'); }",
                "document.readyState === 'complete'",
                login="bt_portal_freshmart",
            )

    def test_portal_page_recall_banner(self):
        self.lot_fresh.sudo()._set_batch_state("recalled", reason="Test recall")
        notice = {
            "title": "Recall RC-0042",
            "message": "Batch HON-FRESH of Acacia Honey is recalled.",
            "url": "/recall/notice/42",
        }
        # Stands in for the recall addon, which overrides this hook.
        SaleOrder = self.registry["sale.order"]
        with patch.object(
            SaleOrder, "_batch_recall_notices", lambda order: [notice], create=True
        ):
            self.authenticate("bt_portal_freshmart", "bt_portal_freshmart")
            response = self.url_open(f"/my/orders/{self.order.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Recall RC-0042", response.text)
        self.assertIn('href="/recall/notice/42"', response.text)
        self.assertIn("Recalled", response.text)
