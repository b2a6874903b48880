"""The school calendar as staff edit it: terms and closure days (a local authority's .ics is
read by ``calendar_import``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flexidesk.i18n import _, format_date
from flexidesk.policy.records import access
from flexidesk.policy.records.access import Actor, PolicyError, action
from flexidesk.policy.text import NAME, bounded
from flexidesk.store.models import ClosureDay, Term

#: A term is at most this long; anything longer is a typing mistake (or a whole year).
TERM_MAX_DAYS = 130


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


__all__ = ["TERM_MAX_DAYS", "ClosureLine", "TermLine", "add_closure", "add_term", "closures",
           "edit_term", "remove_closure", "remove_term", "terms"]
