# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, models


class BatchReportMixin(models.AbstractModel):
    _inherit = "batch.report.mixin"

    @api.model
    def _batch_esignature_rows(self, res_model, res_ids):
        """The electronic signatures of records, oldest first: ``{res_id:
        [signature rows]}`` (printed name and login, date and time, meaning,
        hash of the record as signed)."""
        rows = {res_id: [] for res_id in res_ids}
        signatures = (
            self.env["batch.signature"]
            .sudo()
            .search(
                [("res_model", "=", res_model), ("res_id", "in", list(res_ids))],
                order="signed_at, id",
            )
        )
        for sig in signatures:
            rows[sig.res_id].append(
                self._batch_signature_row(
                    sig.signer_name,
                    sig.signed_at,
                    sig.meaning,
                    login=sig.signer_login,
                    record_hash=sig.record_hash,
                )
            )
        return rows

    @api.model
    def _batch_decision_rows(self, lots):
        """The release or rejection of each batch as a signature row: who
        (``released_by_id``), when (``released_date``) and the decision as
        the audit trail recorded it. ``{lot id: [row]}``."""
        rows = {lot.id: [] for lot in lots}
        decided = lots.filtered(lambda lot: lot.released_by_id and lot.released_date)
        if not decided:
            return rows
        entries = (
            self.env["batch.audit.log"]
            .sudo()
            .search(
                [
                    ("lot_id", "in", decided.ids),
                    ("res_model", "=", "stock.lot"),
                    ("field_name", "=", "batch_state"),
                ],
                order="id desc",
            )
        )
        labels = dict(
            self.env["stock.lot"]
            ._fields["batch_state"]
            ._description_selection(self.env)
        )
        for lot in decided:
            # the entry the decision wrote: same user, not after the stamp
            latest = lot.released_date + timedelta(minutes=1)
            entry = next(
                (
                    e
                    for e in entries
                    if e.lot_id == lot
                    and e.user_ref == lot.released_by_id.id
                    and e.logged_at <= latest
                    and e.new_value
                ),
                None,
            )
            decision = (
                entry.new_value
                if entry
                else labels["rejected" if lot.batch_state == "rejected" else "released"]
            )
            rows[lot.id].append(
                self._batch_signature_row(
                    lot.released_by_id,
                    lot.released_date,
                    self.env._("%(decision)s by (Quality)", decision=decision),
                )
            )
        return rows
