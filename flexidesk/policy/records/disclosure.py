"""Secondary suppression: a count hidden as "fewer than 3" must not be worked out from the cells
beside it, as statistical releases protect their tables.

A reader who sees a total and every part of it but one can subtract; a reader who sees the
cost of a row and knows the price of a place can divide. So once the small counts are hidden
(the primary suppression), this module looks at the table as a reader would: each shown cell
is known exactly, a hidden small count lies between 1 and 2, and a withheld cell is anything
from 0 up. From the sums the table obeys it narrows each hidden count as far as arithmetic
allows; while any hidden count comes down to a single value, one more cell beside it is
withheld (a total first, as releases do, else the smallest count shown), and the reader
looks again.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

SMALL = 3  # counts from 1 up to (not including) this are hidden


@dataclass(frozen=True)
class Sum(Generic[K]):
    """A sum the published cells obey: the cells of ``parts`` add up to those of ``total``."""

    parts: Sequence[K]
    total: Sequence[K]


def _range(value: int | None, withheld: bool) -> tuple[float, float]:
    if withheld:
        return 0.0, math.inf
    if value is None:
        return 1.0, float(SMALL - 1)
    return float(value), float(value)


def _narrow(ranges: dict, sums: Sequence[Sum]) -> dict:
    """Each cell's range as narrowed by the sums, repeated until nothing changes."""
    ranges = dict(ranges)
    for _round in range(50):  # a handful is always enough; the bound guards the loop
        changed = False
        for s in sums:
            for side, other in ((s.parts, s.total), (s.total, s.parts)):
                other_lo = sum(ranges[k][0] for k in other)
                other_hi = sum(ranges[k][1] for k in other)
                for cell in side:
                    rest_lo = sum(ranges[k][0] for k in side if k != cell)
                    rest_hi = sum(ranges[k][1] for k in side if k != cell)
                    lo = max(ranges[cell][0], other_lo - rest_hi)
                    hi = min(ranges[cell][1], other_hi - rest_lo)
                    if lo > hi:  # the sum does not hold as read (children counted twice)
                        continue
                    if (lo, hi) != ranges[cell]:
                        ranges[cell] = (lo, hi)
                        changed = True
        if not changed:
            break
    return ranges


def worked_out(cells: Mapping[K, int | None], sums: Sequence[Sum[K]],
               withheld: Collection[K] = ()) -> list[K]:
    """The hidden counts (None) a reader could work out exactly from the shown cells."""
    ranges = _narrow({k: _range(v, k in withheld) for k, v in cells.items()}, sums)
    return [k for k, v in cells.items()
            if v is None and k not in withheld and ranges[k][0] == ranges[k][1]]


def withhold(cells: Mapping[K, int | None], sums: Sequence[Sum[K]], *,
             prefer: Sequence[K] = (), fixed: Collection[K] = (),
             already: Collection[K] = ()) -> set[K]:
    """The cells to withhold so that no hidden count (None) can be worked out.

    ``prefer`` lists the cells to withhold first (totals); ``fixed`` cells are printed where
    they cannot be withheld from here and stay shown; ``already`` cells are withheld before
    this starts (and are in the answer).
    """
    withheld: set[K] = set(already)
    while True:
        revealed = worked_out(cells, sums, withheld)
        if not revealed:
            return withheld
        near = {k for s in sums if any(r in (*s.parts, *s.total) for r in revealed)
                for k in (*s.parts, *s.total)}
        candidates = [k for k in near if cells[k] is not None and k not in withheld
                      and k not in fixed]
        if not candidates:
            return withheld  # nothing beside it can be withheld; the caller's primary rule stands
        preferred = [k for k in prefer if k in candidates]
        # Else the smallest non-zero count: it hides the least, and a 0 hides nothing.
        choice = preferred[0] if preferred else min(
            candidates, key=lambda k: (cells[k] == 0, cells[k]))
        withheld.add(choice)
