# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The records under the Part 11 audit trail: batch master data and status,
QC results and recall decisions."""

from odoo import models


class StockLot(models.Model):
    _name = "stock.lot"
    _inherit = ["stock.lot", "batch.audit.mixin"]

    _batch_audit_fields = (
        "name",
        "batch_state",
        "production_date",
        "expiration_date",
        "facility_id",
        "supplier_id",
        "supplier_lot",
        "storage_temp_min",
        "storage_temp_max",
        "storage_conditions",
    )

    def _batch_audit_lot(self):
        return self


class BatchQcResult(models.Model):
    _name = "batch.qc.result"
    _inherit = ["batch.qc.result", "batch.audit.mixin"]

    _batch_audit_fields = ("value", "result", "spec_min", "spec_max", "spec_text")

    def _batch_audit_lot(self):
        return self.lot_id


class BatchRecall(models.Model):
    _name = "batch.recall"
    _inherit = ["batch.recall", "batch.audit.mixin"]

    _batch_audit_fields = (
        "state",
        "recall_type",
        "classification",
        "depth",
        "reason",
        "health_hazard",
        "lot_ids",
        "effectiveness_level",
    )

    def _batch_audit_lot(self):
        return self.lot_ids[:1]
