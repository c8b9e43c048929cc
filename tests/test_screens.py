# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Screens that read right (issue 19): the words and columns users see."""

from lxml import etree

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestScreens(TransactionCase):
    def _list_columns(self, model, view_xmlid=None):
        view_id = self.env.ref(view_xmlid).id if view_xmlid else None
        arch = self.env[model].get_view(view_id, "list")["arch"]
        return {
            node.get("name"): node
            for node in etree.fromstring(arch).xpath("//list/field")
            if node.get("column_invisible") not in ("True", "1")
        }

    def test_batch_list_shows_what_we_hold_and_until_when(self):
        action = self.env.ref("batch_traceability.batch_lot_action")
        self.assertEqual(action.name, "Batches")
        self.assertIn("o_view_nocontent", action.help)
        menu = self.env.ref("batch_traceability.batch_lot_menu")
        self.assertEqual(menu.action, action)
        columns = self._list_columns("stock.lot", "stock.view_production_lot_tree")
        for name in (
            "batch_state",
            "qc_state",
            "product_qty",
            "product_uom_id",
            "expiration_date",
            "supplier_id",
        ):
            self.assertIn(name, columns)
            self.assertNotEqual(columns[name].get("optional"), "hide", name)
        self.assertEqual(columns["product_qty"].get("string"), "On Hand")

    def test_qc_results_name_the_batch(self):
        columns = self._list_columns(
            "batch.qc.result", "batch_traceability.batch_qc_result_view_list"
        )
        self.assertEqual(columns["lot_id"].get("string"), "Batch")

    def test_where_used_opens_expanded_without_summing_depths(self):
        arch = etree.fromstring(
            self.env["batch.where.used.line"].get_view(
                self.env.ref("batch_traceability.batch_where_used_line_view_list").id,
                "list",
            )["arch"]
        )
        self.assertEqual(arch.get("expand"), "1")
        self.assertFalse(self.env["batch.where.used.line"]._fields["depth"].aggregator)
        self.assertFalse(arch.xpath("//field[@name='quantity'][@sum]"))

    def test_every_menu_list_has_help_when_empty(self):
        for xmlid in (
            "batch_traceability.batch_expiry_report_action",
            "batch_traceability.batch_numbering_format_action",
            "batch_traceability.batch_qc_result_action",
            "batch_traceability.batch_qc_template_action",
            "batch_traceability.batch_temperature_reading_action",
            "batch_traceability.batch_storage_excursion_action",
            "batch_recall.batch_complaint_action",
            "batch_recall.batch_recall_action",
            "batch_recall.batch_recall_action_mock",
            "batch_recall.batch_recall_action_dashboard",
        ):
            self.assertIn("o_view_nocontent", self.env.ref(xmlid).help or "", xmlid)

    def test_complaints_trend_views(self):
        action = self.env.ref("batch_recall.batch_complaint_action")
        self.assertEqual(
            set(action.view_mode.split(",")),
            {"list", "kanban", "form", "graph", "pivot"},
        )
        for view_type in ("kanban", "graph", "pivot"):
            self.assertTrue(
                self.env["batch.complaint"].get_view(False, view_type)["arch"]
            )

    def test_shipped_batch_quantity_with_its_unit(self):
        product = self.env["product.product"].create(
            {"name": "Screen Test Bar", "is_storable": True, "tracking": "lot"}
        )
        lot = self.env["stock.lot"].create({"name": "SCR-1", "product_id": product.id})
        move_line = self.env["stock.move.line"].new(
            {
                "product_id": product.id,
                "lot_id": lot.id,
                "quantity": 1250,
                "product_uom_id": product.uom_id.id,
            }
        )
        label = self.env["sale.order.line"]._batch_move_line_label(move_line)
        self.assertIn(f"SCR-1: 1,250.00 {product.uom_id.name}", label)

    def test_consignee_list_shows_a_handful_of_columns(self):
        arch = self.env["batch.recall"].get_view(
            self.env.ref("batch_recall.batch_recall_view_form").id, "form"
        )["arch"]
        columns = {
            node.get("name"): node
            for node in etree.fromstring(arch).xpath(
                "//field[@name='line_ids']/list/field"
            )
        }
        shown = sorted(
            name for name, node in columns.items() if node.get("optional") != "hide"
        )
        self.assertEqual(
            shown,
            sorted(
                [
                    "commercial_partner_id",
                    "lot_id",
                    "qty_shipped",
                    "qty_returned",
                    "qty_destroyed",
                    "qty_customer_on_hand",
                    "qty_unaccounted",
                    "uom_id",
                    "state",
                    "write_off_reason",
                ]
            ),
        )
        for name in ("partner_id", "product_id", "documents", "qty_corrected"):
            self.assertEqual(columns[name].get("optional"), "hide", name)
