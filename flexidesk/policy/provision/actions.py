"""The pastoral provision map, write side: start and end a child's provision, review it, log
family contact. Each is an audited action."""

from __future__ import annotations

import datetime as dt

from flexidesk.i18n import _, format_date, ngettext
from flexidesk.policy.errors import AskFirst
from flexidesk.policy.ourpolicy import in_force
from flexidesk.policy.provision.reviews import check_review
from flexidesk.policy.records.access import (
    Actor,
    PermissionDenied,
    PolicyError,
    action,
    create,
    update,
)
from flexidesk.policy.school.catalogue import may_see
from flexidesk.policy.school.school_days import require_school_day, school_day_after
from flexidesk.policy.text import LINE, NOTE, PARAGRAPH, bounded
from flexidesk.store.models import (
    CONTACT_METHODS,
    Enrolment,
    EnrolmentReview,
    FamilyContact,
    Intervention,
    Pupil,
    PupilAdult,
)

#: A review due within this many days (and not overdue) counts as due soon.



def _enrolment_for(actor: Actor, enrolment_id: int) -> Enrolment:
    enrolment = (Enrolment.select(Enrolment, Intervention).join(Intervention)
                 .where(Enrolment.id == enrolment_id).first())
    if enrolment is None:
        raise PolicyError(_("This provision could not be found. It may have been removed."))
    if not may_see(actor, enrolment.intervention_id,
                   enrolment.confidential or enrolment.intervention.confidential):
        raise PermissionDenied(_("This provision is confidential."))
    return enrolment


def _review_weeks(intervention: Intervention | None, day: dt.date) -> int:
    """The intervention's review rhythm under the policy in force on ``day``."""
    if intervention is None:
        return 6
    return in_force(day).review_weeks_for(intervention.name,
                                           intervention.review_interval_weeks or 6)


def default_next_review(enrolment_id: int, review_date: dt.date) -> dt.date:
    """The next review after one on ``review_date``: the intervention's interval later,
    moved to the next school day if that falls in a holiday or on a closure day."""
    intervention = (Intervention.select(Intervention.name, Intervention.review_interval_weeks)
                    .join(Enrolment).where(Enrolment.id == enrolment_id).first())
    return school_day_after(review_date, weeks=_review_weeks(intervention, review_date))


def default_first_review(intervention_id: int | None, start_date: dt.date) -> dt.date:
    """An enrolment's first review: the intervention's interval after the start, on a school
    day (what the form suggests and what ``enrol`` uses when given none)."""
    intervention = (Intervention.select(Intervention.name, Intervention.review_interval_weeks)
                    .where(Intervention.id == intervention_id).first())
    return school_day_after(start_date, weeks=_review_weeks(intervention, start_date))


def places_taken(intervention_id: int, day: dt.date) -> int:
    """How many children hold a place in the intervention on ``day`` or later."""
    return (Enrolment.select().where((Enrolment.intervention == intervention_id)
                                     & (Enrolment.end_date.is_null()
                                        | (Enrolment.end_date >= day))).count())


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
    if next_review_date is not None:
        if next_review_date <= review_date:
            raise PolicyError(_("The next review must come after this one."))
        require_school_day(next_review_date, _("next review"), after=review_date)
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


@action("provision.edit")
def enrol(actor: Actor, pupil_id: int, intervention_id: int, start_date: dt.date, target: str,
          *, staff: str = "", entry_data: str = "", next_review_date: dt.date | None = None,
          over_capacity: bool = False, today: dt.date | None = None) -> Enrolment:
    """Put a child in an intervention from ``start_date``, with the target its reviews measure.

    The first review falls one of the intervention's review intervals after the start
    unless a date is given; either way it falls on a school day. A child is in an
    intervention once at a time; provision that is confidential (counselling, say) is so
    for the enrolment too. Once its places are all taken, a further child needs
    ``over_capacity`` (``AskFirst`` says so).
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
    if next_review_date is None:  # a first review due in a holiday moves to a school day
        next_review_date = default_first_review(intervention.id, start_date)
    if next_review_date <= start_date:
        raise PolicyError(_("The first review must come after the start date."))
    require_school_day(next_review_date, _("first review"), after=start_date)
    taken = places_taken(intervention.id, start_date)
    if intervention.capacity is not None and taken >= intervention.capacity \
            and not over_capacity:
        raise AskFirst(ngettext(
            "{intervention} has {places} place, {taken} taken from {date}: {child} would be "
            "one more than it has room for. Put {child} in all the same?",
            "{intervention} has {places} places, {taken} taken from {date}: {child} would be "
            "one more than it has room for. Put {child} in all the same?",
            intervention.capacity).format(
            intervention=intervention.name, places=intervention.capacity, taken=taken,
            date=format_date(start_date), child=pupil.known_as))
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
