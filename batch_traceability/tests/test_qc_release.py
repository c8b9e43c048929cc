# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""QC tests from templates, results, and release gated by them."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import BatchCommon


@tagged("post_install", "-at_install")
class TestQcRelease(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env["product.category"].create({"name": "Cereals (QC)"})
        cls.product_oats.categ_id = cls.category
        cls.template = cls.env["batch.qc.template"].create(
            {
                "name": "Cereal release tests",
                "categ_ids": [Command.set(cls.category.ids)],
                "line_ids": [
                    Command.create(
                        {
                            "name": "Moisture",
                            "method": "AOAC 925.10",
                            "unit": "%",
                            "spec_type": "range",
                            "spec_min": 8,
                            "spec_max": 12,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Salmonella (25 g)",
                            "method": "ISO 6579",
                            "spec_type": "text",
                            "spec_text": "Absent",
                        }
                    ),
                    Command.create(
                        {
                            "name": "Colour",
                            "spec_type": "text",
                            "spec_text": "Conforms",
                            "mandatory": False,
                        }
                    ),
                ],
            }
        )

    def _results(self, lot):
        return {r.name: r for r in lot.qc_result_ids}

    def test_receipt_creates_tests_from_category_template(self):
        self._receive(self.product_oats, 50, "OAT-QC-1", supplier_lot="AM-7781")
        lot = self.env["stock.lot"].search([("name", "=", "OAT-QC-1")])
        self.assertEqual(lot.batch_state, "quarantine")
        self.assertEqual(
            lot.qc_result_ids.mapped("name"),
            ["Moisture", "Salmonella (25 g)", "Colour"],
        )
        self.assertEqual(lot.qc_state, "pending")
        # idempotent
        lot._batch_apply_qc_template()
        self.assertEqual(len(lot.qc_result_ids), 3)

    def test_product_template_wins_over_category(self):
        own = self.env["batch.qc.template"].create(
            {
                "name": "Oats only",
                "product_tmpl_ids": [
                    Command.set(self.product_oats.product_tmpl_id.ids)
                ],
                "line_ids": [
                    Command.create(
                        {
                            "name": "Gluten",
                            "spec_type": "range",
                            "spec_max": 20,
                            "unit": "ppm",
                        }
                    )
                ],
            }
        )
        lot = self._create_lot(self.product_oats, "OAT-QC-2")
        self.assertEqual(lot.qc_result_ids.mapped("name"), own.line_ids.mapped("name"))

    def test_results_pass_fail_and_tester(self):
        lot = self._create_lot(self.product_oats, "OAT-QC-3")
        tests = self._results(lot)
        tests["Moisture"].with_user(self.quality_user).value = "13.1"
        self.assertEqual(tests["Moisture"].result, "fail")
        self.assertEqual(tests["Moisture"].tester_id, self.quality_user)
        self.assertTrue(tests["Moisture"].test_date)
        # a recorded value is corrected with a reason (lab re-test)
        tests["Moisture"].with_context(
            batch_qc_reason="Re-test LIMS-118"
        ).value = "10,4"
        self.assertEqual(tests["Moisture"].result, "pass")
        tests["Salmonella (25 g)"].value = "absent"
        self.assertEqual(tests["Salmonella (25 g)"].result, "pass")
        self.assertEqual(
            lot.qc_state, "pass", "the optional colour test does not block"
        )
        with self.assertRaises(ValidationError):
            tests["Moisture"].with_context(batch_qc_reason="typo").value = "wet"

    def test_release_needs_every_mandatory_test_passed(self):
        lot = self._create_lot(self.product_oats, "OAT-QC-4")
        tests = self._results(lot)
        tests["Moisture"].value = "9.5"
        with self.assertRaises(UserError) as error:
            lot.with_user(self.quality_manager).action_batch_release()
        self.assertIn("Salmonella", str(error.exception))
        self.assertEqual(lot.batch_state, "quarantine")
        tests["Salmonella (25 g)"].value = "Present"
        with self.assertRaises(UserError):
            lot.with_user(self.quality_manager).action_batch_release()
        lot.with_user(self.quality_manager).action_batch_reject()
        self.assertEqual(lot.batch_state, "rejected")
        self.assertEqual(lot.released_by_id, self.quality_manager)
        # results of a decided batch are frozen
        with self.assertRaises(UserError):
            tests["Salmonella (25 g)"].value = "Absent"

    def test_release_by_quality_manager_only(self):
        lot = self._create_lot(self.product_oats, "OAT-QC-5")
        for test in lot.qc_result_ids:
            test.value = "10" if test.spec_type == "range" else test.spec_text
        with self.assertRaises(AccessError):
            lot.with_user(self.quality_user).action_batch_release()
        lot.with_user(self.quality_manager).action_batch_release()
        self.assertEqual(lot.batch_state, "released")
        self.assertEqual(lot.released_by_id, self.quality_manager)
        self.assertTrue(lot.released_date)

    def test_supplier_coa_attachment(self):
        lot = self._create_lot(self.product_oats, "OAT-QC-6")
        coa = self.env["ir.attachment"].create(
            {
                "name": "CoA AM-7781.pdf",
                "raw": b"%PDF-1.4 supplier certificate",
                "res_model": "stock.lot",
                "res_id": lot.id,
            }
        )
        lot.supplier_coa_ids = [Command.link(coa.id)]
        self.assertEqual(lot.supplier_coa_ids.name, "CoA AM-7781.pdf")

    def test_template_spec_validation(self):
        with self.assertRaises(ValidationError):
            self.template.line_ids[0].spec_min = 20
