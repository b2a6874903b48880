"""Importing an MIS pupil export into an encrypted school: 2,000 and 40,000 rows, file to commit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure

#: The issue's ceilings (seconds) for a whole import: read, check, compare, write, audit.
LIMITS = {2_000: 2.0, 40_000: 30.0}
FIRST = ("Amelia", "Oliver", "Zainab", "Harrison", "Chloé", "Idris", "Mabli", "Tomasz")
LAST = ("Thornbury", "Pennington", "Okonkwo", "Delacroix", "Fairweather", "Ashdown")


def pupil_export(rows: int, seed: int = 1) -> bytes:
    """A fictional SIMS-style export of ``rows`` pupils (Windows-1252), with valid UPNs."""
    from stdnum.gb import upn

    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["UPN", "Legal Surname", "Legal Forename", "Preferred Forename", "Gender",
                     "DOB", "Year", "Reg", "SEN Status", "Pupil Premium Indicator", "In Care",
                     "EAL", "Enrolment Status", "Admission Date"])
    for n in range(rows):
        body = f"936{3000 + n // 1000:04d}{20 + n % 7:02d}{n % 1000:03d}"
        year = rng.randint(0, 6)
        dob = dt.date(2020 - year, rng.randint(1, 12), rng.randint(1, 28))
        writer.writerow([upn.calc_check_digit(body) + body, rng.choice(LAST), rng.choice(FIRST),
                         "", rng.choice("FM"), dob.strftime("%d/%m/%Y"),
                         "Reception" if year == 0 else f"Year {year}", f"{year or 'R'} Oak",
                         rng.choice("NNNNNKE"), rng.choice(("Yes", "No", "No")), "No",
                         rng.choice(("Yes", "No", "No")), "C", "01/09/2024"])
    return out.getvalue().encode("cp1252")


def _school(folder: Path):
    from flexidesk.policy.school.setup import NewSchool, create_school

    password = "orchard lantern 42"
    database, head, _key = create_school(folder / "school.db", NewSchool(
        "Larkspur Bench Primary", "Ms Wren Hollis", "ENG", "whollis", password, password))
    return database, head


def run() -> list[Figure]:
    """One whole import (the command line's path) at each size, into a fresh encrypted school."""
    from flexidesk.policy.roster.csv_file import read_table
    from flexidesk.policy.roster.pupils import import_pupils, parse_pupils
    from flexidesk.store import close_database
    from flexidesk.store.models import Pupil

    figures = []
    for size, limit in LIMITS.items():
        data = pupil_export(size)
        with tempfile.TemporaryDirectory() as folder:
            database, head = _school(Path(folder))
            start = time.perf_counter()
            plan = import_pupils(head, parse_pupils(read_table(data)), dt.date(2026, 11, 27))
            elapsed = time.perf_counter() - start
            assert len(plan.added) == size == Pupil.select().count()
            start = time.perf_counter()
            again = import_pupils(head, parse_pupils(read_table(data)), dt.date(2026, 11, 28))
            again_elapsed = time.perf_counter() - start
            assert again.unchanged == size
            database.close()
            close_database()
        figures.append(Figure(f"import {size:,} pupils into an encrypted school", elapsed, "s",
                              limit=limit))
        figures.append(Figure(f"re-import the same {size:,} pupils (nothing changes)",
                              again_elapsed, "s", limit=limit))
    return figures
