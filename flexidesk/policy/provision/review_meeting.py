"""The review meeting: the due reviews one after another, each with the child's earlier reviews,
and one action recording the score, the note, the decision, the next date and whether (and
how) the family was told."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flexidesk.i18n import _, format_date
from flexidesk.policy import text
from flexidesk.policy.provision.actions import default_next_review, end_enrolment, record_review
from flexidesk.policy.provision.read import DUE_SOON_DAYS, _staff_names, _visible_enrolments
from flexidesk.policy.records.access import (
    Actor,
    PolicyError,
    action,
    require,
    update,
    viewed_each,
)
from flexidesk.store.models import (
    CONTACT_METHODS,
    Enrolment,
    EnrolmentReview,
    Intervention,
    Pupil,
)

#: What a meeting may decide about a piece of provision.
DECISIONS = ("continue", "end")


@dataclass(frozen=True)
class EarlierReview:
    """A review already recorded, as the meeting sees it beside the form."""

    review_date: dt.date
    score: int
    notes: str
    reviewed_by: str


@dataclass(frozen=True)
class DueReview:
    """One review the meeting should make: whose, what, due when, the target and the history."""

    enrolment_id: int
    pupil_id: int
    child: str
    year_group: int
    intervention: str
    target: str
    due_on: dt.date
    overdue: bool
    suggested_next: dt.date
    earlier: tuple[EarlierReview, ...]


def due_reviews(actor: Actor, today: dt.date) -> list[DueReview]:
    """Reviews overdue or due within the week, the most overdue first (those the role may see).

    Each child's targets and earlier review notes are shown, so the view of each child is
    recorded (docs/reads.md)."""
    require(actor, "provision.edit")
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    rows = list(Enrolment.select(Enrolment, Intervention, Pupil)
                .join(Intervention).switch(Enrolment).join(Pupil)
                .where((Enrolment.end_date.is_null() | (Enrolment.end_date >= today))
                       & (Enrolment.next_review_date <= soon)
                       & (Pupil.left_date.is_null() | (Pupil.left_date > today))
                       & _visible_enrolments(actor))
                .order_by(Enrolment.next_review_date, Pupil.legal_last_name))
    staff = _staff_names()
    history: dict[int, list[EarlierReview]] = {}
    if rows:
        for r in (EnrolmentReview.select()
                  .where(EnrolmentReview.enrolment.in_([e.id for e in rows]))
                  .order_by(EnrolmentReview.review_date.desc())):
            history.setdefault(r.enrolment_id, []).append(EarlierReview(
                r.review_date, r.score, r.notes, staff.get(r.reviewed_by_id, "")))
    out = []
    for e in rows:
        assert e.next_review_date is not None  # the query keeps reviews due by ``soon``
        out.append(DueReview(e.id, e.pupil_id, e.pupil.known_as, e.pupil.year_group,
                             e.intervention.name, e.target, e.next_review_date,
                             e.next_review_date < today,
                             default_next_review(e.id, today),
                             tuple(history.get(e.id, ()))))
    viewed_each(actor, "review_meeting", {e.pupil_id for e in rows}, permission="provision.edit")
    return out


@action("provision.edit")
def record_meeting_review(actor: Actor, enrolment_id: int, *, review_date: dt.date, score: int,
                          notes: str, decision: str, next_review_date: dt.date | None,
                          family_told_how: str = "", family_told_on: dt.date | None = None,
                          today: dt.date | None = None) -> EnrolmentReview:
    """Record one review from the meeting: continue with a next date, or end the provision on
    the review's day; and note whether and how the family was told."""
    today = today or dt.date.today()
    if decision not in DECISIONS:
        raise PolicyError(_("Choose whether the provision continues or ends."))
    notes = text.bounded(notes, _("Note"), text.NOTE)
    if family_told_how and family_told_how not in CONTACT_METHODS:
        raise PolicyError(_("Say how the family was told."))
    if family_told_how and family_told_on is None:
        family_told_on = review_date
    if family_told_on is not None:
        if not family_told_how:
            raise PolicyError(_("Say how the family was told."))
        if family_told_on < review_date or family_told_on > today:
            raise PolicyError(_("The family is told on or after the review, and not in the "
                                "future."))
    if decision == "continue" and next_review_date is None:
        raise PolicyError(_("Give the date of the next review."))
    review = record_review(actor, enrolment_id, review_date, score, notes,
                           next_review_date if decision == "continue" else None, today=today)
    if decision == "end":
        end_enrolment(actor, enrolment_id, review_date, today=today,
                      exit_data=_("Ended at the review on {date}.").format(
                          date=format_date(review_date)))
    if not family_told_how:
        return review
    return update(actor, "review.family_told", review, pupil_id=Enrolment.get_by_id(
        enrolment_id).pupil_id, family_told_on=family_told_on,
        family_told_how=family_told_how)
