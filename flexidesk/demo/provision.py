"""The demo's provision map: interventions, enrolments, reviews, family contacts."""

from __future__ import annotations

import datetime as dt
import random

from flexidesk.demo.common import SeedingParts, bulk, iso, weighted_sample
from flexidesk.demo.people import DemoPupil
from flexidesk.demo.wording import (
    CONTACT_SUMMARIES,
    ENTRY_DATA,
    EXIT_DATA,
    GENERAL_TOPICS,
    REVIEW_NOTES,
    TARGETS,
)
from flexidesk.i18n import _
from flexidesk.policy.vocabulary import DEFAULT_CATALOGUE
from flexidesk.store.models import (
    Enrolment,
    EnrolmentReview,
    FamilyContact,
    ForestAttendance,
    ForestSession,
    Intervention,
)


class ProvisionSeeding(SeedingParts):
    """The provision-map part of the demo's Seeder."""

    def provision(self) -> None:
        rng = self._rng("provision")
        leads = {"individual": "Sam Okoye", "group": "Mrs Fenwick (HLTA)"}
        catalogue = []
        for order, (name, kind, minutes) in enumerate(DEFAULT_CATALOGUE, start=1):
            confidential = name in ("Counselling",)
            interval = 4 if confidential else 6
            funding = ("Pupil premium", "School budget", "SEN budget")[order % 3]
            catalogue.append((order, _(name), kind, leads[kind], minutes,
                              (order * 3700) % 40000 + 6000, _(funding), interval,
                              confidential, True, order))
        bulk(Intervention, (Intervention.id, Intervention.name, Intervention.kind,
                             Intervention.staff_lead, Intervention.minutes_per_week,
                             Intervention.cost_per_term_pence, Intervention.funding_stream,
                             Intervention.review_interval_weeks, Intervention.confidential,
                             Intervention.active, Intervention.sort_order), catalogue)
        self.interventions = catalogue
        self._count("interventions", len(catalogue))

        pupils = self.people.pupils
        weights = [1 + 4 * p.sen + 6 * p.ehc + 6 * p.lac + 1.5 * p.pp for p in pupils]
        # About 15% of pupils have provision now; a few more had some that has ended.
        chosen = weighted_sample(rng, pupils, weights, round(len(pupils) * 0.18))
        forest = len(catalogue)  # Forest School is the last of the catalogue
        intervention_weights = [3 if i + 1 == forest else 1 for i in range(len(catalogue))]
        enrolments: list[tuple] = []
        reviews: list[tuple] = []
        contacts: list[tuple] = []
        pastoral = self.staff["pastoral_lead"]
        for pupil in sorted(chosen, key=lambda p: p.id):
            how_many = rng.choices((1, 2, 3), (65, 27, 8))[0]
            picks = weighted_sample(rng, catalogue, intervention_weights, how_many)
            for item in picks:
                enrolment_id = len(enrolments) + 1
                row, its_reviews = self._enrolment(rng, enrolment_id, pupil, item, pastoral)
                enrolments.append(row)
                reviews.extend(its_reviews)
                for _n in range(rng.choices((0, 1, 2), (30, 50, 20))[0]):
                    contacts.append(self._contact(rng, pupil, enrolment_id, item[1]))
            contacts.append(self._contact(rng, pupil, None, None))
        for pupil in rng.sample(pupils, max(1, len(pupils) // 40)):  # contact outside any
            contacts.append(self._contact(rng, pupil, None, None))
        bulk(Enrolment, (Enrolment.id, Enrolment.pupil, Enrolment.intervention,
                          Enrolment.start_date, Enrolment.end_date, Enrolment.target,
                          Enrolment.entry_data, Enrolment.exit_data, Enrolment.staff,
                          Enrolment.confidential, Enrolment.next_review_date,
                          Enrolment.created_at), enrolments)
        bulk(EnrolmentReview, (EnrolmentReview.enrolment, EnrolmentReview.review_date,
                                EnrolmentReview.score, EnrolmentReview.notes,
                                EnrolmentReview.reviewed_by, EnrolmentReview.next_review_date,
                                EnrolmentReview.family_told_on, EnrolmentReview.family_told_how),
              reviews)
        bulk(FamilyContact, (FamilyContact.pupil, FamilyContact.adult,
                              FamilyContact.enrolment, FamilyContact.contact_at,
                              FamilyContact.method, FamilyContact.summary,
                              FamilyContact.staff), contacts)
        self._count("enrolled pupils", len(chosen))
        self._count("enrolments", len(enrolments))
        self._count("enrolment reviews", len(reviews))
        self._count("family contacts", len(contacts))
        self._budgets(rng, enrolments)
        self._forest_school(rng)

    def _budgets(self, rng: random.Random, enrolments: list[tuple]) -> None:
        """Places and a termly budget for each intervention: most within it, one or two over."""
        running: dict[int, int] = {}
        for row in enrolments:
            if row[4] is None:  # no end date: a place taken now
                running[row[2]] = running.get(row[2], 0) + 1
        for (intervention_id, *_rest) in self.interventions:
            cost = self.interventions[intervention_id - 1][5]
            used = running.get(intervention_id, 0)
            capacity = max(1, used + rng.choice((0, 1, 2, 4)))
            budget = round(cost * max(used, 1) * rng.choice((0.8, 1.1, 1.3, 1.5)), -3)
            Intervention.update(capacity=capacity, budget_per_term_pence=int(budget)).where(
                Intervention.id == intervention_id).execute()

    def _forest_school(self, rng: random.Random) -> None:
        """A Forest School session for each class in each of the last three weeks, and for
        some classes this week so far; a few children miss each one."""
        from flexidesk.policy.school.terms import term_bounds, week_bounds

        classes: dict[str, list[int]] = {}
        for pupil in self.people.pupils:
            if pupil.class_name:
                classes.setdefault(pupil.class_name, []).append(pupil.id)
        start = max(term_bounds(self.today)[0], week_bounds(self.today)[0]
                    - dt.timedelta(weeks=3))
        sessions: list[tuple] = []
        attendance: list[tuple] = []
        monday = week_bounds(start)[0]
        while monday <= self.today:
            this_week = monday == week_bounds(self.today)[0]
            for name in sorted(classes):
                day = monday + dt.timedelta(days=rng.randint(0, 4))
                if day < start or day > self.today or (this_week and rng.random() < 0.5):
                    continue
                session_id = len(sessions) + 1
                sessions.append((session_id, iso(day), name, _("Mrs Fenwick (HLTA)"),
                                 self.stamp))
                attendance.extend((session_id, pid) for pid in classes[name]
                                  if rng.random() < 0.9)
            monday += dt.timedelta(weeks=1)
        bulk(ForestSession, (ForestSession.id, ForestSession.session_date,
                             ForestSession.group_name, ForestSession.led_by,
                             ForestSession.created_at), sessions)
        bulk(ForestAttendance, (ForestAttendance.session, ForestAttendance.pupil), attendance)
        self._count("Forest School sessions", len(sessions))

    def _enrolment(self, rng: random.Random, enrolment_id: int, pupil: DemoPupil, item: tuple,
                   staff_id: int) -> tuple[tuple, list[tuple]]:
        (intervention_id, name, _kind, lead, _minutes, _cost, _funding, interval,
         confidential, _active, _order) = item
        step = dt.timedelta(weeks=interval)
        # Provision starts, and its reviews fall, on school days (never in the holidays).
        on_or_after = self.cal.on_or_after
        start = max(pupil.on_roll, on_or_after(self.days(-7 * rng.randint(1, 40))))
        start = min(start, self.today)
        ended = rng.random() < 0.2 and (self.today - start).days > 7 * interval + 7
        end = None
        if ended:
            end = start + dt.timedelta(days=rng.randint(7 * interval, (self.today - start).days - 1))
        last_day = end or self.today
        due = [d for d in (on_or_after(start + step * k) for k in range(1, 60)) if d <= last_day]
        overdue = bool(not ended and due and rng.random() < 0.18)
        done = due[:-1] if overdue else due
        review_rows = []
        for when in done:
            score = rng.choices((-2, -1, 0, 1, 2), (3, 8, 25, 40, 24))[0]
            told = rng.choices(("phone", "email", "letter", ""), (40, 25, 15, 20))[0]
            told_on = min(when + dt.timedelta(days=rng.randint(0, 2)), self.today) if told else None
            review_rows.append((enrolment_id, iso(when), score, rng.choice(REVIEW_NOTES[score]),
                                staff_id, iso(on_or_after(when + step)), iso(told_on), told))
        if ended:
            next_review = None
        elif overdue:
            next_review = due[-1]
        else:
            next_review = on_or_after((done[-1] if done else start) + step)
        target = rng.choice(TARGETS)
        entry = rng.choice(ENTRY_DATA)
        exit_data = rng.choice(EXIT_DATA) if ended else ""
        row = (enrolment_id, pupil.id, intervention_id, iso(start), iso(end), target, entry,
               exit_data, lead, confidential, iso(next_review), self.stamp)
        return row, review_rows

    def _contact(self, rng: random.Random, pupil: DemoPupil, enrolment_id: int | None,
                 intervention: str | None) -> tuple:
        adult_id = pupil.adults[0] if pupil.adults else None
        adult = self.people.adults[adult_id - 1] if adult_id else None
        method = rng.choices(("phone", "email", "meeting", "letter", "text", "other"),
                             (35, 25, 20, 8, 10, 2))[0]
        who = f"{adult.title} {adult.last}" if adult else _("the family")
        what = intervention or rng.choice(GENERAL_TOPICS)
        summary = rng.choice(CONTACT_SUMMARIES[method]).format(who=who, what=what)
        when = dt.datetime.combine(self.days(-rng.randint(1, 120)),
                                   dt.time(rng.randint(8, 16), rng.choice((0, 15, 30, 45))))
        staff = self.staff["pastoral_lead"] if rng.random() < 0.8 else self.staff["headteacher"]
        return (pupil.id, adult_id, enrolment_id, iso(when), method, summary, staff)
