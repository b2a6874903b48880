"""The decision deadline: each request's status against it, and the request list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flexidesk.i18n import _, format_date
from flexidesk.policy.due import is_late
from flexidesk.policy.flexi._base import (
    CLOSED_STAGES,
    END_NOTICE_REASONS,
    _deadline_from,
    _decision,
    _document,
    _next_review,
    _policy,
    _read_request,
)
from flexidesk.policy.ourpolicy import DEFAULT, OurPolicy, policies_by_id
from flexidesk.policy.records.access import (
    Actor,
    require,
    viewed_list,
)
from flexidesk.policy.school.working_days import WorkingCalendar, school_calendar
from flexidesk.policy.vocabulary import (
    STAGE_LABELS,
    YEAR_LABELS,
)
from flexidesk.store.models import (
    FlexiAgreement,
    FlexiDecision,
    FlexiMeeting,
    FlexiRequest,
    FlexiReview,
    IssuedDocument,
    Pupil,
)


@dataclass(frozen=True)
class RequestRow:
    """One request as the list shows it."""

    id: int
    pupil_id: int
    child: str
    year_label: str
    stage: str
    stage_label: str
    received_on: dt.date
    meeting_date: dt.date | None
    decision_due: dt.date | None
    working_days_left: int | None
    overdue: bool
    outcome: str | None
    letter_owed: bool = False  # decided, and the family has not had the letter yet
    letter_late: bool = False  # ... and the day they should have had it has passed
    next_review: dt.date | None = None  # a running arrangement's next review
    review_overdue: bool = False
    end_letter_owed: bool = False  # ended with notice, the family not yet written to


@dataclass(frozen=True)
class DecisionStatus:
    """Where the decision stands against its five-working-day deadline."""

    due_on: dt.date | None
    working_days_left: int | None
    overdue: bool
    decided: bool
    late: bool = False  # decided, but after the deadline
    letter_owed: bool = False  # decided, no letter sent yet: the letter is a deadline too
    letter_late: bool = False  # the letter is owed and its day (the decision's due day) passed
    letter_sent_late: bool = False  # the letter went out after the deadline

    @property
    def family_heard_late(self) -> bool:
        """Late for the family: the decision, or its letter, after the deadline (or the
        letter still owed past it). Governors count this, not the decision's date alone."""
        return self.late or self.letter_sent_late or self.letter_late



#: Beyond this many days from today the working days left are not counted (nobody needs them).
_COUNT_WITHIN_DAYS = 3 * 366


def _status(calendar: WorkingCalendar, held_on: dt.date | None, decision, stage: str,
            today: dt.date, letter_on: dt.date | None = None,
            policy: OurPolicy = DEFAULT) -> DecisionStatus:
    if decision is not None:
        # The family hears by letter within the same five working days as the decision.
        owed = stage == "decided"
        return DecisionStatus(decision.due_on, None, False, True,
                              decision.decided_on > decision.due_on, letter_owed=owed,
                              letter_late=owed and is_late(decision.due_on, today),
                              letter_sent_late=letter_on is not None
                              and is_late(decision.due_on, letter_on))
    if held_on is None:
        return DecisionStatus(None, None, False, False)
    try:
        due = policy.decision_due(calendar, held_on)  # the version the request arrived under
    except OverflowError:  # a date at the end of the calendar: no deadline can be worked out
        return DecisionStatus(None, None, False, False)
    if stage in CLOSED_STAGES:
        return DecisionStatus(due, None, False, False)
    left = (policy.days_left(calendar, today, due)
            if abs((due - today).days) <= _COUNT_WITHIN_DAYS else None)
    return DecisionStatus(due, left, is_late(due, today), False)


def _review_state(request: FlexiRequest, agreement, reviews, today: dt.date
                  ) -> tuple[dt.date | None, bool]:
    """A running arrangement's next review and whether it is overdue."""
    if request.stage != "active" or agreement is None:
        return None, False
    try:
        due = _next_review(request, agreement, reviews)
    except OverflowError:
        return None, False
    return due, is_late(due, today)


