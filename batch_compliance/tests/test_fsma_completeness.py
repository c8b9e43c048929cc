# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""FSMA 204 completeness (issue 14 §6): how complete the KDEs are by
supplier or customer, product and event type; and the traceability plan,
versioned and never deleted (21 CFR 1.1315(c): kept 2 years after use)."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.batch_traceability.tests.common import BatchCommon


@tagged("post_install", "-at_install")
class TestFsmaCompleteness(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.product_honey | cls.product_oats).batch_fsma_ftl = True
        packer = cls.env["batch.fsma.location"].create(
            {"name": "Bee Valley Packing", "city": "Napa"}
        )
        cls.vendor_honey.batch_tlc_source_id = packer
        # honey comes with its code and source; the oats supplier sends none
        cls._receive(
            cls.product_honey, 10, "HON-CMP-1", cls.vendor_honey, supplier_lot="BV-1"
        )
        cls._receive(cls.product_honey, 5, "HON-CMP-2", cls.vendor_honey, "BV-2")
        cls._receive(cls.product_oats, 20, "OAT-CMP-1", cls.vendor)
        cls.honey = cls.env["stock.lot"].search([("name", "=", "HON-CMP-1")])
        cls._deliver(cls.customer, cls.product_honey, 4, cls.honey)
        cls.lots = cls.env["stock.lot"].search([("name", "like", "-CMP-")])

    def test_completeness_by_supplier_product_and_event(self):
        Event = self.env["batch.fsma.event"].with_user(self.quality_user)
        domain = [("lot_id", "in", self.lots.ids)]
        groups = Event._read_group(
            domain,
            ["partner_id", "event_type"],
            ["__count", "missing_kde_count:sum"],
        )
        figures = {
            (partner.name, event_type): (count, missing)
            for partner, event_type, count, missing in groups
        }
        self.assertEqual(figures[("Bee Valley Honey", "receiving")], (2, 0), "complete")
        # the oats came without code and source (two KDEs missing)
        self.assertEqual(figures[("Alpine Oats GmbH", "receiving")], (1, 2))
        self.assertEqual(figures[("FreshMart Stores", "shipping")][0], 1)
        by_product = dict(
            Event._read_group(
                domain + [("kde_complete", "=", False)], ["product_id"], ["__count"]
            )
        )
        self.assertEqual(by_product, {self.product_oats: 1})
        # the analysis opens as a pivot grouped by supplier / customer
        action = self.env.ref("batch_compliance.batch_fsma_event_completeness_action")
        self.assertTrue(action.view_mode.startswith("pivot"))
        for view_type in ("pivot", "graph"):
            Event.get_views([(False, view_type)])

    def test_partner_kept_as_recorded(self):
        receiving = self.env["batch.fsma.event"].search(
            [("lot_id", "=", self.honey.id), ("event_type", "=", "receiving")]
        )
        self.assertEqual(receiving.partner_id, self.vendor_honey)
        self.assertEqual(
            receiving.display_name,
            "Receiving / BV-1 / " + (receiving.reference_document_number),
        )

    # ------------------------------------------------------------------
    # The traceability plan, versioned
    # ------------------------------------------------------------------
    def _plan(self):
        return (
            self.env["batch.fsma.plan"]
            .with_user(self.quality_manager)
            .create(
                {
                    "name": "Napa plant traceability plan",
                    "contact_id": self.quality_manager.partner_id.id,
                    "procedures": "<p>Mock recall twice a year.</p>",
                }
            )
        )

    def test_plan_change_files_a_version(self):
        plan = self._plan()
        self.assertEqual(plan.version, 1)
        # approving the text in use is not a new version
        plan.write(
            {"approved_by_id": self.quality_manager.id, "approval_date": "2026-03-01"}
        )
        self.assertEqual(plan.version, 1)
        plan.write({"procedures": "<p>Mock recall every quarter.</p>"})
        self.assertEqual(plan.version, 2)
        self.assertFalse(plan.approved_by_id, "the new text is approved anew")
        self.assertIn("every quarter", plan.procedures)
        (former,) = plan.version_ids
        self.assertFalse(former.active)
        self.assertEqual(former.version, 1)
        self.assertIn("twice a year", former.procedures)
        self.assertEqual(former.approved_by_id, self.quality_manager)
        self.assertEqual(former.superseded_by_id, self.quality_manager)
        plan.write({"contact_id": self.quality_user.partner_id.id})
        self.assertEqual(plan.version, 3)
        self.assertEqual(plan.version_ids.mapped("version"), [2, 1])
        self.assertEqual(plan.display_name, "Napa plant traceability plan (version 3)")
        # the plans in use list only the current version
        self.assertEqual(
            self.env["batch.fsma.plan"].search([("name", "like", "Napa plant")]), plan
        )

    def test_plan_and_versions_never_deleted_nor_rewritten(self):
        plan = self._plan()
        plan.write({"procedures": "<p>Changed.</p>"})
        former = plan.version_ids
        for record in (plan, former):
            with self.assertRaises(UserError):
                record.with_user(self.quality_manager).unlink()
        with self.assertRaises(UserError):
            former.with_user(self.quality_manager).write({"procedures": "<p>X</p>"})
        with self.assertRaises(UserError):
            plan.with_user(self.quality_manager).write({"version": 9})
        with self.assertRaises(UserError):
            plan.with_user(self.quality_manager).action_archive()
        with self.assertRaises(UserError):
            self.env["batch.fsma.plan"].with_user(self.quality_manager).create(
                {
                    "name": "Forged old version",
                    "contact_id": self.quality_manager.partner_id.id,
                    "active": False,
                    "plan_id": plan.id,
                }
            )
        with self.assertRaises(AccessError):
            plan.with_user(self.quality_user).write({"procedures": "<p>Y</p>"})
        self.assertIn("twice a year", former.procedures)
        self.assertEqual(plan.version, 2)
