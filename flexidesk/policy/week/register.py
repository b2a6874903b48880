"""The office's week: for each child not in school all week, the code each session should carry.

The office marks the register in the MIS. This is the sheet it marks from: every child on
roll who spends any session of the week at a provider (B, D or K) or at home under a flexi
agreement (C), with that code in each such session and nothing where the child is in school.
A day the school is shut (a weekend, bank holiday, closure day or holiday) carries no code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flexidesk.policy.records.access import Actor, require, viewed_each
from flexidesk.policy.school.working_days import WorkingCalendar, school_calendar
from flexidesk.policy.week.child_week import (
    IN_SCHOOL,
    ChildWeek,
    build_week,
    commitments_of,
    flexi_commitments,
    placement_commitments,
)
from flexidesk.store.models import Pupil


@dataclass(frozen=True)
class RegisterRow:
    """One child's week as the register should record it."""

    pupil_id: int
    upn: str
    surname: str
    forename: str  # the legal first name, as the MIS holds it
    name: str  # the name staff use
    class_name: str
    codes: tuple[str, ...]  # one a session, Monday morning first; '' in school or shut
    where: tuple[str, ...]  # the provider's name, 'home', or ''


@dataclass(frozen=True)
class RegisterSheet:
    """The week's sheet: its days, which are school days, and a row a child."""

    monday: dt.date
    days: tuple[dt.date, ...]
    open_days: tuple[bool, ...]
    rows: tuple[RegisterRow, ...]

    @property
    def friday(self) -> dt.date:
        return self.days[-1]


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def expected_weeks(monday: dt.date, pupil_ids: set[int] | None = None
                   ) -> dict[int, ChildWeek]:
    """The week from ``monday`` of every child with a commitment running in it (or of the
    children named), whatever their roll: a query for placements, one for agreements."""
    friday = monday + dt.timedelta(days=4)
    commitments = (commitments_of(pupil_ids) if pupil_ids is not None
                   else placement_commitments() + flexi_commitments())
    running = [c for c in commitments if c.overlaps(monday, friday)]
    return {pid: build_week(pid, monday, running) for pid in sorted({c.pupil_id
                                                                     for c in running})}


def _row(pupil: Pupil, week: ChildWeek, open_days: tuple[bool, ...]) -> RegisterRow:
    codes, where = [], []
    for n, place in enumerate(week.sessions):
        away = place.place != IN_SCHOOL and open_days[n // 2]
        codes.append(place.code if away else "")
        where.append((place.where or "home") if away else "")
    return RegisterRow(pupil.id, pupil.upn, pupil.legal_last_name, pupil.legal_first_name,
                       pupil.known_as, pupil.class_name or "", tuple(codes), tuple(where))


def build_sheet(day: dt.date, calendar: WorkingCalendar | None = None) -> RegisterSheet:
    """The sheet for the week holding ``day`` (inside the policy; no view recorded)."""
    calendar = calendar or school_calendar()
    monday = monday_of(day)
    days = tuple(monday + dt.timedelta(days=n) for n in range(5))
    open_days = tuple(calendar.is_school_day(d) for d in days)
    weeks = expected_weeks(monday)
    pupils = (Pupil.select().where(Pupil.id.in_(list(weeks))
                                   & (Pupil.on_roll_date <= days[-1])
                                   & (Pupil.left_date.is_null() | (Pupil.left_date >= monday)))
              .order_by(Pupil.class_name, Pupil.legal_last_name, Pupil.legal_first_name))
    rows = [_row(p, weeks[p.id], open_days) for p in pupils]
    return RegisterSheet(monday, days, open_days, tuple(r for r in rows if any(r.codes)))


def register_sheet(actor: Actor, day: dt.date) -> RegisterSheet:
    """The office's sheet for the week holding ``day`` (each child listed is a recorded view)."""
    require(actor, "pupil.view")
    sheet = build_sheet(day)
    viewed_each(actor, "week_register", {row.pupil_id for row in sheet.rows})
    return sheet
