"""A running placement: its reviews, the family's feedback, its end, and a lapse at its provider.

The rules: reviews fall due at least every half term, on a school day; a lapsed check raises
an alert until renewed or the Headteacher says why the placement continues. Commissioning a
placement is ``commission``'s.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from flexidesk.i18n import _, format_date
from flexidesk.policy.ourpolicy import OurPolicy, policy_of
from flexidesk.policy.providers.register import LIVE_PLACEMENT_STATUSES
from flexidesk.policy.provision.reviews import check_review
from flexidesk.policy.records.access import Actor, PolicyError, action, create, update
from flexidesk.policy.school.school_days import require_school_day
from flexidesk.policy.school.working_days import school_calendar
from flexidesk.policy.text import LINE, NOTE, PARAGRAPH, bounded
from flexidesk.policy.week import FULL_TIME_HOURS, SESSION_HOURS, hours_a_week  # noqa: F401
from flexidesk.store.models import (
    CONTACT_METHODS,
    Placement,
    PlacementReview,
)

#: A half term in school days: a placement is reviewed at least this often.
HALF_TERM_SCHOOL_DAYS = 30
#: Kept for the review form's first guess; the calendar decides the real due date.
PLACEMENT_REVIEW_WEEKS = 6


def review_due_after(day: dt.date, policy: OurPolicy | None = None) -> dt.date:
    """The latest a placement's next review may fall: half a term of school days after ``day``
    (or a term, where the placement's version of our policy says so)."""
    days = policy.ap_review_school_days if policy is not None else HALF_TERM_SCHOOL_DAYS
    return school_calendar().add_working_days(day, days)


def _live_placement(placement_id: int) -> Placement:
    placement = Placement.get_or_none(Placement.id == placement_id)
    if placement is None:
        raise PolicyError(_("This placement could not be found. It may have been removed."))
    if placement.status not in LIVE_PLACEMENT_STATUSES:
        raise PolicyError(_("This placement has ended; there is nothing left to review."))
    return placement


def _family_told(told_on: dt.date | None, how: str, feedback: str, review_date: dt.date,
                 today: dt.date) -> tuple[dt.date | None, str, str]:
    feedback = bounded(feedback, _("What the family was told"), PARAGRAPH)
    if told_on is None:
        if feedback:
            raise PolicyError(_("Give the date the family was told."))
        return None, "", ""
    if not feedback:
        raise PolicyError(_("Say what the family was told."))
    if told_on < review_date or told_on > today:
        raise PolicyError(_("The family can only be told after the review, and not in "
                            "the future."))
    if how not in CONTACT_METHODS:
        raise PolicyError(_("Say how the family was told: by phone, email, a meeting or a "
                            "letter."))
    return told_on, how, feedback


@action("placement.edit")
def review_placement(actor: Actor, placement_id: int, review_date: dt.date, score: int, *,
                     attendance_percent: int | None = None, notes: str = "",
                     family_feedback_on: dt.date | None = None, family_feedback: str = "",
                     family_told_how: str = "", next_review_date: dt.date | None = None,
                     today: dt.date | None = None) -> PlacementReview:
    """Record a placement's review with the provider (-2..+2, attendance), how and when the
    family was told (or leave that to record later), and when the next review falls."""
    today = today or dt.date.today()
    placement = _live_placement(placement_id)
    check_review(score, review_date, placement.start_date, today,
                 before_start=_("The review is dated before the placement started ({date})."))
    if attendance_percent is not None and not 0 <= attendance_percent <= 100:
        raise PolicyError(_("Attendance is a percentage, from 0 to 100."))
    told_on, how, feedback = _family_told(family_feedback_on, family_told_how, family_feedback,
                                          review_date, today)
    policy = policy_of(placement.policy_version_id)
    latest = review_due_after(review_date, policy)
    if next_review_date is None:
        next_review_date = latest
    if next_review_date <= review_date:
        raise PolicyError(_("The next review must come after this one."))
    if next_review_date > latest:
        if policy.ap_review_every == "term":
            raise PolicyError(_("Our policy reviews placements at least every term: the next "
                                "review is due by {date}.").format(date=format_date(latest)))
        raise PolicyError(_("Placements are reviewed at least every half term: the next review "
                            "is due by {date}.").format(date=format_date(latest)))
    require_school_day(next_review_date, _("next review"))
    review = create(actor, "placement_review.create", PlacementReview,
                    pupil_id=placement.pupil_id, placement=placement.id,
                    review_date=review_date, score=score, attendance_percent=attendance_percent,
                    notes=bounded(notes, _("Notes"), NOTE), reviewed_by=actor.user_id,
                    family_feedback_on=told_on, family_feedback=feedback, family_told_how=how,
                    next_review_date=next_review_date)
    update(actor, "placement.next_review", placement, pupil_id=placement.pupil_id,
           next_review_date=next_review_date)
    return review


@action("placement.edit")
def record_family_feedback(actor: Actor, review_id: int, told_on: dt.date | None, how: str,
                           feedback: str, *, today: dt.date | None = None) -> PlacementReview:
    """Record, after the event, how and when the family was told of a review."""
    today = today or dt.date.today()
    review = PlacementReview.get_or_none(PlacementReview.id == review_id)
    if review is None:
        raise PolicyError(_("This review could not be found."))
    told_on, how, feedback = _family_told(told_on, how, feedback, review.review_date, today)
    return update(actor, "placement_review.family_feedback", review,
                  pupil_id=review.placement.pupil_id, family_feedback_on=told_on,
                  family_told_how=how, family_feedback=feedback)


def objectives_of(placement: Placement) -> list[str]:
    """The placement's objectives, one a line."""
    return [line.strip(" -\u2022\t") for line in placement.objectives.splitlines()
            if line.strip(" -\u2022\t")]


@action("placement.edit")
def end_placement(actor: Actor, placement_id: int, end_date: dt.date, outcomes: Sequence[str],
                  next_destination: str, *, today: dt.date | None = None) -> Placement:
    """End a placement: the date, the outcome against each objective, where the child goes
    next. No review falls due after it."""
    today = today or dt.date.today()
    placement = Placement.get_or_none(Placement.id == placement_id)
    if placement is None:
        raise PolicyError(_("This placement could not be found. It may have been removed."))
    if placement.status not in LIVE_PLACEMENT_STATUSES:
        raise PolicyError(_("This placement has already ended."))
    if end_date < placement.start_date:
        raise PolicyError(_("The end ({end}) comes before the start ({start}).").format(
            end=format_date(end_date), start=format_date(placement.start_date)))
    if end_date > today:
        raise PolicyError(_("A placement is ended on or after its last day, not before."))
    wanted = objectives_of(placement)
    outcomes = [bounded(o, _("Outcome"), PARAGRAPH) for o in outcomes]
    if len(outcomes) != len(wanted) or not all(outcomes):
        raise PolicyError(_("Give the outcome against each of the {n} objectives.")
                          .format(n=len(wanted)))
    return update(actor, "placement.end", placement, status="ended", end_date=end_date,
                  outcomes=json.dumps(outcomes),
                  next_destination=bounded(next_destination, _("Where the child goes next"),
                                           LINE, required=True),
                  next_review_date=None)


@action("placement.override")
def continue_despite_lapse(actor: Actor, placement_id: int, reason: str, *,
                           today: dt.date | None = None) -> Placement:
    """The Headteacher records why a placement continues although a check at the provider
    has lapsed; the alert is lifted until another check lapses."""
    today = today or dt.date.today()
    placement = Placement.get_or_none(Placement.id == placement_id)
    if placement is None or placement.status not in LIVE_PLACEMENT_STATUSES:
        raise PolicyError(_("Only a running placement can be continued."))
    return update(actor, "placement.continue", placement,
                  continue_reason=bounded(reason, _("Why the placement continues"), PARAGRAPH,
                                          required=True),
                  continue_on=today)


def uncovered_lapses(placement: Placement, status, today: dt.date) -> list:
    """The provider's lapsed checks (``Problem``s) that the placement runs past uncovered.

    A lapse is covered by the Headteacher's reason to continue (or the override the
    placement began with) when that was recorded on or after the lapse. The one rule of a
    lapse that the Providers tab, the child's page and Today all read.
    """
    if placement.status not in LIVE_PLACEMENT_STATUSES or placement.start_date > today:
        return []
    covered = placement.continue_on
    if covered is None and placement.override_justification:
        covered = placement.start_date
    return [p for p in status.problems if p.problem == "expired"
            and not (covered is not None and (p.due is None or p.due <= covered))]


def lapse_alert(placement: Placement, status, today: dt.date) -> str:
    """The alert a placement shows while a check at its provider has lapsed ('' if none)."""
    lapsed = uncovered_lapses(placement, status, today)
    if not lapsed:
        return ""
    return _("Check lapsed at the provider: {items}.").format(
        items="; ".join(p.words() for p in lapsed))


def hours_text(sessions: str, full_time: int = FULL_TIME_HOURS) -> str:
    """'16.5 hours a week (part time)' from a stored schedule; full time beyond
    ``full_time`` hours (the placement's version of our policy says how many)."""
    hours = hours_a_week(sessions.split(","))
    kind = _("full time") if hours > full_time else _("part time")
    return _("{hours} hours a week ({kind})").format(hours=f"{hours:g}", kind=kind)

