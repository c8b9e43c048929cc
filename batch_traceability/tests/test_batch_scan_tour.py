# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestBatchScanTour(HttpCase):
    def test_batch_scan_screen(self):
        product = self.env["product.product"].search(
            [("barcode", "=", "09506000134352")], limit=1
        )
        if not product:
            product = self.env["product.product"].create(
                {
                    "name": "Tour Granola Bar",
                    "is_storable": True,
                    "tracking": "lot",
                    "barcode": "09506000134352",
                }
            )
        Lot = self.env["stock.lot"]
        Lot.create(
            {
                "name": "TOUR-REL-1",
                "product_id": product.id,
                "batch_state": "released",
                "expiration_date": fields.Datetime.to_datetime("2030-12-31 12:00:00"),
            }
        )
        Lot.create(
            {"name": "TOUR-RCL-1", "product_id": product.id, "batch_state": "recalled"}
        )
        self.start_tour(
            "/odoo/action-batch_traceability.action_batch_scan",
            "batch_traceability_scan_tour",
            login="admin",
        )
        self.assertTrue(Lot.search([("name", "=", "TOUR-REL-1")]))
