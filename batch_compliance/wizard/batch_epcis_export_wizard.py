# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import api, fields, models
from odoo.exceptions import UserError


class BatchEpcisExportWizard(models.TransientModel):
    _name = "batch.epcis.export.wizard"
    _description = "EPCIS 2.0 Export"

    lot_ids = fields.Many2many(
        "stock.lot", string="Batches", default=lambda self: self._default_lot_ids()
    )
    date_from = fields.Datetime()
    date_to = fields.Datetime()

    @api.model
    def _default_lot_ids(self):
        """The selected batches when opened from the batch list's Action
        menu; none from the Compliance menu (which has no selection)."""
        context = self.env.context
        if context.get("active_model") == "stock.lot" and context.get("active_ids"):
            return self.env["stock.lot"].browse(context["active_ids"]).exists()
        return self.env["stock.lot"]

    def action_export(self):
        self.ensure_one()
        if not self.lot_ids and not (self.date_from and self.date_to):
            raise UserError(self.env._("Choose batches or a date range."))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise UserError(self.env._("The start date is after the end date."))
        document = self.env["batch.epcis.exporter"]._document(
            self.lot_ids, self.date_from, self.date_to
        )
        if not document["epcisBody"]["eventList"]:
            raise UserError(self.env._("No movement matches these criteria."))
        attachment = self.env["ir.attachment"].create(
            {
                "name": "epcis_events.jsonld",
                "raw": json.dumps(document, indent=2).encode(),
                "mimetype": "application/ld+json",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
