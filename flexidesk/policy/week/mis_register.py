"""The MIS's own register, read from its attendance export and set against the office's week.

Two shapes are read, each with a UPN column: one row a pupil with a column a session
("Mon 30/11/2026 AM", as SIMS's attendance marks export writes them), or one row a session
("Date", "Session" AM/PM, "Mark"). Where the MIS's mark and the code FlexiDesk expects
disagree (a B where the child was at home under a flexi agreement, no C where they were, a B
for a child with no placement that day), the session is listed in plain words. A session
still to come and a day the school is shut are not compared.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flexidesk.i18n import _, format_date
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.records.access import Actor, require, viewed_each
from flexidesk.policy.roster.csv_file import ImportRefused, cell, read_table
from flexidesk.policy.school.working_days import school_calendar
from flexidesk.policy.vocabulary import DAY_LABELS, PART_LABELS
from flexidesk.policy.week.child_week import IN_SCHOOL
from flexidesk.policy.week.register import expected_weeks, monday_of
from flexidesk.store.models import Pupil

#: The codes FlexiDesk knows a session by: the rest (present, late, absences) mean the child
#: was expected in school.
AWAY_CODES = frozenset({"B", "C", "D", "K"})
#: An export spanning more weeks than this is not one week's register.
MAX_WEEKS = 6

_WIDE = re.compile(r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s+)?"
                   r"(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})\s*[-_ ]?\s*(am|pm)\b",
                   re.IGNORECASE)
_UPN = ("upn", "unique pupil number")
_DATE = ("date", "session date", "attendance date")
_PART = ("session", "am/pm", "am pm", "period", "part")
_MARK = ("mark", "code", "attendance mark", "attendance code")
_SURNAME = ("surname", "legal surname", "last name")
_FORENAME = ("forename", "legal forename", "first name")


@dataclass(frozen=True)
class Mark:
    """One session's mark in the MIS."""

    upn: str
    day: dt.date
    part: str  # 'am' or 'pm'
    mark: str  # as the MIS wrote it, upper case ('' when unmarked)
    name: str  # as the export names the pupil ('' when it does not)


def _date(text: str) -> dt.date | None:
    text = text.strip()
    try:
        if "/" in text:
            d, m, y = (int(x) for x in text.split("/"))
            return dt.date(y, m, d)
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().casefold() for h in header]
    return next((lowered.index(n) for n in names if n in lowered), None)


def read_marks(data: bytes) -> list[Mark]:
    """Every session mark in an MIS attendance export (PolicyError if it is not one)."""
    try:
        table = read_table(data)
    except ImportRefused as refused:
        raise PolicyError(_("This file cannot be read as the MIS's attendance export.")
                          + "\n" + "\n".join(refused.lines)) from None
    header = table.header
    upn = _find(header, _UPN)
    if upn is None:
        raise PolicyError(_("The attendance export needs a UPN column, to know each child."))
    surname, forename = _find(header, _SURNAME), _find(header, _FORENAME)

    def name(cells: list[str]) -> str:
        return " ".join(x for x in (cell(cells, forename), cell(cells, surname)) if x)

    marks = []
    wide = [(i, m) for i, h in enumerate(header) if (m := _WIDE.fullmatch(h.strip()))]
    if wide:
        for _line, cells in table.rows:
            for i, match in wide:
                day = _date(match.group(1))
                if day is not None:
                    marks.append(Mark(cell(cells, upn).upper(), day, match.group(2).lower(),
                                      cell(cells, i).upper(), name(cells)))
    else:
        date, part, mark = _find(header, _DATE), _find(header, _PART), _find(header, _MARK)
        if date is None or part is None or mark is None:
            raise PolicyError(_("The attendance export needs either a column a session (such "
                                "as 'Mon 30/11/2026 AM') or the columns Date, Session and "
                                "Mark."))
        bad = []
        for line, cells in table.rows:
            day = _date(cell(cells, date))
            half = cell(cells, part).casefold()
            half = "am" if half in ("am", "morning", "a") else "pm" if half in (
                "pm", "afternoon", "p") else ""
            if day is None or not half:
                bad.append(_("line {n}: the date or the session (AM or PM) cannot be read")
                           .format(n=line))
                continue
            marks.append(Mark(cell(cells, upn).upper(), day, half, cell(cells, mark).upper(),
                              name(cells)))
        if bad:
            raise PolicyError("\n".join(bad[:20]))
    if not marks:
        raise PolicyError(_("The attendance export holds no sessions."))
    return marks


