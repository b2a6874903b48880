"""Today's lines whose rule a tab owns: provider checks, placements past a lapse, overrides
still waiting for their checks, and decision letters owed.

Each reads the very function the tab reads (the provider's due-diligence status, a
placement's uncovered lapses, the flexi request list), so Today and the tab cannot disagree
on what is lapsed, late or due. Each takes the actor and checks the permission its line needs
to be acted on; ``policy.today`` lists them among its sources.
"""

from __future__ import annotations

import datetime as dt

from flexidesk.i18n import _
from flexidesk.policy.due import is_late
from flexidesk.policy.records.access import Actor, require
from flexidesk.policy.today_item import TodayItem, child_names
from flexidesk.store.models import Placement, Provider
from flexidesk.store.query import as_tuples


def provider_checks(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Each check at an active provider that has lapsed (by its expiry or its re-check
    interval) or runs out within 30 days: the Providers tab's own status, item by item."""
    from flexidesk.policy.providers import statuses

    require(actor, "provider.edit")
    names = dict(as_tuples(Provider.select(Provider.id, Provider.name).where(Provider.active)))
    items = []
    for provider_id, status in statuses(today, names).items():
        for problem in status.problems:
            if problem.problem not in ("expired", "expiring"):
                continue
            what = (_("Check lapsed: {item}") if problem.problem == "expired"
                    else _("Check expiring: {item}")).format(item=_(problem.label))
            items.append(TodayItem("provider_check", what, names[provider_id], problem.due,
                                   problem.problem == "expired", "providers", provider_id))
    return items


def _live_placements() -> list[Placement]:
    from flexidesk.policy.providers import LIVE_PLACEMENT_STATUSES

    return list(Placement.select(Placement, Provider).join(Provider)
                .where(Placement.status.in_(LIVE_PLACEMENT_STATUSES)))


def placements_at_lapsed_providers(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Running placements at a provider with a lapsed check that the Headteacher has not
    covered with a reason to continue (since the first such lapse)."""
    from flexidesk.policy.providers import statuses, uncovered_lapses

    require(actor, "placement.edit")
    placements = _live_placements()
    status = statuses(today, {p.provider_id for p in placements})
    lapsed = []
    for p in placements:
        problems = uncovered_lapses(p, status[p.provider_id], today)
        if problems:
            dates = [x.due for x in problems if x.due is not None]
            lapsed.append((p, min(dates) if dates else None))
    names = child_names(p.pupil_id for p, _due in lapsed)
    return [TodayItem("lapsed_placement",
                      _("Placed at {provider}: a check has lapsed").format(
                          provider=p.provider.name),
                      names.get(p.pupil_id, ""), due, True, "providers", p.provider_id)
            for p, due in lapsed]


def override_checks(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Placements made by the Headteacher's override while their provider still lacks
    checks: due on the follow-up date the override set, shown until every check is held."""
    from flexidesk.policy.providers import statuses

    require(actor, "provider.edit")
    placements = [p for p in _live_placements() if p.override_justification]
    status = statuses(today, {p.provider_id for p in placements})
    waiting = [p for p in placements if not status[p.provider_id].ready]
    names = child_names(p.pupil_id for p in waiting)
    items = []
    for p in waiting:
        outstanding = status[p.provider_id].missing + status[p.provider_id].expired
        due = p.checks_due_on or p.start_date
        items.append(TodayItem(
            "override_checks",
            _("Checks still outstanding at {provider} ({n}), placed by override").format(
                provider=p.provider.name, n=outstanding),
            names.get(p.pupil_id, ""), due, is_late(due, today), "providers", p.provider_id))
    return items


def letters_owed(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Decisions whose letter the family has not had: due, and late, exactly as the Flexi
    tab says (the letter is owed within the decision's own five working days)."""
    from flexidesk.policy.flexi.deadlines import request_rows_unrecorded

    require(actor, "document.issue")
    return [TodayItem("letter_owed", _("Decision letter owed"), r.child, r.decision_due,
                      r.letter_late, "flexi", r.id)
            for r in request_rows_unrecorded(actor, today) if r.letter_owed]
