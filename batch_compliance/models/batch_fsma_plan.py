# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class BatchFsmaPlan(models.Model):
    """The written traceability plan of a company (21 CFR 1.1315)."""

    _name = "batch.fsma.plan"
    _description = "FSMA 204 Traceability Plan"
    _inherit = ["mail.thread"]
    _check_company_auto = True

    name = fields.Char(required=True, default="Traceability plan", tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    contact_id = fields.Many2one(
        "res.partner", string="Point of Contact", required=True, tracking=True
    )
    contact_phone = fields.Char(related="contact_id.phone", string="Contact Phone")
    record_keeping = fields.Html(
        string="How Records Are Kept",
        default=lambda self: self.env._(
            "<p>Electronic records in Odoo (receipts, deliveries, manufacturing "
            "orders and their batches); Critical Tracking Events are captured when "
            "each operation is validated and kept for at least two years. The "
            "sortable spreadsheet is produced from Compliance > FSMA 204 "
            "Spreadsheet within 24 hours of a request.</p>"
        ),
    )
    ftl_identification = fields.Html(
        string="How Foods on the Food Traceability List Are Identified",
        default=lambda self: self.env._(
            "<p>Products on the Food Traceability List carry the flag <i>On the "
            "Food Traceability List</i> on their product form.</p>"
        ),
    )
    lot_code_assignment = fields.Html(
        string="How Traceability Lot Codes Are Assigned",
        default=lambda self: self.env._(
            "<p>We assign a traceability lot code only when we transform a "
            "food (manufacturing order), initially pack a raw agricultural "
            "commodity or perform the first land-based receiving of seafood "
            "(receipts whose operation type is flagged as such): the batch "
            "number, with our facility and its FDA registration as TLC "
            "source.</p><p>Received foods keep the traceability lot code the "
            "supplier sent (else its lot number) and the TLC source it sent "
            "(else the one recorded for the supplier), and we ship them under "
            "the same code and source: no new code is created at shipping. A "
            "food received from an exempt supplier without a code gets our "
            "batch number. Receiving, shipping and transformation records list "
            "each food by its traceability lot code, transformation inputs one "
            "line per input code.</p>"
        ),
    )
    procedures = fields.Html(string="Other Procedures")
    farm_map = fields.Binary(
        string="Farm Map", help="For growers (21 CFR 1.1315(a)(5))."
    )
    approved_by_id = fields.Many2one("res.users", tracking=True)
    approval_date = fields.Date(tracking=True)
