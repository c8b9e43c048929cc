# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.batch_traceability.models import rule_guard

# Key under which the Critical Tracking Events assign a batch's TLC.
TLC_KEY = ("stock.lot", "tlc")

TLC_ORIGINS = [
    ("received", "Received with the food"),
    ("assigned", "Assigned by us"),
    ("exempt", "Assigned by us (exempt supplier)"),
]


class StockLot(models.Model):
    """The traceability lot code of a batch of a food on the Food Traceability
    List (21 CFR 1.1320).

    A TLC is assigned only at initial packing, first land-based receiving or
    transformation; every later receiver and shipper keeps it, with its TLC
    source. So a received batch carries the code and source its supplier
    sent, and a batch we make carries our code (its name) with our site as
    source. Both are set by the event that creates the batch (receipt,
    manufacturing order), never typed on the batch: only a Quality manager
    may correct a received code the supplier sent, and the audit trail keeps
    the former value.
    """

    _inherit = "stock.lot"

    tlc = fields.Char(
        string="Traceability Lot Code",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="FSMA 204 traceability lot code: the supplier's for a received "
        "food, ours (the batch number) for a food we transform or pack.",
    )
    tlc_source_id = fields.Many2one(
        "batch.fsma.location",
        string="TLC Source",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="Where the traceability lot code was assigned, or its reference "
        "(FDA registration, GLN, web address).",
    )
    tlc_origin = fields.Selection(TLC_ORIGINS, string="TLC Origin", readonly=True)
    tlc_exempt_supplier = fields.Boolean(
        string="From an Exempt Supplier",
        readonly=True,
        copy=False,
        help="Received from a supplier to whom FSMA 204 does not apply "
        "(21 CFR 1.1345(b)).",
    )

    @api.model
    def _tlc_fields(self):
        return ["tlc", "tlc_source_id", "tlc_origin", "tlc_exempt_supplier"]

    @api.model_create_multi
    def create(self, vals_list):
        """Traceability lot codes are assigned by their events, never typed."""
        for vals in vals_list:
            self._tlc_check_write(vals)
        return super().create(vals_list)

    def write(self, vals):
        """Traceability lot codes are assigned by their events, never typed."""
        self._tlc_check_write(vals)
        return super().write(vals)

    def _tlc_check_write(self, vals):
        """Refuse TLC values from anyone but the event that assigns them.

        Exception: a Quality manager may correct the code or source of a
        batch received with the supplier's code (a typo at receipt); the
        audit trail records the change. Codes we assigned are never edited.
        """
        forced = [name for name in self._tlc_fields() if name in vals]
        if not forced or rule_guard.is_trusted(self.env, TLC_KEY):
            return
        correctable = {"tlc", "tlc_source_id"}
        if (
            set(forced) <= correctable
            and self
            and all(lot.tlc_origin == "received" for lot in self)
            and (
                self.env.su
                or self.env.user.has_group("batch_traceability.group_quality_manager")
            )
        ):
            return
        raise AccessError(
            self.env._(
                "%(fields)s of a batch are set by its receipt or its "
                "manufacturing order (FSMA 204), not by hand.",
                fields=", ".join(
                    self._fields[name]._description_string(self.env) for name in forced
                ),
            )
        )

    def _tlc_assign(self, tlc, source, origin, exempt=False):
        """Set the TLC once: the first Critical Tracking Event of the batch
        decides it, later events carry it unchanged."""
        for lot in self.filtered(lambda lot: not lot.tlc and not lot.tlc_origin):
            with rule_guard.trusted(self.env, TLC_KEY):
                lot.sudo().write(
                    {
                        "tlc": tlc or False,
                        "tlc_source_id": source.id,
                        "tlc_origin": origin,
                        "tlc_exempt_supplier": exempt,
                    }
                )
