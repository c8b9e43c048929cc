# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportBatchTraceability(models.AbstractModel):
    """One step back, one step forward and the full genealogy of a batch
    (stock.lot.batch_trace), with its GS1 codes."""

    _name = "report.batch_compliance.report_batch_traceability"
    _inherit = "batch.report.mixin"
    _description = "Batch Traceability Report"

    @api.model
    def _traceability_values(self, lot, states):
        up = lot.batch_trace("upstream")
        down = lot.batch_trace("downstream")
        codes = lot._batch_label_codes()

        def genealogy(direction, trace):
            return [
                {
                    "direction": direction,
                    "level": trace["depth"].get(other.id),
                    "name": other.name,
                    "product": other.product_id.display_name,
                    "state": states.get(other.batch_state, ""),
                }
                for other in trace["lots"]
            ]

        back = [
            {
                "name": src.name,
                "product": src.product_id.display_name,
                "supplier": src.supplier_id.name or "",
                "supplier_lot": src.supplier_lot or "",
            }
            for src in up["lots"].filtered(lambda other: up["depth"].get(other.id) == 1)
        ] + [
            {
                "name": lot.name,
                "product": rec.reference,
                "supplier": rec.picking_partner_id.name or "",
                "supplier_lot": rec.batch_supplier_lot or "",
            }
            for rec in lot.batch_receipt_line_ids
        ]
        forward = [
            {
                "date": self._batch_format_date(out.date),
                "to": out.picking_partner_id.name or "",
                "document": out.reference,
                "quantity": out.quantity,
            }
            for out in lot.batch_delivery_line_ids
        ] + [
            {"date": "", "to": dst.display_name, "document": "", "quantity": ""}
            for dst in down["lots"].filtered(
                lambda other: down["depth"].get(other.id) == 1
            )
        ]
        return {
            "human": codes["human"],
            "qr_src": (
                "/report/barcode/?barcode_type=QR&width=120&height=120"
                f"&value={codes['digital_link_quoted']}"
                if codes["digital_link"]
                else ""
            ),
            "back": back,
            "forward": forward,
            "genealogy": genealogy(self.env._("Upstream"), up)
            + genealogy(self.env._("Downstream"), down),
            "customers": ", ".join(down["partners"].mapped("display_name")) or "-",
        }

    @api.model
    def _get_report_values(self, docids, data=None):
        lots = self.env["stock.lot"].browse(docids)
        states = dict(
            self.env["stock.lot"]
            ._fields["batch_state"]
            ._description_selection(self.env)
        )
        return self._batch_document_values(
            docids,
            "stock.lot",
            traces={lot.id: self._traceability_values(lot, states) for lot in lots},
        )
