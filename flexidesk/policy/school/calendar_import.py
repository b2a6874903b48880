"""A local authority's published term dates (.ics): what becomes a term, a closure day, or nothing.

Authorities publish one of two shapes: the terms themselves ("Autumn term 2026"), or only the
gaps between them ("Summer holiday", "February half-term", "Bank holiday"). From a calendar
of holidays alone the terms are worked out as the school days between one holiday and the
next, within each academic year (``holiday_terms``). Nothing is saved until the school has
read the summary (``CalendarImport.summary``) and confirmed it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from flexidesk.i18n import N_, _, format_date, ngettext
from flexidesk.policy.records.access import Actor, PolicyError, action
from flexidesk.policy.school.holiday_terms import Holiday, terms_from_holidays
from flexidesk.policy.school.working_days import WorkingCalendar
from flexidesk.policy.text import NAME, date_problem, shown

#: An .ics file bigger than this is not a term-dates calendar.
ICS_MAX_BYTES = 2_000_000

_HOLIDAY_WORDS = re.compile(r"holiday|half[- ]?term|break|vacation|hanner tymor|gwyliau",
                            re.IGNORECASE)
_CLOSURE_WORDS = re.compile(r"inset|training|closed|closure|polling|staff development|"
                            r"bank holiday", re.IGNORECASE)
_BANK_HOLIDAY = re.compile(r"bank holiday|gŵyl banc|gwyl banc", re.IGNORECASE)

NATION_NAMES = {"ENG": N_("England"), "WLS": N_("Wales"), "SCT": N_("Scotland"),
                "NIR": N_("Northern Ireland")}


@dataclass
class CalendarImport:
    """What an .ics file holds, sorted into terms, closure days and what was left aside."""

    terms: list[tuple[str, dt.date, dt.date]] = field(default_factory=list)
    closures: list[tuple[dt.date, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # the names of the events left aside
    #: Each event (or span of days) left aside, and why, as the summary lists it.
    ignored: list[tuple[str, str]] = field(default_factory=list)
    #: The calendar held holidays and no terms: the terms were worked out between them.
    derived: bool = False

    def summary(self) -> str:
        """What would become a term, a closure day, and what is ignored, for the school to
        read before anything is saved (the window and ``import-term-dates`` print it)."""
        lines: list[str] = []
        if self.derived:
            lines += [_("This calendar lists only holidays, so the terms were worked out as the "
                        "school days between them, within each academic year."), ""]
        lines.append(ngettext("{n} term:", "{n} terms:", len(self.terms)).format(
            n=len(self.terms)))
        lines += ["  " + _("{term}: {first} to {last}").format(
            term=name, first=format_date(first), last=format_date(last))
            for name, first, last in self.terms] or ["  " + _("none")]
        lines += [""]
        lines.append(ngettext("{n} closure day:", "{n} closure days:", len(self.closures))
                     .format(n=len(self.closures)))
        lines += ["  " + _("{date}: {reason}").format(date=format_date(day), reason=reason)
                  for day, reason in self.closures] or ["  " + _("none")]
        lines += [""]
        lines.append(ngettext("{n} thing ignored:", "{n} things ignored:", len(self.ignored))
                     .format(n=len(self.ignored)))
        lines += ["  " + _("{what}: {why}").format(what=what, why=why)
                  for what, why in self.ignored] or ["  " + _("none")]
        lines += ["", _("Nothing is saved until you confirm. A term that overlaps one the "
                        "school has already entered, and a closure day it already has, stay "
                        "as the school has them.")]
        return "\n".join(lines)


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _span(first: dt.date, last: dt.date) -> str:
    if first == last:
        return format_date(first)
    return _("{first} to {last}").format(first=format_date(first), last=format_date(last))


def _weekdays(first: dt.date, last: dt.date) -> list[dt.date]:
    days, day = [], first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _events(data: bytes):
    """(summary, first day, last day) of each event; an all-day event's DTEND is the day
    after its last day, as RFC 5545 says."""
    import icalendar

    if len(data) > ICS_MAX_BYTES:
        raise PolicyError(_("This file is too big to be a calendar of term dates."))
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise PolicyError(_("This file is not a calendar FlexiDesk can read (.ics).")) from exc
    for event in calendar.walk("VEVENT"):
        summary = " ".join(str(event.get("SUMMARY", "")).split())[:NAME]
        if event.get("DTSTART") is None:
            continue
        first, last = _event_days(event, summary)
        yield summary, first, last


def _event_days(event, summary: str) -> tuple[dt.date, dt.date]:
    """An event's first and last day; PolicyError naming the event if a date is broken (a
    DTSTART of "2026AB01") or outside the dates FlexiDesk accepts."""
    try:
        start, end = event.get("DTSTART"), event.get("DTEND")
        first = _day(start.dt)
        last = first
        if end is not None:
            last = _day(end.dt)
            last = last - dt.timedelta(days=1) if not isinstance(end.dt, dt.datetime) else last
        last = max(last, first)
    except (ValueError, TypeError, AttributeError, OverflowError) as exc:
        # icalendar's BrokenCalendarProperty is a ValueError; a bare date may have no .dt
        raise PolicyError(_("The calendar's event “{event}” has a start or end date that "
                            "cannot be read. Nothing has been imported; ask for a corrected "
                            "file.").format(event=shown(summary) or "?")) from exc
    for day in (first, last):
        if (problem := date_problem(day)) is not None:
            raise PolicyError(_("The calendar's event “{event}”: {problem}. Nothing has been "
                                "imported.").format(event=shown(summary) or "?",
                                                    problem=problem))
    return first, last


def read_ics(data: bytes, region: str = "ENG") -> CalendarImport:
    """Sort a published term-dates calendar into terms and closure days (nothing is saved).

    Events named as holidays or half terms are the gaps between terms; INSET, training and
    polling days become closure days, and a bank holiday the nation (``region``) already
    has is ignored; other events of a week or more are terms. A calendar of holidays and no
    terms has its terms worked out from the holidays.
    """
    from flexidesk.policy.school.term_dates import TERM_MAX_DAYS

    nation = WorkingCalendar(region)
    found = CalendarImport()
    holidays: list[Holiday] = []
    for summary, first, last in _events(data):
        label = _("{event} ({dates})").format(event=summary or _("(no title)"),
                                              dates=_span(first, last))
        if _HOLIDAY_WORDS.search(summary) and not _CLOSURE_WORDS.search(summary):
            holidays.append(Holiday(summary, first, last))
            found.skipped.append(summary)
        elif _CLOSURE_WORDS.search(summary) and (last - first).days < 7:
            days = _weekdays(first, last)
            known = [d for d in days if _BANK_HOLIDAY.search(summary)
                     and nation.is_bank_holiday(d)]
            found.closures += [(d, summary or _("Closure day")) for d in days if d not in known]
            if known and len(known) == len(days):
                found.skipped.append(summary)
                found.ignored.append((label, _("already a bank holiday in {nation}").format(
                    nation=_(NATION_NAMES.get(region, region)))))
            elif not days:
                found.skipped.append(summary)
                found.ignored.append((label, _("falls at a weekend")))
        elif 7 <= (last - first).days <= TERM_MAX_DAYS:
            found.terms.append((summary, first, last))
        else:
            found.skipped.append(summary)
            found.ignored.append((label, _("longer than a term") if (last - first).days > 7
                                  else _("not a term, a holiday or a closure day")))
    if holidays and not found.terms:
        found.derived = True
        found.terms, left_aside = terms_from_holidays(holidays, TERM_MAX_DAYS)
        found.ignored += left_aside
    found.ignored = [(_("{event} ({dates})").format(event=h.name or _("(no title)"),
                                                    dates=_span(h.first, h.last)),
                      _("a holiday, between terms")) for h in holidays] + found.ignored
    found.terms.sort(key=lambda t: t[1])
    found.closures.sort()
    if not found.terms and not found.closures:
        raise PolicyError(_("No term dates or closure days were found in this calendar."))
    return found


@action("closures.edit")
def import_calendar(actor: Actor, found: CalendarImport) -> tuple[int, int]:
    """Add the imported terms and closure days the school does not have yet, in one go.

    A term overlapping one already entered, or a closure day already entered, is left as
    the school has it. Returns how many terms and closure days were added.
    """
    from flexidesk.policy.school.term_dates import add_closure, add_term
    from flexidesk.store.models import ClosureDay, Term

    added_terms = added_closures = 0
    for name, start, end in found.terms:
        if Term.select().where((Term.start_date <= end) & (Term.end_date >= start)).exists():
            continue
        add_term(actor, name, start, end)
        added_terms += 1
    for day, reason in found.closures:
        if ClosureDay.get_or_none(ClosureDay.date == day) is not None:
            continue
        add_closure(actor, day, reason)
        added_closures += 1
    return added_terms, added_closures
