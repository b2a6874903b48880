"""Shared helpers for benchmarks: a figure with its goal, and a best-of timer."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Figure:
    """One measured figure; ``limit`` is the issue's hard ceiling (lower is better)."""

    name: str
    value: float
    unit: str
    limit: float | None = None
    goal: float | None = None

    @property
    def passed(self) -> bool | None:
        return None if self.limit is None else self.value <= self.limit

    def line(self) -> str:
        text = f"{self.name}: {self.value:.3f} {self.unit}"
        if self.limit is not None:
            text += f" (limit {self.limit:g}{'' if self.goal is None else f', goal {self.goal:g}'})"
            text += " OK" if self.passed else " OVER"
        return text


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """The fastest of ``repeat`` runs of ``fn``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best
