"""The request's milestones, each with its date, state and detail, for the timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flexidesk.i18n import _, format_date, format_time
from flexidesk.policy.flexi._base import (
    CLOSED_STAGES,
    TIMELINE_LABELS,
    _agreement,
    _deadline_from,
    _decision,
    _document,
    _meeting,
    _next_review,
    _policy,
    _read_request,
)
from flexidesk.policy.flexi.deadlines import _status
from flexidesk.policy.flexi.detail import _earlier
from flexidesk.policy.records.access import Actor
from flexidesk.policy.school.working_days import school_calendar
from flexidesk.policy.vocabulary import (
    END_REASON_LABELS,
    OUTCOME_LABELS,
    describe_sessions,
)
from flexidesk.store.models import (
    AuditEntry,
    FactorAssessment,
    FlexiDecision,
    FlexiMeeting,
    FlexiRequest,
    FlexiReview,
    IssuedDocument,
)


@dataclass(frozen=True)
class Milestone:
    """One step of the journey on the timeline."""

    code: str
    label: str
    date: dt.date | None
    state: str  # "done", "late", "next", "future", "skipped"
    detail: str
    done: bool = False  # a "late" step may be done (after its deadline) or still waiting


@dataclass(frozen=True)
class Timeline:
    """The milestones of a request, its decision deadline and the day it was drawn for."""

    milestones: list[Milestone]
    deadline: dt.date | None
    today: dt.date



def _audited_on(request: FlexiRequest, action_name: str) -> dt.date | None:
    """The day an action on the request was recorded (the audit keeps the time)."""
    entry = (AuditEntry.select(AuditEntry.at)
             .where(AuditEntry.action == action_name,
                    AuditEntry.table_name == FlexiRequest._meta.table_name,
                    AuditEntry.record_id == request.id)
             .order_by(AuditEntry.id.desc()).first())
    return dt.date.fromisoformat(entry.at[:10]) if entry else None


def _arranged_date(request: FlexiRequest, meeting: FlexiMeeting | None,
                   invitation: IssuedDocument | None) -> dt.date | None:
    """When the meeting was arranged: the invitation's date, else the day it was recorded."""
    if meeting is None:
        return None
    if invitation is not None:
        return invitation.document_date
    date = _audited_on(request, "flexi.stage.meeting_arranged") or request.received_on
    return max(request.received_on, min(date, meeting.meeting_date))


def _considered(request: FlexiRequest) -> bool:
    """Whether the considerations were recorded (a school without the governing body's rule
    answers no question, so its weighing alone says so)."""
    return request.needs_met_in_school is not None or FactorAssessment.select().where(
        FactorAssessment.request == request).exists()


def _considered_date(request: FlexiRequest, meeting: FlexiMeeting | None,
                     decision: FlexiDecision | None) -> dt.date | None:
    """When the considerations were recorded, kept between the meeting and the decision."""
    if not _considered(request):
        return None
    date = _audited_on(request, "flexi.considerations")
    if date is None:  # recorded before FlexiDesk kept an audit: the nearest known day
        if decision is not None:
            return decision.decided_on
        return meeting.meeting_date if meeting is not None and meeting.held else None
    if decision is not None:
        date = min(date, decision.decided_on)
    if meeting is not None and meeting.held:
        date = max(date, meeting.meeting_date)
    return date



