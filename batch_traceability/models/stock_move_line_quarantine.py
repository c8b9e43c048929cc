# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def _batch_route_to_quarantine(self):
        """Send received quarantined batches to the warehouse's quarantine
        location (when it has one) rather than to saleable stock."""
        for line in self:
            warehouse = line.picking_type_id.warehouse_id
            quarantine = warehouse.batch_quarantine_location_id
            if (
                quarantine
                and line.picking_code == "incoming"
                and line.lot_id.batch_state == "quarantine"
                and line.location_dest_id._child_of(warehouse.lot_stock_id)
                and not line.location_dest_id._child_of(quarantine)
            ):
                line.location_dest_id = quarantine

    def _create_and_assign_production_lot(self):
        """Batches created at receipt go to the quarantine location when they
        are born in quarantine."""
        res = super()._create_and_assign_production_lot()
        self._batch_route_to_quarantine()
        return res

    def _action_done(self):
        """Received batches still in quarantine go to the quarantine location."""
        self.filtered("lot_id")._batch_route_to_quarantine()
        return super()._action_done()
