"""Dates that should fall on a school day: the one check and the one default every form uses.

A review (of provision, of a placement, of a flexi arrangement) is held on a school day, and
no later than a year after the day it follows: a Sunday, Boxing Day or 2099 is refused, with
the next school day named. A suggested date is always a school day, so that no form refuses
its own default.
"""

from __future__ import annotations

import datetime as dt

from flexidesk.i18n import _, format_date
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.school.working_days import WorkingCalendar, school_calendar

#: A review falls at most this long after the day it follows: the longest interval any review
#: has is 52 weeks, and a date later than this is a slip of the keyboard (2099 for 2029).
LONGEST_REVIEW_GAP = dt.timedelta(weeks=53)


def school_day_on_or_after(day: dt.date, calendar: WorkingCalendar | None = None) -> dt.date:
    """``day`` if it is a school day, else the first school day after it."""
    return (calendar or school_calendar()).on_or_after(day)


def school_day_after(day: dt.date, *, weeks: int = 0, days: int = 0,
                     calendar: WorkingCalendar | None = None) -> dt.date:
    """A default date ``weeks`` and ``days`` after ``day``, moved on to a school day."""
    return school_day_on_or_after(day + dt.timedelta(weeks=weeks, days=days), calendar)


def require_school_day(value: dt.date, what: str, *, after: dt.date | None = None,
                       calendar: WorkingCalendar | None = None) -> None:
    """Refuse ``value`` unless it is a school day (and, given ``after``, no more than a year
    after it); the refusal names the next school day. ``what`` names the date ("next
    review")."""
    if after is not None and value > after + LONGEST_REVIEW_GAP:
        raise PolicyError(_("The {what} ({value}) is more than a year after {after}. Please "
                            "check the year.").format(what=what, value=format_date(value),
                                                      after=format_date(after)))
    calendar = calendar or school_calendar()
    if not calendar.is_school_day(value):
        raise PolicyError(_("The {what} ({value}) is not a school day: a weekend, a bank "
                            "holiday, a closure day or in the holidays. The next school day "
                            "is {next}.").format(what=what, value=format_date(value),
                                                 next=format_date(calendar.on_or_after(value))))


def review_series(first: dt.date, weeks: int, count: int,
                  calendar: WorkingCalendar | None = None) -> list[dt.date]:
    """``count`` review dates: ``first`` (moved on to a school day if need be), then each one
    ``weeks`` after the one before, moved on to a school day."""
    calendar = calendar or school_calendar()
    dates = [calendar.on_or_after(first)]
    while len(dates) < count:
        dates.append(calendar.on_or_after(dates[-1] + dt.timedelta(weeks=weeks)))
    return dates
