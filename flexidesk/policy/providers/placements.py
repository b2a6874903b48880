"""A placement's life: commission (with the Headteacher's override), review, family feedback, end.

The rules: a provider that is not ready is refused unless the Headteacher writes why; more
than 18 hours a week is full time; reviews fall due at least every half term, counted in
school days; a lapsed check raises an alert until renewed or the Headteacher says why the
placement continues.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from flexidesk.i18n import _, format_date
from flexidesk.policy.providers.register import LIVE_PLACEMENT_STATUSES
from flexidesk.policy.providers.status import checklist_template, due_diligence_status
from flexidesk.policy.provision.reviews import check_review
from flexidesk.policy.records.access import Actor, PolicyError, action, create, require, update
from flexidesk.policy.school.working_days import school_calendar
from flexidesk.policy.text import LINE, NAME, NOTE, PARAGRAPH, bounded
from flexidesk.policy.vocabulary import format_sessions
from flexidesk.store import audit
from flexidesk.store.models import (
    ATTENDANCE_CODES,
    CONTACT_METHODS,
    SESSIONS,
    DueDiligenceItem,
    Placement,
    PlacementFunding,
    PlacementReview,
    PlacementSite,
    Provider,
    ProviderSite,
    Pupil,
)

#: Hours in a morning and an afternoon session at a provider.
SESSION_HOURS = {"am": 3.0, "pm": 2.5}
#: More hours a week than this is full-time education.
FULL_TIME_HOURS = 18
#: A half term in school days: a placement is reviewed at least this often.
HALF_TERM_SCHOOL_DAYS = 30
#: Kept for the review form's first guess; the calendar decides the real due date.
PLACEMENT_REVIEW_WEEKS = 6


def hours_a_week(sessions: Iterable[str]) -> float:
    """The hours a week of a schedule of session codes ('mon_am', ...)."""
    return sum(SESSION_HOURS[code.split("_")[1]] for code in sessions if code in SESSIONS)


def review_due_after(day: dt.date) -> dt.date:
    """The latest a placement's next review may fall: half a term of school days after ``day``."""
    return school_calendar().add_working_days(day, HALF_TERM_SCHOOL_DAYS)


def registration_warnings(provider_id: int, pupil_id: int | None, hours: float,
                          exclude_placement: int | None = None) -> list[str]:
    """The rules' warnings for a placement of ``hours`` a week at the provider."""
    warnings = []
    full_time = hours > FULL_TIME_HOURS
    if full_time:
        warnings.append(_("{hours} hours a week is more than {limit}: this is full-time "
                          "education.").format(hours=f"{hours:g}", limit=FULL_TIME_HOURS))
    provider = Provider.get_or_none(Provider.id == provider_id)
    if provider is None or provider.registered_school:
        return warnings
    others = (Placement.select(Placement, Pupil).join(Pupil)
              .where((Placement.provider == provider_id)
                     & Placement.status.in_(LIVE_PLACEMENT_STATUSES)))
    pupils = [(p.pupil, hours_a_week(p.sessions.split(","))) for p in others
              if p.id != exclude_placement]
    if full_time and pupil_id is not None:
        pupils.append((Pupil.get_by_id(pupil_id), hours))
    full = [pupil for pupil, h in pupils if h > FULL_TIME_HOURS]
    if len(full) >= 5 or any(p.looked_after or p.ehc_plan for p in full):
        warnings.append(_("{provider} may need to register as an independent school: it would "
                          "educate {n} pupils full time, which the law allows only a "
                          "registered school to do when there are five or more, or one who is "
                          "looked after or has an EHC plan.").format(provider=provider.name,
                                                                      n=len(full)))
    return warnings


def _check_dates(start: dt.date, planned_end: dt.date | None, max_weeks: int | None,
                 family_agreed_on: dt.date | None, la_notified_on: dt.date | None,
                 today: dt.date) -> None:
    if planned_end is not None and planned_end < start:
        raise PolicyError(_("The planned end ({end}) comes before the start ({start}).").format(
            end=format_date(planned_end), start=format_date(start)))
    if max_weeks is not None:
        if max_weeks <= 0:
            raise PolicyError(_("The maximum length is a number of weeks, at least one."))
        if planned_end is not None and planned_end > start + dt.timedelta(weeks=max_weeks):
            raise PolicyError(_("The planned end is later than the maximum length of {n} weeks "
                                "allows.").format(n=max_weeks))
    if family_agreed_on is not None and (family_agreed_on > start or family_agreed_on > today):
        raise PolicyError(_("The family must agree before the placement starts, and not on a "
                            "date still to come."))
    if la_notified_on is not None and la_notified_on > today:
        raise PolicyError(_("The local authority cannot have been told on a date still to "
                            "come."))


def _overlapping(pupil_id: int, provider_id: int, start: dt.date, end: dt.date | None) -> bool:
    for other in Placement.select().where(
            (Placement.pupil == pupil_id) & (Placement.provider == provider_id)
            & (Placement.status != "cancelled")):
        other_end = other.end_date or other.planned_end_date
        if (other_end is None or start <= other_end) and (end is None
                                                         or other.start_date <= end):
            return True
    return False


