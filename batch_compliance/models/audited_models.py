# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The records under the Part 11 audit trail: batch master data and status,
QC templates and results, recall decisions and customers' answers,
complaints, FSMA 204 events, and the settings that decide whether a batch
needs QC, FSMA records or a signature."""

from markupsafe import Markup

from odoo import models
from odoo.tools import html2plaintext

from .batch_audit_log import AUDIT_EVENTS, audit_text


class StockLot(models.Model):
    _name = "stock.lot"
    _inherit = ["stock.lot", "batch.audit.mixin"]

    _batch_audit_fields = (
        "name",
        "product_id",
        "batch_state",
        "released_by_id",
        "released_date",
        "production_date",
        "expiration_date",
        "facility_id",
        "supplier_id",
        "supplier_lot",
        "storage_temp_min",
        "storage_temp_max",
        "storage_conditions",
        "tlc",
        "tlc_source_id",
        "tlc_origin",
        "tlc_exempt_supplier",
    )

    def _batch_audit_lot(self):
        return self

    def _batch_log_event(self, event, description, reason=False):
        """Also append one audit entry per batch: an override of the batch
        rules or a QC correction is evidence, which a chatter message (that
        users can delete) is not."""
        parent = super()
        res = True
        if hasattr(parent, "_batch_log_event"):
            res = parent._batch_log_event(event, description, reason=reason)
        if isinstance(description, Markup):
            description = html2plaintext(description)
        labels = dict(AUDIT_EVENTS)
        self.env["batch.audit.log"]._batch_audit_log(
            [
                {
                    "res_model": lot._name,
                    "res_id": lot.id,
                    "res_name": lot.display_name,
                    "lot_id": lot.id,
                    "event": event if event in labels else "other",
                    "field_name": audit_text(event),
                    "field_label": labels.get(event, audit_text(event)),
                    "new_value": audit_text(description),
                    "reason": audit_text(reason),
                    "company_id": lot.company_id.id,
                }
                for lot in self
            ]
        )
        return res


class BatchQcResult(models.Model):
    _name = "batch.qc.result"
    _inherit = ["batch.qc.result", "batch.audit.mixin"]

    _batch_audit_fields = (
        "name",
        "method",
        "value",
        "result",
        "spec_type",
        "spec_min",
        "spec_max",
        "spec_text",
        "mandatory",
        "tester_id",
        "test_date",
        "state",
        "cancel_reason",
    )

    def _batch_audit_lot(self):
        return self.lot_id


class BatchQcTemplate(models.Model):
    _name = "batch.qc.template"
    _inherit = ["batch.qc.template", "batch.audit.mixin"]

    _batch_audit_fields = (
        "name",
        "active",
        "company_id",
        "product_tmpl_ids",
        "categ_ids",
    )


class BatchQcTemplateLine(models.Model):
    _name = "batch.qc.template.line"
    _inherit = ["batch.qc.template.line", "batch.audit.mixin"]

    _batch_audit_fields = (
        "template_id",
        "name",
        "method",
        "unit",
        "spec_type",
        "spec_min",
        "spec_max",
        "spec_text",
        "mandatory",
    )

    def _batch_audit_company(self):
        return self.template_id.company_id


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "batch.audit.mixin"]

    _batch_audit_fields = ("batch_requires_qc_release", "batch_fsma_ftl")


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "batch.audit.mixin"]

    _batch_audit_fields = ("batch_require_esignature",)

    def _batch_audit_company(self):
        return self


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


class BatchRecallLine(models.Model):
    _name = "batch.recall.line"
    _inherit = ["batch.recall.line", "batch.audit.mixin"]

    _batch_audit_fields = (
        "partner_id",
        "lot_id",
        "qty_shipped",
        "qty_returned",
        "qty_destroyed",
        "qty_corrected",
        "qty_customer_on_hand",
        "state",
        "answered_at",
        "write_off_reason",
    )

    def _batch_audit_lot(self):
        return self.lot_id


class BatchRecallNotice(models.Model):
    _name = "batch.recall.notice"
    _inherit = ["batch.recall.notice", "batch.audit.mixin"]

    _batch_audit_fields = (
        "state",
        "sent_at",
        "answered_at",
        "answered_by",
        "customer_comment",
    )

    def _batch_audit_lot(self):
        return self.recall_id.lot_ids[:1]


class BatchComplaint(models.Model):
    _name = "batch.complaint"
    _inherit = ["batch.complaint", "batch.audit.mixin"]

    _batch_audit_fields = (
        "name",
        "partner_id",
        "product_id",
        "lot_ids",
        "date",
        "description",
        "severity",
        "serious_adverse_event",
        "state",
        "investigation",
        "reply",
        "recall_id",
    )

    def _batch_audit_lot(self):
        return self.lot_ids[:1]


class BatchFsmaEvent(models.Model):
    _name = "batch.fsma.event"
    _inherit = ["batch.fsma.event", "batch.audit.mixin"]

    _batch_audit_fields = (
        "event_type",
        "lot_id",
        "tlc",
        "product_id",
        "product_description",
        "commodity",
        "quantity",
        "uom_name",
        "event_date",
        "own_location",
        "other_location",
        "tlc_source",
        "tlc_source_id",
        "own_location_id",
        "other_location_id",
        "exempt_supplier",
        "input_description",
        "reference_document_type",
        "reference_document_number",
    )

    def _batch_audit_lot(self):
        return self.lot_id