def timeline(actor: Actor, request_id: int, today: dt.date) -> Timeline:
    """The request's milestones in journey order, each with its date, state and detail."""
    request = _read_request(actor, request_id, "flexi_timeline")
    meeting = _meeting(request)
    decision = _decision(request)
    agreement = _agreement(request)
    reviews = list(FlexiReview.select().where(FlexiReview.request == request)
                   .order_by(FlexiReview.review_date, FlexiReview.id))
    letter = _document(request, "flexi_decision")
    policy = _policy(request)
    status = _status(school_calendar(), _deadline_from(request), decision, request.stage,
                     today, letter.document_date if letter is not None else None, policy)
    # Under a version of our policy with no meeting, the timeline shows none.
    skipped = () if policy.meeting_required else ("meeting_arranged", "meeting_held")
    stage_order = tuple(s for s in ("received", "meeting_arranged", "meeting_held", "considered",
                                    "decided", "letter_issued", "agreement_drafted", "active")
                        if s not in skipped)
    reached = stage_order.index(request.stage) if request.stage in stage_order else None
    if request.stage == "ended":
        reached = len(stage_order)

    # Where a withdrawn request stopped: the furthest stage with its evidence on record.
    if request.stage == "withdrawn":
        evidence = {"received": True, "meeting_arranged": meeting is not None,
                    "meeting_held": bool(meeting and meeting.held),
                    "considered": _considered(request), "decided": decision is not None,
                    "letter_issued": _document(request, "flexi_decision") is not None,
                    "agreement_drafted": agreement is not None,
                    "active": bool(agreement and agreement.active_from)}
        reached = max(i for i, stage in enumerate(stage_order) if evidence[stage])

    invitation = _document(request, "flexi_invitation")
    when = ""
    if meeting is not None:
        when = format_date(meeting.meeting_date)
        if meeting.meeting_time:
            when += " " + format_time(meeting.meeting_time)
        if meeting.place:
            when += ", " + meeting.place
    parties = list(agreement.parties) if agreement else []
    signed = sum(1 for p in parties if p.signed_on)
    factors = list(FactorAssessment.select().where(FactorAssessment.request == request))
    concerns = sum(1 for f in factors if f.rating in ("concern", "serious_concern"))

    received = _("Requested at home: {sessions}").format(
        sessions=describe_sessions(request.requested_sessions))
    earlier = _earlier(request.pupil_id, request)
    if earlier:  # a new request after a decision: the Headteacher sees what was decided
        received += "\n" + _("Earlier request (received {received}): {outcome} on {date}").format(
            received=format_date(earlier[0].received_on), outcome=earlier[0].outcome_label,
            date=format_date(earlier[0].decided_on))
    held = ""
    if meeting and meeting.held:
        held = _("Attended by: {who}").format(who=meeting.attendees or _("not recorded"))
        if meeting.head_present is False:
            held += "\n" + _("Without the Headteacher: {reason}").format(
                reason=meeting.head_absent_reason or _("no reason recorded"))
    decided = ""
    if decision is not None:
        decided = _("{outcome} on {date} (due {due})").format(
            outcome=_(OUTCOME_LABELS[decision.outcome]), date=format_date(decision.decided_on),
            due=format_date(decision.due_on))
        if decision.late_entry_reason:
            decided += "\n" + _("Recorded late: {reason}").format(
                reason=decision.late_entry_reason)
    steps: list[tuple[str, dt.date | None, str]] = [
        ("received", request.received_on, received),
        ("meeting_arranged", _arranged_date(request, meeting, invitation),
         (_("Meeting: {when}").format(when=when) + (
             "\n" + _("Invitation sent {date}").format(date=format_date(invitation.document_date))
             if invitation else "\n" + _("No invitation letter sent yet")))
         if meeting else _("Invite the family to a meeting with the Headteacher")),
        ("meeting_held", meeting.meeting_date if meeting else None,
         held if meeting and meeting.held else (
             _("Planned for {when}").format(when=when) if meeting
             else _("Meet the family and talk the request through"))),
        ("considered", _considered_date(request, meeting, decision),
         _considered_words(request, policy, concerns)),
        ("decided", decision.decided_on if decision else status.due_on,
         decided if decision else (
             _("Due by {date}").format(date=format_date(status.due_on)) if status.due_on
             else _due_within(policy))),
        ("letter_issued", letter.document_date if letter else (
            # A letter sent before FlexiDesk kept copies: the decision day is the best guess.
            decision.decided_on if decision and reached is not None
            and reached >= stage_order.index("letter_issued") else None),
         (_("Letter dated {date}").format(date=format_date(letter.document_date))
          + ("\n" + _("After the deadline of {date}").format(date=format_date(status.due_on))
             if status.letter_sent_late else ""))
         if letter else _("Write to the family with the outcome")),
    ]
    steps = [step for step in steps if step[0] not in skipped]
    if decision is None or decision.outcome == "agreed":
        next_review = _next_review(request, agreement, reviews)
        steps += [
            ("agreement_drafted", agreement.drafted_on if agreement else None,
             _("{signed} of {total} parties have signed").format(signed=signed,
                                                                 total=len(parties))
             if agreement else _("Draft the agreement and talk it through with the family")),
            ("active", agreement.active_from if agreement else None,
             _("Home sessions (code C): {sessions}").format(
                 sessions=describe_sessions(agreement.home_sessions))
             if agreement else _("Runs once every party has signed")),
            ("review", reviews[-1].review_date if reviews and request.stage != "active"
             else next_review,
             (_("{n} review(s) held").format(n=len(reviews)) + "\n" if reviews else "")
             + (_("Next review {date}").format(date=format_date(next_review))
                if next_review and request.stage == "active" else _("Reviewed termly"))),
        ]

    waiting_late = set()  # steps not done and past their date
    if status.overdue:
        waiting_late.add("decided")
    if meeting is not None and not meeting.held and request.stage == "meeting_arranged" \
            and today > meeting.meeting_date:
        waiting_late.add("meeting_held")
    milestones = []
    for i, (code, date, detail) in enumerate(steps):
        label = _(TIMELINE_LABELS[code])
        if code == "review":
            # Reviews recur: done once the arrangement is over, otherwise the next one is due.
            if request.stage == "active":
                state = "late" if date and today > date else "next"
            elif request.stage == "ended" and reviews:
                state = "done"
            elif request.stage in CLOSED_STAGES:
                state = "skipped"
            else:
                state = "future"
        elif reached is not None and i <= reached:
            state = "done"
            if code == "decided" and status.late:
                state = "late"
            if code == "letter_issued" and status.letter_sent_late:
                state = "late"  # the family heard after the deadline, whatever the decision's date
        elif request.stage == "withdrawn":
            state = "skipped"
        elif reached is not None and i == reached + 1:
            state = "late" if code in waiting_late else "next"
        else:
            state = "late" if code in waiting_late else "future"
        done = state == "done" or (state == "late" and code not in waiting_late
                                   and code != "review")
        milestones.append(Milestone(code, label, date, state, detail, done))

    if request.stage == "ended":
        # Ended with notice: until its last day the arrangement runs, and says when it ends.
        ending = request.ended_on is not None and request.ended_on > today
        milestones.append(Milestone(
            "ended", _("Ending") if ending else _(TIMELINE_LABELS["ended"]), request.ended_on,
            "next" if ending else "done",
            _(END_REASON_LABELS.get(request.end_reason or "", "")) + (
                "\n" + _("{n} weeks' notice").format(n=request.notice_weeks)
                if request.notice_weeks is not None else ""), not ending))
    elif request.stage == "withdrawn":
        milestones.append(Milestone("withdrawn", _(TIMELINE_LABELS["withdrawn"]),
                                    request.withdrawn_on, "done",
                                    _("The family withdrew the request"), True))
    return Timeline(milestones, status.due_on, today)



def _considered_words(request: FlexiRequest, policy, concerns: int) -> str:
    """The considerations' milestone: how many raise a concern, and the governing body's
    question where the school has that rule (the default's words unchanged)."""
    count = len(policy.considerations())
    if not _considered(request):
        if not policy.governing_body_rule:
            return _("Weigh the {n} considerations").format(n=count)
        if count == 8:
            return _("Weigh the eight considerations and the governing body's question")
        return _("Weigh the {n} considerations and the governing body's question").format(
            n=count)
    if count == 8:
        words = _("{n} of 8 considerations raise a concern").format(n=concerns)
    else:
        words = _("{n} of {count} considerations raise a concern").format(n=concerns,
                                                                          count=count)
    if request.needs_met_in_school is None:
        return words
    return words + "\n" + (_("Needs can be met in school") if request.needs_met_in_school
                           else _("Needs cannot be met in school"))


def _due_within(policy) -> str:
    if not policy.meeting_required:
        return _("Due within {deadline} of receiving the request").format(
            deadline=policy.deadline_words())
    if policy.version_id is None:
        return _("Due within five working days of the meeting")
    return _("Due within {deadline} of the meeting").format(deadline=policy.deadline_words())
