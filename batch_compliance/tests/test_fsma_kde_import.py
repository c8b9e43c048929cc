# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The shipping KDEs a supplier sends (21 CFR 1.1340(b)), imported by the
warehouse clerk against the expected receipt, as CSV (FDA/PTI columns) or
EPCIS 2.0 JSON-LD: all rows or none, with a per-row error report; the
batches then take the supplier's codes and sources (21 CFR 1.1345)."""

import base64
import csv
import io
import json
from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.batch_traceability.tests.common import BatchCommon

from ..tools.fsma_kde_files import parse_epc_class

# valid GS1 identifiers (check digits computed per GS1 General Specifications)
LETTUCE_GTIN = "00614141123452"
PACKER_GLN = "0614141000012"
SHIP_DATE = (date.today() - timedelta(days=1)).isoformat()


@tagged("post_install", "-at_install")
class TestFsmaKdeImport(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env,
            login="bt_receiving_clerk",
            groups="stock.group_stock_user,stock.group_production_lot",
        )
        cls.distributor = cls.env["res.partner"].create(
            {
                "name": "Coastal Produce Distributors",
                "is_company": True,
                "supplier_rank": 1,
                "city": "Los Angeles",
            }
        )
        Product = cls.env["product.product"]
        ftl = {"is_storable": True, "tracking": "lot", "batch_fsma_ftl": True}
        cls.lettuce = Product.create(
            dict(
                ftl,
                name="Romaine Lettuce",
                barcode=LETTUCE_GTIN,
                uom_id=cls.uom_kg.id,
                uom_po_id=cls.uom_kg.id,
            )
        )
        cls.tomato = Product.create(
            dict(
                ftl,
                name="Roma Tomatoes",
                default_code="TOM-ROMA",
                uom_id=cls.uom_kg.id,
                uom_po_id=cls.uom_kg.id,
                seller_ids=[
                    Command.create(
                        {"partner_id": cls.distributor.id, "product_code": "CPD-TOM"}
                    )
                ],
            )
        )
        cls.receipt = cls._expected_receipt({cls.lettuce: 20, cls.tomato: 10})

    @classmethod
    def _expected_receipt(cls, quantities, vendor=None):
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": cls.warehouse.in_type_id.id,
                "partner_id": (vendor or cls.distributor).id,
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
                    for product, qty in quantities.items()
                ],
            }
        )
        picking.action_confirm()
        return picking

    @staticmethod
    def _csv(rows):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerows(rows)
        return buffer.getvalue().encode()

    def _import(self, raw, filename="kdes.csv", picking=None, user=None):
        picking = (picking or self.receipt).with_user(user or self.clerk)
        action = picking.action_batch_fsma_kde_import()
        wizard = (
            self.env[action["res_model"]]
            .with_user(user or self.clerk)
            .with_context(**action["context"])
            .create({"file": base64.b64encode(raw), "filename": filename})
        )
        return wizard, wizard.action_import()

    HEADER = [
        "Traceability Lot Code",
        "GTIN",
        "Product Code",
        "Product Description",
        "Quantity",
        "Unit of Measure",
        "Ship Date",
        "TLC Source: Business Name",
        "TLC Source: City",
        "TLC Source: State",
        "TLC Source: ZIP",
        "TLC Source: Country",
        "TLC Source Reference Type",
        "TLC Source Reference",
    ]

    def test_csv_sets_codes_and_sources_then_batches_take_them(self):
        self.assertIn("Romaine Lettuce", self.receipt.batch_fsma_missing_kdes)
        raw = self._csv(
            [
                self.HEADER,
                # two lot codes of lettuce from the packer, by GTIN
                [
                    "GVP-LET-0501",
                    LETTUCE_GTIN,
                    "",
                    "Romaine hearts 12ct",
                    "12",
                    "kg",
                    SHIP_DATE,
                    "Green Valley Packers",
                    "Salinas",
                    "CA",
                    "93901",
                    "US",
                    "",
                    "",
                ],
                [
                    "GVP-LET-0502",
                    LETTUCE_GTIN,
                    "",
                    "Romaine hearts 12ct",
                    "17.637",
                    "lb",
                    SHIP_DATE,
                    "Green Valley Packers",
                    "Salinas",
                    "CA",
                    "93901",
                    "US",
                    "",
                    "",
                ],
                # tomatoes by the distributor's own product code, source by GLN
                [
                    "TOM-88-2026",
                    "",
                    "CPD-TOM",
                    "Tomatoes",
                    "10",
                    "KGS",
                    SHIP_DATE,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "GLN",
                    PACKER_GLN,
                ],
            ]
        )
        wizard, action = self._import(raw)
        self.assertFalse(wizard.error_count, wizard.line_ids.mapped("error"))
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(wizard.file_format, "csv")
        lines = self.receipt.move_line_ids
        self.assertEqual(len(lines), 3, "the empty prepared lines are replaced")
        by_code = {line.batch_tlc: line for line in lines}
        self.assertEqual(set(by_code), {"GVP-LET-0501", "GVP-LET-0502", "TOM-88-2026"})
        self.assertAlmostEqual(by_code["GVP-LET-0502"].quantity, 8.0, places=2)
        packer = by_code["GVP-LET-0501"].batch_tlc_source_id
        self.assertEqual(packer.name, "Green Valley Packers")
        self.assertEqual(packer.country_id, self.env.ref("base.us"))
        self.assertEqual(by_code["GVP-LET-0502"].batch_tlc_source_id, packer)
        reference = by_code["TOM-88-2026"].batch_tlc_source_id
        self.assertEqual(
            (reference.reference_type, reference.reference), ("gln", PACKER_GLN)
        )
        self.assertFalse(self.receipt.batch_fsma_missing_kdes)
        message = self.receipt.message_ids.filtered(
            lambda m: "Supplier shipping KDEs imported" in (m.body or "")
        )
        self.assertEqual(message.attachment_ids.name, "kdes.csv")
        # the clerk types our batch numbers and validates
        for number, line in enumerate(lines.sorted("batch_tlc"), start=1):
            line.with_user(self.clerk).lot_name = f"IN-KDE-{number}"
        self._validate(self.receipt.with_user(self.clerk))
        self.assertEqual(self.receipt.state, "done")
        lots = self.receipt.move_line_ids.lot_id
        self.assertEqual(
            set(lots.mapped("tlc")), {"GVP-LET-0501", "GVP-LET-0502", "TOM-88-2026"}
        )
        events = self.env["batch.fsma.event"].search(
            [("lot_id", "in", lots.ids), ("event_type", "=", "receiving")]
        )
        self.assertEqual(len(events), 3)
        for event in events:
            self.assertFalse(event.missing_kdes, event.missing_kdes)
            self.assertEqual(event.tlc_source_id, event.lot_id.tlc_source_id)

    def test_broken_rows_listed_and_nothing_imported(self):
        before = [
            (line.id, line.quantity, line.batch_tlc)
            for line in self.receipt.move_line_ids
        ]
        other = self.env["product.product"].create(
            {"name": "Kale", "barcode": "00614141000029", "is_storable": True}
        )
        future = (date.today() + timedelta(days=10)).isoformat()
        row = [
            "GVP-OK-1",
            LETTUCE_GTIN,
            "",
            "",
            "5",
            "kg",
            SHIP_DATE,
            "Green Valley Packers",
            "Salinas",
            "CA",
            "93901",
            "US",
            "",
            "",
        ]

        def broken(**changes):
            values = dict(zip(self.HEADER, row, strict=True))
            values.update(changes)
            return [values[title] for title in self.HEADER]

        rows = [
            self.HEADER,
            row,  # valid
            broken(**{"Traceability Lot Code": ""}),
            broken(GTIN="00614141999995"),  # no such product
            broken(GTIN=other.barcode),  # not on this receipt
            broken(Quantity="-3"),
            broken(**{"Unit of Measure": "L"}),  # a volume for a food in kg
            broken(**{"Ship Date": "31/31/2026"}),
            broken(**{"Ship Date": future}),
            broken(
                **{
                    "TLC Source: Business Name": "",
                    "TLC Source: City": "",
                    "TLC Source: State": "",
                    "TLC Source: ZIP": "",
                    "TLC Source: Country": "",
                    "TLC Source Reference Type": "GLN",
                    "TLC Source Reference": "0614141000013",  # bad check digit
                }
            ),
            broken(
                **{
                    "TLC Source: Business Name": "",
                    "TLC Source: City": "",
                    "TLC Source: State": "",
                    "TLC Source: ZIP": "",
                    "TLC Source: Country": "",
                }
            ),
        ]
        wizard, action = self._import(self._csv(rows))
        self.assertEqual(action["res_id"], wizard.id, "the report stays open")
        self.assertEqual(wizard.error_count, 9)
        report = {line.row: line.error or "" for line in wizard.line_ids}
        self.assertEqual(report["2"], "", "the valid row has no error")
        expected = {
            "3": "Traceability lot code missing",
            "4": "No product has the GTIN 00614141999995",
            "5": "Kale",
            "6": "not positive",
            "7": "cannot be converted into kg",
            "8": "is not a date",
            "9": "in the future",
            "10": "GLN 0614141000013",
            "11": "TLC source missing",
        }
        for number, text in expected.items():
            self.assertIn(text, report[number], number)
        self.assertIn("not expected on this receipt", report["5"])
        # nothing imported: the receipt's lines are as they were
        self.receipt.invalidate_recordset()
        self.assertEqual(
            [
                (line.id, line.quantity, line.batch_tlc)
                for line in self.receipt.move_line_ids
            ],
            before,
        )
        self.assertFalse(
            self.receipt.message_ids.filtered(
                lambda m: "Supplier shipping KDEs imported" in (m.body or "")
            )
        )
        self.assertFalse(
            self.env["batch.fsma.location"].search([("name", "=", "GVP-OK-1")])
        )

    def test_more_than_expected_is_refused(self):
        raw = self._csv(
            [
                ["TLC", "Product Code", "Qty", "UOM", "Ship Date", "TLC Source"],
                ["TOM-1", "CPD-TOM", "8", "kg", SHIP_DATE, PACKER_GLN],
                ["TOM-2", "CPD-TOM", "4", "kg", SHIP_DATE, PACKER_GLN],
            ]
        )
        wizard, __ = self._import(raw)
        self.assertEqual(wizard.error_count, 2)
        self.assertIn("the receipt expects 10", wizard.line_ids[0].error)
        self.assertFalse(self.receipt.move_line_ids.filtered("batch_tlc"))

    def test_epcis_shipping_events(self):
        document = {
            "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],
            "type": "EPCISDocument",
            "schemaVersion": "2.0",
            "creationDate": f"{SHIP_DATE}T18:00:00.000Z",
            "epcisBody": {
                "eventList": [
                    {
                        "type": "ObjectEvent",
                        "eventTime": f"{SHIP_DATE}T16:30:00.000Z",
                        "eventTimeZoneOffset": "-07:00",
                        "action": "OBSERVE",
                        "bizStep": "shipping",
                        "disposition": "in_transit",
                        "quantityList": [
                            {
                                "epcClass": f"https://id.gs1.org/01/{LETTUCE_GTIN}"
                                "/10/GVP%2FLET%2F77",
                                "quantity": 20,
                                "uom": "KGM",
                            },
                        ],
                        "bizTransactionList": [
                            {"type": "desadv", "bizTransaction": "urn:x:asn:991"}
                        ],
                        "fsma:tlcSource": {
                            "fsma:name": "Green Valley Packers",
                            "fsma:city": "Salinas",
                            "fsma:referenceType": "ffrn",
                            "fsma:reference": "12345678901",
                        },
                    },
                    {
                        "type": "ObjectEvent",
                        "eventTime": f"{SHIP_DATE}T16:30:00.000Z",
                        "eventTimeZoneOffset": "-07:00",
                        "action": "OBSERVE",
                        "bizStep": "urn:epcglobal:cbv:bizstep:receiving",
                        "quantityList": [
                            {"epcClass": "urn:epc:class:lgtin:0614141.012345.X"}
                        ],
                    },
                ]
            },
        }
        # the tomatoes come from the distributor's usual packing house
        self.distributor.batch_tlc_source_id = self.env["batch.fsma.location"].create(
            {"reference_type": "gln", "reference": PACKER_GLN}
        )
        raw = json.dumps(document).encode()
        wizard, __ = self._import(raw, filename="asn.jsonld")
        self.assertFalse(wizard.error_count, wizard.line_ids.mapped("error"))
        self.assertEqual(wizard.file_format, "epcis")
        self.assertEqual(len(wizard.line_ids), 1, "receiving events are not rows")
        line = self.receipt.move_line_ids.filtered("batch_tlc")
        self.assertEqual(line.batch_tlc, "GVP/LET/77")
        self.assertEqual(line.product_id, self.lettuce)
        self.assertEqual(line.quantity, 20)
        self.assertEqual(line.batch_tlc_source_id.reference, "12345678901")
        self.assertEqual(line.batch_tlc_source_id.reference_type, "ffrn")
        # the tomatoes were not in the file: still to be completed
        self.assertIn("Roma Tomatoes", self.receipt.batch_fsma_missing_kdes)
        self.assertNotIn("Romaine Lettuce", self.receipt.batch_fsma_missing_kdes)

    def test_epcis_lgtin_and_unreadable_files(self):
        gtin, lot = parse_epc_class("urn:epc:class:lgtin:0614141.012345.LOT%2F9")
        self.assertEqual((gtin, lot), (LETTUCE_GTIN, "LOT/9"))
        for raw, text in (
            (b"", "empty"),
            (b'{"type": "Nope"}', "not an EPCIS document"),
            (b"{not json", "not valid JSON"),
            (b"Product,Qty\nX,1\n", "Traceability Lot Code"),
        ):
            with self.assertRaises(UserError) as caught:
                self._import(raw)
            self.assertIn(text, str(caught.exception))
            self.assertIn("Nothing was imported", str(caught.exception))

    def test_only_open_receipts_and_stock_users(self):
        employee = new_test_user(
            self.env, login="bt_sales_only", groups="base.group_user"
        )
        with self.assertRaises(AccessError):
            self._import(self._csv([["TLC"], ["X"]]), user=employee)
        self.receipt.action_cancel()
        with self.assertRaises(UserError):
            self._import(self._csv([["TLC"], ["X"]]))

    def test_exempt_supplier_and_own_code_receipts_not_flagged(self):
        farm = self.env["res.partner"].create(
            {"name": "Tiny Farm", "is_company": True, "batch_fsma_exempt": True}
        )
        receipt = self._expected_receipt({self.lettuce: 3}, vendor=farm)
        self.assertTrue(receipt.batch_fsma_receiving)
        self.assertFalse(receipt.batch_fsma_missing_kdes)
        self.warehouse.in_type_id.batch_fsma_cte = "initial_packing"
        packing = self._expected_receipt({self.lettuce: 3})
        self.assertFalse(packing.batch_fsma_missing_kdes)
