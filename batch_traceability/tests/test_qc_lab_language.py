# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""QC in the lab's language: accepted wordings and Pass / Fail tests, QC
progress on the batch, and the Release button only primary once the
mandatory tests passed. The evidence rules of QC results still hold."""

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import BatchCommon


@tagged("post_install", "-at_install")
class TestQcLabLanguage(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env["product.category"].create({"name": "Oats (lab)"})
        cls.product_oats.categ_id = cls.category
        cls.template = cls.env["batch.qc.template"].create(
            {
                "name": "Oats release (lab wording)",
                "categ_ids": [Command.set(cls.category.ids)],
                "line_ids": [
                    Command.create({"name": "Moisture", "spec_min": 8, "spec_max": 12}),
                    Command.create(
                        {
                            "name": "Salmonella (25 g)",
                            "spec_type": "text",
                            "spec_text": "Absent; Not detected; < LOD",
                        }
                    ),
                    Command.create(
                        {
                            "name": "Appearance",
                            "spec_type": "passfail",
                            "spec_text": "Cream flakes, no foreign matter",
                        }
                    ),
                    Command.create(
                        {
                            "name": "Colour",
                            "spec_type": "passfail",
                            "mandatory": False,
                        }
                    ),
                ],
            }
        )

    def setUp(self):
        super().setUp()
        self.lot = self._create_lot(self.product_oats, "OAT-LAB-1")
        self.tests = {t.name: t for t in self.lot.qc_result_ids}

    def test_accepted_wordings_whatever_case_and_spacing(self):
        salmonella = self.tests["Salmonella (25 g)"].with_user(self.quality_user)
        self.assertEqual(salmonella.spec_text, "Absent; Not detected; < LOD")
        self.assertEqual(salmonella.specification, "Absent; Not detected; < LOD")
        salmonella.value = "NOT  detected"
        self.assertEqual(salmonella.result, "pass")
        for value, expected in (
            ("<LOD", "pass"),
            ("absent", "pass"),
            ("Present", "fail"),
            ("Detected", "fail"),
        ):
            other = self._create_lot(self.product_oats, f"OAT-LAB-{value}")
            test = other.qc_result_ids.filtered(lambda r: r.spec_type == "text")
            test.with_user(self.quality_user).value = value
            self.assertEqual(test.result, expected, value)

    def test_template_needs_accepted_wordings(self):
        with self.assertRaises(ValidationError):
            self.template.write(
                {
                    "line_ids": [
                        Command.create(
                            {"name": "Yeasts", "spec_type": "text", "spec_text": " ; "}
                        )
                    ]
                }
            )
        self.assertNotIn("Yeasts", self.template.line_ids.mapped("name"))

    def test_pass_fail_choice_is_recorded_as_evidence(self):
        appearance = self.tests["Appearance"]
        self.assertEqual(appearance.specification, "Cream flakes, no foreign matter")
        self.assertEqual(self.tests["Colour"].specification, "Pass / Fail")
        appearance.with_user(self.quality_user).write({"value_choice": "pass"})
        self.assertEqual(appearance.value, "Pass")
        self.assertEqual(appearance.value_choice, "pass")
        self.assertEqual(appearance.result, "pass")
        self.assertEqual(appearance.tester_id, self.quality_user)
        # the choice is the recorded value: the same rules as any value
        for caller in (
            appearance.with_user(self.quality_user),
            appearance.with_user(self.quality_user).with_context(
                batch_qc_reason="by RPC"
            ),
        ):
            with self.assertRaises(AccessError):
                caller.write({"value_choice": "fail"})
        with self.assertRaises(UserError):
            appearance.with_user(self.quality_manager).write({"value_choice": "fail"})
        self.assertEqual(appearance.value, "Pass")
        # a value that is neither Pass nor Fail is refused
        colour = self.tests["Colour"].with_user(self.quality_user)
        with self.assertRaises(ValidationError):
            colour.write({"value": "Golden"})
        self.assertFalse(self.tests["Colour"].value)
        colour.write({"value_choice": "fail"})
        self.assertEqual(colour.result, "fail")

    def test_pass_fail_through_import(self):
        other = self._create_lot(self.product_oats, "OAT-LAB-IMP")
        appearance = other.qc_result_ids.filtered(lambda r: r.name == "Appearance")
        xmlid = appearance.export_data(["id"])["datas"][0][0]
        Result = self.env["batch.qc.result"].with_user(self.quality_user)
        res = Result.load(["id", "value"], [[xmlid, "Maybe"]])
        self.assertFalse(res["ids"])
        self.assertTrue(res["messages"])
        self.assertFalse(appearance.value)
        res = Result.load(["id", "value"], [[xmlid, "fail"]])
        self.assertEqual(res["ids"], appearance.ids)
        self.assertEqual(appearance.result, "fail")

    def test_qc_progress_and_release_readiness(self):
        self.assertEqual(self.lot.qc_progress, "0/3 passed")
        self.assertFalse(self.lot.qc_release_ready)
        tests = {n: t.with_user(self.quality_user) for n, t in self.tests.items()}
        tests["Moisture"].value = "10.2"
        tests["Salmonella (25 g)"].value = "Not detected"
        self.assertEqual(self.lot.qc_progress, "2/3 passed")
        self.assertFalse(self.lot.qc_release_ready)
        with self.assertRaises(UserError):
            self.lot.with_user(self.quality_manager).action_batch_release()
        tests["Appearance"].value_choice = "pass"
        tests["Colour"].value_choice = "fail"  # optional: does not hold it back
        self.assertEqual(self.lot.qc_progress, "3/3 passed")
        self.assertTrue(self.lot.qc_release_ready)
        self.lot.with_user(self.quality_manager).action_batch_release()
        self.assertEqual(self.lot.batch_state, "released")

    def test_release_button_primary_only_when_ready(self):
        arch = etree.fromstring(
            self.env["stock.lot"]
            .with_user(self.quality_manager)
            .get_view(view_type="form")["arch"]
        )
        buttons = arch.xpath("//header/button[@name='action_batch_release']")
        self.assertEqual(len(buttons), 2)
        primary = [b for b in buttons if "btn-primary" in b.get("class", "")]
        self.assertEqual(len(primary), 1)
        self.assertIn("not qc_release_ready", primary[0].get("invisible"))
        self.assertTrue(arch.xpath("//field[@name='qc_progress']"))

    def test_correction_wizard_offers_the_wordings_and_pass_fail(self):
        salmonella = self.tests["Salmonella (25 g)"]
        salmonella.with_user(self.quality_user).value = "Negative"
        self.assertEqual(salmonella.result, "fail")
        Wizard = self.env["batch.qc.result.correction"].with_user(self.quality_manager)
        wizard = Wizard.create({"result_id": salmonella.id, "reason": "x"})
        self.assertEqual(wizard.spec_type, "text")
        self.assertEqual(wizard.spec_text, salmonella.spec_text)
        wizard.write(
            {
                "spec_text": "Absent; Not detected; Negative",
                "reason": "SOP-QC-12 rev 3 accepts 'Negative'",
            }
        )
        wizard.action_confirm()
        self.assertEqual(salmonella.result, "pass")
        self.assertIn("SOP-QC-12", self.lot.message_ids[0].body)
        # a test turned into Pass / Fail, with the lab's decision
        wizard = Wizard.create(
            {
                "result_id": salmonella.id,
                "spec_type": "passfail",
                "value_choice": "pass",
                "reason": "Method changed to a presence/absence kit",
            }
        )
        wizard.action_confirm()
        self.assertEqual(salmonella.spec_type, "passfail")
        self.assertEqual(salmonella.value, "Pass")
        self.assertEqual(salmonella.result, "pass")
        # a quality user cannot change the specification type
        with self.assertRaises(AccessError):
            salmonella.with_user(self.quality_user).write({"spec_type": "text"})
        with self.assertRaises(AccessError):
            Wizard.with_user(self.quality_user).create(
                {"result_id": salmonella.id, "spec_type": "text", "reason": "x"}
            )
        self.assertEqual(salmonella.spec_type, "passfail")
