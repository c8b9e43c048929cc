# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class BatchTemperatureReading(models.Model):
    """A temperature (and humidity) reading of a storage location or batch,
    from a logger, a sensor import or a person.

    A reading is evidence: once recorded it is not changed (a correction is a
    new reading; only the note can be completed) nor deleted.
    """

    _name = "batch.temperature.reading"
    _description = "Storage Temperature Reading"
    _order = "reading_time desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    location_id = fields.Many2one(
        "stock.location",
        required=True,
        index=True,
        check_company=True,
        domain="[('usage', '=', 'internal')]",
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Batch",
        check_company=True,
        help="Leave empty for a reading of the whole location (and its sub-locations).",
    )
    reading_time = fields.Datetime(
        required=True, default=fields.Datetime.now, index=True
    )
    temperature = fields.Float(string="Temperature (°C)", required=True)
    humidity = fields.Float(string="Humidity (%)")
    source = fields.Char(help="Logger, sensor or person that took the reading.")
    note = fields.Text(help="Remarks; the only part of a reading that can be edited.")
    excursion_ids = fields.One2many(
        "batch.storage.excursion", "reading_id", string="Excursions"
    )
    is_excursion = fields.Boolean(
        string="Excursion", compute="_compute_is_excursion", store=True
    )

    @api.depends("excursion_ids")
    def _compute_is_excursion(self):
        for reading in self:
            reading.is_excursion = bool(reading.excursion_ids)

    @api.constrains("location_id")
    def _check_location_usage(self):
        for reading in self:
            if reading.location_id.usage not in ("internal", "view"):
                raise ValidationError(
                    self.env._(
                        "Temperature readings are taken in storage locations; "
                        "%(location)s is not one.",
                        location=reading.location_id.display_name,
                    )
                )

    @api.model
    def _batch_check_finite(self, vals):
        """Refuse NaN and infinity: they compare false with every limit, so a
        broken logger would silently pass every batch."""
        for name in ("temperature", "humidity"):
            value = vals.get(name)
            if value is None or value is False:
                continue
            try:
                finite = math.isfinite(float(value))
            except (TypeError, ValueError):
                finite = False
            if not finite:
                raise ValidationError(
                    self.env._(
                        "%(field)s must be a finite number, not %(value)s.",
                        field=self._fields[name]._description_string(self.env),
                        value=value,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._batch_check_finite(vals)
        readings = super().create(vals_list)
        readings._batch_check_excursions()
        return readings

    def write(self, vals):
        # the ORM's stored compute (is_excursion) is written by _write, not here
        changed = set(vals) - {"note"}
        if changed:
            raise UserError(
                self.env._(
                    "A recorded reading cannot be changed (%(fields)s); record "
                    "the correct value as a new reading and explain it in its "
                    "note.",
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        for name in sorted(changed)
                        if name in self._fields
                    ),
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Temperature readings are storage records and cannot be deleted."
            )
        )

    def _batch_lots_in_scope(self):
        """Batches concerned by this reading: those with stock in the internal
        locations of the reading's company under its location (the given
        batch only, when there is one).

        Processing runs as superuser, so the scope is bound here: a reading
        on a shared parent location (or a batch shared between companies)
        never reaches another company's stock.
        """
        self.ensure_one()
        domain = [
            ("location_id", "child_of", self.location_id.id),
            ("location_id.usage", "=", "internal"),
            ("company_id", "=", self.company_id.id),
            ("lot_id", "!=", False),
            ("quantity", ">", 0),
        ]
        if self.lot_id:
            domain.append(("lot_id", "=", self.lot_id.id))
        location_company = self.location_id.company_id
        if location_company and location_company != self.company_id:
            return self.env["stock.lot"]
        quants = self.env["stock.quant"].sudo()._read_group(domain, ["lot_id"])
        return self.env["stock.lot"].sudo().browse([lot.id for (lot,) in quants])

    def _batch_check_excursions(self):
        """Record an excursion on every batch whose required range the reading
        breaks, and put released ones in quarantine for QA review.

        Runs as superuser on purpose: readings come from loggers and imports
        run by warehouse users, and a batch stored out of its range must stop
        shipping at once; QA decides afterwards (release again with a reason).
        The scope is bound to the reading's company
        (:meth:`_batch_lots_in_scope`), and the status changes go through the
        batch transition engine with a system reason naming the reading.
        """
        Excursion = self.env["batch.storage.excursion"].sudo()
        to_quarantine = self.env["stock.lot"].sudo()
        latest = {}  # lot -> its newest excursion, for the quarantine reason
        for reading in self:
            vals_list = []
            for lot in reading._batch_lots_in_scope():
                for kind, limit in lot._batch_storage_breach(reading):
                    vals_list.append(
                        {
                            "reading_id": reading.id,
                            "lot_id": lot.id,
                            "kind": kind,
                            "limit": limit,
                        }
                    )
            excursions = Excursion.create(vals_list)
            latest.update({excursion.lot_id: excursion for excursion in excursions})
            to_quarantine |= excursions.lot_id.filtered(
                lambda lot: lot.batch_state == "released"
            )
        if not to_quarantine:
            return
        for lot in to_quarantine:
            excursion = latest[lot]
            reading = excursion.reading_id
            lot.sudo()._batch_transition(
                "quarantine",
                reason=self.env._(
                    "Storage excursion: %(value)s at %(location)s on %(time)s "
                    "(reading #%(reading)s, %(origin)s).",
                    value=excursion.value_display,
                    location=excursion.location_id.display_name,
                    time=fields.Datetime.to_string(excursion.reading_time),
                    reading=reading.id,
                    origin=reading.source or reading.create_uid.name or "-",
                ),
            )
        managers = self.env.ref(
            "batch_traceability.group_quality_manager"
        ).users.filtered(lambda u: not u.share)
        reviewer = managers[:1] or self.env.ref("base.user_admin")
        to_quarantine.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Review storage excursion"),
            note=Markup("<p>%s</p>")
            % self.env._(
                "The batch was stored outside its required range and was put in "
                "quarantine. Assess it and release or reject it."
            ),
            user_id=reviewer.id,
        )
