"""The governors' report's tables: a section's cells, its small counts hidden, and the cells
beside them withheld so that no hidden count can be worked out.

A count of 1 or 2 is hidden ("fewer than 3": in a primary school it could name a child); 0
names nobody and is shown. A cell that would let a reader work a hidden count out (the cost
of a row whose places are hidden, a total beside one hidden part) is *withheld*: shown as
"withheld", and the table's note says why. Each table keeps the sums its cells obey, so that
sums running between sections (the places in the costs table are the children in the
provision table) are checked once every section is built (:func:`protect_across`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from flexidesk.i18n import N_, _
from flexidesk.policy.records.disclosure import SMALL, Sum, withhold

__all__ = ["SMALL", "Period", "Sum", "Table", "Withheld", "count_text", "protect",
           "protect_across", "suppress", "withhold_beside"]

WITHHELD = N_("withheld")
WITHHELD_NOTE = N_("\u201cWithheld\u201d: not shown, so that a number shown as \u201cfewer than "
                   "3\u201d cannot be worked out from it.")


def suppress(n: int) -> int | None:
    """``n`` if it is safe to show, else None (a count of 1 or 2 could identify a child;
    0 identifies nobody and is shown)."""
    return n if n == 0 or n >= SMALL else None


def count_text(n: int | None) -> str:
    """A suppressed count as words, a shown one as a number."""
    return _("fewer than 3") if n is None else str(n)


class Withheld(str):
    """A cell left out so that a hidden count beside it cannot be worked out (its text is the
    word shown in its place)."""

    def __new__(cls, text: str | None = None) -> Withheld:  # a copy passes its text back
        return super().__new__(cls, _(WITHHELD) if text is None else text)


@dataclass
class Table:
    """One section of the report: a title, column headers and rows of (label, counts...)."""

    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)  # [label, count-or-None-or-text, ...]
    note: str = ""
    chart: bool = False  # drawn as a bar chart of its counts too (on paper)
    #: A stable name for sums that run between sections ("" when none do).
    key: str = ""
    #: The sums its cells obey: keys (row, column), or names of ``figures``.
    sums: list[Sum] = field(default_factory=list)
    #: Figures printed outside the grid (a total in the note), as shown.
    figures: dict[str, int | None | str] = field(default_factory=dict)
    #: (column, columns): a hidden or withheld count in the column takes these cells with it.
    beside: tuple[int, tuple[int, ...]] | None = None

    @property
    def has_withheld(self) -> bool:
        return any(isinstance(v, Withheld) for row in self.rows for v in row)


@dataclass(frozen=True)
class Period:
    """What every section builder is given: the day, the start of the period, and whether
    names may be shown."""

    today: dt.date
    since: dt.date
    named: bool = False


def _is_count(value) -> bool:
    return value is None or isinstance(value, int) and not isinstance(value, bool)


def protect(table: Table, sums: Sequence[Sum], *, prefer: Sequence[Hashable] = (),
            figures: dict[str, int | None] | None = None) -> set[str]:
    """Withhold the table's cells (row, column) that would give a hidden count away.

    ``sums`` relate cells by (row, column) keys and by the names of ``figures`` (figures the
    section prints outside the grid, such as a total in its note). Returns the names of the
    figures to withhold: the caller words its note with them.
    """
    figures = dict(figures or {})
    cells: dict[Hashable, int | None] = {(r, c): v for r, row in enumerate(table.rows)
                                         for c, v in enumerate(row[1:], start=1) if _is_count(v)}
    cells.update(figures)
    held = withhold(cells, sums, prefer=prefer)
    table.sums = list(sums)
    for key in held:
        if key in figures:
            table.figures[key] = Withheld()
        else:
            r, c = key
            table.rows[r][c] = Withheld()
    table.figures.update({k: v for k, v in figures.items() if k not in held})
    _finish(table)
    return {k for k in held if k in figures}


def withhold_beside(table: Table, column: int, beside: Sequence[int]) -> None:
    """Withhold the cells of ``beside`` in each row whose ``column`` is hidden or withheld
    (a cost worked out from a hidden number of places)."""
    table.beside = (column, tuple(beside))
    _finish(table)


def _finish(table: Table) -> None:
    if table.beside is not None:
        column, beside = table.beside
        for row in table.rows:
            if row[column] is None or isinstance(row[column], Withheld):
                for c in beside:
                    if row[c] != "":  # an empty cell (no budget, no difference) gives nothing
                        row[c] = Withheld()
    if table.has_withheld:
        explain(table)


def explain(table: Table) -> None:
    """Add the meaning of "withheld" to the table's note (once)."""
    legend = _(WITHHELD_NOTE)
    if legend not in table.note:
        table.note = f"{table.note} {legend}".strip()


def _key(table: Table, key: Hashable) -> Hashable:
    return (table.key, *key) if isinstance(key, tuple) else (table.key, key)


def protect_across(tables: Sequence[Table], across: Sequence[Sum],
                   prefer: Sequence[Hashable] = ()) -> None:
    """Check every keyed table's sums and the ``across`` sums between them (keys
    (table key, row, column)) together, and withhold what must be withheld."""
    keyed = [t for t in tables if t.key]
    cells: dict[Hashable, int | None] = {}
    already: set[Hashable] = set()
    fixed: set[Hashable] = set()
    sums: list[Sum] = list(across)
    for table in keyed:
        for r, row in enumerate(table.rows):
            for c, value in enumerate(row[1:], start=1):
                if isinstance(value, Withheld):
                    cells[(table.key, r, c)] = 0
                    already.add((table.key, r, c))
                elif _is_count(value):
                    cells[(table.key, r, c)] = value
        for name, value in table.figures.items():
            cells[(table.key, name)] = 0 if isinstance(value, Withheld) else value  # type: ignore[assignment]
            # A figure already worded into a note is not withheld from here.
            (already if isinstance(value, Withheld) else fixed).add((table.key, name))
        sums += [Sum([_key(table, k) for k in s.parts], [_key(table, k) for k in s.total])
                 for s in table.sums]
    held = withhold(cells, sums, prefer=prefer, fixed=fixed, already=already)
    by_key = {t.key: t for t in keyed}
    for key in held - already:
        name, r, c = key
        by_key[name].rows[r][c] = Withheld()
    for table in keyed:
        _finish(table)
