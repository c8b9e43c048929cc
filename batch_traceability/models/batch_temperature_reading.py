# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import api, fields, models


class BatchTemperatureReading(models.Model):
    """A temperature (and humidity) reading of a storage location or batch,
    from a logger, a sensor import or a person."""

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

    @api.model_create_multi
    def create(self, vals_list):
        readings = super().create(vals_list)
        readings._batch_check_excursions()
        return readings

    def _batch_lots_in_scope(self):
        """Batches concerned by this reading: the given one, or every batch
        with stock in the location and its sub-locations."""
        self.ensure_one()
        if self.lot_id:
            return self.lot_id
        quants = (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("location_id", "child_of", self.location_id.id),
                    ("lot_id", "!=", False),
                    ("quantity", ">", 0),
                ],
                ["lot_id"],
            )
        )
        return self.env["stock.lot"].sudo().browse([lot.id for (lot,) in quants])

    def _batch_check_excursions(self):
        """Record an excursion on every batch whose required range the reading
        breaks, and put released ones in quarantine for QA review.

        Runs as superuser on purpose: readings come from loggers and imports
        run by warehouse users, and a batch stored out of its range must stop
        shipping at once; QA decides afterwards (release again with a reason).
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
            lot._set_batch_state(
                "quarantine",
                self.env._(
                    "Storage excursion: %(value)s at %(location)s on %(time)s.",
                    value=excursion.value_display,
                    location=excursion.location_id.display_name,
                    time=fields.Datetime.to_string(excursion.reading_time),
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


class StockLot(models.Model):
    _inherit = "stock.lot"

    storage_humidity_max = fields.Float(
        string="Max Humidity (%)", tracking=True, help="0 means no humidity limit."
    )
    storage_excursion_ids = fields.One2many(
        "batch.storage.excursion", "lot_id", string="Storage Excursions"
    )

    def _batch_template_defaults(self):
        return dict(
            super()._batch_template_defaults(),
            storage_humidity_max="batch_storage_humidity_max",
        )

    def _batch_storage_breach(self, reading):
        """[(kind, limit)] of the limits ``reading`` breaks for this batch."""
        self.ensure_one()
        breaches = []
        has_range = self.storage_temp_min or self.storage_temp_max
        if has_range and reading.temperature < self.storage_temp_min:
            breaches.append(("too_cold", self.storage_temp_min))
        if has_range and reading.temperature > self.storage_temp_max:
            breaches.append(("too_hot", self.storage_temp_max))
        if self.storage_humidity_max and reading.humidity > self.storage_humidity_max:
            breaches.append(("too_humid", self.storage_humidity_max))
        return breaches


class ProductTemplate(models.Model):
    _inherit = "product.template"

    batch_storage_humidity_max = fields.Float(
        string="Max Storage Humidity (%)", help="0 means no humidity limit."
    )
