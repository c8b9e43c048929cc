# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A small, realistic world shared by the tests of the three addons.

Vendors, customers, lot-tracked products with expiry, a bill of materials, and
helpers that go through Odoo's real flows (receipts, manufacturing orders,
deliveries) so that genealogy, reservation and validation are exercised the way
users trigger them.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import Form, new_test_user
from odoo.tools import config

from odoo.addons.base.tests.common import BaseCommon


class BatchCommon(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # wkhtmltopdf loads the report styles from the test's own HTTP server,
        # whose port pytest-odoo chooses at random
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )
        cls.company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.supplier_location = cls.env.ref("stock.stock_location_suppliers")
        cls.customer_location = cls.env.ref("stock.stock_location_customers")
        cls.uom_kg = cls.env.ref("uom.product_uom_kgm")
        cls.uom_unit = cls.env.ref("uom.product_uom_unit")

        cls.facility = cls.env["batch.facility"].create(
            {
                "name": "Test Plant One",
                "code": "TP1",
                "warehouse_id": cls.warehouse.id,
            }
        )
        Partner = cls.env["res.partner"]
        cls.vendor = Partner.create(
            {"name": "Alpine Oats GmbH", "is_company": True, "supplier_rank": 1}
        )
        cls.vendor_honey = Partner.create(
            {"name": "Bee Valley Honey", "is_company": True, "supplier_rank": 1}
        )
        cls.customer = Partner.create(
            {"name": "FreshMart Stores", "is_company": True, "customer_rank": 1}
        )
        cls.customer_2 = Partner.create(
            {"name": "Corner Deli Ltd", "is_company": True, "customer_rank": 1}
        )

        Product = cls.env["product.product"]
        lot_vals = {
            "is_storable": True,
            "tracking": "lot",
            "use_expiration_date": True,
        }
        cls.product_oats = Product.create(
            dict(
                lot_vals,
                name="Rolled Oats",
                default_code="OAT",
                uom_id=cls.uom_kg.id,
                uom_po_id=cls.uom_kg.id,
                expiration_time=365,
                batch_requires_qc_release=True,
            )
        )
        cls.product_honey = Product.create(
            dict(
                lot_vals,
                name="Acacia Honey",
                default_code="HON",
                uom_id=cls.uom_kg.id,
                uom_po_id=cls.uom_kg.id,
                expiration_time=730,
            )
        )
        cls.product_bar = Product.create(
            dict(
                lot_vals,
                name="Granola Bar",
                default_code="GRB",
                expiration_time=270,
                barcode="09506000134352",
            )
        )
        cls.bom_bar = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.product_bar.product_tmpl_id.id,
                "product_qty": 100,
                "bom_line_ids": [
                    Command.create(
                        {"product_id": cls.product_oats.id, "product_qty": 3}
                    ),
                    Command.create(
                        {"product_id": cls.product_honey.id, "product_qty": 1}
                    ),
                ],
            }
        )

        cls.stock_user = new_test_user(
            cls.env,
            login="bt_stock_user",
            groups="stock.group_stock_user,stock.group_production_lot",
        )
        cls.quality_user = new_test_user(
            cls.env,
            login="bt_quality_user",
            groups="batch_traceability.group_quality_user",
        )
        cls.quality_manager = new_test_user(
            cls.env,
            login="bt_quality_manager",
            groups="batch_traceability.group_quality_manager,mrp.group_mrp_user",
        )
        cls.recall_manager = new_test_user(
            cls.env,
            login="bt_recall_manager",
            groups="batch_traceability.group_recall_manager",
        )

    # ------------------------------------------------------------------
    # Helpers: each goes through the flow a user would use
    # ------------------------------------------------------------------
    @classmethod
    def _create_lot(cls, product, name, state=None, expiration_days=None, **vals):
        """A batch created as the superuser (e.g. by a data import)."""
        vals.update({"product_id": product.id, "name": name})
        if state:
            vals["batch_state"] = state
        if expiration_days is not None:
            vals["expiration_date"] = fields.Datetime.now() + timedelta(
                days=expiration_days
            )
        return cls.env["stock.lot"].create(vals)

    @classmethod
    def _add_stock(cls, lot, qty, location=None):
        cls.env["stock.quant"]._update_available_quantity(
            lot.product_id, location or cls.stock_location, qty, lot_id=lot
        )

    @classmethod
    def _validate(cls, picking):
        """Validate a picking as a user would, skipping the backorder prompt."""
        picking.move_ids.picked = True
        res = picking.with_context(skip_backorder=True).button_validate()
        return res

    @classmethod
    def _receipt(cls, product, qty, vendor=None):
        """A confirmed vendor receipt of ``qty`` of ``product``, not
        processed yet (the lines are the warehouse's to fill)."""
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": cls.warehouse.in_type_id.id,
                "partner_id": (vendor or cls.vendor).id,
                "location_id": cls.supplier_location.id,
                "location_dest_id": cls.stock_location.id,
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

    @classmethod
    def _receive(cls, product, qty, lot_name, vendor=None, supplier_lot=None):
        """A vendor receipt of ``qty`` of ``product`` into a new batch."""
        picking = cls._receipt(product, qty, vendor=vendor)
        move = picking.move_ids
        move.move_line_ids.unlink()
        cls.env["stock.move.line"].create(
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": product.id,
                "lot_name": lot_name,
                "batch_supplier_lot": supplier_lot,
                "quantity": qty,
                "product_uom_id": product.uom_id.id,
                "location_id": cls.supplier_location.id,
                "location_dest_id": cls.stock_location.id,
            }
        )
        cls._validate(picking)
        return picking

    @classmethod
    def _delivery(cls, partner, product, qty, confirm=True):
        """A draft/confirmed delivery order to ``partner`` (not reserved)."""
        picking_type = cls.warehouse.out_type_id
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": partner.id,
                "location_id": cls.stock_location.id,
                "location_dest_id": cls.customer_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.display_name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": cls.stock_location.id,
                            "location_dest_id": cls.customer_location.id,
                            "partner_id": partner.id,
                        }
                    )
                ],
            }
        )
        if confirm:
            picking.action_confirm()
        return picking

    @classmethod
    def _deliver(cls, partner, product, qty, lot):
        """Ship ``qty`` of ``lot`` to ``partner`` and validate the delivery."""
        picking = cls._delivery(partner, product, qty)
        move = picking.move_ids
        move.move_line_ids.unlink()
        cls.env["stock.move.line"].create(
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": product.id,
                "lot_id": lot.id,
                "quantity": qty,
                "product_uom_id": product.uom_id.id,
                "location_id": cls.stock_location.id,
                "location_dest_id": cls.customer_location.id,
            }
        )
        cls._validate(picking)
        return picking

    @classmethod
    def _set_lot_line(cls, picking, lot, qty):
        """Replace the picking's (single) move lines by one line of ``lot``,
        as a user typing the batch by hand would."""
        move = picking.move_ids
        move.move_line_ids.unlink()
        return cls.env["stock.move.line"].create(
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": lot.product_id.id,
                "lot_id": lot.id,
                "quantity": qty,
                "product_uom_id": lot.product_id.uom_id.id,
                "location_id": picking.location_id.id,
                "location_dest_id": picking.location_dest_id.id,
            }
        )

    @classmethod
    def _return(cls, delivery, lot, qty):
        """A customer sends back ``qty`` of ``lot`` from ``delivery``."""
        wizard = (
            cls.env["stock.return.picking"]
            .with_context(active_id=delivery.id, active_model="stock.picking")
            .create({"picking_id": delivery.id})
        )
        wizard.product_return_moves.quantity = qty
        picking = cls.env["stock.picking"].browse(
            wizard.action_create_returns()["res_id"]
        )
        cls._set_lot_line(picking, lot, qty)
        cls._validate(picking)
        return picking

    @classmethod
    def _manufacture(cls, bom, qty, finished_lot_name, consumed):
        """Run a manufacturing order of ``qty`` using ``consumed`` lots.

        ``consumed`` maps a component lot to the quantity taken from it; the
        finished batch gets ``finished_lot_name``.
        """
        mo_form = Form(cls.env["mrp.production"])
        mo_form.product_id = bom.product_id or bom.product_tmpl_id.product_variant_id
        mo_form.bom_id = bom
        mo_form.product_qty = qty
        production = mo_form.save()
        production.action_confirm()
        finished_lot = cls.env["stock.lot"].create(
            {"name": finished_lot_name, "product_id": production.product_id.id}
        )
        with Form(production) as mo:
            mo.qty_producing = qty
            mo.lot_producing_id = finished_lot
        for move in production.move_raw_ids:
            move.move_line_ids.unlink()
            for lot, lot_qty in consumed.items():
                if lot.product_id != move.product_id:
                    continue
                cls.env["stock.move.line"].create(
                    {
                        "move_id": move.id,
                        "product_id": move.product_id.id,
                        "lot_id": lot.id,
                        "quantity": lot_qty,
                        "product_uom_id": move.product_uom.id,
                        "location_id": move.location_id.id,
                        "location_dest_id": move.location_dest_id.id,
                    }
                )
            move.picked = True
        production.with_context(skip_consumption=True).button_mark_done()
        return production
