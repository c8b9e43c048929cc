# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A recall-sized world: an ingredient batch used in two manufacturing
levels, shipped to several customers, partly returned."""

import base64
from contextlib import ExitStack

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import MockSmtplibCase
from odoo.addons.batch_traceability.tests.common import BatchCommon


class RecallCommon(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A mail server that accepts every mail: without one, every recall
        # notice fails (as it should, see test_recall_notice_delivery, which
        # also simulates the failures).
        stack = ExitStack()
        stack.enter_context(MockSmtplibCase.mock_smtplib_connection(cls))
        cls.addClassCleanup(stack.close)
        Partner = cls.env["res.partner"]
        cls.customer_3 = Partner.create({"name": "Hilltop Grocers", "is_company": True})
        cls.freshmart_dc = Partner.create(
            {
                "name": "FreshMart DC East",
                "type": "delivery",
                "parent_id": cls.customer.id,
                "email": "dc-east@freshmart.example.com",
            }
        )
        cls.customer.email = "quality@freshmart.example.com"
        cls.customer_2.email = "owner@cornerdeli.example.com"
        cls.customer_3.email = "buyer@hilltop.example.com"
        cls.product_box = cls.env["product.product"].create(
            {
                "name": "Granola Gift Box",
                "default_code": "GBX",
                "is_storable": True,
                "tracking": "lot",
                "use_expiration_date": True,
                "expiration_time": 240,
            }
        )
        cls.bom_box = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.product_box.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [
                    Command.create(
                        {"product_id": cls.product_bar.id, "product_qty": 10}
                    )
                ],
            }
        )
        # the suspect ingredient and a clean one
        cls._receive(cls.product_honey, 10, "HON-RC-1", vendor=cls.vendor_honey)
        cls._receive(cls.product_honey, 10, "HON-RC-2", vendor=cls.vendor_honey)
        Lot = cls.env["stock.lot"]
        cls.honey_1 = Lot.search([("name", "=", "HON-RC-1")])
        cls.honey_2 = Lot.search([("name", "=", "HON-RC-2")])
        cls.oats = cls._create_lot(cls.product_oats, "OAT-RC-1", state="released")
        cls._add_stock(cls.oats, 60)
        # level 1: bars; level 2: gift boxes made of bars
        cls._manufacture(cls.bom_bar, 100, "GRB-RC-1", {cls.oats: 3, cls.honey_1: 1})
        cls._manufacture(cls.bom_bar, 100, "GRB-RC-2", {cls.oats: 3, cls.honey_2: 1})
        cls.bars_1 = Lot.search([("name", "=", "GRB-RC-1")])
        cls.bars_2 = Lot.search([("name", "=", "GRB-RC-2")])
        cls._manufacture(cls.bom_box, 2, "GBX-RC-1", {cls.bars_1: 20})
        cls.box_1 = Lot.search([("name", "=", "GBX-RC-1")])
        # shipments, and an earlier return of 5 bars by FreshMart
        cls.ship_1 = cls._deliver(cls.freshmart_dc, cls.product_bar, 30, cls.bars_1)
        cls._deliver(cls.customer, cls.product_bar, 20, cls.bars_1)
        cls._deliver(cls.customer_2, cls.product_box, 1, cls.box_1)
        cls._deliver(cls.customer_3, cls.product_bar, 40, cls.bars_2)
        cls._return(cls.ship_1, cls.bars_1, 5)
        # an open delivery that reserved the suspect bars
        cls.open_delivery = cls._delivery(cls.customer_2, cls.product_bar, 10)
        cls.open_delivery.action_assign()
        cls.portal_freshmart = new_test_user(
            cls.env,
            login="bt_portal_freshmart",
            groups="base.group_portal",
            partner_id=Partner.create(
                {
                    "name": "Fay Fresh",
                    "parent_id": cls.customer.id,
                    "email": "fay@fm.example.com",
                }
            ).id,
        )
        cls.portal_deli = new_test_user(
            cls.env,
            login="bt_portal_deli",
            groups="base.group_portal",
            partner_id=Partner.create(
                {
                    "name": "Dan Deli",
                    "parent_id": cls.customer_2.id,
                    "email": "dan@cd.example.com",
                }
            ).id,
        )

    def _recall(self, **vals):
        return (
            self.env["batch.recall"]
            .with_user(self.recall_manager)
            .create(
                dict(
                    {
                        "title": "Honey HON-RC-1: possible contamination",
                        "reason": "Supplier reports contamination of honey "
                        "lot HON-RC-1.",
                        "customer_statement": "Some granola bars may contain "
                        "honey that does not meet our safety standards.",
                        "instructions": "<p>Set the batches aside and tell us "
                        "what you hold.</p>",
                        "classification": "class_2",
                        "lot_ids": [Command.set(self.honey_1.ids)],
                    },
                    **vals,
                )
            )
        )

    def _record_checks(self, recall, user=None, result="effective"):
        """Every planned check of ``recall`` made and recorded by ``user``."""
        checks = recall.check_ids.filtered(lambda c: c.state == "planned")
        checks = checks.with_user(user or self.recall_manager)
        checks.write({"result": result, "subrecall_confirmed": True})
        checks.action_done()
        return checks

    def _evidence(self, name="destruction-certificate.pdf", user=None):
        return (
            self.env["ir.attachment"]
            .with_user(user or self.recall_manager)
            .create({"name": name, "datas": base64.b64encode(b"%PDF-1.4 certificate")})
        )

    def _dispose(self, recall, lot, qty, kind="destroyed", confirm=True, user=None):
        """A disposition with its evidence, confirmed by the Recall manager."""
        disposition = (
            self.env["batch.recall.disposition"]
            .with_user(user or self.recall_manager)
            .create(
                {
                    "recall_id": recall.id,
                    "lot_id": lot.id,
                    "quantity": qty,
                    "disposition_type": kind,
                    "attachment_ids": [Command.set(self._evidence(user=user).ids)],
                }
            )
        )
        if confirm:
            disposition.action_confirm()
        return disposition
