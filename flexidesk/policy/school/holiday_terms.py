"""Terms worked out from a calendar of holidays: the school days between one holiday and the next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flexidesk.i18n import N_, _, format_date

SEASONS = {"autumn": N_("Autumn"), "spring": N_("Spring"), "summer": N_("Summer")}
#: An English or Welsh school year of six half terms, in order.
SIX_HALVES = (("autumn", 1), ("autumn", 2), ("spring", 1), ("spring", 2), ("summer", 1),
              ("summer", 2))


@dataclass(frozen=True)
class Holiday:
    """A holiday as a calendar gives it: its name, first and last day."""

    name: str
    first: dt.date
    last: dt.date


def academic_year(day: dt.date) -> int:
    """The year in which the academic year holding ``day`` began (it runs from 1 September)."""
    return day.year if day.month >= 9 else day.year - 1


def _next_weekday(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _previous_weekday(day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _merged(holidays: list[Holiday]) -> list[Holiday]:
    """Holidays in date order, those that overlap or meet across a weekend made one."""
    out: list[Holiday] = []
    for h in sorted(holidays, key=lambda h: (h.first, h.last)):
        if out and _next_weekday(out[-1].last) >= h.first:
            last = out[-1]
            out[-1] = Holiday(last.name, last.first, max(last.last, h.last))
        else:
            out.append(h)
    return out


def _season(day: dt.date) -> str:
    if day.month >= 8:
        return "autumn"
    return "spring" if day.month <= 3 else "summer"


def _names(terms: list[tuple[dt.date, dt.date]]) -> list[str]:
    """'Autumn 1 2026/27'...: by place when the year has its six half terms, else by season."""
    year = academic_year(terms[0][0])
    years = f"{year}/{(year + 1) % 100:02d}"
    if len(terms) == len(SIX_HALVES):
        parts = list(SIX_HALVES)
    else:
        seasons = [_season(first) for first, _last in terms]
        parts = [(s, seasons[:i + 1].count(s) if seasons.count(s) > 1 else 0)
                 for i, s in enumerate(seasons)]
    return [(_("{season} {n} {years}") if n else _("{season} {years}")).format(
        season=_(SEASONS[season]), n=n, years=years) for season, n in parts]


def terms_from_holidays(holidays: list[Holiday], longest: int
                        ) -> tuple[list[tuple[str, dt.date, dt.date]], list[tuple[str, str]]]:
    """The terms between ``holidays`` (name, first day, last day), and the gaps left aside.

    A term runs from the first weekday after one holiday to the last weekday before the
    next. A gap that crosses the end of an academic year (no summer holiday given), or is
    longer than ``longest`` days (a holiday missing), is not made a term: the second list
    says so, for the summary. Nothing before the first holiday or after the last is known.
    """
    spans: list[tuple[dt.date, dt.date]] = []
    left_aside: list[tuple[str, str]] = []
    merged = _merged(holidays)
    for before, after in zip(merged, merged[1:], strict=False):
        first, last = _next_weekday(before.last), _previous_weekday(after.first)
        if first > last:
            continue
        what = _("The school days from {first} to {last}").format(
            first=format_date(first), last=format_date(last))
        if academic_year(first) != academic_year(last):
            left_aside.append((what, _("they run from one school year into the next, and the "
                                       "calendar gives no summer holiday between them")))
        elif (last - first).days > longest:
            left_aside.append((what, _("too long for one term: is a holiday missing from the "
                                       "calendar?")))
        else:
            spans.append((first, last))
    by_year: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for first, last in spans:
        by_year.setdefault(academic_year(first), []).append((first, last))
    terms = [(name, first, last) for year_terms in by_year.values()
             for name, (first, last) in zip(_names(year_terms), year_terms, strict=True)]
    return terms, left_aside
