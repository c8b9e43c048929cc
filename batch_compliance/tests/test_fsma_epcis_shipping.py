# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""FSMA 204 shipping events sent to the customer as EPCIS 2.0 JSON-LD
(21 CFR 1.1340(b)): downloadable from the delivery, attached to the delivery
e-mail for customers who ask for them, valid against GS1's EPCIS 2.0 JSON
schema, and readable by our own supplier-KDE import."""

import json

import jsonschema

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.batch_traceability.tests.common import BatchCommon

from ..tools.fsma_kde_files import read_epcis
from .test_epcis import SCHEMA

SALAD_GTIN = "00614141123452"
OUR_GLN = "0614141999996"
CUSTOMER_GLN = "0614141000005"


@tagged("post_install", "-at_install")
class TestFsmaEpcisShipping(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.schema = json.loads(SCHEMA.read_text())
        cls.site = cls.env["batch.facility"]._facility_for_warehouse(cls.warehouse)
        cls.site.write({"fda_registration": "19876543210", "gln": OUR_GLN})
        cls.company.partner_id.batch_gln = OUR_GLN
        cls.customer.write(
            {
                "email": "receiving@freshmart.example.com",
                "batch_gln": CUSTOMER_GLN,
                "batch_fsma_epcis_on_delivery": True,
            }
        )
        cls.company.stock_move_email_validation = True
        Product = cls.env["product.product"]
        cls.salad = Product.create(
            {
                "name": "Garden Salad",
                "is_storable": True,
                "tracking": "lot",
                "batch_fsma_ftl": True,
                "barcode": SALAD_GTIN,
            }
        )
        cls.lettuce = Product.create(
            {
                "name": "Romaine Lettuce",
                "is_storable": True,
                "tracking": "lot",
                "batch_fsma_ftl": True,
                "uom_id": cls.uom_kg.id,
                "uom_po_id": cls.uom_kg.id,
            }
        )
        # a batch we made: our code, our site as TLC source (as a
        # manufacturing order assigns it)
        cls._receive(cls.lettuce, 10, "LET-EP-1", supplier_lot="GVP-LET-0425")
        cls.lettuce_lot = cls.env["stock.lot"].search([("name", "=", "LET-EP-1")])
        bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.salad.product_tmpl_id.id,
                "product_qty": 10,
                "bom_line_ids": [
                    (0, 0, {"product_id": cls.lettuce.id, "product_qty": 2})
                ],
            }
        )
        cls.production = cls._manufacture(bom, 10, "SAL-EP-1", {cls.lettuce_lot: 2})
        cls.salad_lot = cls.production.lot_producing_id

    def _ship(self, partner, product, qty, lot):
        """A delivery prepared and validated by the warehouse clerk."""
        picking = self._delivery(partner, product, qty)
        self._set_lot_line(picking, lot, qty)
        self._validate(picking.with_user(self.stock_user))
        self.assertEqual(picking.state, "done")
        return picking

    def _download(self, picking):
        action = picking.with_user(self.stock_user).action_batch_fsma_epcis()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        return json.loads(attachment.raw)

    def test_download_valid_against_gs1_schema(self):
        delivery = self._ship(self.customer_2, self.salad, 4, self.salad_lot)
        document = self._download(delivery)
        jsonschema.validate(document, self.schema)
        (event,) = document["epcisBody"]["eventList"]
        self.assertEqual(event["type"], "ObjectEvent")
        self.assertEqual(event["bizStep"], "shipping")
        self.assertEqual(event["disposition"], "in_transit")
        self.assertEqual(
            event["quantityList"],
            [
                {
                    "epcClass": f"https://id.gs1.org/01/{SALAD_GTIN}/10/SAL-EP-1",
                    "quantity": 4.0,
                }
            ],
        )
        self.assertEqual(
            event["sourceList"],
            [
                {
                    "type": "owning_party",
                    "source": f"https://id.gs1.org/417/{OUR_GLN}",
                },
                {"type": "location", "source": f"https://id.gs1.org/414/{OUR_GLN}"},
            ],
        )
        self.assertEqual(event["destinationList"][0]["type"], "owning_party")
        self.assertTrue(
            event["destinationList"][1]["destination"].endswith(
                f"/epcis/location/partner/{self.customer_2.id}"
            ),
            "no GLN known for this customer: our own URI",
        )
        self.assertTrue(
            event["bizTransactionList"][0]["bizTransaction"].endswith(
                delivery.name.replace("/", "%2F")
            )
        )
        self.assertEqual(event["bizTransactionList"][0]["type"], "desadv")
        self.assertEqual(event["fsma:tlcSource"]["fsma:reference"], "19876543210")
        self.assertEqual(event["fsma:tlcSource"]["fsma:referenceType"], "ffrn")

    def test_pass_through_ships_the_suppliers_code(self):
        """A received food is shipped under the code the supplier sent, not
        our batch number (21 CFR 1.1320(b)); our import reads it back."""
        delivery = self._ship(self.customer_2, self.lettuce, 3, self.lettuce_lot)
        document = self._download(delivery)
        jsonschema.validate(document, self.schema)
        (event,) = document["epcisBody"]["eventList"]
        epc_class = event["quantityList"][0]["epcClass"]
        self.assertTrue(epc_class.endswith("/lot/GVP-LET-0425"), epc_class)
        self.assertNotIn("LET-EP-1", json.dumps(document))
        self.assertEqual(event["quantityList"][0]["uom"], "KGM")
        (row,) = read_epcis(json.dumps(document).encode())
        self.assertEqual(row["quantity"], "3.0")
        self.assertEqual(row["uom"], "kg")

    def test_attached_to_the_delivery_email_when_the_customer_asks(self):
        delivery = self._ship(self.customer, self.salad, 2, self.salad_lot)
        message = delivery.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_comment")
        )
        self.assertEqual(
            len(message),
            1,
            [
                (m.subtype_id.name, m.message_type, m.attachment_ids.mapped("name"))
                for m in delivery.message_ids
            ],
        )
        self.assertIn(self.customer, message.partner_ids)
        (epcis,) = message.attachment_ids.filtered(lambda a: a.name.endswith(".jsonld"))
        document = json.loads(epcis.raw)
        jsonschema.validate(document, self.schema)
        self.assertEqual(
            document["epcisBody"]["eventList"][0]["destinationList"],
            [
                {
                    "type": "owning_party",
                    "destination": f"https://id.gs1.org/417/{CUSTOMER_GLN}",
                },
                {
                    "type": "location",
                    "destination": f"https://id.gs1.org/414/{CUSTOMER_GLN}",
                },
            ],
        )
        # a customer who did not ask gets the usual e-mail only
        self.customer_2.email = "deli@example.com"
        other = self._ship(self.customer_2, self.salad, 1, self.salad_lot)
        attachments = other.message_ids.attachment_ids
        self.assertFalse(attachments.filtered(lambda a: a.name.endswith(".jsonld")))

    def test_no_code_no_event(self):
        vendor = self.env["res.partner"].create({"name": "Silent Supplier"})
        self._receive(self.lettuce, 2, "LET-SILENT-1", vendor=vendor)
        lot = self.env["stock.lot"].search([("name", "=", "LET-SILENT-1")])
        self.assertFalse(lot.tlc)
        delivery = self._ship(self.customer, self.lettuce, 1, lot)
        with self.assertRaises(UserError) as caught:
            delivery.with_user(self.stock_user).action_batch_fsma_epcis()
        self.assertIn("LET-SILENT-1", str(caught.exception))
        self.assertTrue(
            delivery.message_ids.filtered(
                lambda m: "were not attached" in (m.body or "")
            ),
            "the delivery says why the e-mail came without the events",
        )
        # a delivery of foods off the list has nothing to send
        honey = self._create_lot(self.product_honey, "HON-EP-1")
        self._add_stock(honey, 5)
        plain = self._ship(self.customer, self.product_honey, 1, honey)
        with self.assertRaises(UserError):
            plain.with_user(self.stock_user).action_batch_fsma_epcis()
