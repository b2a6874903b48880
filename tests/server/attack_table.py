"""The attack suite's table for a closing note: ``make attack-table``.

Runs ``tests/server/test_attacks.py`` with FLEXIDESK_ATTACK_REPORT set (each case writes a
line: the case, and what the server did with it), then prints one row an attack with how
many cases it ran and their outcomes, and exits non-zero if any attack reached data.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path


def table(lines: list[str]) -> tuple[str, int]:
    """The markdown table and the number of cases that reached data."""
    cases: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        name, _tab, outcome = line.rstrip("\n").partition("\t")
        cases[re.sub(r"\[.*\]$", "", name)].append(outcome)
    rows = ["| Attack | Cases | Outcome |", "|---|---|---|"]
    reached = 0
    for name, outcomes in cases.items():
        failed = sum(o.startswith("REACHED") for o in outcomes)
        reached += failed
        kinds = Counter(re.sub(r"\(([0-9A-Z]{5}):.*?\)", r"(\1)", o.removeprefix("held: "))
                        for o in outcomes)
        said = "held: " + "; ".join(sorted(kinds))[:200]
        label = name.removeprefix("test_").replace("_", " ")
        rows.append(f"| {label} | {len(outcomes)} | "
                    f"{'REACHED DATA in ' + str(failed) if failed else said} |")
    return "\n".join(rows), reached


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "attacks.tsv"
        env = {**os.environ, "FLEXIDESK_ATTACK_REPORT": str(report),
               "QT_QPA_PLATFORM": "offscreen"}
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                              "tests/server/test_attacks.py"], env=env, check=False)
        lines = report.read_text(encoding="utf-8").splitlines() if report.exists() else []
    text, reached = table(lines)
    print(text)
    print(f"\n{len(lines)} cases, {reached} reached data")
    return 1 if reached or run.returncode or not lines else 0


if __name__ == "__main__":
    sys.exit(main())
