"""The school year's spans that the provision map counts in: this week, this term, half terms."""

from __future__ import annotations

import datetime as dt


def week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week holding ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def term_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The term holding ``day``: autumn (September to December), spring (January to March) or
    summer (April to August); holidays count with the term before them."""
    if day.month >= 9:
        return dt.date(day.year, 9, 1), dt.date(day.year, 12, 31)
    if day.month <= 3:
        return dt.date(day.year, 1, 1), dt.date(day.year, 3, 31)
    return dt.date(day.year, 4, 1), dt.date(day.year, 8, 31)
