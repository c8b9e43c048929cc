# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockLotReport(models.Model):
    _inherit = "stock.lot.report"

    # The customer lot report ("Lot/Serial Numbers" on the customer form)
    # also shows the freshness and status of each delivered batch.
    expiration_date = fields.Datetime(related="lot_id.expiration_date")
    batch_state = fields.Selection(related="lot_id.batch_state")
