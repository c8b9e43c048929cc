# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

import pytz

from odoo import api, models

# Width left for the code's text on the 4 in labels (102 mm paper less the
# margins and a safety band), in points, and the advance of a glyph of the
# monospace font (DejaVu Sans Mono: 0.602 em, rounded up).
LABEL_TEXT_WIDTH_PT = 92 / 25.4 * 72
MONO_ADVANCE_EM = 0.62


class ReportBatchLabel(models.AbstractModel):
    _name = "report.batch_traceability.report_batch_label"
    _inherit = "batch.report.mixin"
    _description = "Batch Label"

    @api.model
    def _batch_label_font_pt(self, text, largest=10.0, smallest=5.0):
        """Font size (pt) that keeps ``text`` on one line across the label."""
        if not text:
            return largest
        fitted = LABEL_TEXT_WIDTH_PT / (MONO_ADVANCE_EM * len(text))
        # rounded down: the rounded size still fits
        return max(smallest, min(largest, math.floor(fitted * 10) / 10))

    @api.model
    def _batch_label_values(self, lot):
        codes = lot._batch_label_codes()
        barcode = "/report/barcode/?barcode_type=%s&value=%s&width=%s&height=%s"
        return {
            "product": lot.product_id.display_name,
            "name": lot.name,
            # the days the GS1 code carries (its (17) is the UTC day)
            "production_date": self._batch_format_date(lot.production_date, pytz.utc),
            "expiration_date": self._batch_format_date(lot.expiration_date, pytz.utc),
            "human": codes["human"],
            "human_font_pt": self._batch_label_font_pt(codes["human"]),
            "gs1_128_src": (
                barcode % ("Code128", codes["gs1_128_quoted"], 600, 100) + "&quiet=0"
                if codes["gs1_128"]
                else ""
            ),
            "qr_src": (
                barcode % ("QR", codes["digital_link_quoted"], 110, 110)
                if codes["digital_link"]
                else ""
            ),
        }

    @api.model
    def _get_report_values(self, docids, data=None):
        lots = self.env["stock.lot"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "stock.lot",
            "docs": lots,
            "labels": {lot.id: self._batch_label_values(lot) for lot in lots},
        }
