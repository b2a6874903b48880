"""The school census's module "alternative provision placements arranged by schools".

For each placement that ran in the census period, the office enters in its MIS: the setting's
URN, or else its UKPRN, or else its AP setting type (only one of the three); the entry date;
the leaving date; the primary reason the placement was commissioned; and how many sessions a
week the child attends. This lists those items as the office enters them, and refuses to list
a placement missing any, saying what is missing, so that nothing half-known reaches the
census.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flexidesk.i18n import N_, _, format_date
from flexidesk.policy.records.access import Actor, PolicyError, action, require, update, viewed_each
from flexidesk.policy.vocabulary import CENSUS_REASONS, parse_sessions
from flexidesk.store.models import Placement, Provider, Pupil

#: The census items, as the list names what is missing.
ITEM_IDENTITY = N_("URN, UKPRN or setting type")
ITEM_ENTRY = N_("entry date")
ITEM_LEAVING = N_("leaving date")
ITEM_REASON = N_("primary reason")
ITEM_SESSIONS = N_("sessions a week")


@dataclass(frozen=True)
class CensusPeriod:
    """A census and the span of placements it asks about."""

    name: str
    census_day: dt.date
    start: dt.date
    end: dt.date


def _thursday(year: int, month: int, nth: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 7 * (nth - 1))


def census_days(academic_year: int) -> tuple[dt.date, dt.date, dt.date]:
    """Autumn, spring and summer census days of the year starting in September
    ``academic_year``: the first Thursday of October, the third Thursdays of January and May."""
    return (_thursday(academic_year, 10, 1), _thursday(academic_year + 1, 1, 3),
            _thursday(academic_year + 1, 5, 3))


def census_periods(today: dt.date) -> list[CensusPeriod]:
    """The spring and summer censuses of this school year and the last, soonest first: each
    asks about the placements from the day after the census before it to its own day."""
    year = today.year if today.month >= 9 else today.year - 1
    periods = []
    for y in (year, year - 1):
        autumn, spring, summer = census_days(y)
        periods.append(CensusPeriod(_("Spring census {year}").format(year=spring.year), spring,
                                    autumn + dt.timedelta(days=1), spring))
        periods.append(CensusPeriod(_("Summer census {year}").format(year=summer.year), summer,
                                    spring + dt.timedelta(days=1), summer))
    return sorted(periods, key=lambda p: (abs((p.census_day - today).days), p.census_day))


@dataclass(frozen=True)
class CensusLine:
    """One placement as the office enters it in the MIS."""

    placement_id: int
    pupil: str
    upn: str
    provider: str
    identity_kind: str  # 'URN', 'UKPRN' or 'Setting type'
    identity: str  # the number, or the type's code (NFE, OOT, WBP, OTH)
    entry_date: dt.date
    leaving_date: dt.date
    leaving_planned: bool  # the placement runs on: its planned end is the leaving date
    reason: str  # in words
    sessions_a_week: int


@dataclass(frozen=True)
class CensusGap:
    """A placement in the period that cannot be listed yet, and what it lacks."""

    placement_id: int
    pupil: str
    provider: str
    missing: tuple[str, ...]  # in words
    needs_reason: bool = False  # the primary reason is among what is missing


@dataclass(frozen=True)
class CensusList:
    """The census's placements for a period: those complete, and those refused."""

    start: dt.date
    end: dt.date
    lines: tuple[CensusLine, ...]
    incomplete: tuple[CensusGap, ...]


def _identity(provider: Provider) -> tuple[str, str]:
    if provider.ofsted_urn:
        return _("URN"), provider.ofsted_urn
    if provider.ukprn:
        return _("UKPRN"), provider.ukprn
    if provider.ap_setting_type:
        return _("Setting type"), provider.ap_setting_type
    return "", ""


def census_list(actor: Actor, start: dt.date, end: dt.date) -> CensusList:
    """Every placement that ran between ``start`` and ``end`` (a cancelled one never ran),
    each with its census items, or refused with what it lacks (viewing each child is
    recorded)."""
    require(actor, "provider.view")
    if end < start:
        raise PolicyError(_("The census period ends ({end}) before it starts ({start}).")
                          .format(end=format_date(end), start=format_date(start)))
    query = (Placement.select(Placement, Pupil, Provider).join(Pupil)
             .switch(Placement).join(Provider)
             .where((Placement.status != "cancelled") & (Placement.start_date <= end))
             .order_by(Pupil.legal_last_name, Pupil.legal_first_name, Placement.start_date))
    lines, gaps = [], []
    shown: set[int] = set()
    for p in query:
        leaving = p.end_date if p.status == "ended" else (p.end_date or p.planned_end_date)
        if leaving is not None and leaving < start:
            continue
        shown.add(p.pupil_id)
        kind, identity = _identity(p.provider)
        sessions = len(parse_sessions(p.sessions))
        missing = [_(label) for label, absent in (
            (ITEM_IDENTITY, not identity), (ITEM_LEAVING, leaving is None),
            (ITEM_REASON, p.primary_reason not in CENSUS_REASONS),
            (ITEM_SESSIONS, sessions == 0)) if absent]
        if missing:
            gaps.append(CensusGap(p.id, p.pupil.known_as, p.provider.name, tuple(missing),
                                  p.primary_reason not in CENSUS_REASONS))
            continue
        assert leaving is not None  # a missing leaving date is a gap, above
        lines.append(CensusLine(
            placement_id=p.id, pupil=f"{p.pupil.legal_last_name}, {p.pupil.legal_first_name}",
            upn=p.pupil.upn, provider=p.provider.name, identity_kind=kind, identity=identity,
            entry_date=p.start_date, leaving_date=leaving,
            leaving_planned=p.status != "ended", reason=_(CENSUS_REASONS[p.primary_reason]),
            sessions_a_week=sessions))
    viewed_each(actor, "census", shown)
    return CensusList(start, end, tuple(lines), tuple(gaps))


@action("placement.edit")
def record_primary_reason(actor: Actor, placement_id: int, reason: str) -> Placement:
    """Record why a placement was commissioned (a ``CENSUS_REASONS`` code), for the census."""
    placement = Placement.get_or_none(Placement.id == placement_id)
    if placement is None:
        raise PolicyError(_("This placement could not be found. It may have been removed."))
    if reason not in CENSUS_REASONS:
        raise PolicyError(_("Choose the primary reason the placement was commissioned."))
    return update(actor, "placement.primary_reason", placement, primary_reason=reason)
