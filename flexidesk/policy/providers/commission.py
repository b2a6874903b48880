"""Commissioning a placement: the terms a placement must have, and the rules it is weighed by.

A retired provider takes no placement; one that is not ready is refused unless the
Headteacher writes why and by when its missing checks will be held; code D only at a
registered school (dual registration needs a school to be registered at); the family's
agreement, a planned end, a maximum length and the primary reason (the census's) are part of
every commission; its sessions book into the child's week (``policy.week``), so a session
already taken by another placement or a flexi agreement is refused with both named; full
time is judged on the child's whole week, "may need to register" on the provider across
children.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from flexidesk.i18n import _, format_date
from flexidesk.policy.ourpolicy import OurPolicy, in_force
from flexidesk.policy.providers.placements import review_due_after
from flexidesk.policy.providers.status import checklist_template, due_diligence_status
from flexidesk.policy.records.access import Actor, PolicyError, action, create, require
from flexidesk.policy.text import LINE, NAME, PARAGRAPH, bounded
from flexidesk.policy.vocabulary import CENSUS_REASONS, format_sessions
from flexidesk.policy.week import (
    FULL_TIME_HOURS,
    Commitment,
    check_booking,
    peak_hours,
    placement_commitments,
)
from flexidesk.store import audit
from flexidesk.store.models import (
    ATTENDANCE_CODES,
    SESSIONS,
    DueDiligenceItem,
    Placement,
    PlacementFunding,
    PlacementSite,
    Provider,
    ProviderSite,
    Pupil,
)

#: An override's missing checks are due within this long of the day it is made.
OVERRIDE_FOLLOW_UP = dt.timedelta(weeks=13)


def registration_warnings(provider_id: int, pupil_id: int | None, hours: float,
                          exclude_placement: int | None = None, *,
                          start: dt.date | None = None, end: dt.date | None = None,
                          full_time: int | None = None) -> list[str]:
    """The rules' warnings for a placement of ``hours`` a week at the provider, from
    ``start`` to ``end`` (None: from today on), judged as the law judges:

    full time on the child's whole week, all their placements together (the school's own
    warning); "may need to register as a school" on the provider, across children, each
    child's hours there added up (five or more full time, or one looked after or with an
    EHC plan).
    """
    warnings = []
    if start is None:  # the running placements: from today on
        start, end = dt.date.today(), None
    # The school's own limit: the version of our policy the placement is (or would be) made
    # under. Registration below keeps the law's measure, which no school policy changes.
    limit = full_time if full_time is not None else in_force(start).full_time_hours
    others = [c for c in placement_commitments(exclude=exclude_placement)
              if c.overlaps(start, end)]
    child_total = hours
    if pupil_id is not None:
        child_total += peak_hours([c for c in others if c.pupil_id == pupil_id], start, end)
    if child_total > limit:
        if child_total == hours:
            warnings.append(_("{hours} hours a week is more than {limit}: this is full-time "
                              "education.").format(hours=f"{hours:g}", limit=limit))
        else:
            warnings.append(_("With the child's other placements, their week holds {hours} "
                              "hours of alternative provision, more than {limit}: this is "
                              "full-time education.").format(hours=f"{child_total:g}",
                                                             limit=limit))
    provider = Provider.get_or_none(Provider.id == provider_id)
    if provider is None or provider.registered_school:
        return warnings
    here: dict[int, list] = {}
    for c in others:
        if c.provider_id == provider_id:
            here.setdefault(c.pupil_id, []).append(c)
    totals = {pid: peak_hours(cs, start, end) for pid, cs in here.items()}
    if pupil_id is not None:
        totals[pupil_id] = totals.get(pupil_id, 0.0) + hours
    full = [pid for pid, h in totals.items() if h > FULL_TIME_HOURS]
    flagged = Pupil.select().where(Pupil.id.in_(full) & (Pupil.looked_after | Pupil.ehc_plan))
    if len(full) >= 5 or (full and flagged.exists()):
        warnings.append(_("{provider} may need to register as an independent school: it would "
                          "educate {n} pupils full time, which the law allows only a "
                          "registered school to do when there are five or more, or one who is "
                          "looked after or has an EHC plan.").format(provider=provider.name,
                                                                      n=len(full)))
    return warnings


def writing_refusal(policy: OurPolicy, in_writing: bool) -> str:
    """Why a placement cannot start yet under ``policy`` for want of the family's written
    agreement ('' when it may). The built-in default asks only for the day the family
    agreed, as FlexiDesk always has."""
    if not policy.family_agrees_in_writing or in_writing:
        return ""
    return _("Our policy asks for the family's agreement in writing before a placement "
             "starts. When the family's signed agreement is back, tick that it is in writing "
             "and place the child.")


def _check_dates(start: dt.date, planned_end: dt.date | None, max_weeks: int | None,
                 family_agreed_on: dt.date | None, la_notified_on: dt.date | None,
                 today: dt.date) -> None:
    if family_agreed_on is None:
        raise PolicyError(_("Record the day the family agreed to the placement: it is arranged "
                            "with the family, not for them."))
    if planned_end is None:
        raise PolicyError(_("Give the planned end: every placement has a timeline and a plan "
                            "to return."))
    if max_weeks is None:
        raise PolicyError(_("Give the placement's maximum length in weeks."))
    if planned_end < start:
        raise PolicyError(_("The planned end ({end}) comes before the start ({start}).").format(
            end=format_date(planned_end), start=format_date(start)))
    if max_weeks <= 0:
        raise PolicyError(_("The maximum length is a number of weeks, at least one."))
    if planned_end > start + dt.timedelta(weeks=max_weeks):
        raise PolicyError(_("The planned end is later than the maximum length of {n} weeks "
                            "allows.").format(n=max_weeks))
    if family_agreed_on > start or family_agreed_on > today:
        raise PolicyError(_("The family must agree before the placement starts, and not on a "
                            "date still to come."))
    if la_notified_on is not None and la_notified_on > today:
        raise PolicyError(_("The local authority cannot have been told on a date still to "
                            "come."))


def _check_provider(provider: Provider | None, attendance_code: str) -> Provider:
    if provider is None:
        raise PolicyError(_("This provider could not be found. It may have been removed."))
    if not provider.active:
        raise PolicyError(_("{provider} has been taken off the school's register, so it takes "
                            "no new placement. Bring it back onto the register first, if its "
                            "checks allow.").format(provider=provider.name))
    if attendance_code not in ATTENDANCE_CODES:
        raise PolicyError(_("Choose the attendance code: B, D or K."))
    if attendance_code == "D" and not provider.registered_school:
        raise PolicyError(_("Code D (dual registered) is only for a child also registered at "
                            "the provider, and {provider} is not a registered school. Use B "
                            "(or K if the local authority arranged it).").format(
            provider=provider.name))
    return provider


def _check_override(reason: str, checks_due_on: dt.date | None, today: dt.date) -> None:
    if not reason:
        return
    if checks_due_on is None:
        raise PolicyError(_("Give the day by which the provider's missing checks will be held: "
                            "Today follows them up from then."))
    if not today <= checks_due_on <= today + OVERRIDE_FOLLOW_UP:
        raise PolicyError(_("The missing checks are due from today to {date} at the latest.")
                          .format(date=format_date(today + OVERRIDE_FOLLOW_UP)))


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
        family_agreed_in_writing: bool = False,
        la_notified_on: dt.date | None = None, override_reason: str = "",
        checks_due_on: dt.date | None = None, primary_reason: str = "",
        today: dt.date | None = None) -> Placement:
    """Place a child with a provider on the agreed terms.

    A provider that is not ready is refused, unless the Headteacher gives ``override_reason``
    and ``checks_due_on``, the day its missing checks are due (kept on the placement and in
    the audit log). ``funding`` is (stream, pence per session); ``primary_reason`` is a
    ``CENSUS_REASONS`` code. Under a version of our policy that asks for the family's
    agreement in writing, a placement is refused until it is recorded as written.
    """
    today = today or dt.date.today()
    pupil = Pupil.get_or_none(Pupil.id == pupil_id)
    if pupil is None:
        raise PolicyError(_("This child could not be found."))
    if pupil.left_date is not None and pupil.left_date <= max(start_date, today):
        raise PolicyError(_("{child} left the school on {date}: a child who has left cannot be "
                            "placed.").format(child=pupil.known_as,
                                              date=format_date(pupil.left_date)))
    provider = _check_provider(Provider.get_or_none(Provider.id == provider_id),
                               attendance_code)
    sites = list(ProviderSite.select().where(ProviderSite.id.in_(list(site_ids))
                                             & (ProviderSite.provider == provider.id)
                                             & ProviderSite.active))
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
    if primary_reason not in CENSUS_REASONS:
        raise PolicyError(_("Choose the primary reason the placement is commissioned (why it "
                            "is arranged, not the child's needs)."))
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
    check_booking(Commitment("placement", 0, pupil.id, frozenset(sessions), attendance_code,
                             start_date, planned_end_date, provider.name, provider.id),
                  pupil.known_as)
    status = due_diligence_status(
        provider, DueDiligenceItem.select().where(DueDiligenceItem.provider == provider.id),
        today, checklist_template(today))
    if not status.ready:
        if not override_reason:
            raise PolicyError(_("{provider} is not ready for a placement: {reason} Only the "
                                "Headteacher may place a child there, with a written reason.")
                              .format(provider=provider.name, reason=status.reason))
        require(actor, "placement.override")
        _check_override(override_reason, checks_due_on, today)
    else:
        override_reason, checks_due_on = "", None  # nothing to override
    policy = in_force(start_date)  # the version of our policy the placement is made under
    refusal = writing_refusal(policy, family_agreed_in_writing)
    if refusal:
        raise PolicyError(refusal)
    placement = create(
        actor, "placement.create", Placement, pupil=pupil.id, provider=provider.id,
        site=sites[0].id if sites else None,
        status="active" if start_date <= today else "planned", start_date=start_date,
        planned_end_date=planned_end_date, max_weeks=max_weeks,
        sessions=format_sessions(sessions), attendance_code=attendance_code,
        cost_pence=sum(p for _s, p in costs), funding_stream=", ".join(s for s, _p in costs),
        la_notified_on=la_notified_on, family_agreed_on=family_agreed_on,
        family_agreed_in_writing=bool(family_agreed_in_writing),
        override_justification=override_reason, checks_due_on=checks_due_on,
        primary_reason=primary_reason, policy_version_id=policy.version_id,
        next_review_date=review_due_after(start_date, policy), **texts)
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
