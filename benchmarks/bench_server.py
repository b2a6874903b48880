"""A 30-school trust (40,000 pupils) on a local PostgreSQL: reads, a keystroke, 20 writers for 60 s.

The audit is the server's own (row triggers, keyed chains, row seals): the writers' saves
per second include it. The writers are an executive Headteacher of ten schools (the trust's
central team may not write in a school).

The server is a throwaway cluster on loopback with TLS (tests/server/pg_cluster.py); the
schools are demo schools moved in with move-to-server. The Today tab is not on this
branch, so a school's daily list is measured as the provision map's read for one school
(``policy.provision.pupil_rows``), as the application's staff login sees it through
row-level security. FLEXIDESK_BENCH_SOAK_SECONDS shortens the writers' run (default 60).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.common import Figure, best_of

SCHOOLS = 30
PUPILS = 40_000
WRITERS = 20
SEARCH_LIMIT_MS = 50.0
TODAY_LIMIT_MS = 100.0
STAFF_PASSWORD = "bench-staff-password"


def run() -> list[Figure]:
    """Start a cluster, move 30 demo schools in, measure, stop."""
    from tests.server.pg_cluster import pg_bin_dir, start_cluster

    if pg_bin_dir() is None:
        print("   PostgreSQL server binaries not installed: server benchmark skipped")
        return []
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = os.environ.get("FLEXIDESK_HOME")
    cluster = start_cluster()
    try:
        with tempfile.TemporaryDirectory() as folder:
            os.environ["FLEXIDESK_HOME"] = str(Path(folder) / "home")
            return _measure(cluster, Path(folder))
    finally:
        cluster.stop()
        if home is None:
            os.environ.pop("FLEXIDESK_HOME", None)
        else:
            os.environ["FLEXIDESK_HOME"] = home


def _trust(cluster, folder: Path) -> tuple[str, list[tuple[int, str]], float]:
    """The trust's database with its schools moved in: (owner password, [(school, role)], s)."""
    import psycopg2

    from flexidesk.demo import seed_demo
    from flexidesk.policy.records.server_grants import server_policy
    from flexidesk.store import close_database, engines, server_accounts
    from flexidesk.store.server import open_server
    from flexidesk.store.transfer import move_to_server

    owner_pw = "bench-owner"
    conn = psycopg2.connect(cluster.admin_dsn())
    conn.autocommit = True
    conn.cursor().execute(f"CREATE ROLE fdowner LOGIN CREATEROLE PASSWORD '{owner_pw}'")
    conn.cursor().execute("CREATE DATABASE trust OWNER fdowner")
    conn.close()
    sizes = [PUPILS // SCHOOLS + (1 if n < PUPILS % SCHOOLS else 0) for n in range(SCHOOLS)]
    files = {}
    for size in sorted(set(sizes)):
        files[size] = folder / f"demo-{size}.db"
        seed_demo(files[size], pupils=size, encrypted=False)
        close_database()
    start = time.perf_counter()
    owner = open_server(cluster.url("trust", "fdowner"), ca_file=cluster.ca_file,
                        password=owner_pw, migrate=server_policy())
    schools = []
    for n, size in enumerate(sizes):
        role = f"school_{n + 1:02d}"
        # A few demo files serve 30 schools: each is moved in again, deliberately.
        report = move_to_server(files[size], None, owner, role_name=role, again=True)
        assert not report.problems, report.problems
        schools.append((report.school_id, role))
    moved = time.perf_counter() - start
    for school, _role in schools:  # each school's Headteacher signs in as head@NN
        owner.use_school(school)
        head = owner.execute_sql("SELECT id FROM staff_user WHERE school_id = %s AND "
                                 "role = 'headteacher' ORDER BY id LIMIT 1", (school,))
        with owner.atomic():
            server_accounts.set_password(owner, head.fetchone()[0], STAFF_PASSWORD)
    owner.use_school(0)
    engines.add_trust_account(owner, username="central", display_name="Trust central",
                              role="trust_ap_lead", password=STAFF_PASSWORD)
    owner.execute_sql("ANALYZE")
    owner.close()
    close_database()
    # The writers: an executive Headteacher of the ten busy schools, one login in each
    # school's group (the trust's central team may not write in a school).
    conn = psycopg2.connect(cluster.admin_dsn("trust"))
    conn.autocommit = True
    groups = ", ".join(role for _school, role in schools[:WRITERS // 2])
    conn.cursor().execute(f"CREATE ROLE executive LOGIN PASSWORD %s IN ROLE {groups}, "
                          "flexidesk_headteacher", (STAFF_PASSWORD,))
    conn.close()
    return owner_pw, schools, moved


def _open_as(cluster, login: str, school_id: int | None):
    from flexidesk.store.server import open_server

    return open_server(cluster.url("trust", login), ca_file=cluster.ca_file,
                       password=STAFF_PASSWORD, school_id=school_id)


def _reads(cluster, schools) -> list[Figure]:
    """One school's provision map (its daily list here) and a search keystroke, on the server."""
    from PySide6.QtWidgets import QApplication

    from flexidesk.policy.provision import pupil_rows
    from flexidesk.policy.records import trust
    from flexidesk.policy.records.access import Actor
    from flexidesk.store import close_database
    from flexidesk.store.models import Pupil, StaffUser
    from flexidesk.store.server import open_server
    from flexidesk.ui.provision.tab import ProvisionTab

    app = QApplication.instance() or QApplication([])
    school_id, role = schools[len(schools) // 2]
    database = _open_as(cluster, f"head@{role.removeprefix('school_')}", school_id)
    head = Actor.from_user(StaffUser.get(StaffUser.role == "headteacher"))
    today = dt.date.today()
    rows = best_of(lambda: pupil_rows(head, today), 5)
    tab = ProvisionTab(head)
    tab.filter.setCurrentIndex(tab.filter.findData("all"))
    tab.refresh()
    pupil = Pupil.select().order_by(Pupil.id).offset(Pupil.select().count() // 2).get()
    name = f"{pupil.legal_first_name} {pupil.legal_last_name}"
    worst_tab = 0.0
    for i in range(1, len(name) + 1):
        start = time.perf_counter()
        tab.table.search.setText(name[:i])
        tab.table.view.model().rowCount()
        worst_tab = max(worst_tab, (time.perf_counter() - start) * 1000)
        app.processEvents()
    tab.deleteLater()
    app.processEvents()
    database.close()
    close_database()
    # The trust's central team read counts and money across the schools, never a child:
    # their heaviest view is placements by provider, with each provider's shared checks.
    database = _open_as(cluster, "central", 0)
    central = Actor("central", "trust_ap_lead", "Trust central")
    trust_view = best_of(lambda: trust.placements_by_provider(central, today), 3)
    database.close()
    close_database()
    owner = open_server(cluster.url("trust", "fdowner"), ca_file=cluster.ca_file,
                        password="bench-owner")
    total = owner.execute_sql("SELECT count(*) FROM pupil").fetchone()[0]
    owner.close()
    close_database()
    return [
        Figure(f"server: pupils across the trust ({SCHOOLS} schools)", total, "pupils"),
        Figure("server: one school's provision map read (stands in for the Today list)",
               rows * 1000, "ms", limit=TODAY_LIMIT_MS),
        Figure("server: search keystroke in a school's provision map", worst_tab, "ms",
               limit=SEARCH_LIMIT_MS),
        Figure(f"server: the trust's placements by provider over {SCHOOLS} schools",
               trust_view * 1000, "ms", limit=TODAY_LIMIT_MS),
    ]


def _soak(cluster, schools, seconds: float) -> list[Figure]:
    """WRITERS threads, two per school on ten schools, saving the same few flexi requests."""
    from flexidesk.commands.check import check_server
    from flexidesk.policy import concurrency
    from flexidesk.policy.records import access
    from flexidesk.policy.records.access import Actor, action
    from flexidesk.store import close_database
    from flexidesk.store.database import db
    from flexidesk.store.models import AuditEntry, FlexiRequest, StaffUser
    from flexidesk.store.server import open_server

    @action("flexi.edit")
    def note(actor: Actor, request_id: int, text: str) -> None:
        access.update(actor, "bench.note", FlexiRequest.get_by_id(request_id),
                      needs_met_notes=text)

    def work_as(school: int) -> None:
        db.obj.execute_sql("SELECT set_config('app.school_id', %s, false)", (str(school),))

    busy = [school for school, _role in schools[:WRITERS // 2]]
    database = _open_as(cluster, "executive", busy[0])
    requests: dict[int, dict[int, int]] = {}  # school -> request id -> version at the start
    for school in busy:
        work_as(school)
        requests[school] = {r.id: r.version for r in
                            FlexiRequest.select().order_by(FlexiRequest.id).limit(2)}
    saved = {(s, r): 0 for s in busy for r in requests[s]}
    refused, errors = [0], []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def writer(n: int) -> None:
        school = busy[n % len(busy)]
        rng = random.Random(n)
        try:
            work_as(school)
            head = Actor.from_user(StaffUser.get(StaffUser.role == "headteacher"))
            while time.monotonic() < deadline:
                request_id = rng.choice(list(requests[school]))
                version = concurrency.current_version(FlexiRequest, request_id)
                try:
                    with concurrency.expecting(FlexiRequest, request_id, version):
                        note(head, request_id, f"writer {n} at {time.monotonic():.6f}")
                except concurrency.ChangedElsewhere:
                    with lock:
                        refused[0] += 1
                    continue
                with lock:
                    saved[(school, request_id)] += 1
        except Exception as exc:  # noqa: BLE001 - counted and reported as a failure
            errors.append(exc)
        finally:
            db.obj.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    elapsed = time.perf_counter() - start
    lost = 0
    for school in busy:
        work_as(school)
        for request_id, first in requests[school].items():
            now = FlexiRequest.get_by_id(request_id).version
            lost += abs(now - (first + saved[(school, request_id)]))
        audited = AuditEntry.select().where(AuditEntry.action == "bench.note").count()
        lost += abs(audited - sum(v for (s, _r), v in saved.items() if s == school))
    database.close()
    close_database()
    owner = open_server(cluster.url("trust", "fdowner"), ca_file=cluster.ca_file,
                        password="bench-owner")
    checked = time.perf_counter()
    broken = sum(1 for _school, report in check_server(owner)
                 if not report.ok or report.problems)
    checked = time.perf_counter() - checked
    owner.close()
    close_database()
    for exc in errors[:3]:
        print(f"   writer failed: {exc!r}")
    total = sum(saved.values())
    return [
        Figure(f"server: {WRITERS} writers for {seconds:g} s, saves accepted", total, "saves"),
        Figure("server: saves refused as changed by someone else", refused[0], "saves"),
        Figure("server: throughput of accepted saves", total / elapsed, "saves/s"),
        Figure("server: throughput of attempts", (total + refused[0]) / elapsed, "attempts/s"),
        Figure("server: lost updates (versions and audit rows against saves)", lost, "",
               limit=0),
        Figure("server: writers that failed", len(errors), "", limit=0),
        Figure("server: broken audit chains after the run", broken, "", limit=0),
        Figure(f"server: check --server over {len(schools)} schools", checked, "s"),
    ]


def _measure(cluster, folder: Path) -> list[Figure]:
    _owner_pw, schools, load = _trust(cluster, folder)
    figures = [Figure(f"server: move {SCHOOLS} demo schools in ({PUPILS:,} pupils)", load, "s")]
    figures += _reads(cluster, schools)
    figures += _soak(cluster, schools,
                     float(os.environ.get("FLEXIDESK_BENCH_SOAK_SECONDS", 60)))
    return figures
