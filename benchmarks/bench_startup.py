"""Start-up to a painted main window: FlexiDesk on the 300-pupil demo against a bare Qt window.

Each start is a fresh ``python -c`` process (offscreen Qt), timed from launch until the
child reports that its window has been shown and grabbed (painted); the bare window is
a QMainWindow with three empty tabs treated exactly the same way. Starts alternate so
that machine load falls on both alike; the median of REPEAT is kept. The ratio uses a
plain pre-seeded demo; the encrypted demo's start-up, sign-in included, is reported apart.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from benchmarks.bench_seed import HEAD, demo_file
from benchmarks.common import Figure

REPEAT = 7
PUPILS = 300
RATIO_LIMIT, RATIO_GOAL = 1.5, 1.2

CHILD = r"""
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget

kind, path, username, password = sys.argv[1:5]
app = QApplication(sys.argv[:1])
if kind == "bare":
    window = QMainWindow()
    tabs = QTabWidget(window)
    for title in ("Provision map", "Providers", "Flexi requests"):
        tabs.addTab(QWidget(), title)
    window.setCentralWidget(tabs)
else:
    from flexidesk.ui.main_window import MainWindow
    if kind == "encrypted":
        from flexidesk.policy.signin import sign_in
        database, actor = sign_in(path, username, password)
    else:
        from flexidesk.policy.access import Actor
        from flexidesk.store import open_database
        from flexidesk.store.models import StaffUser
        database = open_database(path)
        actor = Actor.from_user(StaffUser.get(StaffUser.username == username))
    window = MainWindow(actor, database)
window.resize(1366, 768)
window.show()
app.processEvents()
window.grab()
print("painted", flush=True)
"""


def _start(kind: str, path: str, env: dict[str, str]) -> float:
    """Seconds from launching a fresh process until its window is painted."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", CHILD, kind, path, *HEAD],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    _out, err = child.communicate(timeout=60)
    if line.strip() != "painted":
        raise RuntimeError(f"the {kind} start-up failed: {err.strip()[-800:]}")
    return elapsed


def run() -> list[Figure]:
    """Median start-up of the bare window, the plain demo and the encrypted demo."""
    plain_path = str(demo_file(PUPILS, encrypted=False))
    encrypted_path = str(demo_file(PUPILS, encrypted=True))
    times: dict[str, list[float]] = {"bare": [], "plain": [], "encrypted": []}
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FLEXIDESK_HOME=home)
        _start("bare", "", env)  # warm the disk cache for Qt's libraries first
        for _n in range(REPEAT):
            times["bare"].append(_start("bare", "", env))
            times["plain"].append(_start("plain", plain_path, env))
            times["encrypted"].append(_start("encrypted", encrypted_path, env))
    bare = statistics.median(times["bare"])
    plain = statistics.median(times["plain"])
    encrypted = statistics.median(times["encrypted"])
    return [
        Figure("start-up: bare QMainWindow with three empty tabs, painted", bare, "s"),
        Figure(f"start-up: FlexiDesk on the {PUPILS}-pupil demo (plain copy), painted",
               plain, "s"),
        Figure("start-up: ratio FlexiDesk / bare window", plain / bare, "x",
               limit=RATIO_LIMIT, goal=RATIO_GOAL),
        Figure(f"start-up: encrypted {PUPILS}-pupil demo, sign-in included, painted",
               encrypted, "s"),
    ]
