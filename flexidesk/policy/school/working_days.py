"""Working days: Monday to Friday, less the nation's bank holidays, the school's closure days
and, once its term dates are entered, its holidays."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

REGIONS = ("ENG", "WLS", "SCT", "NIR")


@lru_cache(maxsize=64)
def _bank_holidays(region: str, year: int) -> frozenset[dt.date]:
    # The UK's own module, not holidays.country_holidays: that loads every country's
    # registry (~0.3 s), and Today counts a deadline at start-up.
    from holidays.countries.united_kingdom import UnitedKingdom

    return frozenset(UnitedKingdom(subdiv=region, years=year).keys())


def _nth_after(start: dt.date, n: int, counts) -> dt.date:
    """The n-th day after ``start`` (never ``start`` itself) for which ``counts(day)``."""
    if n < 0:
        raise ValueError("n must not be negative")
    d, found = start, 0
    while found < n:
        d += dt.timedelta(days=1)
        if counts(d):
            found += 1
    return d


class WorkingCalendar:
    """A school's working days for one UK nation, its own closure days and its terms.

    ``terms`` are (first day, last day) pairs. With none, every weekday that is neither a
    bank holiday nor a closure day is a working day; once any is given, the days outside
    them are school holidays too (nobody decides a request in August). Days before the
    first entered term are history the school did not enter, so they are not holidays.
    """

    def __init__(self, region: str = "ENG", closures: Iterable[dt.date] = (),
                 terms: Iterable[tuple[dt.date, dt.date]] = ()):
        if region not in REGIONS:
            raise ValueError(f"region must be one of {', '.join(REGIONS)}, not {region!r}")
        self.region = region
        self.closures = frozenset(closures)
        self.terms = tuple(sorted((start, end) for start, end in terms))

    def in_term(self, d: dt.date) -> bool:
        """Whether ``d`` falls in a term (true with no terms entered, or before the first)."""
        if not self.terms or d < self.terms[0][0]:
            return True
        index = bisect.bisect_right(self.terms, (d, dt.date.max)) - 1
        return index >= 0 and self.terms[index][0] <= d <= self.terms[index][1]

    def is_holiday(self, d: dt.date) -> bool:
        """Whether ``d`` is in a school holiday (between terms, or outside every term)."""
        return not self.in_term(d)

    def is_bank_holiday(self, d: dt.date) -> bool:
        """Whether ``d`` is a bank holiday (substitute days included) in this nation."""
        return d in _bank_holidays(self.region, d.year)

    def is_working_day(self, d: dt.date) -> bool:
        """Monday to Friday, not a bank holiday, not a closure day, not a school holiday."""
        return (d.weekday() < 5 and d not in self.closures and self.in_term(d)
                and not self.is_bank_holiday(d))

    def is_school_day(self, d: dt.date) -> bool:
        """A day a review, a meeting or a start may fall on: a working day, or past the last
        entered term a weekday that is no bank holiday or closure (the terms not entered yet
        are unknown, and a count must still end). Every default date and every check of a
        date that should be a school day asks this, so no form refuses its own default."""
        if self.is_working_day(d):
            return True
        return (bool(self.terms) and d > self.terms[-1][1] and d.weekday() < 5
                and d not in self.closures and not self.is_bank_holiday(d))

    def on_or_after(self, d: dt.date) -> dt.date:
        """The first working day on or after ``d`` (a review falling in a holiday moves on)."""
        while not self.is_school_day(d):
            d += dt.timedelta(days=1)
        return d

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (``start`` itself never counts); n >= 0.

        Past the last entered term no day would count, so from there on only weekends,
        bank holidays and closures are skipped rather than searching for ever.
        """
        return _nth_after(start, n, self.is_school_day)

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """How many working days d there are with a < d <= b (negative when b is before a)."""
        if b < a:
            return -self.working_days_between(b, a)
        count, d = 0, a
        while d < b:
            d += dt.timedelta(days=1)
            if self.is_school_day(d):
                count += 1
        return count

    def is_weekday(self, d: dt.date) -> bool:
        """Monday to Friday, not a bank holiday nor a closure day (school holidays count)."""
        return d.weekday() < 5 and d not in self.closures and not self.is_bank_holiday(d)

    def add_weekdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th weekday after ``start`` that is no bank holiday or closure (holidays count:
        a school whose policy promises working days, not school days)."""
        return _nth_after(start, n, self.is_weekday)

    def weekdays_between(self, a: dt.date, b: dt.date) -> int:
        """How many such weekdays d there are with a < d <= b (negative when b is before a)."""
        if b < a:
            return -self.weekdays_between(b, a)
        return sum(1 for i in range(1, (b - a).days + 1)
                   if self.is_weekday(a + dt.timedelta(days=i)))

    def decision_due(self, meeting_date: dt.date) -> dt.date:
        """A flexi decision is due on the fifth working day after the meeting."""
        return self.add_working_days(meeting_date, 5)


def school_calendar() -> WorkingCalendar:
    """The calendar of the school in the open database: its nation, closure days and terms."""
    from flexidesk.policy.school.terms import entered_spans
    from flexidesk.store.models import ClosureDay, School

    school = School.select().first()
    region = school.nation if school else "ENG"
    closures = [c.date for c in ClosureDay.select(ClosureDay.date)]
    return WorkingCalendar(region, closures, entered_spans())