def request_rows(actor: Actor, today: dt.date) -> list[RequestRow]:
    """Every request, newest first, with its deadline worked out for ``today``.

    The read is recorded once for the list (docs/reads.md)."""
    rows = request_rows_unrecorded(actor, today)
    viewed_list(actor, "flexi_requests", len(rows), permission="flexi.view")
    return rows


def request_rows_unrecorded(actor: Actor, today: dt.date) -> list[RequestRow]:
    """``request_rows`` (role checked) for a read that records its own view (Today, the
    calendar export). Not for the window, whose every read is recorded."""
    require(actor, "flexi.view")
    calendar = school_calendar()
    meetings: dict[int, FlexiMeeting] = {}
    for m in FlexiMeeting.select().order_by(FlexiMeeting.id):
        meetings[m.request_id] = m  # the latest meeting wins
    decisions = {d.request_id: d for d in FlexiDecision.select()}
    agreements = {a.request_id: a for a in FlexiAgreement.select()}
    end_letters = {d.request_id for d in IssuedDocument.select(IssuedDocument.request)
                   .where(IssuedDocument.kind == "flexi_end")}
    decision_letters = {d.request_id: d.document_date for d in IssuedDocument.select(
        IssuedDocument.request, IssuedDocument.document_date)
        .where(IssuedDocument.kind == "flexi_decision").order_by(IssuedDocument.id)}
    reviews: dict[int, list[FlexiReview]] = {}
    for review in FlexiReview.select().order_by(FlexiReview.review_date, FlexiReview.id):
        reviews.setdefault(review.request_id, []).append(review)
    policies = policies_by_id()
    rows = []
    query = (FlexiRequest.select(FlexiRequest, Pupil).join(Pupil)
             .order_by(FlexiRequest.received_on.desc(), FlexiRequest.id.desc()))
    for request in query:
        meeting = meetings.get(request.id)
        decision = decisions.get(request.id)
        policy = policies.get(request.policy_version_id or 0, DEFAULT)
        held_on = meeting.meeting_date if meeting and meeting.held else None
        if not policy.meeting_required:  # the deadline counts from the day it came in
            held_on = request.received_on
        status = _status(calendar, held_on, decision, request.stage, today,
                         decision_letters.get(request.id), policy)
        next_review, review_overdue = _review_state(
            request, agreements.get(request.id), reviews.get(request.id, []), today)
        rows.append(RequestRow(
            id=request.id, pupil_id=request.pupil_id, child=request.pupil.known_as,
            year_label=_(YEAR_LABELS.get(request.pupil.year_group, "")),
            stage=request.stage, stage_label=stage_label(request, today),
            received_on=request.received_on,
            meeting_date=meeting.meeting_date if meeting else None,
            decision_due=status.due_on, working_days_left=status.working_days_left,
            overdue=status.overdue, outcome=decision.outcome if decision else None,
            letter_owed=status.letter_owed, letter_late=status.letter_late,
            next_review=next_review, review_overdue=review_overdue,
            end_letter_owed=(request.end_reason in END_NOTICE_REASONS
                             and request.id not in end_letters)))
    return rows


def decision_status(actor: Actor, request_id: int, today: dt.date) -> DecisionStatus:
    """The decision's due date, working days left and whether it is overdue (or was late)."""
    request = _read_request(actor, request_id, "flexi_deadline")
    return _status(school_calendar(), _deadline_from(request), _decision(request), request.stage,
                   today, letter_date(request), _policy(request))


def letter_date(request: FlexiRequest) -> dt.date | None:
    """The date of the decision letter the family was sent (None while it is owed)."""
    letter = _document(request, "flexi_decision")
    return letter.document_date if letter is not None else None


def stage_label(request: FlexiRequest, today: dt.date) -> str:
    """The stage in words; an arrangement ended with notice still running says so."""
    if request.stage == "ended" and request.ended_on is not None and request.ended_on > today:
        return _("Ending on {date}").format(date=format_date(request.ended_on))
    return _(STAGE_LABELS[request.stage])