@action("placement.edit")
def commission_placement(
        actor: Actor, pupil_id: int, provider_id: int, *, site_ids: Sequence[int],
        start_date: dt.date, planned_end_date: dt.date | None, max_weeks: int | None,
        sessions: Sequence[str], attendance_code: str, attendance_sender: str,
        attendance_reporting: str = "", funding: Sequence[tuple[str, int]] = (),
        objectives: str, return_plan: str, family_agreed_on: dt.date | None,
        la_notified_on: dt.date | None = None, override_reason: str = "",
        today: dt.date | None = None) -> Placement:
    """Place a child with a provider on the agreed terms.

    A provider that is not ready is refused, unless the Headteacher gives ``override_reason``
    (kept on the placement and in the audit log). ``funding`` is (stream, pence per session).
    """
    today = today or dt.date.today()
    pupil = Pupil.get_or_none(Pupil.id == pupil_id)
    if pupil is None:
        raise PolicyError(_("This child could not be found."))
    if pupil.left_date is not None and pupil.left_date <= max(start_date, today):
        raise PolicyError(_("{child} left the school on {date}: a child who has left cannot be "
                            "placed.").format(child=pupil.known_as,
                                              date=format_date(pupil.left_date)))
    provider = Provider.get_or_none(Provider.id == provider_id)
    if provider is None:
        raise PolicyError(_("This provider could not be found. It may have been removed."))
    sites = list(ProviderSite.select().where(ProviderSite.id.in_(list(site_ids))
                                             & (ProviderSite.provider == provider.id)))
    if not site_ids or len(sites) != len(set(site_ids)):
        raise PolicyError(_("Choose every site of {provider} the child may attend.")
                          .format(provider=provider.name))
    _check_dates(start_date, planned_end_date, max_weeks, family_agreed_on, la_notified_on,
                 today)
    unknown = set(sessions) - set(SESSIONS)
    if unknown:
        raise PolicyError(_("A placement's week has at most five days, Monday to Friday, each "
                            "a morning and an afternoon."))
    if not sessions:
        raise PolicyError(_("Tick the sessions the child spends at the provider each week."))
    if attendance_code not in ATTENDANCE_CODES:
        raise PolicyError(_("Choose the attendance code: B, D or K."))
    costs = []
    for stream, pence in funding:
        if pence < 0:
            raise PolicyError(_("A cost cannot be negative."))
        costs.append((bounded(stream, _("Funding stream"), NAME, required=True,
                              single_line=True), int(pence)))
    texts: dict[str, Any] = dict(  # model fields, passed as keywords
        objectives=bounded(objectives, _("Objectives"), PARAGRAPH, required=True),
        return_plan=bounded(return_plan, _("Plan for returning to school"), PARAGRAPH,
                            required=True),
        attendance_sender=bounded(attendance_sender, _("Who sends the daily attendance"), NAME,
                                  required=True, single_line=True),
        attendance_reporting=bounded(attendance_reporting, _("How attendance is reported"),
                                     LINE))
    override_reason = bounded(override_reason, _("Reason for the override"), PARAGRAPH)
    if _overlapping(pupil.id, provider.id, start_date, planned_end_date):
        raise PolicyError(_("{child} already has a placement at {provider} over those dates.")
                          .format(child=pupil.known_as, provider=provider.name))
    status = due_diligence_status(
        provider, DueDiligenceItem.select().where(DueDiligenceItem.provider == provider.id),
        today, checklist_template())
    if not status.ready:
        if not override_reason:
            raise PolicyError(_("{provider} is not ready for a placement: {reason} Only the "
                                "Headteacher may place a child there, with a written reason.")
                              .format(provider=provider.name, reason=status.reason))
        require(actor, "placement.override")
    else:
        override_reason = ""  # nothing to override
    placement = create(
        actor, "placement.create", Placement, pupil=pupil.id, provider=provider.id,
        site=sites[0].id if sites else None,
        status="active" if start_date <= today else "planned", start_date=start_date,
        planned_end_date=planned_end_date, max_weeks=max_weeks,
        sessions=format_sessions(sessions), attendance_code=attendance_code,
        cost_pence=sum(p for _s, p in costs), funding_stream=", ".join(s for s, _p in costs),
        la_notified_on=la_notified_on, family_agreed_on=family_agreed_on,
        override_justification=override_reason,
        next_review_date=review_due_after(start_date), **texts)
    for site in sorted(sites, key=lambda s: s.id):
        create(actor, "placement_site.create", PlacementSite, pupil_id=pupil.id,
               placement=placement.id, site=site.id)
    for stream, pence in costs:
        create(actor, "placement_funding.create", PlacementFunding, pupil_id=pupil.id,
               placement=placement.id, stream=stream, pence=pence)
    if override_reason:
        audit.record(actor.username, "placement.override", "placement", placement.id,
                     pupil_id=pupil.id, after={"reason": override_reason,
                                               "provider_state": status.reason})
    return placement


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
    latest = review_due_after(review_date)
    if next_review_date is None:
        next_review_date = latest
    if next_review_date <= review_date:
        raise PolicyError(_("The next review must come after this one."))
    if next_review_date > latest:
        raise PolicyError(_("Placements are reviewed at least every half term: the next review "
                            "is due by {date}.").format(date=format_date(latest)))
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


def hours_text(sessions: str) -> str:
    """'16.5 hours a week (part time)' from a stored schedule."""
    hours = hours_a_week(sessions.split(","))
    kind = _("full time") if hours > FULL_TIME_HOURS else _("part time")
    return _("{hours} hours a week ({kind})").format(hours=f"{hours:g}", kind=kind)

