"""The school's diary as events for a calendar file: meetings, decision deadlines, due reviews and
check expiry dates, each with a stable id and no child's full name (initials and year only).

Calendars sync to phones, so an event names a child by initials and year group alone, and
confidential provision is left out for roles that may not see it. The export is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from flexidesk.i18n import _
from flexidesk.policy.records.access import Actor, action, can
from flexidesk.policy.vocabulary import CHECKLIST, YEAR_LABELS
from flexidesk.store import audit
from flexidesk.store.models import (
    DueDiligenceItem,
    Enrolment,
    FlexiMeeting,
    FlexiRequest,
    Intervention,
    Placement,
    Provider,
    Pupil,
)
from flexidesk.store.query import as_tuples


@dataclass(frozen=True)
class CalendarEvent:
    """One event: a stable id (re-importing updates it), its day (and time), and its words."""

    uid: str
    summary: str
    day: dt.date
    time: dt.time | None = None
    place: str = ""
    description: str = ""


def child_label(first: str, last: str, year: int) -> str:
    """'N.A., Year 3': enough to know whom a diary entry is for, not enough to name them."""
    initials = ".".join(part[0].upper() for part in (first, last) if part) + "."
    return f"{initials}, {_(YEAR_LABELS.get(year, ''))}"


def _children(ids) -> dict[int, str]:
    ids = set(ids)
    if not ids:
        return {}
    return {pid: child_label(preferred or first, last, year)
            for pid, first, preferred, last, year in
            as_tuples(Pupil.select(Pupil.id, Pupil.legal_first_name, Pupil.preferred_name,
                         Pupil.legal_last_name, Pupil.year_group)
            .where(Pupil.id.in_(ids)))}


def _meetings() -> list[CalendarEvent]:
    rows = list(as_tuples(FlexiMeeting.select(FlexiMeeting.id, FlexiRequest.pupil,
                                              FlexiMeeting.meeting_date,
                                              FlexiMeeting.meeting_time)
                .join(FlexiRequest).where(FlexiMeeting.held == False)))  # noqa: E712
    names = _children(r[1] for r in rows)
    # The meeting's place is typed freely, and is often a family's home address or a
    # parent's name: it stays in FlexiDesk. Nothing in an event names an adult or a place.
    return [CalendarEvent(f"flexi-meeting-{mid}", _("Flexi-schooling meeting: {child}").format(
        child=names.get(pid, "")), day, time,
        description=_("Where it is held is recorded in FlexiDesk."))
        for mid, pid, day, time in rows]


def _decision_deadlines(actor: Actor, today: dt.date) -> list[CalendarEvent]:
    from flexidesk.policy.flexi.deadlines import request_rows_unrecorded

    rows = [r for r in request_rows_unrecorded(actor, today)  # the export is its own record
            if r.working_days_left is not None and r.decision_due is not None]
    names = _children(r.pupil_id for r in rows)
    return [CalendarEvent(f"flexi-decision-{r.id}", _("Flexi decision due: {child}").format(
        child=names.get(r.pupil_id, "")), cast(dt.date, r.decision_due),  # not None: above
        description=_("Five working days after the meeting.")) for r in rows]


def _provision_reviews(actor: Actor, today: dt.date) -> list[CalendarEvent]:
    from flexidesk.policy.provision.read import _visible_enrolments

    rows = list(as_tuples(Enrolment.select(Enrolment.id, Enrolment.pupil, Intervention.name,
                                 Enrolment.next_review_date)
                .join(Intervention)
                .where((Enrolment.end_date.is_null() | (Enrolment.end_date >= today))
                       & Enrolment.next_review_date.is_null(False)
                       & _visible_enrolments(actor))))
    names = _children(r[1] for r in rows)
    return [CalendarEvent(f"provision-review-{eid}", _("Review {intervention}: {child}").format(
        intervention=_(name), child=names.get(pid, "")), day) for eid, pid, name, day in rows]


def _placement_reviews() -> list[CalendarEvent]:
    from flexidesk.policy.providers import LIVE_PLACEMENT_STATUSES

    rows = list(as_tuples(Placement.select(Placement.id, Placement.pupil, Provider.name,
                                 Placement.next_review_date)
                .join(Provider)
                .where(Placement.status.in_(LIVE_PLACEMENT_STATUSES)
                       & Placement.next_review_date.is_null(False))))
    names = _children(r[1] for r in rows)
    return [CalendarEvent(f"placement-review-{plid}", _("Placement review at {provider}: {child}")
                          .format(provider=provider, child=names.get(pid, "")), day)
            for plid, pid, provider, day in rows]


def _check_expiries() -> list[CalendarEvent]:
    rows = (as_tuples(DueDiligenceItem.select(DueDiligenceItem.id, Provider.name, DueDiligenceItem.item,
                                    DueDiligenceItem.expires_on)
            .join(Provider)
            .where(Provider.active & (DueDiligenceItem.status == "held")
                   & DueDiligenceItem.expires_on.is_null(False))))
    return [CalendarEvent(f"provider-check-{iid}", _("{item} expires: {provider}").format(
        item=_(CHECKLIST.get(code, code)), provider=provider), day)
        for iid, provider, code, day in rows]


@action("pupil.view")
def calendar_events(actor: Actor, today: dt.date) -> list[CalendarEvent]:
    """The events the actor's role may see, soonest first; the export is written to the audit log
    (how many events, no names)."""
    events: list[CalendarEvent] = []
    if can(actor, "flexi.view"):
        events += _meetings() + _decision_deadlines(actor, today)
    if can(actor, "provision.edit"):
        events += _provision_reviews(actor, today)
    if can(actor, "placement.edit"):
        events += _placement_reviews()
    if can(actor, "provider.view"):
        events += _check_expiries()
    events.sort(key=lambda e: (e.day, e.time or dt.time.min, e.uid))
    audit.record(actor.username, "calendar.export", "", None, after={"events": len(events)})
    return events
