"""The pastoral provision map, read side: pupils with their current provision, and a child's page.

Everything here is set-based (a handful of queries whatever the roll), so 40,000 pupils load
in well under a second. What a role may not see (confidential provision, review notes,
contact summaries) is left out here, in the policy layer, not hidden by the window.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import ModelSelect

from flexidesk.i18n import _
from flexidesk.policy import due
from flexidesk.policy.records.access import (
    Actor,
    require,
    viewed,
    viewed_list,
)
from flexidesk.policy.records.access import can as _can
from flexidesk.policy.school.catalogue import barred_interventions
from flexidesk.policy.week import ChildWeek, week_of
from flexidesk.store.models import (
    Adult,
    Enrolment,
    EnrolmentReview,
    FamilyContact,
    Intervention,
    Placement,
    Provider,
    Pupil,
    PupilAdult,
    StaffUser,
)
from flexidesk.store.query import as_tuples

#: A review due within this many days (and not overdue) counts as due soon (the shared rule's).
DUE_SOON_DAYS = due.DUE_SOON_DAYS


@dataclass(frozen=True, slots=True)
class PupilRow:
    """One child on roll as the provision map lists them."""

    id: int
    upn: str
    name: str  # the name staff use (preferred first name, surname)
    sort_name: str  # surname, first name: for sorting
    year_group: int
    class_name: str
    flags: tuple[str, ...]  # short codes: SEN, EHCP, LAC, PP
    interventions: tuple[str, ...]  # current interventions the actor may see, by name
    next_review: dt.date | None
    overdue: bool
    due_soon: bool


@dataclass(frozen=True)
class ProvisionSummary:
    """The counts shown above the provision map."""

    pupils: int
    with_provision: int
    overdue: int
    due_soon: int


@dataclass(frozen=True)
class ReviewLine:
    """One review of an enrolment; ``notes`` is None when the actor may not read notes."""

    review_date: dt.date
    score: int
    notes: str | None
    reviewed_by: str
    next_review: dt.date | None
    family_told_on: dt.date | None = None
    family_told_how: str = ""  # a CONTACT_METHODS code; "" while the family has not been told


@dataclass(frozen=True)
class EnrolmentLine:
    """One of the child's enrolments (current or past) with its reviews, newest first."""

    id: int
    intervention: str
    kind: str
    start_date: dt.date
    end_date: dt.date | None
    staff: str
    target: str
    confidential: bool
    next_review: dt.date | None
    overdue: bool
    current: bool
    reviews: tuple[ReviewLine, ...]


@dataclass(frozen=True)
class ContactLine:
    """One contact with the family; ``summary`` is None when the actor may not read it."""

    id: int
    contact_at: dt.datetime
    method: str
    adult: str
    staff: str
    regarding: str
    summary: str | None


@dataclass(frozen=True)
class PlacementLine:
    """One alternative-provision placement of the child."""

    id: int
    provider: str
    status: str
    start_date: dt.date
    end_date: dt.date | None
    next_review: dt.date | None
    alert: str = ""  # a lapsed check at the provider while the child is placed


@dataclass(frozen=True)
class AdultLine:
    """An adult linked to the child."""

    id: int
    name: str
    relationship: str
    parental_responsibility: bool
    phone: str


@dataclass(frozen=True)
class PupilPage:
    """Everything the child's page shows, already filtered for the actor's role."""

    id: int
    name: str
    legal_name: str
    upn: str
    date_of_birth: dt.date
    year_group: int
    class_name: str
    flags: tuple[str, ...]
    on_roll_date: dt.date
    left_date: dt.date | None
    adults: tuple[AdultLine, ...]
    enrolments: tuple[EnrolmentLine, ...]
    contacts: tuple[ContactLine, ...]
    placements: tuple[PlacementLine, ...]
    week: ChildWeek | None = None  # this week's ten sessions: in school, at a provider, at home


def flags_of(sen: bool, ehcp: bool, lac: bool, pp: bool) -> tuple[str, ...]:
    """The short flag codes staff recognise, in a fixed order."""
    out = []
    if sen:
        out.append(_("SEN"))
    if ehcp:
        out.append(_("EHCP"))
    if lac:
        out.append(_("LAC"))
    if pp:
        out.append(_("PP"))
    return tuple(out)


def _on_roll(today: dt.date):
    return Pupil.left_date.is_null() | (Pupil.left_date > today)


def _visible_enrolments(actor: Actor):
    """The condition that leaves out confidential provision the actor may not see: all of
    it for roles without the right, and what names other staff for those with it."""
    if _can(actor, "provision.confidential"):
        barred = barred_interventions(actor)
        return Intervention.id.not_in(list(barred)) if barred else True
    return (Enrolment.confidential == False) & (Intervention.confidential == False)  # noqa: E712


def _review_state(next_review: dt.date | None, today: dt.date) -> tuple[bool, bool]:
    return due.is_late(next_review, today), due.is_due_soon(next_review, today)


