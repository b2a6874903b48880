"""The demo's flexi-schooling requests, one at every stage of the journey."""

from __future__ import annotations

import datetime as dt
import random

from flexidesk.demo.common import SeedingParts, bulk, iso, working_day_before
from flexidesk.demo.people import DemoPupil
from flexidesk.demo.wording import (
    FACTOR_NOTES,
    FLEXI_PLANS,
    FLEXI_REASONS,
    MEETING_NOTES,
    REQUESTED_SESSIONS,
)
from flexidesk.demo_accounts import DEMO_ACCOUNTS
from flexidesk.i18n import _
from flexidesk.policy.vocabulary import FACTORS, format_sessions
from flexidesk.store.models import (
    AgreementParty,
    FactorAssessment,
    FlexiAgreement,
    FlexiAlternative,
    FlexiDecision,
    FlexiMeeting,
    FlexiRequest,
    FlexiRequestAdult,
    FlexiReview,
)


class FlexiSeeding(SeedingParts):
    """The flexi-schooling part of the demo's Seeder."""

    def flexi(self) -> None:
        """One request at every stage, with meetings, considerations, decisions, agreements."""
        rng = self._rng("flexi")
        candidates = [p for p in self.people.pupils
                      if p.id not in self.placed and not p.lac and p.adults]
        pupils = rng.sample(candidates, len(FLEXI_PLANS))
        head = self.staff["headteacher"]
        tables: dict[str, list] = {k: [] for k in ("requests", "adults", "meetings", "factors",
                                                   "alternatives", "decisions", "agreements",
                                                   "parties", "reviews")}
        for request_id, (pupil, plan) in enumerate(zip(pupils, FLEXI_PLANS, strict=True), 1):
            self._flexi_request(rng, request_id, pupil, plan, head, tables)
        bulk(FlexiRequest, (FlexiRequest.id, FlexiRequest.pupil, FlexiRequest.received_on,
                             FlexiRequest.requested_sessions, FlexiRequest.reasons,
                             FlexiRequest.stage, FlexiRequest.needs_met_in_school,
                             FlexiRequest.needs_met_notes, FlexiRequest.agree_justification,
                             FlexiRequest.withdrawn_on, FlexiRequest.ended_on,
                             FlexiRequest.end_reason, FlexiRequest.notice_weeks,
                             FlexiRequest.created_at, FlexiRequest.notice_given_on),
             tables["requests"])
        bulk(FlexiRequestAdult, (FlexiRequestAdult.request, FlexiRequestAdult.adult),
              tables["adults"])
        bulk(FlexiMeeting, (FlexiMeeting.request, FlexiMeeting.meeting_date,
                             FlexiMeeting.meeting_time, FlexiMeeting.place, FlexiMeeting.held,
                             FlexiMeeting.attendees, FlexiMeeting.notes,
                             FlexiMeeting.head_present), tables["meetings"])
        bulk(FactorAssessment, (FactorAssessment.request, FactorAssessment.factor,
                                 FactorAssessment.rating, FactorAssessment.note),
              tables["factors"])
        bulk(FlexiAlternative, (FlexiAlternative.request, FlexiAlternative.intervention,
                                 FlexiAlternative.provider), tables["alternatives"])
        bulk(FlexiDecision, (FlexiDecision.request, FlexiDecision.outcome,
                              FlexiDecision.decided_on, FlexiDecision.due_on,
                              FlexiDecision.reasons, FlexiDecision.decided_by),
              tables["decisions"])
        bulk(FlexiAgreement, (FlexiAgreement.id, FlexiAgreement.request,
                               FlexiAgreement.start_date, FlexiAgreement.home_sessions,
                               FlexiAgreement.review_interval_weeks,
                               FlexiAgreement.first_review_date, FlexiAgreement.notice_weeks,
                               FlexiAgreement.home_educator, FlexiAgreement.special_terms,
                               FlexiAgreement.la_notified_on, FlexiAgreement.drafted_on,
                               FlexiAgreement.active_from), tables["agreements"])
        bulk(AgreementParty, (AgreementParty.agreement, AgreementParty.name,
                               AgreementParty.capacity, AgreementParty.adult,
                               AgreementParty.signed_on, AgreementParty.staff), tables["parties"])
        bulk(FlexiReview, (FlexiReview.request, FlexiReview.review_date, FlexiReview.outcome,
                            FlexiReview.new_sessions, FlexiReview.notes,
                            FlexiReview.next_review_date, FlexiReview.reviewed_by),
              tables["reviews"])
        self._count("flexi requests", len(tables["requests"]))

    def _flexi_request(self, rng: random.Random, request_id: int, pupil: DemoPupil, plan: str,
                       head: int, tables: dict[str, list]) -> None:
        """Write one request as far as ``plan`` takes it, dating every step from today."""
        cal = self.cal
        sessions = rng.choice(REQUESTED_SESSIONS)
        meeting = {  # the meeting date for each plan, counted in working days from today
            "received": None, "meeting_arranged": self.wd(4), "due_in_two": None,
            "overdue": self.wd(-8), "considered": self.wd(-1), "decided": self.wd(-4),
            "declined": self.wd(-16), "agreement_drafted": self.wd(-18),
            "active": self.wd(-95), "ended": self.wd(-190), "withdrawn": self.wd(-3),
        }[plan]
        if plan == "due_in_two":
            target = self.wd(2)
            meeting = self.today
            while cal.decision_due(meeting) != target or not cal.is_working_day(meeting):
                meeting -= dt.timedelta(days=1)
        if plan == "received":
            received = self.wd(-2)
        elif plan == "meeting_arranged":
            received = self.wd(-5)
        else:
            assert meeting is not None  # every later plan has a meeting date (above)
            received = working_day_before(cal, meeting, 12)
        stage = {"due_in_two": "meeting_held", "overdue": "meeting_held",
                 "declined": "letter_issued"}.get(plan, plan)
        held = plan not in ("received", "meeting_arranged", "withdrawn")
        decided = plan in ("decided", "declined", "agreement_drafted", "active", "ended")
        agreed = decided and plan != "declined"
        needs_met = None
        needs_notes = ""
        justification = ""
        if decided or plan == "considered":
            needs_met = not agreed
            needs_notes = (_("The Nurture Group and weekly Forest School sessions, with a "
                             "check-in each morning, can meet these needs in school.")
                           if needs_met else
                           _("The needs described are about the family's wish for more time "
                             "together in outdoor learning, not needs the school's provision "
                             "is meant to meet."))
            if agreed:
                justification = _("No unmet need that in-school or alternative provision could "
                                  "address; the arrangement is small, and the family's home "
                                  "plan covers the same curriculum areas on home days.")
        withdrawn_on = self.wd(-6) if plan == "withdrawn" else None
        ended_on = self.wd(-15) if plan == "ended" else None
        end_reason = {"withdrawn": "withdrawn", "ended": "notice_family"}.get(plan)
        notice = 4 if plan == "ended" else None
        tables["requests"].append((
            request_id, pupil.id, iso(received), format_sessions(sessions),
            rng.choice(FLEXI_REASONS), stage, needs_met, needs_notes, justification,
            iso(withdrawn_on), iso(ended_on), end_reason, notice, self.stamp,
            # the family gave the agreed four weeks' notice
            iso(ended_on - dt.timedelta(weeks=4)) if ended_on else None))
        adults = pupil.adults[:2]
        tables["adults"].extend((request_id, a) for a in adults)
        family = " and ".join(f"{self.people.adults[a - 1].title} "
                              f"{self.people.adults[a - 1].last}" for a in adults)
        if meeting is not None:
            tables["meetings"].append((
                request_id, iso(meeting), "15:30:00", _("Headteacher's office"), held,
                "; ".join([family, f"{DEMO_ACCOUNTS[0][1]}, " + _("Headteacher")]) if held
                else "",
                rng.choice(MEETING_NOTES) if held else "",
                True if held else None))  # the Headteacher was at every held meeting
        if plan in ("overdue",):  # weighing begun, not finished
            for code in list(FACTORS)[:3]:
                tables["factors"].append((request_id, code, "neutral", FACTOR_NOTES[code][0]))
        if plan in ("considered", "decided", "declined", "agreement_drafted", "active", "ended"):
            for code in FACTORS:
                rating = (rng.choice(("neutral", "concern", "serious_concern"))
                          if not agreed else rng.choice(("supports", "neutral", "neutral")))
                if code == "safeguarding":
                    rating = "neutral"
                note = FACTOR_NOTES[code][0 if agreed else 1]
                tables["factors"].append((request_id, code, rating, note))
        if plan == "declined":
            nurture = next(i[0] for i in self.interventions if i[1] == _("Nurture Group"))
            forest = next(i[0] for i in self.interventions if i[1] == _("Forest School"))
            tables["alternatives"].extend(
                [(request_id, nurture, None), (request_id, forest, None), (request_id, None, 1)])
        if not decided:
            return
        assert meeting is not None  # a decided plan met the family first (above)
        due = cal.decision_due(meeting)
        decided_on = min(due, cal.add_working_days(meeting, 3))
        reasons = (_("The school can meet these needs through the Nurture Group, Forest School "
                     "and a placement at Kestrel Vale Learning Centre; a regular part-week at "
                     "home would break the continuity of phonics and maths teaching.")
                   if not agreed else
                   _("A small pattern the class timetable can absorb, with no unmet need the "
                     "school's own provision is meant for; learning at home is planned and "
                     "will be reviewed each term."))
        tables["decisions"].append((request_id, "agreed" if agreed else "declined",
                                    iso(decided_on), iso(due), reasons, head))
        if plan in ("decided", "declined"):
            return
        drafted = cal.add_working_days(decided_on, 3)
        start = {"agreement_drafted": self.wd(8), "active": cal.add_working_days(drafted, 10),
                 "ended": cal.add_working_days(drafted, 10)}[plan]
        first_review = start + dt.timedelta(weeks=13)
        all_signed = plan in ("active", "ended")
        agreement_id = len(tables["agreements"]) + 1
        home = sessions[-2:] if len(sessions) > 2 else sessions
        tables["agreements"].append((
            agreement_id, request_id, iso(start), format_sessions(home), 13,
            iso(first_review), 4, family.split(" and ")[0],
            _("Home days move to school days in the weeks of national assessments and the "
              "class trip."), iso(drafted + dt.timedelta(days=2)) if all_signed else None,
            iso(drafted), iso(start) if all_signed else None))
        tables["parties"].append((agreement_id, f"Mrs {DEMO_ACCOUNTS[0][1]}", "headteacher",
                                  None, iso(cal.add_working_days(drafted, 1)), head))
        for n, adult_id in enumerate(adults):
            adult = self.people.adults[adult_id - 1]
            signed = cal.add_working_days(drafted, 2 + n) if (all_signed or n == 0) else None
            tables["parties"].append((agreement_id, f"{adult.title} {adult.first} {adult.last}",
                                      "parent", adult_id, iso(signed), None))
        review = first_review
        while all_signed and review <= (ended_on or self.today):
            tables["reviews"].append((
                request_id, iso(review), "continue", "",
                _("Going well: work done at home comes back to class each Monday and "
                  "friendships are steady. Carry on as agreed."),
                iso(review + dt.timedelta(weeks=13)), head))
            review += dt.timedelta(weeks=13)
