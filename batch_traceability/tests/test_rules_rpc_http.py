# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The batch rules over real JSON-RPC, as any script or integration would
call them: a logged-in user chooses the method, the values and the context;
the server refuses what the rules forbid and changes nothing."""

import json

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import BatchCommon


@tagged("post_install", "-at_install")
class TestRulesRpcHttp(BatchCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env["product.category"].create({"name": "Oats (RPC)"})
        cls.product_oats.categ_id = cls.category
        cls.env["batch.qc.template"].create(
            {
                "name": "Oats release (RPC)",
                "categ_ids": [Command.set(cls.category.ids)],
                "line_ids": [
                    Command.create({"name": "Moisture", "spec_min": 8, "spec_max": 12})
                ],
            }
        )
        cls.lot = cls._create_lot(cls.product_oats, "OAT-RPC-1")
        # every context key this suite ever read, set by the caller
        cls.chosen_context = {
            "batch_state_reason": "RPC",
            "batch_signature_done": True,
            "batch_override_reason": "RPC",
            "batch_qc_reason": "RPC",
            "batch_audit_reason": "RPC",
            "default_batch_state": "released",
        }

    def _call(self, login, model, method, args, kwargs=None):
        self.authenticate(login, login)
        kwargs = dict(kwargs or {}, context=self.chosen_context)
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs,
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _assert_refused(self, reply, exception):
        self.assertIn("error", reply, reply)
        self.assertEqual(reply["error"]["data"]["name"], exception)

    def _assert_lot_unchanged(self):
        self.lot.invalidate_recordset()
        self.assertEqual(self.lot.batch_state, "quarantine")
        self.assertFalse(self.lot.released_by_id)
        self.assertEqual(self.lot.qc_result_ids.mapped("value"), [False])

    def test_status_write_over_rpc(self):
        reply = self._call(
            "bt_stock_user",
            "stock.lot",
            "write",
            [[self.lot.id], {"batch_state": "released"}],
        )
        self._assert_refused(reply, "odoo.exceptions.AccessError")
        # a Quality manager: the QC gate holds whatever the context says
        reply = self._call(
            "bt_quality_manager",
            "stock.lot",
            "write",
            [[self.lot.id], {"batch_state": "released"}],
        )
        self._assert_refused(reply, "odoo.exceptions.UserError")
        self.assertIn("Moisture", reply["error"]["data"]["message"])
        self._assert_lot_unchanged()

    def test_result_fields_over_rpc(self):
        reply = self._call(
            "bt_quality_manager",
            "stock.lot",
            "write",
            [[self.lot.id], {"released_by_id": self.quality_manager.id}],
        )
        self._assert_refused(reply, "odoo.exceptions.AccessError")
        test = self.lot.qc_result_ids
        reply = self._call(
            "bt_quality_user",
            "batch.qc.result",
            "write",
            [test.ids, {"tester_id": self.quality_manager.id}],
        )
        self._assert_refused(reply, "odoo.exceptions.AccessError")
        self._assert_lot_unchanged()

    def test_import_over_rpc(self):
        reply = self._call(
            "bt_quality_manager",
            "stock.lot",
            "load",
            [[".id", "batch_state"], [[str(self.lot.id), "released"]]],
        )
        self.assertFalse(reply["result"]["ids"])
        self.assertTrue(reply["result"]["messages"])
        reply = self._call(
            "bt_stock_user",
            "stock.lot",
            "create",
            [{"name": "OAT-RPC-2", "product_id": self.product_oats.id}],
        )
        self._assert_refused(reply, "odoo.exceptions.AccessError")
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "OAT-RPC-2")]))
        self._assert_lot_unchanged()

    def test_qc_evidence_over_rpc(self):
        test = self.lot.qc_result_ids
        test.with_user(self.quality_user).value = "14"
        for login in ("bt_quality_user", "bt_quality_manager"):
            reply = self._call(login, "batch.qc.result", "unlink", [test.ids])
            self.assertIn("error", reply)
        reply = self._call(
            "bt_quality_user",
            "batch.qc.result",
            "write",
            [test.ids, {"mandatory": False}],
        )
        self._assert_refused(reply, "odoo.exceptions.AccessError")
        test.invalidate_recordset()
        self.assertTrue(test.exists())
        self.assertTrue(test.mandatory)
        self.assertEqual(test.value, "14")
        self.assertEqual(self.lot.qc_state, "fail")
