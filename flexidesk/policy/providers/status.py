"""Is a provider ready? The school's checklist template, each item's due date, and the state in words.

A provider is ready for a placement when every item on the school's checklist is held (and
in date, re-checked when its interval says so) or does not apply. The status is computed
here, once, so the window, the letters and the placement checks all agree on it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flexidesk.i18n import _, format_date, ngettext
from flexidesk.policy.due import is_late
from flexidesk.policy.ourpolicy.versions import checklist_in_force
from flexidesk.policy.vocabulary import CHECKLIST, DEFAULT_RECHECK_MONTHS

#: An item expiring within this many days is flagged while the provider is still ready.
EXPIRY_WARNING_DAYS = 30

READY, EXPIRING, NOT_READY = "ready", "expiring", "not_ready"


@dataclass(frozen=True)
class TemplateItem:
    """One item the school asks every provider for, and how often it must be looked at again."""

    code: str
    label: str  # as stored; translate with _() where shown
    recheck_months: int | None = None


def default_template() -> tuple[TemplateItem, ...]:
    """The checklist the school starts with (the local authority's usual one)."""
    return tuple(TemplateItem(code, label, DEFAULT_RECHECK_MONTHS.get(code))
                 for code, label in CHECKLIST.items())


def checklist_template(on: dt.date | None = None) -> tuple[TemplateItem, ...]:
    """The school's checklist under the policy in force on ``on`` (today by default): the
    version's own, or before any version the one edited here, else the default."""
    return tuple(TemplateItem(code, label, months)
                 for code, label, months in checklist_in_force(on or dt.date.today()))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def item_due(status: str, expires_on: dt.date | None, checked_on: dt.date | None,
             recheck_months: int | None) -> dt.date | None:
    """When a held item next needs attention: its expiry or its re-check, whichever is first."""
    if status != "held":
        return expires_on if status == "expired" else None
    dates = [d for d in (expires_on,
                         add_months(checked_on, recheck_months)
                         if checked_on and recheck_months else None) if d is not None]
    return min(dates) if dates else None


def item_problem(status: str, expires_on: dt.date | None, today: dt.date, *,
                 checked_on: dt.date | None = None,
                 recheck_months: int | None = None) -> str | None:
    """What is wrong with one checklist item: 'missing', 'expired', 'expiring' or None."""
    if status == "not_applicable":
        return None
    if status in ("missing", "requested"):
        return "missing"
    due = item_due(status, expires_on, checked_on, recheck_months)
    if status == "expired" or is_late(due, today):
        return "expired"
    if due is not None and due <= today + dt.timedelta(days=EXPIRY_WARNING_DAYS):
        return "expiring"
    return None


@dataclass(frozen=True)
class Problem:
    """One item standing in the way of (or about to stand in the way of) a placement."""

    code: str
    label: str
    problem: str  # 'missing', 'expired' or 'expiring'
    due: dt.date | None  # when it expired (or will), if known

    def words(self) -> str:
        """'Insurance certificates: expired on 3 Nov 2026' and the like."""
        if self.problem == "missing":
            return _("{item}: not held").format(item=_(self.label))
        if self.problem == "expired":
            if self.due is None:
                return _("{item}: expired").format(item=_(self.label))
            return _("{item}: expired on {date}").format(item=_(self.label),
                                                        date=format_date(self.due))
        return _("{item}: expires on {date}").format(item=_(self.label),
                                                    date=format_date(self.due))


@dataclass(frozen=True)
class DueDiligenceStatus:
    """How a provider's checklist stands today."""

    missing: int
    expired: int
    expiring: int
    next_expiry: dt.date | None
    problems: tuple[Problem, ...] = field(default=())
    retired: bool = False

    @property
    def ready(self) -> bool:
        return self.missing == 0 and self.expired == 0 and not self.retired

    @property
    def state(self) -> str:
        """READY, EXPIRING (ready, but something runs out within 30 days) or NOT_READY."""
        if not self.ready:
            return NOT_READY
        return EXPIRING if self.expiring else READY

    @property
    def state_label(self) -> str:
        return {READY: _("Ready"), EXPIRING: _("Expiring"), NOT_READY: _("Not ready")}[self.state]

    @property
    def reason(self) -> str:
        """Why the provider is in its state, in words ('' when simply ready)."""
        if self.retired:
            return _("No longer on the school's register.")
        if self.state == READY:
            return ""
        shown = [p for p in self.problems
                 if (p.problem != "expiring") == (self.state == NOT_READY)]
        return "; ".join(p.words() for p in shown) + "."

    @property
    def label(self) -> str:
        """'Ready', '2 missing', '1 expired', '3 missing, 1 expired', or 'Ready, 1 expiring...'."""
        if self.retired:
            return _("Retired")
        parts = []
        if self.missing:
            parts.append(ngettext("{n} missing", "{n} missing", self.missing)
                         .format(n=self.missing))
        if self.expired:
            parts.append(ngettext("{n} expired", "{n} expired", self.expired)
                         .format(n=self.expired))
        if parts:
            return ", ".join(parts)
        if self.expiring:
            return ngettext("Ready; {n} expiring within 30 days",
                            "Ready; {n} expiring within 30 days",
                            self.expiring).format(n=self.expiring)
        return _("Ready")


def due_diligence_status(provider: Any, items: Iterable[Any], today: dt.date,
                         template: Iterable[TemplateItem] | None = None) -> DueDiligenceStatus:
    """The status of ``provider`` from its checklist ``items`` (objects with .item, .status,
    .expires_on and perhaps .checked_on) against ``template`` (the default checklist if
    None); an item with no row at all counts as missing."""
    template = tuple(template) if template is not None else default_template()
    wanted = {t.code: t for t in template}
    held = {i.item: i for i in items if i.item in wanted}
    problems = []
    next_expiry = None
    for t in template:
        item = held.get(t.code)
        if item is None:
            problems.append(Problem(t.code, t.label, "missing", None))
            continue
        checked_on = getattr(item, "checked_on", None)
        due = item_due(item.status, item.expires_on, checked_on, t.recheck_months)
        problem = item_problem(item.status, item.expires_on, today, checked_on=checked_on,
                               recheck_months=t.recheck_months)
        if problem:
            problems.append(Problem(t.code, t.label, problem, due))
        if (item.status == "held" and due is not None and due >= today
                and (next_expiry is None or due < next_expiry)):
            next_expiry = due
    count = {kind: sum(1 for p in problems if p.problem == kind)
             for kind in ("missing", "expired", "expiring")}
    retired = provider is not None and not getattr(provider, "active", True)
    return DueDiligenceStatus(count["missing"], count["expired"], count["expiring"],
                              next_expiry, tuple(problems), retired)