def _raw(query) -> list[tuple]:
    """A query's rows as SQLite returns them: peewee's per-value conversion costs seconds at
    40,000 pupils, and these columns need none (flags are 0/1, dates are ISO text)."""
    return query.model._meta.database.execute_sql(*query.sql()).fetchall()


def pupil_rows(actor: Actor, today: dt.date) -> list[PupilRow]:
    """Every child on roll with their current interventions and next review (two queries).

    The read is recorded once for the list (docs/reads.md)."""
    rows = map_rows_unrecorded(actor, today)
    viewed_list(actor, "provision_map", len(rows), permission="provision.view")
    return rows


def map_rows_unrecorded(actor: Actor, today: dt.date) -> list[PupilRow]:
    """``pupil_rows`` (role checked) for a read that records its own view: Today records
    one row for its whole list. Not for the window, whose every read is recorded."""
    require(actor, "provision.view")
    current: dict[int, list[str]] = {}
    next_review: dict[int, str] = {}
    query: ModelSelect[Any] = (Enrolment
             .select(Enrolment.pupil, Intervention.name, Enrolment.next_review_date)
             .join(Intervention)
             .where((Enrolment.end_date.is_null() | (Enrolment.end_date >= today))
                    & _visible_enrolments(actor))
             .order_by(Intervention.sort_order, Intervention.name))
    for pupil_id, name, review in _raw(query):
        current.setdefault(pupil_id, []).append(name)
        if review is not None and (pupil_id not in next_review or review < next_review[pupil_id]):
            next_review[pupil_id] = review  # ISO dates compare as text
    dates: dict[str, dt.date] = {}  # a few hundred distinct dates among thousands of rows
    all_flags: dict[tuple[Any, ...], tuple[str, ...]] = {}  # each of the 16 flag combinations translated once

    rows = []
    query = (Pupil
             .select(Pupil.id, Pupil.upn, Pupil.legal_first_name, Pupil.legal_last_name,
                     Pupil.preferred_name, Pupil.year_group, Pupil.class_name,
                     Pupil.sen_support, Pupil.ehc_plan, Pupil.looked_after, Pupil.pupil_premium)
             .where(_on_roll(today)))
    for (pid, upn, first, last, preferred, year, class_name,
         sen, ehcp, lac, pp) in _raw(query):
        review = next_review.get(pid)
        if review is not None:
            if isinstance(review, str):  # SQLite's ISO text; a server's driver gives a date
                review = dates.get(review) or dates.setdefault(review,
                                                               dt.date.fromisoformat(review))
        key = (sen, ehcp, lac, pp)
        flags = all_flags.get(key)
        if flags is None:
            flags = all_flags[key] = flags_of(bool(sen), bool(ehcp), bool(lac), bool(pp))
        known = preferred or first
        rows.append(PupilRow(
            id=pid, upn=upn, name=f"{known} {last}", sort_name=f"{last}, {known}".casefold(),
            year_group=year, class_name=class_name or "", flags=flags,
            interventions=tuple(current.get(pid, ())), next_review=review,
            overdue=due.is_late(review, today), due_soon=due.is_due_soon(review, today)))
    return rows


def summarise(rows: list[PupilRow]) -> ProvisionSummary:
    """The counts above the map, from rows already loaded (no query)."""
    return ProvisionSummary(
        pupils=len(rows),
        with_provision=sum(1 for r in rows if r.interventions),
        overdue=sum(1 for r in rows if r.overdue),
        due_soon=sum(1 for r in rows if r.due_soon))


def _staff_names() -> dict[int | None, str]:  # looked up with optional keys
    return dict(as_tuples(StaffUser.select(StaffUser.id, StaffUser.display_name)))


def adults_of(actor: Actor, pupil_id: int) -> tuple[AdultLine, ...]:
    """The adults linked to a child, main contact first (who may also make a request).

    Their names and phone numbers are the family's record: the read needs "pupil.view"
    and is audited as a view of the child's family.
    """
    require(actor, "pupil.view")
    lines = _adult_lines(pupil_id)
    viewed(actor, "adults", pupil_id, pupil_id)
    return lines


def _adult_lines(pupil_id: int) -> tuple[AdultLine, ...]:
    return tuple(
        AdultLine(id=link.adult.id, name=link.adult.full_name,
                  relationship=link.relationship or "",
                  parental_responsibility=bool(link.parental_responsibility),
                  phone=link.adult.phone)
        for link in (PupilAdult.select(PupilAdult, Adult).join(Adult)
                     .where(PupilAdult.pupil == pupil_id)
                     .order_by(PupilAdult.priority, Adult.last_name)))


