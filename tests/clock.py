"""The one "today" every test runs on, whatever the machine's own date.

Monday 30 November 2026, 10:00 in London: an ordinary school day in the autumn term, not a
bank holiday in any UK nation, with a working week before and after it. The autouse fixture
in ``tests/conftest.py`` moves Python's clock there (time-machine, ticking on from 10:00), so
the product's own ``datetime.date.today()`` agrees with ``TODAY`` below. A test that is about
an awkward day (a Sunday, 29 February, August) travels there itself with ``travel_to``.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2026, 11, 30)
NOW = dt.datetime(2026, 11, 30, 10, 0, tzinfo=LONDON)


def travel_to(day: dt.date, hour: int = 10) -> time_machine.travel:
    """A clock standing at ``hour`` o'clock on ``day`` (use as a context manager or decorator)."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON), tick=True)
