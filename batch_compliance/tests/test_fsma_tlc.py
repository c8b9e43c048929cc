# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""FSMA 204 traceability lot codes survive the supply chain (21 CFR 1.1320).

A packer assigns the lettuce's code; a distributor sells it to us with the
packer as TLC source; we make a salad (a transformation: our code, our site)
and ship it three times; tomatoes received under the code the distributor
passed on are partly used in the salad and partly shipped on unchanged.
Every event carries the batch's code and source, inputs are listed by their
codes, and FDA's spreadsheet reads back one value per cell.
"""

import csv
import io
from datetime import date

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.batch_traceability.tests.common import BatchCommon

EVIL = '=HYPERLINK("http://x","y")'


@tagged("post_install", "-at_install")
class TestFsmaTlc(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Location = cls.env["batch.fsma.location"]
        us_country = cls.env.ref("base.us")
        cls.company.partner_id.write(
            {
                "street": "12 Salad Way",
                "city": "Fresno",
                "zip": "93650",
                "phone": "+1 559 555 0100",
                "country_id": us_country.id,
            }
        )
        # the site operating the warehouse (demo data may bring its own)
        cls.site = cls.env["batch.facility"]._facility_for_warehouse(cls.warehouse)
        cls.site.write({"fda_registration": "19876543210", "gln": "0614141999996"})
        # the packer, where the lettuce's code was assigned (TLC source)
        cls.packer = Location.create(
            {
                "name": "Green Valley Packers",
                "phone": "+1 831 555 0199",
                "street": "400 Abbott St",
                "city": "Salinas",
                "state": "CA",
                "zip": "93901",
                "country_id": us_country.id,
            }
        )
        # the tomato grower's packing house, given by reference (a GLN)
        cls.tomato_source = Location.create(
            {"reference_type": "gln", "reference": "0614141000012"}
        )
        # a distributor: its head office is not where any code was assigned
        cls.distributor = cls.env["res.partner"].create(
            {
                "name": "Coastal Produce Distributors",
                "is_company": True,
                "supplier_rank": 1,
                "street": "1 Harbor Blvd",
                "city": "Los Angeles",
                "zip": "90021",
                "batch_tlc_source_id": cls.packer.id,
            }
        )
        cls.customer_3 = cls.env["res.partner"].create(
            {"name": "Harbor Cafe", "is_company": True, "city": "Monterey"}
        )
        Product = cls.env["product.product"]
        ftl = {"is_storable": True, "tracking": "lot", "batch_fsma_ftl": True}
        cls.lettuce = Product.create(
            dict(
                ftl,
                name="Romaine Lettuce",
                uom_id=cls.uom_kg.id,
                uom_po_id=cls.uom_kg.id,
            )
        )
        cls.tomato = Product.create(
            dict(
                ftl, name="Roma Tomatoes", uom_id=cls.uom_kg.id, uom_po_id=cls.uom_kg.id
            )
        )
        cls.salad = Product.create(dict(ftl, name="Garden Salad"))
        cls.bom_salad = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.salad.product_tmpl_id.id,
                "product_qty": 10,
                "bom_line_ids": [
                    Command.create({"product_id": cls.lettuce.id, "product_qty": 2}),
                    Command.create({"product_id": cls.tomato.id, "product_qty": 1}),
                ],
            }
        )
        # packer -> distributor -> us: the supplier lot is the packer's code
        cls.receipt_lettuce = cls._receive_tlc(
            cls.lettuce, 20, "LET-IN-1", cls.distributor, supplier_lot="GVP-LET-0425"
        )
        # the distributor's own lot number differs from the code it passes on
        cls.receipt_tomato = cls._receive_tlc(
            cls.tomato,
            5,
            "TOM-IN-1",
            cls.distributor,
            supplier_lot="CPD-INT-9",
            batch_tlc="TOM-77-2026",
            batch_tlc_source_id=cls.tomato_source.id,
        )
        Lot = cls.env["stock.lot"]
        cls.lettuce_lot = Lot.search([("name", "=", "LET-IN-1")])
        cls.tomato_lot = Lot.search([("name", "=", "TOM-IN-1")])
        cls.production = cls._manufacture(
            cls.bom_salad, 10, "SAL-0001", {cls.lettuce_lot: 2, cls.tomato_lot: 1}
        )
        cls.salad_lot = cls.production.lot_producing_id
        cls.shipments = [
            cls._deliver(partner, cls.salad, 3, cls.salad_lot)
            for partner in (cls.customer, cls.customer_2, cls.customer_3)
        ]
        # pass-through: the rest of the tomatoes shipped on as received
        cls.pass_through = cls._deliver(cls.customer_2, cls.tomato, 4, cls.tomato_lot)
        cls.facility_location = cls.site._fsma_location()

    @classmethod
    def _receive_tlc(cls, product, qty, lot_name, vendor, **line_vals):
        """A receipt whose line carries what the supplier sent (its lot, and
        a TLC and source when they differ)."""
        supplier_lot = line_vals.pop("supplier_lot", None)
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": cls.warehouse.in_type_id.id,
                "partner_id": vendor.id,
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
        move = picking.move_ids
        move.move_line_ids.unlink()
        cls.env["stock.move.line"].create(
            dict(
                line_vals,
                move_id=move.id,
                picking_id=picking.id,
                product_id=product.id,
                lot_name=lot_name,
                batch_supplier_lot=supplier_lot,
                quantity=qty,
                product_uom_id=product.uom_id.id,
                location_id=cls.supplier_location.id,
                location_dest_id=cls.stock_location.id,
            )
        )
        cls._validate(picking)
        return picking

    def _events(self, lot, event_type):
        return self.env["batch.fsma.event"].search(
            [("lot_id", "=", lot.id), ("event_type", "=", event_type)], order="id"
        )

    def _export(self, **criteria):
        wizard = (
            self.env["batch.fsma.export.wizard"]
            .with_user(self.quality_user)
            .create(
                dict({"date_from": date.today(), "date_to": date.today()}, **criteria)
            )
        )
        action = wizard.action_export()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        return openpyxl.load_workbook(io.BytesIO(attachment.raw))

    @staticmethod
    def _table(sheet):
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        header = rows[0]
        return [dict(zip(header, row, strict=True)) for row in rows[1:]]

    # ------------------------------------------------------------------
    # The chain
    # ------------------------------------------------------------------
    def test_received_batches_keep_the_suppliers_code_and_source(self):
        self.assertEqual(self.lettuce_lot.tlc, "GVP-LET-0425")
        self.assertEqual(self.lettuce_lot.tlc_source_id, self.packer)
        self.assertEqual(self.lettuce_lot.tlc_origin, "received")
        self.assertEqual(
            self.tomato_lot.tlc, "TOM-77-2026", "the TLC sent, not the lot"
        )
        self.assertEqual(self.tomato_lot.supplier_lot, "CPD-INT-9")
        self.assertEqual(self.tomato_lot.tlc_source_id, self.tomato_source)
        for lot, source in (
            (self.lettuce_lot, self.packer),
            (self.tomato_lot, self.tomato_source),
        ):
            receiving = self._events(lot, "receiving")
            self.assertEqual(len(receiving), 1)
            self.assertEqual(receiving.tlc, lot.tlc)
            self.assertEqual(receiving.tlc_source_id, source)
            # the distributor is the previous source, not the TLC source
            self.assertEqual(
                receiving.other_location_id.name, "Coastal Produce Distributors"
            )
            self.assertNotIn("Harbor Blvd", receiving.tlc_source or "")
            self.assertEqual(receiving.own_location_id, self.facility_location)
            self.assertFalse(receiving.exempt_supplier)
            self.assertFalse(receiving.missing_kdes, receiving.missing_kdes)

    def test_transformation_assigns_our_code_and_lists_inputs_by_their_codes(self):
        self.assertEqual(self.salad_lot.tlc, "SAL-0001")
        self.assertEqual(self.salad_lot.tlc_origin, "assigned")
        self.assertEqual(self.salad_lot.tlc_source_id, self.facility_location)
        self.assertEqual(self.facility_location.reference, "19876543210")
        self.assertEqual(self.facility_location.reference_type, "ffrn")
        event = self._events(self.salad_lot, "transformation")
        self.assertEqual(event.tlc, "SAL-0001")
        self.assertEqual(event.tlc_source_id, self.facility_location)
        self.assertEqual(event.quantity, 10)
        self.assertEqual(
            {(i.tlc, i.quantity, i.uom_name) for i in event.input_ids},
            {("GVP-LET-0425", 2.0, "kg"), ("TOM-77-2026", 1.0, "kg")},
        )
        self.assertEqual(
            event.input_ids.tlc_source_id, self.packer | self.tomato_source
        )
        self.assertNotIn("LET-IN-1", event.input_ids.mapped("tlc"))
        self.assertFalse(event.missing_kdes, event.missing_kdes)

    def test_shipments_carry_the_code_unchanged(self):
        shipping = self._events(self.salad_lot, "shipping")
        self.assertEqual(len(shipping), 3)
        self.assertEqual(set(shipping.mapped("tlc")), {"SAL-0001"})
        self.assertEqual(shipping.tlc_source_id, self.facility_location)
        self.assertEqual(
            set(shipping.mapped("other_location_id.name")),
            {"FreshMart Stores", "Corner Deli Ltd", "Harbor Cafe"},
        )
        self.assertEqual(
            set(shipping.mapped("reference_document_number")),
            {picking.name for picking in self.shipments},
        )
        # pass-through: the supplier's code and source, no code of ours
        passed = self._events(self.tomato_lot, "shipping")
        self.assertEqual(passed.tlc, "TOM-77-2026")
        self.assertEqual(passed.tlc_source_id, self.tomato_source)
        self.assertEqual(passed.quantity, 4)
        self.assertEqual(passed.other_location_id.name, "Corner Deli Ltd")
        self.assertEqual(self.tomato_lot.tlc, "TOM-77-2026", "unchanged by shipping")
        every = self.env["batch.fsma.event"].search(
            [("lot_id", "in", (self.lettuce_lot | self.tomato_lot).ids)]
        )
        self.assertNotIn("TOM-IN-1", every.mapped("tlc"))
        self.assertNotIn("LET-IN-1", every.mapped("tlc"))

    def test_spreadsheet_in_fdas_layout(self):
        book = self._export()
        for name in ("Receiving", "Transformation", "Shipping", "Completeness"):
            self.assertIn(name, book.sheetnames)
        for sheet in book.worksheets:
            self.assertFalse(sheet.merged_cells.ranges, sheet.title)
            for row in sheet.iter_rows():
                for cell in row:
                    self.assertNotEqual(cell.data_type, "f", cell.coordinate)
                    if isinstance(cell.value, str):
                        self.assertNotIn("\n", cell.value, cell.coordinate)
        transformation = [
            row
            for row in self._table(book["Transformation"])
            if row["Reference Document Number"] == self.production.name
        ]
        self.assertEqual(len(transformation), 2, "one row per input code")
        self.assertEqual(
            {
                (r["Input Traceability Lot Code"], r["Input Quantity Used"])
                for r in transformation
            },
            {("GVP-LET-0425", 2), ("TOM-77-2026", 1)},
        )
        for row in transformation:
            self.assertEqual(row["New Traceability Lot Code"], "SAL-0001")
            self.assertEqual(row["Output Quantity Produced"], 10)
            self.assertEqual(row["Transformation Location: City"], "Fresno")
            self.assertEqual(row["TLC Source Reference"], "19876543210")
        shipping = self._table(book["Shipping"])
        salad = [r for r in shipping if r["Traceability Lot Code"] == "SAL-0001"]
        self.assertEqual(len(salad), 3)
        self.assertEqual(
            {r["Immediate Subsequent Recipient: Business Name"] for r in salad},
            {"FreshMart Stores", "Corner Deli Ltd", "Harbor Cafe"},
        )
        (tomato,) = [r for r in shipping if r["Our Batch"] == "TOM-IN-1"]
        self.assertEqual(tomato["Traceability Lot Code"], "TOM-77-2026")
        self.assertEqual(tomato["TLC Source Reference"], "0614141000012")
        self.assertEqual(tomato["TLC Source Reference Type"], "GLN")
        self.assertEqual(tomato["Quantity"], 4)
        self.assertEqual(tomato["Ship-From Location: City"], "Fresno")
        receiving = self._table(book["Receiving"])
        (lettuce,) = [r for r in receiving if r["Our Batch"] == "LET-IN-1"]
        self.assertEqual(lettuce["TLC Source: Business Name"], "Green Valley Packers")
        self.assertEqual(lettuce["TLC Source: City"], "Salinas")
        self.assertEqual(lettuce["TLC Source: State"], "CA")
        self.assertEqual(lettuce["TLC Source: ZIP"], "93901")
        self.assertEqual(lettuce["TLC Source: Country"], "United States")
        self.assertEqual(lettuce["Immediate Previous Source: City"], "Los Angeles")
        self.assertEqual(lettuce["Exempt Supplier"], "No")

    def test_spreadsheet_filters_by_code_product_and_range(self):
        book = self._export(tlc="TOM-77")
        self.assertEqual(
            [r["Our Batch"] for r in self._table(book["Receiving"])], ["TOM-IN-1"]
        )
        self.assertEqual(
            [r["Traceability Lot Code"] for r in self._table(book["Shipping"])],
            ["TOM-77-2026"],
        )
        # the salad's transformation used that code: its rows come along
        self.assertEqual(
            {
                r["New Traceability Lot Code"]
                for r in self._table(book["Transformation"])
            },
            {"SAL-0001"},
        )
        book = self._export(tlc_from="SAL-0000", tlc_to="SAL-9999")
        self.assertNotIn("Receiving", book.sheetnames)
        self.assertEqual(len(self._table(book["Shipping"])), 3)
        book = self._export(product_ids=[Command.set(self.lettuce.ids)])
        self.assertEqual(book.sheetnames[0], "Receiving")
        self.assertEqual(
            [r["Traceability Lot Code"] for r in self._table(book["Receiving"])],
            ["GVP-LET-0425"],
        )
        with self.assertRaises(UserError):
            self._export(tlc_from="Z", tlc_to="A")
        with self.assertRaises(UserError):
            self._export(tlc="NO-SUCH-CODE")

    # ------------------------------------------------------------------
    # Who decides a code
    # ------------------------------------------------------------------
    def test_exempt_supplier_and_initial_packing(self):
        farm = self.env["res.partner"].create(
            {"name": "Tiny Farm", "is_company": True, "batch_fsma_exempt": True}
        )
        self._receive_tlc(self.lettuce, 3, "LET-FARM-1", farm)
        lot = self.env["stock.lot"].search([("name", "=", "LET-FARM-1")])
        self.assertEqual(lot.tlc, "LET-FARM-1", "we assign one (1.1345(b))")
        self.assertEqual(lot.tlc_origin, "exempt")
        self.assertTrue(lot.tlc_exempt_supplier)
        self.assertEqual(lot.tlc_source_id, self.facility_location)
        receiving = self._events(lot, "receiving")
        self.assertTrue(receiving.exempt_supplier)
        self.assertEqual(receiving.tlc, "LET-FARM-1")
        # initial packing of a raw agricultural commodity: our code
        self.warehouse.in_type_id.batch_fsma_cte = "initial_packing"
        self._receive_tlc(
            self.lettuce, 3, "LET-PACK-1", self.distributor, supplier_lot="HARV-1"
        )
        packed = self.env["stock.lot"].search([("name", "=", "LET-PACK-1")])
        self.assertEqual(packed.tlc, "LET-PACK-1")
        self.assertEqual(packed.tlc_origin, "assigned")
        self.assertEqual(packed.tlc_source_id, self.facility_location)

    def test_missing_code_recorded_as_missing_not_invented(self):
        vendor = self.env["res.partner"].create({"name": "Silent Supplier"})
        self._receive_tlc(self.lettuce, 2, "LET-SILENT-1", vendor)
        lot = self.env["stock.lot"].search([("name", "=", "LET-SILENT-1")])
        self.assertFalse(lot.tlc)
        receiving = self._events(lot, "receiving")
        self.assertFalse(receiving.tlc)
        self.assertIn("Traceability Lot Code", receiving.missing_kdes)
        self.assertIn("TLC Source", receiving.missing_kdes)
        self._deliver(self.customer, self.lettuce, 1, lot)
        shipping = self._events(lot, "shipping")
        self.assertFalse(shipping.tlc, "no code of ours invented at shipping")
        self.assertIn("Traceability Lot Code", shipping.missing_kdes)

    # ------------------------------------------------------------------
    # Results are not writable
    # ------------------------------------------------------------------
    def test_tlc_not_writable_by_stock_users(self):
        lot = self.salad_lot.with_user(self.stock_user)
        for target in (lot, lot.with_context(batch_tlc_trusted=True, su=True)):
            with self.assertRaises(AccessError):
                target.write({"tlc": "FAKE-1"})
            with self.assertRaises(AccessError):
                target.write({"tlc_source_id": self.packer.id})
            with self.assertRaises(AccessError):
                target.write({"tlc_origin": "received"})
        with self.assertRaises(AccessError):
            self.env["stock.lot"].with_user(self.stock_user).create(
                {"name": "NEW-1", "product_id": self.salad.id, "tlc": "FAKE-2"}
            )
        result = (
            self.env["stock.lot"]
            .with_user(self.stock_user)
            .load([".id", "tlc"], [[str(self.salad_lot.id), "FAKE-3"]])
        )
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        result = (
            self.env["stock.lot"]
            .with_user(self.stock_user)
            .load(
                ["name", "product_id/.id", "tlc"],
                [["NEW-2", str(self.salad.id), "FAKE-4"]],
            )
        )
        self.assertFalse(result["ids"])
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "NEW-2")]))
        self.salad_lot.invalidate_recordset()
        self.assertEqual(self.salad_lot.tlc, "SAL-0001")
        self.assertEqual(self.salad_lot.tlc_source_id, self.facility_location)
        self.assertEqual(self.salad_lot.tlc_origin, "assigned")

    def test_received_code_corrected_only_by_quality_manager(self):
        with self.assertRaises(AccessError):
            self.lettuce_lot.with_user(self.quality_user).write({"tlc": "GVP-X"})
        with self.assertRaises(AccessError):
            # a code we assigned is never edited, even by a manager
            self.salad_lot.with_user(self.quality_manager).write({"tlc": "SAL-X"})
        self.assertEqual(self.lettuce_lot.tlc, "GVP-LET-0425")
        self.assertEqual(self.salad_lot.tlc, "SAL-0001")
        self.lettuce_lot.with_user(self.quality_manager).with_context(
            batch_audit_reason="Typo at receipt: label reads GVP-LET-0426"
        ).write({"tlc": "GVP-LET-0426"})
        self.assertEqual(self.lettuce_lot.tlc, "GVP-LET-0426")
        entry = self.env["batch.audit.log"].search(
            [("lot_id", "=", self.lettuce_lot.id), ("field_name", "=", "tlc")],
            order="id desc",
            limit=1,
        )
        self.assertEqual(entry.old_value, "GVP-LET-0425")
        self.assertEqual(entry.new_value, "GVP-LET-0426")
        self.assertIn("Typo", entry.reason)
        # the events keep what was recorded when the batch moved
        self.assertEqual(
            self._events(self.lettuce_lot, "receiving").tlc, "GVP-LET-0425"
        )

    def test_captured_events_keep_their_code(self):
        event = self._events(self.salad_lot, "shipping")[0]
        for user in (self.quality_user, self.quality_manager):
            with self.assertRaises(AccessError):
                event.with_user(user).write({"tlc": "OTHER"})
            with self.assertRaises(AccessError):
                event.with_user(user).write({"tlc_source_id": self.packer.id})
        with self.assertRaises(AccessError):
            self.env["batch.fsma.event"].with_user(self.quality_user).create(
                {
                    "event_type": "shipping",
                    "tlc": "FORGED",
                    "move_line_id": event.move_line_id.id,
                }
            )
        with self.assertRaises(AccessError):
            self.env["batch.fsma.event.input"].with_user(self.quality_manager).create(
                {"event_id": event.id, "tlc": "FORGED"}
            )
        self.assertEqual(event.tlc, "SAL-0001")
        self.assertFalse(self.env["batch.fsma.event"].search([("tlc", "=", "FORGED")]))
        # the KDEs a person completes stay editable (under the audit trail)
        event.with_user(self.quality_user).reference_document_type = "Bill of lading"
        self.assertEqual(event.reference_document_type, "Bill of lading")

    def test_recorded_location_stays_as_recorded(self):
        with self.assertRaises(UserError):
            self.packer.with_user(self.quality_user).write({"city": "Elsewhere"})
        with self.assertRaises(UserError):
            self.packer.with_user(self.quality_manager).unlink()
        self.assertEqual(self.packer.city, "Salinas")
        unused = self.env["batch.fsma.location"].create({"name": "Draft Packer"})
        unused.with_user(self.quality_user).write({"city": "Watsonville"})
        self.assertEqual(unused.city, "Watsonville")

    def test_formula_text_stays_text(self):
        source = self.env["batch.fsma.location"].create({"name": EVIL, "city": "=1+2"})
        self._receive_tlc(
            self.tomato,
            1,
            "TOM-EVIL-1",
            self.distributor,
            batch_tlc="=SUM(A1:A9)",
            batch_tlc_source_id=source.id,
        )
        book = self._export(tlc="=SUM")
        (row,) = self._table(book["Receiving"])
        self.assertEqual(row["Traceability Lot Code"], "=SUM(A1:A9)")
        self.assertEqual(row["TLC Source: Business Name"], EVIL)
        self.assertEqual(row["TLC Source: City"], "=1+2")
        sheet = book["Receiving"]
        for cell in sheet[2]:
            self.assertNotEqual(cell.data_type, "f", cell.coordinate)

    # ------------------------------------------------------------------
    # Outbound: the shipping KDEs sent to the customer (21 CFR 1.1340(b))
    # ------------------------------------------------------------------
    def _kdes_csv(self, picking, user):
        action = picking.with_user(user).action_batch_fsma_kdes_csv()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        text = attachment.raw.decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text)))

    def test_delivery_sends_its_shipping_kdes(self):
        self.assertTrue(self.pass_through.batch_fsma_shipping)
        (row,) = self._kdes_csv(self.pass_through, self.stock_user)
        self.assertEqual(row["Traceability Lot Code"], "TOM-77-2026")
        self.assertEqual(float(row["Quantity"]), 4)
        self.assertEqual(row["Unit of Measure"], "kg")
        self.assertEqual(row["Product Description"], "Roma Tomatoes")
        self.assertIn("Corner Deli Ltd", row["Immediate Subsequent Recipient"])
        self.assertIn("Fresno", row["Ship-From Location"])
        self.assertIn("0614141000012", row["TLC Source or TLC Source Reference"])
        self.assertEqual(row["Reference Document Number"], self.pass_through.name)
        self.assertTrue(row["Ship Date"])
        (salad,) = self._kdes_csv(self.shipments[2], self.stock_user)
        self.assertEqual(salad["Traceability Lot Code"], "SAL-0001")
        self.assertIn("19876543210", salad["TLC Source or TLC Source Reference"])
        # on the delivery slip too
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("stock.report_deliveryslip", self.pass_through.ids)[0]
            .decode()
        )
        kdes = html[html.index('name="fsma_shipping_kdes"') :]
        self.assertIn("1.1340(b)", kdes)
        self.assertIn("TOM-77-2026", kdes)
        self.assertIn("0614141000012", kdes)
        self.assertNotIn("TOM-IN-1", kdes, "our internal batch is not the TLC")
        # a delivery of foods off the list has nothing to send
        oats = self._create_lot(self.product_honey, "HON-OFF-1")
        self._add_stock(oats, 5)
        plain = self._deliver(self.customer, self.product_honey, 1, oats)
        self.assertFalse(plain.batch_fsma_shipping)
        with self.assertRaises(UserError):
            plain.with_user(self.stock_user).action_batch_fsma_kdes_csv()
