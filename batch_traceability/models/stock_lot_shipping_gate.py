# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Which destinations put a batch outside the company's control, and whether
a batch may go there.

Shared by the three layers of the shipping gate: validation of moves
(``stock.move._action_done``), edits of done move lines and lines added to
done transfers (``stock.move.line``), and the last line in
``stock.quant._update_available_quantity`` that every stock movement ends in.
"""

from odoo import api, fields, models

# cursor-memory key (rule_guard) under which a layer that already judged a
# movement lets it through the last-line check; see stock_quant_batch.py
ARRIVAL_EXEMPT = "batch_arrival_exempt"


def arrival_key(product, lot_name, location):
    """The rule_guard key exempting ``lot_name`` of ``product`` arriving in
    ``location`` from the last-line check. Keyed on the name so that a batch
    Odoo creates from a typed ``lot_name`` during validation is covered too."""
    return (ARRIVAL_EXEMPT, product.id, lot_name, location.id)


class StockLot(models.Model):
    _inherit = "stock.lot"

    @api.model
    def _batch_leaving_kind(self, location, company=None):
        """How arriving in ``location`` takes a batch out of ``company``'s
        warehouses, or False.

        - ``"customer"``: a customer location (deliveries, dropships);
        - ``"production"``: consumed by manufacturing;
        - ``"other_company"``: an internal or transit location of another
          company, or the inter-company transit location (no company).

        :param company: the company the stock belongs to (the move line's);
            None when unknown (then only a location with a company of its own
            can be recognised as another company's, against the batch's
            company, see :meth:`_batch_arrival_block_reason`)
        """
        usage = location.usage
        if usage in ("customer", "production"):
            return usage
        if usage not in ("internal", "transit"):
            return False
        if usage == "transit" and not location.company_id:
            return "other_company"
        if company and location.company_id and location.company_id != company:
            return "other_company"
        return False

    def _batch_arrival_block_reason(self, location, company=None, partner=None):
        """Why this batch may not arrive in ``location`` now, or False.

        Customers and other companies get the shipping rules (status, expiry,
        and the minimum remaining shelf life of ``partner`` when known);
        production gets the consumption rules (status, expiry).
        """
        self.ensure_one()
        kind = self._batch_leaving_kind(location, company or self.company_id)
        if not kind:
            return False
        now = fields.Datetime.now()
        if kind == "production":
            return self._batch_consumption_block_reason(now)
        return self._batch_shipping_block_reason(partner, now)

    @api.model
    def _batch_new_lot_block_reason(self, product, lot_name, location, company):
        """Why a batch that Odoo will create from the typed ``lot_name`` may not
        arrive in ``location``: it is born in its product's default status
        (quarantine for products that need QC release) and has no expiry yet.
        """
        if not self._batch_leaving_kind(location, company):
            return False
        state = self._default_batch_state_for(product)
        if state == "released":
            return False
        label = dict(self._fields["batch_state"]._description_selection(self.env))
        return self.env._(
            "Batch %(lot)s of %(product)s would be created %(state)s: only "
            "released batches can be shipped or consumed.",
            lot=lot_name,
            product=product.display_name,
            state=label[state],
        )
