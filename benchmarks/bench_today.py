"""Today and the governors' report for a 2,000-pupil school: building the list, and the report."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from benchmarks.common import Figure, best_of

PUPILS = 2_000


def run() -> list[Figure]:
    """Seed a plain demo school and time Today (each role) and the governors' report."""
    home = os.environ.get("FLEXIDESK_HOME")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["FLEXIDESK_HOME"] = str(Path(folder) / "home")
        try:
            return _measure(Path(folder))
        finally:
            if home is None:
                os.environ.pop("FLEXIDESK_HOME", None)
            else:
                os.environ["FLEXIDESK_HOME"] = home


def _measure(folder: Path) -> list[Figure]:
    from flexidesk.demo import seed_demo
    from flexidesk.documents.governor_report import render_report
    from flexidesk.policy.access import Actor
    from flexidesk.policy.reports import anonymised_report
    from flexidesk.policy.today import today_items
    from flexidesk.store import close_database, open_database
    from flexidesk.store.models import StaffUser

    path = folder / "demo.db"
    seed_demo(path, pupils=PUPILS, encrypted=False)
    database = open_database(path)
    try:
        def actor(role: str) -> Actor:
            return Actor.from_user(StaffUser.get(StaffUser.role == role))

        head, governor = actor("headteacher"), actor("governor")
        today = dt.date.today()
        build = best_of(lambda: today_items(head, today), 5)
        report = best_of(lambda: render_report(anonymised_report(governor, today)), 3)
    finally:
        database.close()
        close_database()
    return [
        Figure(f"Today: build the Headteacher's list at {PUPILS:,} pupils", build * 1000, "ms",
               limit=100.0),
        Figure(f"governors' report: read and render at {PUPILS:,} pupils", report, "s",
               limit=1.0),
    ]