@dataclass(frozen=True)
class Disagreement:
    """One session where the MIS and FlexiDesk disagree, in words."""

    pupil_id: int
    child: str
    upn: str
    day: dt.date
    part: str
    expected: str  # the code FlexiDesk expects ('' in school)
    found: str  # the MIS's mark ('' unmarked)
    why: str


@dataclass(frozen=True)
class RegisterCheck:
    """What the comparison found: the weeks, how many children, and each disagreement."""

    weeks: tuple[dt.date, ...]  # their Mondays
    children: int
    disagreements: tuple[Disagreement, ...]
    unknown: tuple[str, ...]  # UPNs in the export that are no child FlexiDesk knows

    @property
    def agrees(self) -> bool:
        return not self.disagreements and not self.unknown


def _why(expected: str, found: str, where: str) -> str:
    if not expected:
        return _("The MIS has {found}, but FlexiDesk has the child in school: no placement "
                 "or flexi agreement takes that session.").format(found=found)
    if not found:
        return _("Not marked in the MIS; FlexiDesk expects {code} ({where}).").format(
            code=expected, where=where)
    return _("The MIS has {found}; FlexiDesk expects {code} ({where}).").format(
        found=found, code=expected, where=where)


def compare(marks: list[Mark], today: dt.date) -> RegisterCheck:
    """Set the marks against the weeks FlexiDesk expects (no view recorded)."""
    mondays = sorted({monday_of(m.day) for m in marks})
    if len(mondays) > MAX_WEEKS:
        raise PolicyError(_("This export covers {n} weeks; check at most {max} at a time.")
                          .format(n=len(mondays), max=MAX_WEEKS))
    pupils = {p.upn: p for p in Pupil.select().where(Pupil.upn.in_(list({m.upn for m in marks})))}
    weeks = {monday: expected_weeks(monday) for monday in mondays}
    calendar = school_calendar()
    found: list[Disagreement] = []
    unknown = sorted({f"{m.upn} {m.name}".strip() for m in marks if m.upn not in pupils})
    for m in sorted(marks, key=lambda m: (m.upn, m.day, m.part)):
        pupil = pupils.get(m.upn)
        if pupil is None or m.day > today or m.day.weekday() > 4:
            continue
        if not calendar.is_school_day(m.day) or m.day < pupil.on_roll_date or (
                pupil.left_date is not None and m.day >= pupil.left_date):
            continue
        week = weeks[monday_of(m.day)].get(pupil.id)
        session = f"{('mon', 'tue', 'wed', 'thu', 'fri')[m.day.weekday()]}_{m.part}"
        place = week.at(session) if week is not None else None
        expected = place.code if place is not None and place.place != IN_SCHOOL else ""
        mark = m.mark if m.mark in AWAY_CODES or expected else ""
        if (expected or m.mark in AWAY_CODES) and mark != expected:
            where = (place.where or _("at home")) if place is not None else ""
            found.append(Disagreement(pupil.id, pupil.known_as, pupil.upn, m.day, m.part, expected,
                                      m.mark, _why(expected, m.mark, where)))
    children = len({m.upn for m in marks if m.upn in pupils})
    return RegisterCheck(tuple(mondays), children, tuple(found), tuple(unknown))


def check_register(actor: Actor, data: bytes, today: dt.date) -> RegisterCheck:
    """Read the MIS's attendance export and list where it disagrees with FlexiDesk's week
    (each child in a disagreement is a recorded view)."""
    require(actor, "pupil.view")
    result = compare(read_marks(data), today)
    viewed_each(actor, "register_check", {d.pupil_id for d in result.disagreements})
    return result


def session_words(day: dt.date, part: str) -> str:
    """'Monday 30 Nov 2026, morning'."""
    return _("{day} {date}, {part}").format(
        day=_(DAY_LABELS[("mon", "tue", "wed", "thu", "fri")[day.weekday()]]),
        date=format_date(day), part=_(PART_LABELS[part]))
