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

from flexidesk.i18n import _, format_date
from flexidesk.policy.access import (
    Actor,
    PermissionDenied,
    PolicyError,
    action,
    create,
    require,
    update,
    viewed,
)
from flexidesk.policy.access import can as _can
from flexidesk.policy.calendar import school_calendar
from flexidesk.policy.catalogue import barred_interventions, may_see
from flexidesk.policy.reviews import check_review
from flexidesk.policy.text import LINE, NOTE, PARAGRAPH, bounded
from flexidesk.store.models import (
    CONTACT_METHODS,
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

#: A review due within this many days (and not overdue) counts as due soon.
DUE_SOON_DAYS = 7


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

    @property
    def has_provision(self) -> bool:
        return bool(self.interventions)


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
    if next_review is None:
        return False, False
    overdue = next_review < today
    due_soon = not overdue and next_review <= today + dt.timedelta(days=DUE_SOON_DAYS)
    return overdue, due_soon


def _raw(query) -> list[tuple]:
    """A query's rows as SQLite returns them: peewee's per-value conversion costs seconds at
    40,000 pupils, and these columns need none (flags are 0/1, dates are ISO text)."""
    return query.model._meta.database.execute_sql(*query.sql()).fetchall()


def pupil_rows(actor: Actor, today: dt.date) -> list[PupilRow]:
    """Every child on roll with their current interventions and next review (two queries)."""
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
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
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
            overdue=review is not None and review < today,
            due_soon=review is not None and today <= review <= soon))
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
                                       alert=alerts.get(p.id, "")) for p in placements))
    viewed(actor, "pupil", pupil.id, pupil.id)
    return page



# --- the write path: reviews and family contacts ----------------------------------------------


def _enrolment_for(actor: Actor, enrolment_id: int) -> Enrolment:
    enrolment = (Enrolment.select(Enrolment, Intervention).join(Intervention)
                 .where(Enrolment.id == enrolment_id).first())
    if enrolment is None:
        raise PolicyError(_("This provision could not be found. It may have been removed."))
    if not may_see(actor, enrolment.intervention_id,
                   enrolment.confidential or enrolment.intervention.confidential):
        raise PermissionDenied(_("This provision is confidential."))
    return enrolment


def default_next_review(enrolment_id: int, review_date: dt.date) -> dt.date:
    """The next review after one on ``review_date``: the intervention's interval later,
    moved to the next working day if that falls in a holiday or on a closure day."""
    weeks = (Intervention.select(Intervention.review_interval_weeks).join(Enrolment)
             .where(Enrolment.id == enrolment_id).scalar()) or 6
    return school_calendar().on_or_after(review_date + dt.timedelta(weeks=weeks))


@action("provision.edit")
def record_review(actor: Actor, enrolment_id: int, review_date: dt.date, score: int,
                  notes: str = "", next_review_date: dt.date | None = None, *,
                  today: dt.date | None = None) -> EnrolmentReview:
    """Record a review of an intervention's benefit (-2..+2) and move its next review date."""
    today = today or dt.date.today()
    notes = bounded(notes, _("Notes"), NOTE)
    enrolment = _enrolment_for(actor, enrolment_id)
    check_review(score, review_date, enrolment.start_date, today,
                 before_start=_("The review is dated before the provision started ({date})."))
    ended = enrolment.end_date is not None and enrolment.end_date < today
    if next_review_date is None and not ended:
        next_review_date = default_next_review(enrolment_id, review_date)
    if next_review_date is not None and next_review_date <= review_date:
        raise PolicyError(_("The next review must come after this one."))
    review = create(actor, "review.create", EnrolmentReview, pupil_id=enrolment.pupil_id,
                    enrolment=enrolment.id, review_date=review_date, score=score,
                    notes=notes, reviewed_by=actor.user_id,
                    next_review_date=next_review_date)
    if not ended:
        update(actor, "enrolment.next_review", enrolment, next_review_date=next_review_date)
    return review


