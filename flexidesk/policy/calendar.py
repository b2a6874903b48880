"""Working days: Monday to Friday, less the nation's bank holidays and the school's closure days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

REGIONS = ("ENG", "WLS", "SCT", "NIR")


@lru_cache(maxsize=64)
def _bank_holidays(region: str, year: int) -> frozenset[dt.date]:
    import holidays  # costs ~0.1 s to import; only needed once a deadline is counted

    return frozenset(holidays.country_holidays("GB", subdiv=region, years=year).keys())


class WorkingCalendar:
    """A school's working days for one UK nation and its own closure days."""

    def __init__(self, region: str = "ENG", closures: Iterable[dt.date] = ()):
        if region not in REGIONS:
            raise ValueError(f"region must be one of {', '.join(REGIONS)}, not {region!r}")
        self.region = region
        self.closures = frozenset(closures)

    def is_bank_holiday(self, d: dt.date) -> bool:
        """Whether ``d`` is a bank holiday (substitute days included) in this nation."""
        return d in _bank_holidays(self.region, d.year)

    def is_working_day(self, d: dt.date) -> bool:
        """Monday to Friday, not a bank holiday, not a closure day."""
        return d.weekday() < 5 and not self.is_bank_holiday(d) and d not in self.closures

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (``start`` itself never counts); n >= 0."""
        if n < 0:
            raise ValueError("n must not be negative")
        d, found = start, 0
        while found < n:
            d += dt.timedelta(days=1)
            if self.is_working_day(d):
                found += 1
        return d

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """How many working days d there are with a < d <= b (negative when b is before a)."""
        if b < a:
            return -self.working_days_between(b, a)
        count, d = 0, a
        while d < b:
            d += dt.timedelta(days=1)
            if self.is_working_day(d):
                count += 1
        return count

    def on_or_after(self, d: dt.date) -> dt.date:
        """The first working day on or after ``d``."""
        while not self.is_working_day(d):
            d += dt.timedelta(days=1)
        return d

    def decision_due(self, meeting_date: dt.date) -> dt.date:
        """A flexi decision is due on the fifth working day after the meeting."""
        return self.add_working_days(meeting_date, 5)


def school_calendar() -> WorkingCalendar:
    """The calendar of the school in the open database: its nation and its closure days."""
    from flexidesk.store.models import ClosureDay, School

    school = School.select().first()
    region = school.nation if school else "ENG"
    closures = [c.date for c in ClosureDay.select(ClosureDay.date)]
    return WorkingCalendar(region, closures)
