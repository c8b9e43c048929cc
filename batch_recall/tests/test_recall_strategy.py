# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The recall strategy drives the work (21 CFR 7.42): the effectiveness
level draws the check plan, checks are activities, and the recall does not
close while planned checks are open; termination (7.55) needs dispositions
accounting for everything recovered; regulatory clocks run from the event
on the company's working calendar."""

from datetime import date, datetime

import pytz
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import RecallCommon
from .test_recall_reports import pdf_text

# a Friday: the weekend falls inside the working-day deadlines
FRIDAY = "2026-12-04 10:00:00"


@tagged("post_install", "-at_install")
class TestRecallStrategy(RecallCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.recall_user = new_test_user(
            cls.env,
            login="bt_strategy_quality",
            groups="batch_traceability.group_quality_user",
        )
        (cls.product_bar | cls.product_box | cls.product_honey).write(
            {"batch_regulatory_category": "drug"}
        )
        # six pharmacies more, so that a level B sample is a real draw
        cls.pharmacies = cls.env["res.partner"].create(
            [
                {"name": f"Pharmacy {n}", "is_company": True, "email": f"p{n}@ex.com"}
                for n in range(1, 7)
            ]
        )
        for pharmacy in cls.pharmacies:
            cls._deliver(pharmacy, cls.product_bar, 2, cls.bars_1)
        calendar = cls.env.company.resource_calendar_id
        calendar.tz = "Europe/Brussels"
        cls.tz = pytz.timezone("Europe/Brussels")

    def _drug_recall(self, **vals):
        return self._recall(
            **dict(
                {
                    "classification": "class_1",
                    "depth": "retail",
                    "public_warning": "general",
                    "effectiveness_level": "B",
                    "check_share": 50.0,
                    "check_method": "visit",
                },
                **vals,
            )
        )

    def _launched(self, **vals):
        recall = self._drug_recall(**vals)
        recall.action_compute_scope()
        recall.action_launch()
        return recall

    def _local_date(self, utc_naive):
        return pytz.utc.localize(utc_naive).astimezone(self.tz).date()

    # ------------------------------------------------------------------
    # Strategy and check plan
    # ------------------------------------------------------------------
    def test_class_1_drug_recall_level_b(self):
        with freeze_time(FRIDAY):
            recall = self._drug_recall(started_at=FRIDAY)
            recall.action_compute_scope()
            recall.action_launch()
        consignees = recall.line_ids.commercial_partner_id
        self.assertEqual(len(consignees), 8)
        # level B at 50 %: half of the 8 consignees, drawn at random, recorded
        self.assertEqual(recall.check_population, 8)
        self.assertEqual(recall.check_sample_size, 4)
        checks = recall.check_ids
        self.assertEqual(len(checks), 4)
        self.assertEqual(len(checks.partner_id), 4)
        self.assertLessEqual(checks.partner_id, consignees)
        self.assertEqual(set(checks.mapped("method")), {"visit"})
        self.assertEqual(set(checks.mapped("state")), {"planned"})
        self.assertEqual(set(checks.mapped("date_due")), {date(2026, 12, 14)})
        # the recorded seed draws the same sample again, for the auditor
        redraw = recall._recall_check_sample(
            consignees.ids, 50.0, int(recall.check_seed)
        )
        self.assertEqual(redraw, checks.sorted("sample_rank").mapped("partner_id").ids)
        # each check is an activity of the recall's responsible, due on time
        for check in checks:
            activity = check.activity_ids
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.recall_manager)
            self.assertEqual(activity.date_deadline, check.date_due)
        # the Field Alert Report falls 3 working days after the start:
        # Friday -> Monday, Tuesday, Wednesday (the weekend skipped)
        far = recall.clock_ids.filtered(lambda c: c.kind == "far")
        self.assertEqual(len(far), 1)
        self.assertEqual(self._local_date(far.due_at), date(2026, 12, 9))
        self.assertEqual(far.deadline, "3 business days")
        fda = recall.clock_ids.filtered(lambda c: c.kind == "fda_recall")
        self.assertEqual(fda.due_at, datetime(2026, 12, 5, 10, 0))
        self.assertFalse(recall.clock_ids.filtered(lambda c: c.kind == "rfr"))
        self.assertEqual(recall.clock_next_due, fda.due_at)
        self.assertTrue(far.activity_ids)
        # the recall does not close while planned checks are open
        recall.line_ids.write_off_reason = "Sold to patients before the notice"
        recall.line_ids.action_write_off()
        with self.assertRaisesRegex(UserError, "planned effectiveness checks"):
            recall.action_close()
        with self.assertRaisesRegex(UserError, "planned effectiveness checks"):
            recall.write({"state": "closed"})
        self.assertEqual(recall.state, "in_progress")
        # at retail depth a check is effective once sub-recall is confirmed
        first = checks[0].with_user(self.recall_user)
        first.write({"result": "effective"})
        with self.assertRaises(UserError):
            first.action_done()
        self.assertEqual(first.state, "planned")
        first.subrecall_confirmed = True
        first.action_done()
        self.assertEqual(
            (first.state, first.user_id, first.date),
            ("done", self.recall_user, fields.Date.today()),
        )
        self.assertFalse(first.activity_ids)
        self._record_checks(recall)
        self.assertEqual(recall.check_done_count, 4)
        # the general media warning must have been issued
        with self.assertRaisesRegex(UserError, "public warning"):
            recall.action_close()
        recall.write(
            {
                "public_warning_date": fields.Date.today(),
                "public_warning_reference": "Press release 2026-12-04",
            }
        )
        recall.action_close()
        self.assertEqual(recall.state, "closed")

    def test_levels_sample_their_share(self):
        population = list(range(1, 201))
        Recall = self.env["batch.recall"]
        for level, size in (("A", 200), ("C", 20), ("D", 4), ("E", 0)):
            recall = self._drug_recall(effectiveness_level=level, check_share=0)
            sample = Recall._recall_check_sample(
                population, recall.check_share_effective, 7
            )
            self.assertEqual(len(sample), size, level)
            self.assertEqual(len(set(sample)), size)
        # a small population still gets one check at 2 %
        self.assertEqual(len(Recall._recall_check_sample([1, 2, 3], 2.0, 1)), 1)
        recall = self._launched(effectiveness_level="E", check_share=0)
        self.assertFalse(recall.check_ids)
        self.assertEqual(recall.check_population, 8)

    def test_level_b_share_bounds(self):
        for share in (10.0, 5.0, 100.0, float("nan"), float("inf")):
            with self.assertRaises(ValidationError):
                self._drug_recall(check_share=share)
        recall = self._drug_recall(check_share=30.0)
        for share in (0.0, float("nan")):
            with self.assertRaises(ValidationError):
                recall.write({"check_share": share})
        self.assertEqual(recall.check_share, 30.0)

    def test_plan_is_not_writable(self):
        recall = self._launched()
        check = recall.check_ids[0]

        def snapshot():
            recall.invalidate_recordset()
            recall.check_ids.invalidate_recordset()
            return (
                recall.check_seed,
                recall.check_population,
                recall.check_sample_size,
                recall.effectiveness_level,
                recall.check_share,
                [
                    (c.id, c.partner_id, c.date_due, c.state, c.result)
                    for c in recall.check_ids
                ],
            )

        before = snapshot()
        other = self.customer_3
        for user in (self.recall_user, self.recall_manager):
            as_user = recall.with_user(user)
            for vals in (
                {"check_seed": "1"},
                {"check_population": 1},
                {"check_sample_size": 100},
                {"effectiveness_level": "E"},
                {"check_share": 20.0},
            ):
                with self.assertRaises(UserError):
                    as_user.write(vals)
                with self.assertRaises(UserError):
                    as_user.with_context(batch_engine=True).write(vals)
            mine = check.with_user(user)
            for vals in (
                {"partner_id": other.id},
                {"date_due": "2030-01-01"},
                {"state": "done"},
                {"user_id": user.id},
                {"date": "2026-01-01"},
            ):
                with self.assertRaises(UserError):
                    mine.with_context(tracking_disable=True).write(vals)
            with self.assertRaises(UserError):
                self.env["batch.recall.check"].with_user(user).create(
                    {"recall_id": recall.id, "partner_id": other.id, "method": "phone"}
                )
            with self.assertRaises(UserError):
                mine.unlink()
            result = (
                self.env["batch.recall.check"]
                .with_user(user)
                .load([".id", "state"], [[str(check.id), "done"]])
            )
            self.assertFalse(result["ids"])
            result = recall.with_user(user).load(
                [".id", "check_seed"], [[str(recall.id), "42"]]
            )
            self.assertFalse(result["ids"])
            # a recall cannot be given checks through its form either
            with self.assertRaises(UserError):
                recall.with_user(user).write(
                    {
                        "check_ids": [
                            Command.create({"partner_id": other.id, "method": "phone"})
                        ]
                    }
                )
        # stock users read checks, never record them
        with self.assertRaises(AccessError):
            check.with_user(self.stock_user).write({"result": "effective"})
        with self.assertRaises(AccessError):
            check.with_user(self.stock_user).action_done()
        self.assertEqual(snapshot(), before)
        # a recorded check does not change
        self._record_checks(recall)
        done = check.with_user(self.recall_manager)
        for vals in ({"result": "not_received"}, {"note": "x"}, {"state": "planned"}):
            with self.assertRaises(UserError):
                done.write(vals)
        self.assertEqual((check.result, check.state), ("effective", "done"))

    def test_closing_refused_while_checks_open(self):
        recall = self._launched(public_warning="none")
        recall.line_ids.write_off_reason = "Consumed"
        recall.line_ids.action_write_off()
        for attempt in (
            lambda r: r.action_close(),
            lambda r: r.write({"state": "closed"}),
            lambda r: r.with_context(skip_checks=True)._recall_transition("closed"),
        ):
            with self.assertRaises(UserError):
                attempt(recall.with_user(self.recall_manager))
        result = recall.with_user(self.recall_manager).load(
            [".id", "state"], [[str(recall.id), "closed"]]
        )
        self.assertFalse(result["ids"])
        # superuser flows meet the same precondition
        with self.assertRaises(UserError):
            recall.sudo()._recall_transition("closed", reason="Cron: all answered")
        self.assertEqual(recall.state, "in_progress")
        self.assertFalse(recall.closed_at)

    # ------------------------------------------------------------------
    # Termination: dispositions of recovered goods
    # ------------------------------------------------------------------
    def _recall_with_returns(self):
        recall = self._launched(public_warning="none")
        action = recall.action_create_returns()
        returns = self.env["stock.picking"].search(action["domain"])
        dc_return = returns.filtered(lambda p: p.return_id == self.ship_1)
        dc_return.move_ids.quantity = 25
        dc_return.move_ids.move_line_ids.lot_id = self.bars_1
        self._validate(dc_return)
        recall.action_refresh_recovery()
        recall.line_ids.filtered(
            lambda line: line.state != "answered"
        ).write_off_reason = "Consumed before notice"
        recall.line_ids.filtered(lambda line: line.qty_unaccounted).action_write_off()
        self._record_checks(recall)
        return recall

    def test_termination_blocked_until_every_recovered_unit_disposed(self):
        recall = self._recall_with_returns()
        self.assertEqual(recall._recall_recovered_by_lot()[self.bars_1], 25)
        with self.assertRaisesRegex(UserError, "dispositions do not account"):
            recall.action_close()
        destroyed = self._dispose(recall, self.bars_1, 20)
        self.assertEqual(destroyed.state, "confirmed")
        self.assertEqual(destroyed.confirmed_by_id, self.recall_manager)
        self.assertEqual(recall.qty_disposed, 20)
        with self.assertRaisesRegex(UserError, "recovered 25.0, disposed 20.0"):
            recall.action_close()
        # more than came back is refused
        too_much = self._dispose(recall, self.bars_1, 10, confirm=False)
        with self.assertRaises(UserError):
            too_much.action_confirm()
        self.assertEqual(too_much.state, "draft")
        too_much.unlink()
        self._dispose(recall, self.bars_1, 5, kind="returned_supplier")
        recall.action_close()
        self.assertEqual(recall.state, "closed")
        self.assertEqual(recall.qty_disposed, 25)

    def test_disposition_rules(self):
        recall = self._recall_with_returns()
        Disposition = self.env["batch.recall.disposition"]
        vals = {
            "recall_id": recall.id,
            "lot_id": self.bars_1.id,
            "quantity": 5,
            "disposition_type": "destroyed",
        }
        # Quality and stock users read dispositions, never record them
        for user in (self.recall_user, self.stock_user):
            with self.assertRaises(AccessError):
                Disposition.with_user(user).create(dict(vals))
        as_manager = Disposition.with_user(self.recall_manager)
        # the state is set by the confirmation only
        with self.assertRaises(UserError):
            as_manager.create(dict(vals, state="confirmed"))
        for qty in (0, -3, float("nan"), float("inf")):
            with self.assertRaises(ValidationError):
                as_manager.create(dict(vals, quantity=qty))
        with self.assertRaises(UserError):
            as_manager.create(dict(vals, lot_id=self.bars_2.id))
        draft = as_manager.create(dict(vals))
        # no evidence, no confirmation: by button, write or import
        with self.assertRaisesRegex(UserError, "evidence"):
            draft.action_confirm()
        with self.assertRaises(UserError):
            draft.write({"state": "confirmed"})
        result = as_manager.load([".id", "state"], [[str(draft.id), "confirmed"]])
        self.assertFalse(result["ids"])
        with self.assertRaises(UserError):
            draft.write({"confirmed_by_id": self.recall_manager.id})
        self.assertEqual(draft.state, "draft")
        # a confirmed disposition does not change and is never deleted
        confirmed = self._dispose(recall, self.bars_1, 5)
        for change in ({"quantity": 25}, {"disposition_type": "relabelled"}):
            with self.assertRaises(UserError):
                confirmed.with_user(self.recall_manager).write(change)
        with self.assertRaises(UserError):
            confirmed.with_user(self.recall_manager).write({"state": "draft"})
        with self.assertRaises(UserError):
            confirmed.with_user(self.recall_manager).unlink()
        self.assertEqual((confirmed.quantity, confirmed.state), (5, "confirmed"))
        # a mock recall recovers nothing
        mock = self._recall(recall_type="mock")
        mock.action_compute_scope()
        with self.assertRaises(UserError):
            as_manager.create(dict(vals, recall_id=mock.id))

    # ------------------------------------------------------------------
    # Regulatory clocks
    # ------------------------------------------------------------------
    def test_food_recall_reportable_food_registry(self):
        (self.product_bar | self.product_box | self.product_honey).write(
            {"batch_regulatory_category": "food"}
        )
        with freeze_time(FRIDAY):
            recall = self._launched(started_at=FRIDAY)
        kinds = set(recall.clock_ids.mapped("kind"))
        self.assertEqual(kinds, {"fda_recall", "rfr"})
        rfr = recall.clock_ids.filtered(lambda c: c.kind == "rfr")
        self.assertEqual(rfr.due_at, datetime(2026, 12, 5, 10, 0))
        # a mock recall starts no clock
        mock = self._recall(recall_type="mock")
        mock.action_compute_scope()
        mock.action_launch()
        self.assertFalse(mock.clock_ids)

    def test_serious_cosmetic_complaint_mocra(self):
        self.product_bar.batch_regulatory_category = "cosmetic"
        Complaint = self.env["batch.complaint"].with_user(self.recall_user)
        with freeze_time(FRIDAY):
            complaint = Complaint.create(
                {
                    "partner_id": self.customer.id,
                    "product_id": self.product_bar.id,
                    "lot_ids": [Command.set(self.bars_1.ids)],
                    "description": "Rash after use",
                }
            )
            self.assertFalse(complaint.clock_ids)
            complaint.serious_adverse_event = True
        clock = complaint.clock_ids
        self.assertEqual(clock.kind, "mocra")
        # 15 business days after Friday 4 December: Friday 25 December
        self.assertEqual(self._local_date(clock.due_at), date(2026, 12, 25))
        self.assertEqual(complaint.clock_next_due, clock.due_at)
        complaint.severity = "critical"
        self.assertEqual(len(complaint.clock_ids), 1, "started once")

    def test_clock_rules(self):
        recall = self._launched()
        clock = recall.clock_ids.filtered(lambda c: c.kind == "far")
        Clock = self.env["batch.recall.clock"]

        def snapshot():
            clock.invalidate_recordset()
            return (clock.due_at, clock.state, clock.met_at, clock.reference)

        before = snapshot()
        for user in (self.recall_user, self.recall_manager):
            with self.assertRaises(UserError):
                Clock.with_user(user).create(
                    {
                        "kind": "far",
                        "recall_id": recall.id,
                        "company_id": recall.company_id.id,
                        "started_at": FRIDAY,
                        "due_at": "2030-01-01 00:00:00",
                    }
                )
            mine = clock.with_user(user)
            for vals in (
                {"due_at": "2030-01-01 00:00:00"},
                {"started_at": "2030-01-01 00:00:00"},
                {"met_at": "2026-12-01 00:00:00"},
                {"met_late": False},
            ):
                with self.assertRaises(UserError):
                    mine.with_context(batch_engine=True).write(vals)
            # meeting needs the reference of the report
            with self.assertRaises(UserError):
                mine.write({"state": "met"})
            with self.assertRaises(UserError):
                mine.action_mark_met()
            result = Clock.with_user(user).load(
                [".id", "due_at"], [[str(clock.id), "2030-01-01 00:00:00"]]
            )
            self.assertFalse(result["ids"])
            with self.assertRaises(UserError):
                mine.unlink()
        with self.assertRaises(AccessError):
            clock.with_user(self.stock_user).write({"reference": "FAR-1"})
        with self.assertRaises(AccessError):
            clock.with_user(self.stock_user).action_mark_met()
        self.assertEqual(snapshot(), before)
        # the Quality user files the report and records it, once
        mine = clock.with_user(self.recall_user)
        mine.reference = "FAR 2026-0042"
        mine.action_mark_met()
        self.assertEqual((clock.state, clock.met_by_id), ("met", self.recall_user))
        self.assertFalse(clock.met_late)
        self.assertTrue(clock.countdown.startswith("Met"))
        self.assertFalse(clock.activity_ids)
        with self.assertRaises(UserError):
            mine.write({"reference": "other"})
        with self.assertRaises(UserError):
            mine.write({"state": "open"})
        self.assertEqual(clock.reference, "FAR 2026-0042")
        fda = recall.clock_ids.filtered(lambda c: c.kind == "fda_recall")
        self.assertEqual(recall.clock_next_due, fda.due_at)

    # ------------------------------------------------------------------
    # §7.53 status reports
    # ------------------------------------------------------------------
    def test_status_report_lists_nonresponders_and_on_hand(self):
        recall = self._launched(status_report_weeks="3")
        status_type = self.env.ref("batch_recall.mail_activity_recall_status_report")
        activity = recall.activity_ids.filtered(
            lambda a: a.activity_type_id == status_type
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.recall_manager)
        self.assertEqual(
            activity.date_deadline, fields.Date.add(fields.Date.today(), weeks=3)
        )
        recall.action_notify_customers()
        dc_line = recall.line_ids.filtered(lambda x: x.partner_id == self.freshmart_dc)
        dc_line.with_user(self.recall_user)._recall_line_transition(
            "answered", values={"qty_customer_on_hand": 7}
        )
        figures = recall._recall_status_figures()
        self.assertEqual(
            figures["nonresponders"], recall.line_ids - dc_line, "all but the DC"
        )
        self.assertEqual(recall.nonresponder_count, len(recall.line_ids) - 1)
        self.assertEqual(figures["on_hand_consignees"], 7)
        # in the warehouse: 9 kg honey, 23 bars (35 less 12 to the
        # pharmacies; the 10 reserved still count) and 1 gift box
        self.assertEqual(figures["on_hand_company"], 9 + 23 + 1)
        self.assertEqual(figures["checks_planned"], 4)
        pdf, __ = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("batch_recall.action_report_recall_status", recall.ids)
        )
        text = pdf_text(pdf)
        self.assertIn("Non-responders", text)
        self.assertIn("Pharmacy 3", text)
        self.assertIn("Quantity held by consignees", text)
        self.assertIn("Effectiveness checks made", text)
        # issuing keeps the report with its date and schedules the next one
        with self.assertRaises(AccessError):
            recall.with_user(self.recall_user).action_issue_status_report()
        for vals in (
            {"status_report_next_date": "2030-01-01"},
            {"status_report_count": 5},
        ):
            with self.assertRaises(UserError):
                recall.with_user(self.recall_manager).write(vals)
        result = recall.with_user(self.recall_manager).load(
            [".id", "status_report_count"], [[str(recall.id), "9"]]
        )
        self.assertFalse(result["ids"])
        self.assertEqual(recall.status_report_count, 0)
        recall.with_user(self.recall_manager).action_issue_status_report()
        self.assertEqual(recall.status_report_count, 1)
        self.assertEqual(recall.status_report_last_date, fields.Date.today())
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "batch.recall"), ("res_id", "=", recall.id)]
        )
        self.assertEqual(len(attachment), 1)
        self.assertIn(str(fields.Date.today()), attachment.name)
        activity = recall.activity_ids.filtered(
            lambda a: a.activity_type_id == status_type
        )
        self.assertEqual(len(activity), 1, "the issued one done, the next planned")

    def test_termination_request_letter(self):
        recall = self._recall_with_returns()
        self._dispose(recall, self.bars_1, 25)
        pdf, __ = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "batch_recall.action_report_recall_termination", recall.ids
            )
        )
        text = pdf_text(pdf)
        self.assertIn("Recall Termination Request", text)
        self.assertIn("destruction-certificate.pdf", text)
        self.assertIn("Consumed before notice", text)
