# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""E-signatures (21 CFR 11.200, 11.300) hold on every path: a release or
rejection the batch's company wants signed happens only with a password
check made by the signer, never through a context key, a write, an import
or another dialog; the password is never stored; failures are rate-limited."""

from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.batch_traceability.tests.common import BatchCommon

from ..tools.signature_proof import signature_proof
from ..wizard import batch_signature_wizard as wizard_module

PASSWORD = "Sign-Rules-2026!"


class FakeRequest:
    """Just enough of an HTTP request for the session flag."""

    def __init__(self):
        self.session = {}

    def __bool__(self):
        return True


@tagged("post_install", "-at_install")
class TestESignatureRules(BatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.batch_require_esignature = True
        cls.signer = new_test_user(
            cls.env,
            login="bt_rules_signer",
            password=PASSWORD,
            name="Sandra Signer",
            groups="batch_traceability.group_quality_manager",
        )
        cls.lot = cls._create_lot(cls.product_oats, "OAT-SIGR-1")
        cls.Wizard = cls.env["batch.signature.wizard"]

    def setUp(self):
        super().setUp()
        failures = self.Wizard._failures_map()
        self.addCleanup(failures.clear)

    def _wizard_vals(self, lot=None, login=None, password=PASSWORD, action="release"):
        lot = lot or self.lot
        return {
            "res_model": "stock.lot",
            "res_ids": str(lot.id),
            "action": action,
            "meaning": "Approved for release",
            "login": login if login is not None else self.signer.login,
            "password": password,
        }

    def _signatures(self, lot=None):
        return self.env["batch.signature"].search(
            [("res_model", "=", "stock.lot"), ("res_id", "=", (lot or self.lot).id)]
        )

    def assertUnchanged(self, lot=None, state="quarantine"):
        lot = lot or self.lot
        lot.invalidate_recordset()
        self.assertEqual(lot.batch_state, state)
        self.assertFalse(lot.released_by_id)
        self.assertFalse(self._signatures(lot))

    # ------------------------------------------------------------------
    # Every path refuses an unsigned decision
    # ------------------------------------------------------------------
    def test_context_key_does_not_sign(self):
        lot = self.lot.with_user(self.signer).with_context(batch_signature_done=True)
        action = lot.action_batch_release()
        self.assertEqual(action["res_model"], "batch.signature.wizard")
        with self.assertRaisesRegex(UserError, "electronic signature"):
            lot._batch_transition("released")
        with self.assertRaisesRegex(UserError, "electronic signature"):
            lot._set_batch_state("rejected")
        self.assertUnchanged()

    def test_write_refused_without_signature(self):
        lot = self.lot.with_user(self.signer)
        with self.assertRaisesRegex(UserError, "electronic signature"):
            lot.write({"batch_state": "released"})
        with self.assertRaisesRegex(UserError, "electronic signature"):
            lot.with_context(batch_state_reason="RPC").write(
                {"batch_state": "rejected"}
            )
        self.assertUnchanged()

    def test_import_refused_without_signature(self):
        result = (
            self.env["stock.lot"]
            .with_user(self.signer)
            .load([".id", "batch_state"], [[str(self.lot.id), "released"]])
        )
        self.assertFalse(result["ids"])
        self.assertTrue(
            any("signature" in message["message"] for message in result["messages"])
        )
        self.assertUnchanged()

    def test_status_reason_dialog_refused_without_signature(self):
        dialog = (
            self.env["batch.state.reason.wizard"]
            .with_user(self.signer)
            .create(
                {
                    "lot_ids": [Command.set(self.lot.ids)],
                    "new_state": "rejected",
                    "reason": "Visible mould",
                }
            )
        )
        with self.assertRaisesRegex(UserError, "electronic signature"):
            dialog.action_confirm()
        self.assertUnchanged()

    def test_proof_of_another_decision_does_not_count(self):
        # a signed rejection proof does not release
        lot = self.lot.with_user(self.signer)
        with (
            signature_proof(lot.env, "stock.lot", lot.ids, "rejected"),
            self.assertRaisesRegex(UserError, "electronic signature"),
        ):
            lot._batch_transition("released")
        self.assertUnchanged()

    # ------------------------------------------------------------------
    # The wizard: password checked, never stored, rate-limited
    # ------------------------------------------------------------------
    def _wizard_table_text(self):
        self.env.flush_all()
        self.env.cr.execute("SELECT row_to_json(w)::text FROM batch_signature_wizard w")
        return " ".join(row[0] for row in self.env.cr.fetchall())

    def test_password_never_stored(self):
        self.env.cr.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'batch_signature_wizard'"
        )
        columns = {row[0] for row in self.env.cr.fetchall()}
        self.assertNotIn("password", columns)
        with self.assertRaises(UserError):
            self.Wizard.with_user(self.signer).create(
                self._wizard_vals(password="Wrong-Guess-77")
            )
        self.assertNotIn("Wrong-Guess-77", self._wizard_table_text())
        wizard = self.Wizard.with_user(self.signer).create(self._wizard_vals())
        self.assertNotIn(PASSWORD, self._wizard_table_text())
        wizard.action_sign()
        self.assertNotIn(PASSWORD, self._wizard_table_text())
        self.assertEqual(self.lot.batch_state, "released")
        self.assertEqual(self.lot.released_by_id, self.signer)

    def test_wrong_password_refused_and_nothing_changes(self):
        with self.assertRaisesRegex(UserError, "Wrong login or password"):
            self.Wizard.with_user(self.signer).create(
                self._wizard_vals(password="nope")
            )
        # saved without a password (or the check skipped by RPC): no signing
        wizard = self.Wizard.with_user(self.signer).create(
            {k: v for k, v in self._wizard_vals().items() if k != "password"}
        )
        with self.assertRaisesRegex(UserError, "Enter your password"):
            wizard.action_sign()
        self.assertUnchanged()

    def test_verification_cannot_be_forged_and_serves_once(self):
        vals = dict(self._wizard_vals(), verified_uid=self.signer.id)
        vals.pop("password")
        with self.assertRaises(UserError):
            self.Wizard.with_user(self.signer).create(vals)
        wizard = self.Wizard.with_user(self.signer).create(
            {k: v for k, v in self._wizard_vals().items() if k != "password"}
        )
        with self.assertRaises(UserError):
            wizard.write({"verified_at": "2026-01-01 00:00:00"})
        lot_2 = self._create_lot(self.product_oats, "OAT-SIGR-2")
        signed = self.Wizard.with_user(self.signer).create(self._wizard_vals())
        signed.action_sign()
        # the same check cannot sign a second decision
        signed.write({"res_ids": str(lot_2.id)})
        with self.assertRaisesRegex(UserError, "Enter your password"):
            signed.action_sign()
        self.assertUnchanged(lot_2)

    def test_wrong_login_refused(self):
        with self.assertRaisesRegex(UserError, "Wrong login or password"):
            self.Wizard.with_user(self.signer).create(
                self._wizard_vals(login=self.quality_manager.login)
            )
        self.assertUnchanged()

    def test_cooldown_after_repeated_failures(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("base.login_cooldown_after", 3)
        params.set_param("base.login_cooldown_duration", 600)
        for __ in range(3):
            with self.assertRaisesRegex(UserError, "Wrong login or password"):
                self.Wizard.with_user(self.signer).create(
                    self._wizard_vals(password="guess")
                )
        # even the right password is refused during the cooldown
        with self.assertRaisesRegex(UserError, "Too many failed signature"):
            self.Wizard.with_user(self.signer).create(self._wizard_vals())
        self.assertUnchanged()
        # another user is not affected
        other = new_test_user(
            self.env,
            login="bt_rules_signer_2",
            password=PASSWORD,
            groups="batch_traceability.group_quality_manager",
        )
        self.Wizard.with_user(other).create(
            dict(self._wizard_vals(), login=other.login)
        ).action_sign()
        self.assertEqual(self.lot.batch_state, "released")

    def test_login_on_first_signing_of_session_only(self):
        fake = FakeRequest()
        with patch.object(wizard_module, "request", fake):
            wizard = self.Wizard.with_user(self.signer)
            self.assertFalse(wizard.new({})._default_login())
            self.assertTrue(wizard.new({}).login_required)
            with self.assertRaisesRegex(UserError, "Wrong login or password"):
                wizard.create(self._wizard_vals(login=""))
            wizard.create(self._wizard_vals()).action_sign()
            self.assertEqual(fake.session[wizard_module.SESSION_KEY], self.signer.id)
            # second signing of the session: the password only
            lot_2 = self._create_lot(self.product_oats, "OAT-SIGR-3")
            self.assertFalse(wizard.new({}).login_required)
            wizard.create(
                dict(self._wizard_vals(lot=lot_2, action="reject"), login=False)
            ).action_sign()
            self.assertEqual(lot_2.batch_state, "rejected")

    def test_wrong_group_cannot_sign(self):
        user = new_test_user(
            self.env,
            login="bt_rules_qc_user",
            password=PASSWORD,
            groups="batch_traceability.group_quality_user",
        )
        wizard = self.Wizard.with_user(user).create(
            dict(self._wizard_vals(), login=user.login)
        )
        with self.assertRaises(AccessError):
            wizard.action_sign()
        self.assertUnchanged()

    # ------------------------------------------------------------------
    # The batch's company decides, not the user's current company
    # ------------------------------------------------------------------
    def test_switch_read_from_the_batch_company(self):
        company_b = self.env["res.company"].create(
            {"name": "Signing Foods B", "batch_require_esignature": True}
        )
        self.company.batch_require_esignature = False
        user = new_test_user(
            self.env,
            login="bt_rules_mc",
            password=PASSWORD,
            groups="batch_traceability.group_quality_manager",
            company_id=self.company.id,
            company_ids=[Command.set([self.company.id, company_b.id])],
        )
        lot_b = self.env["stock.lot"].create(
            {
                "name": "OAT-SIGR-B",
                "product_id": self.product_oats.id,
                "company_id": company_b.id,
            }
        )
        lot_a = self._create_lot(self.product_oats, "OAT-SIGR-A")
        as_user = (
            self.env["stock.lot"]
            .with_user(user)
            .with_context(allowed_company_ids=[self.company.id, company_b.id])
        )
        # current company A without signatures; batch of B asks for one
        self.assertEqual(as_user.env.company, self.company)
        action = as_user.browse(lot_b.id).action_batch_release()
        self.assertEqual(action["res_model"], "batch.signature.wizard")
        with self.assertRaisesRegex(UserError, "electronic signature"):
            as_user.browse(lot_b.id).write({"batch_state": "released"})
        self.assertUnchanged(lot_b)
        # a batch of A is released without a signature
        as_user.browse(lot_a.id).action_batch_release()
        self.assertEqual(lot_a.batch_state, "released")
        # and the batch of B once signed
        self.Wizard.with_user(user).with_context(
            allowed_company_ids=[self.company.id, company_b.id]
        ).create(dict(self._wizard_vals(lot=lot_b), login=user.login)).action_sign()
        self.assertEqual(lot_b.batch_state, "released")
        self.assertEqual(self._signatures(lot_b).company_id, company_b)

    def test_signature_shown_on_batch_with_meaning_and_hash(self):
        self.Wizard.with_user(self.signer).create(self._wizard_vals()).action_sign()
        signature = self.lot.with_user(self.signer).batch_signature_ids
        self.assertEqual(len(signature), 1)
        self.assertEqual(signature.meaning, "Approved for release")
        self.assertEqual(len(signature.record_hash), 64)
        self.assertTrue(signature.record_current)
