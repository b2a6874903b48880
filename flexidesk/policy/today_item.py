"""One line of Today: what needs someone, for whom, since when, and where it is done.

Apart from ``today`` (which gathers the lines) so that ``today_shared`` (the lines whose rule
a tab owns) can build them without importing the module that imports it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flexidesk.i18n import _, format_date
from flexidesk.store.models import Pupil
from flexidesk.store.query import as_tuples


@dataclass(frozen=True, slots=True)
class TodayItem:
    """One thing that needs someone: what, for whom, since when, and where it is done."""

    kind: str  # a code from SOURCES, e.g. "provision_review"
    what: str
    who: str
    due_on: dt.date | None  # the day it fell (or falls) due; None when it never happened
    late: bool
    tab: str  # where Enter goes: provision, providers, flexi, rights, retention, backup, reports
    record_id: int | None

    @property
    def order(self) -> tuple:
        """Where the line stands in Today: soonest first, late ones ahead on the same day."""
        return (self.due_on or dt.date.min, not self.late, self.what, self.who)

    @property
    def when_text(self) -> str:
        """'overdue since 3 Nov 2026' when late, 'due 5 Dec 2026' when not, 'never' with no
        date. A late line says so in words, not only in red, for those who cannot see red."""
        if self.due_on is None:
            return _("overdue: never done")
        if self.late:
            return _("overdue since {date}").format(date=format_date(self.due_on))
        return _("due {date}").format(date=format_date(self.due_on))


def child_names(pupil_ids) -> dict[int, str]:
    """Each child's name as Today shows it (preferred first name and surname), by id."""
    ids = set(pupil_ids)
    if not ids:
        return {}
    return {pid: f"{preferred or first} {last}" for pid, first, preferred, last in
            as_tuples(Pupil.select(Pupil.id, Pupil.legal_first_name, Pupil.preferred_name,
                         Pupil.legal_last_name).where(Pupil.id.in_(ids)))}