def pupil_page(actor: Actor, pupil_id: int, today: dt.date) -> PupilPage:
    """The child's page for ``actor``; opening it is audited as a view of the child's record."""
    require(actor, "pupil.view")
    pupil = Pupil.get_by_id(pupil_id)
    staff = _staff_names()
    see_notes = _can(actor, "review.notes")
    see_contacts = _can(actor, "contact.log")

    enrolments = list(Enrolment.select(Enrolment, Intervention).join(Intervention)
                      .where(Enrolment.pupil == pupil_id)
                      .order_by(Enrolment.start_date.desc()))
    barred = barred_interventions(actor)
    shown = [e for e in enrolments if not (e.confidential or e.intervention.confidential)
             or (_can(actor, "provision.confidential") and e.intervention_id not in barred)]
    hidden_ids = {e.id for e in enrolments} - {e.id for e in shown}
    reviews: dict[int, list[ReviewLine]] = {}
    if shown:
        for r in (EnrolmentReview.select()
                  .where(EnrolmentReview.enrolment.in_([e.id for e in shown]))
                  .order_by(EnrolmentReview.review_date.desc(), EnrolmentReview.id.desc())):
            reviews.setdefault(r.enrolment_id, []).append(ReviewLine(
                review_date=r.review_date, score=r.score,
                notes=r.notes if see_notes else None,
                reviewed_by=staff.get(r.reviewed_by_id, ""), next_review=r.next_review_date,
                family_told_on=r.family_told_on, family_told_how=r.family_told_how or ""))
    lines = []
    for e in shown:
        current = e.end_date is None or e.end_date >= today
        overdue = current and _review_state(e.next_review_date, today)[0]
        lines.append(EnrolmentLine(
            id=e.id, intervention=e.intervention.name, kind=e.intervention.kind,
            start_date=e.start_date, end_date=e.end_date, staff=e.staff, target=e.target,
            confidential=e.confidential or e.intervention.confidential,
            next_review=e.next_review_date if current else None, overdue=overdue,
            current=current, reviews=tuple(reviews.get(e.id, ()))))
    # Current provision first, then the past, each newest first.
    lines.sort(key=lambda line: not line.current)

    intervention_of = {e.id: e.intervention.name for e in shown}
    placements = list(Placement.select(Placement, Provider).join(Provider)
                      .where(Placement.pupil == pupil_id)
                      .order_by(Placement.start_date.desc()))
    provider_of = {p.id: p.provider.name for p in placements}
    adults: dict[int | None, Adult] = {a.id: a for a in Adult.select().join(PupilAdult)
              .where(PupilAdult.pupil == pupil_id)}
    contacts = []
    for c in (FamilyContact.select().where(FamilyContact.pupil == pupil_id)
              .order_by(FamilyContact.contact_at.desc())):
        if c.enrolment_id in hidden_ids:
            continue  # a contact about confidential provision is as confidential as it
        if c.enrolment_id:
            regarding = intervention_of.get(c.enrolment_id, "")
        elif c.placement_id:
            regarding = provider_of.get(c.placement_id, "")
        else:
            regarding = ""
        adult = adults.get(c.adult_id)
        if adult is None and c.adult_id:
            adult = Adult.get_or_none(Adult.id == c.adult_id)
        contacts.append(ContactLine(
            id=c.id, contact_at=c.contact_at, method=c.method,
            adult=adult.full_name if adult else "", staff=staff.get(c.staff_id, ""),
            regarding=regarding, summary=c.summary if see_contacts else None))

    adult_lines = _adult_lines(pupil_id)
    from flexidesk.policy.providers import placement_alerts  # the provider's state, once

    alerts = placement_alerts(placements, today)

    page = PupilPage(
        id=pupil.id, name=pupil.known_as,
        legal_name=f"{pupil.legal_first_name} {pupil.legal_last_name}", upn=pupil.upn,
        date_of_birth=pupil.date_of_birth, year_group=pupil.year_group,
        class_name=pupil.class_name,
        flags=flags_of(pupil.sen_support, pupil.ehc_plan, pupil.looked_after,
                       pupil.pupil_premium),
        on_roll_date=pupil.on_roll_date, left_date=pupil.left_date,
        adults=adult_lines, enrolments=tuple(lines), contacts=tuple(contacts),
        placements=tuple(PlacementLine(id=p.id, provider=p.provider.name, status=p.status,
                                       start_date=p.start_date, end_date=p.end_date,
                                       next_review=p.next_review_date,
                                       alert=alerts.get(p.id, "")) for p in placements),
        week=week_of(pupil.id, today))
    viewed(actor, "pupil", pupil.id, pupil.id)
    return page



# --- the write path: reviews and family contacts ----------------------------------------------


@dataclass(frozen=True)
class InterventionChoice:
    """An intervention a child can be put in, as the enrolment form lists it."""

    id: int
    name: str
    staff_lead: str
    review_interval_weeks: int
    confidential: bool


def intervention_choices(actor: Actor) -> list[InterventionChoice]:
    """The active interventions, in catalogue order; confidential ones only for those who
    may see them (permission "provision.view")."""
    require(actor, "provision.view")
    barred = barred_interventions(actor)
    return [InterventionChoice(i.id, i.name, i.staff_lead, i.review_interval_weeks,
                               i.confidential)
            for i in (Intervention.select().where(Intervention.active)
                      .order_by(Intervention.sort_order, Intervention.name))
            if i.id not in barred]
