"""The school calendar as staff edit it: terms, closure days, and a local authority's .ics import."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from flexidesk.i18n import _, format_date
from flexidesk.policy.records import access
from flexidesk.policy.records.access import Actor, PolicyError, action
from flexidesk.policy.text import NAME, bounded, date_problem, shown
from flexidesk.store.models import ClosureDay, Term

#: An .ics file bigger than this is not a term-dates calendar.
ICS_MAX_BYTES = 2_000_000
#: A term is at most this long; anything longer is a typing mistake (or a whole year).
TERM_MAX_DAYS = 130

_HOLIDAY_WORDS = re.compile(r"holiday|half[- ]?term|break|vacation|hanner tymor|gwyliau",
                            re.IGNORECASE)
_CLOSURE_WORDS = re.compile(r"inset|training|closed|closure|polling|staff development|"
                            r"bank holiday", re.IGNORECASE)


@dataclass(frozen=True)
class TermLine:
    """A term as the calendar editor lists it."""

    id: int
    name: str
    start_date: dt.date
    end_date: dt.date


@dataclass(frozen=True)
class ClosureLine:
    """A closure day as the calendar editor lists it."""

    id: int
    date: dt.date
    reason: str


def terms() -> list[TermLine]:
    """The school's terms, earliest first (no child's data: no permission needed)."""
    return [TermLine(t.id, t.name, t.start_date, t.end_date)
            for t in Term.select().order_by(Term.start_date)]


def closures() -> list[ClosureLine]:
    """The school's closure days, earliest first."""
    return [ClosureLine(c.id, c.date, c.reason)
            for c in ClosureDay.select().order_by(ClosureDay.date)]


def _check_term(name: str, start: dt.date, end: dt.date, *, ignore_id: int | None = None) -> str:
    name = bounded(name, _("Term name"), NAME, single_line=True)
    if end < start:
        raise PolicyError(_("A term cannot end ({end}) before it starts ({start}).").format(
            end=format_date(end), start=format_date(start)))
    if (end - start).days > TERM_MAX_DAYS:
        raise PolicyError(_("A term runs for at most {days} days; enter each term (or half "
                            "term) on its own.").format(days=TERM_MAX_DAYS))
    clash = Term.select().where((Term.start_date <= end) & (Term.end_date >= start))
    if ignore_id is not None:
        clash = clash.where(Term.id != ignore_id)
    other = clash.first()
    if other is not None:
        raise PolicyError(_("These dates overlap {term} ({start} to {end}).").format(
            term=other.name or _("another term"), start=format_date(other.start_date),
            end=format_date(other.end_date)))
    return name


@action("closures.edit")
def add_term(actor: Actor, name: str, start_date: dt.date, end_date: dt.date) -> Term:
    """Enter a term (or half term); the days between terms become school holidays."""
    name = _check_term(name, start_date, end_date)
    return access.create(actor, "term.add", Term, name=name, start_date=start_date,
                         end_date=end_date)


@action("closures.edit")
def edit_term(actor: Actor, term_id: int, name: str, start_date: dt.date,
              end_date: dt.date) -> Term:
    """Change a term's name or dates."""
    term = Term.get_or_none(Term.id == term_id)
    if term is None:
        raise PolicyError(_("This term could not be found. It may have been removed."))
    name = _check_term(name, start_date, end_date, ignore_id=term_id)
    return access.update(actor, "term.edit", term, name=name, start_date=start_date,
                         end_date=end_date)


@action("closures.edit")
def remove_term(actor: Actor, term_id: int) -> None:
    """Remove a term (its days become holidays if other terms remain around it)."""
    term = Term.get_or_none(Term.id == term_id)
    if term is not None:
        access.delete(actor, "term.remove", term)


@action("closures.edit")
def add_closure(actor: Actor, day: dt.date, reason: str) -> ClosureDay:
    """Enter a day the school is shut (INSET, polling day, snow day): not a working day."""
    reason = bounded(reason, _("Reason"), NAME, required=True, single_line=True)
    if ClosureDay.get_or_none(ClosureDay.date == day) is not None:
        raise PolicyError(_("{date} is already a closure day.").format(date=format_date(day)))
    return access.create(actor, "closure.add", ClosureDay, date=day, reason=reason)


@action("closures.edit")
def remove_closure(actor: Actor, closure_id: int) -> None:
    """Remove a closure day (it becomes a working day again, if it is a weekday in term)."""
    closure = ClosureDay.get_or_none(ClosureDay.id == closure_id)
    if closure is not None:
        access.delete(actor, "closure.remove", closure)


# --- importing a local authority's published term dates -------------------------------------


@dataclass
class CalendarImport:
    """What an .ics file holds, sorted into terms, closure days and what was left aside."""

    terms: list[tuple[str, dt.date, dt.date]] = field(default_factory=list)
    closures: list[tuple[dt.date, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


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


def read_ics(data: bytes) -> CalendarImport:
    """Sort a published term-dates calendar into terms and closure days (nothing is saved).

    Events named as holidays or half terms are the gaps between terms and are left out;
    INSET, training and polling days become closure days; other events of a week or more
    are terms. An all-day event's end is the day after its last day, as RFC 5545 says.
    """
    import icalendar

    if len(data) > ICS_MAX_BYTES:
        raise PolicyError(_("This file is too big to be a calendar of term dates."))
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise PolicyError(_("This file is not a calendar FlexiDesk can read (.ics).")) from exc
    found = CalendarImport()
    for event in calendar.walk("VEVENT"):
        summary = " ".join(str(event.get("SUMMARY", "")).split())[:NAME]
        if event.get("DTSTART") is None:
            continue
        first, last = _event_days(event, summary)
        if _HOLIDAY_WORDS.search(summary) and not _CLOSURE_WORDS.search(summary):
            found.skipped.append(summary)
        elif _CLOSURE_WORDS.search(summary) and (last - first).days < 7:
            day = first
            while day <= last:
                if day.weekday() < 5:
                    found.closures.append((day, summary or _("Closure day")))
                day += dt.timedelta(days=1)
        elif 7 <= (last - first).days <= TERM_MAX_DAYS:
            found.terms.append((summary, first, last))
        else:
            found.skipped.append(summary)
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
