"""Forest School: sessions (day, class or group, who went) and coverage against the weekly aim.

Coverage is the share of children on roll who had at least one session in the span (this
week, this term), overall and by class, set against the aim the school keeps in its settings.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from flexidesk.i18n import _, format_date
from flexidesk.policy import text
from flexidesk.policy.provision.settings import forest_aim_percent
from flexidesk.policy.records.access import (
    Actor,
    PolicyError,
    action,
    create,
    require,
    viewed_list,
)
from flexidesk.policy.school.terms import term_bounds, week_bounds
from flexidesk.store.models import ForestAttendance, ForestSession, Pupil
from flexidesk.store.query import as_tuples


@dataclass(frozen=True)
class ClassCoverage:
    """One class (or all of them): children on roll, and how many went this week and term."""

    name: str
    on_roll: int
    this_week: int
    this_term: int

    @property
    def week_percent(self) -> float:
        return 100.0 * self.this_week / self.on_roll if self.on_roll else 0.0

    @property
    def term_percent(self) -> float:
        return 100.0 * self.this_term / self.on_roll if self.on_roll else 0.0


@dataclass(frozen=True)
class Coverage:
    """Forest School coverage for a day: overall, each class, and the weekly aim."""

    overall: ClassCoverage
    classes: tuple[ClassCoverage, ...]
    aim_percent: int
    week: tuple[dt.date, dt.date]
    term: tuple[dt.date, dt.date]
    sessions_this_term: int

    @property
    def meets_aim(self) -> bool:
        return self.overall.week_percent >= self.aim_percent


def _on_roll(day: dt.date):
    return (Pupil.on_roll_date <= day) & (Pupil.left_date.is_null() | (Pupil.left_date >= day))


@action("provision.edit")
def record_session(actor: Actor, session_date: dt.date, group_name: str, pupil_ids, *,
                   led_by: str = "", notes: str = "",
                   today: dt.date | None = None) -> ForestSession:
    """Record a Forest School session and the children who went (each child once).

    Each child marked is a change to that child's record: one audit row a child, so that
    the child's own audit trail (and a subject access export) shows it."""
    today = today or dt.date.today()
    group_name = text.bounded(group_name, _("Class or group"), text.NAME, required=True,
                              single_line=True)
    led_by = text.bounded(led_by, _("Led by"), text.NAME, single_line=True)
    notes = text.bounded(notes, _("Notes"), text.PARAGRAPH)
    if session_date > today:
        raise PolicyError(_("A session is recorded once it has happened: {date} is still to "
                            "come.").format(date=format_date(session_date)))
    ids = sorted(set(pupil_ids))
    if not ids:
        raise PolicyError(_("Tick the children who went to the session."))
    same_day = ForestSession.select(ForestSession.group_name).where(
        ForestSession.session_date == session_date)
    if any(s.group_name.casefold() == group_name.casefold() for s in same_day):
        raise PolicyError(_("A Forest School session for {group} on {date} is already "
                            "recorded: it is not recorded twice.").format(
            group=group_name, date=format_date(session_date)))
    found = {pid for (pid,) in as_tuples(Pupil.select(Pupil.id)
             .where(Pupil.id.in_(ids) & _on_roll(session_date)))}
    if len(found) != len(ids):
        raise PolicyError(_("Some of the children ticked were not on roll on {date}.").format(
            date=format_date(session_date)))
    session = create(actor, "forest.session", ForestSession, session_date=session_date,
                     group_name=group_name, led_by=led_by, notes=notes)
    for pid in ids:
        create(actor, "forest.attendance", ForestAttendance, session=session, pupil=pid)
    return session


def _went(start: dt.date, end: dt.date) -> set[int]:
    return {pid for (pid,) in as_tuples(ForestAttendance.select(ForestAttendance.pupil).distinct()
            .join(ForestSession)
            .where(ForestSession.session_date.between(start, end)))}


def coverage(actor: Actor, today: dt.date) -> Coverage:
    """The share of children on roll with at least one session this week and this term."""
    require(actor, "provision.view")
    return coverage_counts(today)


def coverage_counts(today: dt.date) -> Coverage:
    """Coverage as counts only (no child named): what the governors' report shows."""
    week, term = week_bounds(today), term_bounds(today)
    in_week, in_term = _went(*week), _went(*term)
    roll: Counter = Counter()
    weekly: Counter = Counter()
    termly: Counter = Counter()
    for pid, klass in as_tuples(Pupil.select(Pupil.id, Pupil.class_name).where(_on_roll(today))):
        name = klass or _("(no class)")
        roll[name] += 1
        weekly[name] += pid in in_week
        termly[name] += pid in in_term
    classes = tuple(ClassCoverage(n, roll[n], weekly[n], termly[n]) for n in sorted(roll))
    overall = ClassCoverage(_("All children"), sum(roll.values()), sum(weekly.values()),
                            sum(termly.values()))
    sessions = ForestSession.select().where(ForestSession.session_date.between(*term)).count()
    return Coverage(overall, classes, forest_aim_percent(today), week, term, sessions)


def class_list(actor: Actor, class_name: str, day: dt.date) -> list[tuple[int, str]]:
    """The children on roll in ``class_name`` on ``day`` (id, name), by surname: who may have
    gone to a class's session. The read is recorded once for the list (docs/reads.md)."""
    require(actor, "provision.view")
    children = [(pid, f"{preferred or first} {last}") for pid, first, preferred, last in
                as_tuples(Pupil.select(Pupil.id, Pupil.legal_first_name, Pupil.preferred_name,
                                       Pupil.legal_last_name)
                .where(_on_roll(day) & (Pupil.class_name == class_name))
                .order_by(Pupil.legal_last_name, Pupil.legal_first_name))]
    viewed_list(actor, "forest_class", len(children), permission="provision.view")
    return children
