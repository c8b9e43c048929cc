# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Electronic signatures for batch decisions (21 CFR 11.50, 11.70, 11.200)."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.batch_traceability.tests.common import BatchCommon


@tagged("post_install", "-at_install")
class TestESignature(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.batch_require_esignature = True
        cls.signer = new_test_user(
            cls.env,
            login="bt_signer",
            password="Sign-Me-2026!",
            name="Quentin Quality",
            groups="batch_traceability.group_quality_manager",
        )
        cls.lot = cls._create_lot(cls.product_oats, "OAT-SIG-1")

    def _wizard(self, user, password, action="release"):
        action_dict = self.lot.with_user(user).action_batch_release()
        self.assertEqual(action_dict["res_model"], "batch.signature.wizard")
        context = {k[8:]: v for k, v in action_dict["context"].items()}
        return (
            self.env["batch.signature.wizard"]
            .with_user(user)
            .create(dict(context, login=user.login, password=password, action=action))
        )

    def test_release_without_signature_does_nothing(self):
        result = self.lot.with_user(self.signer).action_batch_release()
        self.assertEqual(result["res_model"], "batch.signature.wizard")
        self.assertEqual(self.lot.batch_state, "quarantine")

    def test_wrong_password_refused(self):
        # checked when the dialog is saved: the dialog is not even created
        with self.assertRaises(UserError):
            self._wizard(self.signer, "wrong")
        self.assertEqual(self.lot.batch_state, "quarantine")
        self.assertFalse(
            self.env["batch.signature"].search([("res_id", "=", self.lot.id)])
        )

    def test_wrong_group_refused(self):
        user = new_test_user(
            self.env,
            login="bt_qc_user_sig",
            password="Qc-User-2026!",
            groups="batch_traceability.group_quality_user",
        )
        wizard = (
            self.env["batch.signature.wizard"]
            .with_user(user)
            .create(
                {
                    "res_model": "stock.lot",
                    "res_ids": str(self.lot.id),
                    "action": "release",
                    "meaning": "Approved for release",
                    "login": "bt_qc_user_sig",
                    "password": "Qc-User-2026!",
                }
            )
        )
        with self.assertRaises(AccessError):
            wizard.action_sign()
        self.assertEqual(self.lot.batch_state, "quarantine")

    def test_signed_release(self):
        wizard = self._wizard(self.signer, "Sign-Me-2026!")
        wizard.action_sign()
        self.assertEqual(self.lot.batch_state, "released")
        signature = self.env["batch.signature"].search(
            [("res_id", "=", self.lot.id), ("res_model", "=", "stock.lot")]
        )
        self.assertEqual(signature.signer_name, "Quentin Quality")
        self.assertEqual(signature.meaning, "Approved for release")
        self.assertTrue(signature.signed_at)
        self.assertTrue(signature._is_current(self.lot))
        # linked to the version signed: a later change shows
        self.lot.supplier_lot = "changed after signing"
        self.assertFalse(signature._is_current(self.lot))
        with self.assertRaises(UserError):
            signature.sudo().write({"meaning": "forged"})
        with self.assertRaises(UserError):
            signature.sudo().unlink()
        audit = self.env["batch.audit.log"].search(
            [("lot_id", "=", self.lot.id), ("event", "=", "signature")]
        )
        self.assertIn("Quentin Quality", audit.new_value)
