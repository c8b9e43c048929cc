# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import UserError

from . import rule_guard


class BatchEngineRows(models.AbstractModel):
    """Rows that only a rule engine writes (the scope of a recall, the
    figures of a drill): creating, changing or deleting them is refused
    unless the engine named by ``_engine_key`` is running (see rule_guard)."""

    _name = "batch.engine.rows"
    _description = "Rows Written by a Rule Engine"
    _engine_key = None

    @api.model_create_multi
    def create(self, vals_list):
        self._check_engine_rows()
        return super().create(vals_list)

    def write(self, vals):
        self._check_engine_rows()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_engine(self):
        self._check_engine_rows()

    def _check_engine_rows(self):
        if not rule_guard.is_trusted(self.env, self._engine_key):
            raise UserError(self._engine_rows_refusal())

    def _engine_rows_refusal(self):
        """The message a user reads when writing such rows by hand."""
        return self.env._(
            "%(what)s rows are computed by the system; they cannot be changed "
            "or deleted by hand.",
            what=self._description,
        )
