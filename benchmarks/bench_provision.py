"""The provision map at 2,000 and 40,000 pupils: reading the rows, filling the tab, a keystroke."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure, best_of

SIZES = (2_000, 40_000)
#: The issue's ceilings for one keystroke in the search box (milliseconds).
KEYSTROKE_LIMIT_MS = {2_000: 16.0, 40_000: 50.0}
WORDS = ("a", "ar", "arm", "", "e", "el", "ell", "")  # typing, narrowing, then clearing


def _keystroke_ms(tab) -> float:
    """The slowest mean of one keystroke (typing on, and clearing) over a few rounds, in ms."""
    search = tab.table.search
    worst = 0.0
    for _round in range(3):
        start = time.perf_counter()
        for text in WORDS:
            search.setText(text)
        worst = max(worst, (time.perf_counter() - start) / len(WORDS) * 1000)
    return worst


def run() -> list[Figure]:
    """Seed plain demo schools and time the provision map's read side and tab on each."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = os.environ.get("FLEXIDESK_HOME")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["FLEXIDESK_HOME"] = str(Path(folder) / "home")  # window.ini stays in here
        try:
            figures = _measure(Path(folder))
        finally:
            if home is None:
                os.environ.pop("FLEXIDESK_HOME", None)
            else:
                os.environ["FLEXIDESK_HOME"] = home
    return figures


def _measure(folder: Path) -> list[Figure]:
    from PySide6.QtWidgets import QApplication

    from flexidesk.demo import seed_demo
    from flexidesk.policy.provision import pupil_rows
    from flexidesk.policy.records.access import Actor
    from flexidesk.store import close_database, open_database
    from flexidesk.store.models import StaffUser
    from flexidesk.ui.provision.tab import ProvisionTab

    app = QApplication.instance() or QApplication([])
    figures = []
    for size in SIZES:
        path = folder / f"demo-{size}.db"
        seed_demo(path, pupils=size, encrypted=False)
        database = open_database(path)
        try:
            head = Actor.from_user(StaffUser.get(StaffUser.role == "headteacher"))
            today = dt.date.today()
            rows = best_of(lambda h=head, t=today: pupil_rows(h, t), 3)
            tab = ProvisionTab(head)
            tab.filter.setCurrentIndex(tab.filter.findData("all"))  # the worst case: everyone
            fill = best_of(tab.refresh, 3)
            keystroke = _keystroke_ms(tab)
            tab.deleteLater()
            app.processEvents()  # let deleteLater free the tab before the next size
        finally:
            database.close()
            close_database()
        figures += [
            Figure(f"provision map: read {size:,} pupils' rows", rows, "s",
                   limit=1.0 if size > 2_000 else 0.1),
            Figure(f"provision map: fill the tab with {size:,} pupils", fill, "s",
                   limit=2.0 if size > 2_000 else 0.2),
            Figure(f"provision map: one search keystroke at {size:,} pupils", keystroke,
                   "ms", limit=KEYSTROKE_LIMIT_MS[size]),
        ]
    return figures
