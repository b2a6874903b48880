"""Run every benchmark module and print one table of figures against their goals."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

import benchmarks
from benchmarks.common import Figure


def main(argv: list[str]) -> int:
    only = set(argv)
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__)
                   if m.name.startswith("bench_"))
    figures: list[Figure] = []
    for name in names:
        if only and name.removeprefix("bench_") not in only and name not in only:
            continue
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"== {name}", flush=True)
        for figure in module.run():
            print("   " + figure.line(), flush=True)
            figures.append(figure)
    failed = [f for f in figures if f.passed is False]
    print()
    print(f"{len(figures)} figures, {len(failed)} over their limit")
    out = Path("benchmarks") / "last-run.txt"
    out.write_text("\n".join(f.line() for f in figures) + "\n", encoding="utf-8")
    return 1 if failed else 0


sys.exit(main(sys.argv[1:]))
