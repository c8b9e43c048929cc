# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Decisions that need an electronic signature when the company asks for
them: batch release and rejection, recall closure. Without a signature made
in this request, the server opens the signature dialog instead of acting,
whether the call comes from a button or from RPC."""

from odoo import models

SIGNED_KEY = "batch_signature_done"


def _signature_action(records, action, meaning):
    return {
        "type": "ir.actions.act_window",
        "name": records.env._("Sign: %(meaning)s", meaning=meaning),
        "res_model": "batch.signature.wizard",
        "view_mode": "form",
        "target": "new",
        "context": {
            "default_res_model": records._name,
            "default_res_ids": ",".join(map(str, records.ids)),
            "default_action": action,
            "default_meaning": meaning,
        },
    }


def _needs_signature(records):
    env = records.env
    return env.company.batch_require_esignature and not env.context.get(SIGNED_KEY)


class StockLot(models.Model):
    _inherit = "stock.lot"

    def action_batch_release(self):
        if _needs_signature(self):
            return _signature_action(
                self, "release", self.env._("Approved for release")
            )
        return super().action_batch_release()

    def action_batch_reject(self):
        if _needs_signature(self):
            return _signature_action(self, "reject", self.env._("Rejected"))
        return super().action_batch_reject()


class BatchRecall(models.Model):
    _inherit = "batch.recall"

    def action_close(self):
        if _needs_signature(self):
            return _signature_action(self, "recall_close", self.env._("Recall closed"))
        return super().action_close()