@action("contact.log")
def log_contact(actor: Actor, pupil_id: int, contact_at: dt.datetime, method: str,
                summary: str, *, adult_id: int | None = None, enrolment_id: int | None = None,
                now: dt.datetime | None = None) -> FamilyContact:
    """Log a contact with the child's family, optionally about one of their interventions."""
    now = now or dt.datetime.now()
    if Pupil.get_or_none(Pupil.id == pupil_id) is None:
        raise PolicyError(_("This child could not be found. They may have been removed."))
    if method not in CONTACT_METHODS:
        raise PolicyError(_("Say how the contact was made."))
    summary = bounded(summary, _("Summary"), PARAGRAPH)
    if not summary:
        raise PolicyError(_("Write a short summary of the contact."))
    if contact_at > now + dt.timedelta(minutes=5):
        raise PolicyError(_("A contact cannot be logged in the future."))
    if adult_id is not None and not PupilAdult.select().where(
            (PupilAdult.pupil == pupil_id) & (PupilAdult.adult == adult_id)).exists():
        raise PolicyError(_("That adult is not linked to this child."))
    if enrolment_id is not None and _enrolment_for(actor, enrolment_id).pupil_id != pupil_id:
        raise PolicyError(_("That provision belongs to another child."))
    return create(actor, "contact.create", FamilyContact, pupil_id=pupil_id, pupil=pupil_id,
                  adult=adult_id, enrolment=enrolment_id,
                  contact_at=contact_at.replace(second=0, microsecond=0), method=method,
                  summary=summary, staff=actor.user_id)


# --- the write path: starting and ending provision ---------------------------------------------


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


@action("provision.edit")
def enrol(actor: Actor, pupil_id: int, intervention_id: int, start_date: dt.date, target: str,
          *, staff: str = "", entry_data: str = "", next_review_date: dt.date | None = None,
          today: dt.date | None = None) -> Enrolment:
    """Put a child in an intervention from ``start_date``, with the target its reviews measure.

    The first review falls one of the intervention's review intervals after the start
    unless a date is given. A child is in an intervention once at a time; provision that
    is confidential (counselling, say) is so for the enrolment too.
    """
    today = today or dt.date.today()
    pupil = Pupil.get_or_none(Pupil.id == pupil_id)
    if pupil is None:
        raise PolicyError(_("This child could not be found. They may have been removed."))
    if pupil.left_date is not None and pupil.left_date < start_date:
        raise PolicyError(_("{child} left the school on {date}.").format(
            child=pupil.known_as, date=format_date(pupil.left_date)))
    intervention = Intervention.get_or_none(Intervention.id == intervention_id)
    if intervention is None or not intervention.active:
        raise PolicyError(_("Choose one of the school's current interventions."))
    if not may_see(actor, intervention.id, intervention.confidential):
        raise PermissionDenied(_("This provision is confidential."))
    target = bounded(target, _("Target"), PARAGRAPH)
    staff = bounded(staff, _("Staff"), LINE, single_line=True)
    entry_data = bounded(entry_data, _("Entry data"), PARAGRAPH)
    if not target:
        raise PolicyError(_("Write the target: what the intervention should change for the "
                            "child, so that its reviews can tell."))
    if start_date > today + dt.timedelta(days=365):
        raise PolicyError(_("The start date is more than a year away."))
    already = (Enrolment.select().where(
        (Enrolment.pupil == pupil_id) & (Enrolment.intervention == intervention_id)
        & (Enrolment.end_date.is_null() | (Enrolment.end_date >= start_date))).exists())
    if already:
        raise PolicyError(_("{child} is already in {intervention}.").format(
            child=pupil.known_as, intervention=intervention.name))
    if next_review_date is None:  # a first review due in a holiday moves to the next working day
        next_review_date = school_calendar().on_or_after(
            start_date + dt.timedelta(weeks=intervention.review_interval_weeks))
    if next_review_date <= start_date:
        raise PolicyError(_("The first review must come after the start date."))
    return create(actor, "enrolment.create", Enrolment, pupil_id=pupil_id, pupil=pupil_id,
                  intervention=intervention_id, start_date=start_date, target=target.strip(),
                  staff=staff.strip() or intervention.staff_lead, entry_data=entry_data.strip(),
                  confidential=intervention.confidential, next_review_date=next_review_date)


@action("provision.edit")
def end_enrolment(actor: Actor, enrolment_id: int, end_date: dt.date, *,
                  exit_data: str = "", today: dt.date | None = None) -> Enrolment:
    """End a child's provision on ``end_date`` (today, or planned for later), noting where
    they got to. Once it has ended no review is due; a planned end keeps a review before it."""
    today = today or dt.date.today()
    enrolment = _enrolment_for(actor, enrolment_id)
    if enrolment.end_date is not None and enrolment.end_date < today:
        raise PolicyError(_("This provision has already ended ({date}).").format(
            date=format_date(enrolment.end_date)))
    if end_date < enrolment.start_date:
        raise PolicyError(_("The provision cannot end before it started ({date}).").format(
            date=format_date(enrolment.start_date)))
    next_review = enrolment.next_review_date
    if end_date <= today or (next_review is not None and next_review > end_date):
        next_review = None  # ended provision has no review left to fall due
    return update(actor, "enrolment.end", enrolment, pupil_id=enrolment.pupil_id,
                  end_date=end_date, exit_data=bounded(exit_data, _("Exit data"), PARAGRAPH),
                  next_review_date=next_review)
