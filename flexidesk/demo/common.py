"""Small helpers the demo's writers share: dates from today, bulk inserts, sampling."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from flexidesk.policy.school.working_days import WorkingCalendar

if TYPE_CHECKING:
    from flexidesk.demo.people import People

CHUNK = 500  # rows per INSERT statement

Progress = Callable[[float, str], None]


class SeedingParts:
    """What each part of the demo's Seeder (a mixin) reads from the Seeder that mixes it in."""

    if TYPE_CHECKING:  # set and defined by flexidesk.demo.seeder.Seeder
        today: dt.date
        stamp: str
        cal: WorkingCalendar
        people: People
        staff: dict[str, int]
        interventions: list[tuple[Any, ...]]
        placed: set[int]

        def _rng(self, part: str) -> random.Random: ...
        def days(self, n: int) -> dt.date: ...
        def wd(self, n: int) -> dt.date: ...
        def _count(self, name: str, n: int) -> None: ...


def academic_year_start(today: dt.date) -> int:
    """The calendar year in which the current school year began (it starts in September)."""
    return today.year if today.month >= 9 else today.year - 1


def weekday_on_or_after(d: dt.date) -> dt.date:
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


def working_day_before(cal: WorkingCalendar, d: dt.date, n: int) -> dt.date:
    """The n-th working day before ``d`` (``d`` itself never counts)."""
    found = 0
    while found < n:
        d -= dt.timedelta(days=1)
        if cal.is_working_day(d):
            found += 1
    return d


def iso(d: dt.date | dt.datetime | None) -> str | None:
    if d is None:
        return None
    return d.isoformat(sep=" ") if isinstance(d, dt.datetime) else d.isoformat()


def bulk(model, fields: Sequence, rows: list[tuple]) -> None:
    """Insert ``rows`` (tuples in ``fields`` order), CHUNK rows per INSERT statement.

    Values are already in stored form (ISO dates, ints, text), so the statement text is
    built once per chunk size and only parameters change: letting Peewee build 500-row
    statements value by value took most of a 40,000-pupil seed. Columns left out get
    their model default, as Model.insert_many would give them.
    """
    given = [f.column_name for f in fields]
    extra = [f for f in model._meta.sorted_fields
             if f.column_name not in given and f.default is not None and not f.primary_key]
    defaults = tuple(_stored(f.default() if callable(f.default) else f.default) for f in extra)
    columns = ", ".join(f'"{name}"' for name in given + [f.column_name for f in extra])
    placeholder = "(" + ", ".join("?" * (len(given) + len(extra))) + ")"
    head = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES '
    database = model._meta.database
    statements: dict[int, str] = {}
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        sql = statements.get(len(chunk))
        if sql is None:
            sql = statements[len(chunk)] = head + ", ".join([placeholder] * len(chunk))
        database.execute_sql(sql, [v for row in chunk for v in (*row, *defaults)])


def _stored(value):
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return iso(value) if not isinstance(value, dt.time) else value.isoformat()
    return value


def weighted_sample(rng: random.Random, items: Sequence, weights: Sequence[float],
                     k: int) -> list:
    """``k`` distinct items, likelier the heavier (Efraimidis-Spirakis keys)."""
    keyed = sorted(((rng.random() ** (1.0 / w), i) for i, w in enumerate(weights)),
                   reverse=True)
    return [items[i] for _key, i in keyed[:k]]


def _weekday_on_or_before(d: dt.date) -> dt.date:
    while d.weekday() >= 5:
        d -= dt.timedelta(days=1)
    return d


#: Six half terms of a fictional local authority's year: (name, first day, last day) as
#: (month, day) anchors, and whether they fall in the second calendar year; a weekend
#: start moves on to the Monday, a weekend end back to the Friday.
_HALF_TERMS = (
    ("Autumn 1", (9, 3), (10, 23), 0), ("Autumn 2", (11, 2), (12, 18), 0),
    ("Spring 1", (1, 5), (2, 13), 1), ("Spring 2", (2, 23), (3, 27), 1),
    ("Summer 1", (4, 13), (5, 22), 1), ("Summer 2", (6, 1), (7, 22), 1),
)


def demo_terms(today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """Realistic term dates from two school years before ``today``'s to the one after it."""
    first_year = academic_year_start(today) - 2
    terms = []
    for year in range(first_year, first_year + 4):
        for name, (sm, sd), (em, ed), offset in _HALF_TERMS:
            start = weekday_on_or_after(dt.date(year + offset, sm, sd))
            end = _weekday_on_or_before(dt.date(year + offset, em, ed))
            terms.append((f"{name} {year}/{(year + 1) % 100:02d}", start, end))
    return terms
