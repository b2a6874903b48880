"""The provision map as a grid: children as rows, interventions as columns, each cell the
child's status and next review; per intervention its places and its cost this term.

Set-based like the list (a handful of queries whatever the roll): 2,000 children by a dozen
interventions build in a few tens of milliseconds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from flexidesk.policy.provision.family_contact import families_not_contacted, last_contacts
from flexidesk.policy.provision.read import _raw, _visible_enrolments, flags_of
from flexidesk.policy.records.access import Actor, can, require, viewed_list
from flexidesk.policy.school.terms import term_bounds
from flexidesk.store.models import Enrolment, Intervention, Pupil
from flexidesk.store.query import as_tuples

#: Flag filters: code -> Pupil column.
FLAG_COLUMNS = {"SEN": Pupil.sen_support, "EHCP": Pupil.ehc_plan, "LAC": Pupil.looked_after,
                "PP": Pupil.pupil_premium}


@dataclass(frozen=True, slots=True)
class GridCell:
    """A child's place in one intervention: running (with its next review) or ended this term."""

    running: bool
    next_review: dt.date | None
    overdue: bool
    end_date: dt.date | None


@dataclass(frozen=True, slots=True)
class GridRow:
    """One child: who, and a cell per column (None where they have no place)."""

    id: int
    name: str
    sort_name: str
    year_group: int
    class_name: str
    flags: tuple[str, ...]
    cells: tuple[GridCell | None, ...]
    last_contact: dt.date | None
    contact_due: dt.date | None  # the family is past the contact rhythm since this day


@dataclass(frozen=True)
class GridColumn:
    """One intervention: places used out of capacity, and its cost this term against budget."""

    id: int
    name: str
    places_used: int
    capacity: int | None
    cost_per_place_pence: int
    cost_this_term_pence: int
    budget_pence: int | None

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.places_used >= self.capacity

    @property
    def over_budget(self) -> bool:
        return self.budget_pence is not None and self.cost_this_term_pence > self.budget_pence


@dataclass(frozen=True)
class ProvisionGrid:
    """The grid for one day: its columns, its rows and the term the costs are counted in."""

    columns: tuple[GridColumn, ...]
    rows: list[GridRow]
    term: tuple[dt.date, dt.date]


def _visible_interventions(actor: Actor):
    if can(actor, "provision.confidential"):
        return True
    return Intervention.confidential == False  # noqa: E712


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def provision_grid(actor: Actor, today: dt.date, *, class_name: str | None = None,
                   year_group: int | None = None, flags: tuple[str, ...] = (),
                   with_provision: bool = False) -> ProvisionGrid:
    """Children on roll (filtered by class, year and flags) by the interventions the actor may
    see; ``with_provision`` keeps only children with a place this term. The read is
    recorded once for the grid (docs/reads.md)."""
    require(actor, "provision.view")
    start, end = term_bounds(today)
    interventions = [(i, n, c, cap, b) for i, n, c, cap, b in _raw(
        Intervention.select(Intervention.id, Intervention.name, Intervention.cost_per_term_pence,
                            Intervention.capacity, Intervention.budget_per_term_pence)
        .where(Intervention.active & _visible_interventions(actor))
        .order_by(Intervention.sort_order, Intervention.name))]
    index = {row[0]: n for n, row in enumerate(interventions)}
    cells: dict[int, list] = {}
    used: Counter = Counter()
    in_term: Counter = Counter()
    query = (Enrolment.select(Enrolment.pupil, Enrolment.intervention, Enrolment.start_date,
                              Enrolment.end_date, Enrolment.next_review_date)
             .join(Intervention)
             .where((Enrolment.start_date <= end)
                    & (Enrolment.end_date.is_null() | (Enrolment.end_date >= start))
                    & Intervention.active & _visible_enrolments(actor)))
    iso_today = today.isoformat()
    for pid, iid, _started, ended, review in _raw(query):
        column = index.get(iid)
        if column is None:
            continue
        in_term[iid] += 1
        running = ended is None or ended >= iso_today
        if running:
            used[iid] += 1
        row = cells.setdefault(pid, [None] * len(interventions))
        review_day = _date(review) if running else None
        row[column] = GridCell(running, review_day,
                               review_day is not None and review_day < today, _date(ended))

    where = Pupil.left_date.is_null() | (Pupil.left_date > today)
    if class_name:
        where &= Pupil.class_name == class_name
    if year_group is not None:
        where &= Pupil.year_group == year_group
    for code in flags:
        where &= FLAG_COLUMNS[code] == True  # noqa: E712
    last = last_contacts()
    due = families_not_contacted(actor, today)
    rows = []
    for (pid, first, preferred, surname, year, klass, sen, ehcp, lac, pp) in _raw(
            Pupil.select(Pupil.id, Pupil.legal_first_name, Pupil.preferred_name,
                         Pupil.legal_last_name, Pupil.year_group, Pupil.class_name,
                         Pupil.sen_support, Pupil.ehc_plan, Pupil.looked_after,
                         Pupil.pupil_premium).where(where)):
        its = cells.get(pid)
        if with_provision and its is None:
            continue
        known = preferred or first
        rows.append(GridRow(pid, f"{known} {surname}", f"{surname}, {known}".casefold(), year,
                            klass or "", flags_of(bool(sen), bool(ehcp), bool(lac), bool(pp)),
                            tuple(its) if its else (None,) * len(interventions),
                            last.get(pid), due.get(pid)))
    columns = tuple(GridColumn(iid, name, used[iid], capacity, cost, cost * in_term[iid],
                               budget)
                    for iid, name, cost, capacity, budget in interventions)
    viewed_list(actor, "provision_grid", len(rows), permission="provision.view")
    return ProvisionGrid(columns, rows, (start, end))


def classes_on_roll(today: dt.date) -> list[str]:
    """The class names of children on roll, for the grid's filter."""
    return sorted({c for (c,) in as_tuples(Pupil.select(Pupil.class_name)
                   .where((Pupil.left_date.is_null() | (Pupil.left_date > today))
                          & (Pupil.class_name != "")))})
