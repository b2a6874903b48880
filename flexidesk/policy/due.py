"""One rule for "late" and "due": Today, the tabs and their summary lines all ask here.

A thing with a due day is late once that day has passed (due yesterday: late today; due
today: still due), and due soon from today until a week ahead. A check at a provider has
lapsed by the same rule, its due day being its expiry or its re-check, whichever comes first
(``providers.status.item_due``).
"""

from __future__ import annotations

import datetime as dt

#: Due within this many days (and not late) counts as due soon, "this week".
DUE_SOON_DAYS = 7


def is_late(due: dt.date | None, today: dt.date) -> bool:
    """Whether something due on ``due`` is late on ``today`` (its day has passed)."""
    return due is not None and due < today


def is_due_soon(due: dt.date | None, today: dt.date) -> bool:
    """Whether something due on ``due`` falls due from ``today`` to a week ahead."""
    return due is not None and today <= due <= today + dt.timedelta(days=DUE_SOON_DAYS)


def needs_attention(due: dt.date | None, today: dt.date) -> bool:
    """Late, or due within the week: what Today lists."""
    return is_late(due, today) or is_due_soon(due, today)


def soon_until(today: dt.date) -> dt.date:
    """The last day that counts as due soon (for queries: ``due <= soon_until(today)``)."""
    return today + dt.timedelta(days=DUE_SOON_DAYS)
