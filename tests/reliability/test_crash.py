"""Crash safety: SIGKILL a writer at random moments; every reported commit is there, whole."""

from __future__ import annotations

import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flexidesk.store import close_database, open_database
from flexidesk.store.audit import verify_chain
from flexidesk.store.log_check import log_problems
from flexidesk.store.models import Adult, AuditEntry, Enrolment, Intervention, Pupil
from tests.reliability.crash_writer import upn

ROOT = Path(__file__).resolve().parents[2]
ROWS_PER_TRANSACTION = 4  # pupil, adult, link, enrolment (+ an update); each with an audit row


def _prepare(tmp_path: Path, encrypted: bool) -> tuple[Path, bytes | None]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    db_path = tmp_path / "crash.db"
    key = secrets.token_bytes(32) if encrypted else None
    open_database(db_path, key, create=True)
    Intervention.create(name="Crash counter", sort_order=0)
    close_database()
    return db_path, key


def _one_cycle(db_path: Path, key: bytes | None, first: int, rng: random.Random) -> list[int]:
    """Start the writer, kill it at a random moment, return the ids it reported committed."""
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.crash_writer", str(db_path),
         key.hex() if key else "-", str(first)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if rng.random() < 0.1:
        time.sleep(rng.uniform(0, 0.3))  # sometimes while it is still opening the database
    else:
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0, 0.25))
    writer.send_signal(signal.SIGKILL)
    out, _ = writer.communicate()
    # Only whole lines count: a number cut off mid-print was not reported.
    lines = out.split("\n")[:-1]
    return [int(line) for line in lines if line.isdigit()]


def _check(db_path: Path, key: bytes | None, reported: set[int], chain: bool = True) -> int:
    """Every reported id present and complete, nothing half-written, file sound; returns rows."""
    database = open_database(db_path, key, migrate=False)
    try:
        assert database.execute_sql("PRAGMA quick_check").fetchone()[0] == "ok"
        present = {int(u[1:]) for (u,) in Pupil.select(Pupil.upn).tuples()}
        assert reported <= present, f"lost commits: {sorted(reported - present)[:5]}"
        # Each child has exactly its one link, enrolment and adult (set-wise, so it stays fast).
        incomplete = database.execute_sql("""
            SELECT p.upn FROM pupil p
            WHERE (SELECT count(*) FROM pupil_adult l WHERE l.pupil_id = p.id) != 1
               OR (SELECT count(*) FROM enrolment e WHERE e.pupil_id = p.id) != 1
               OR (SELECT count(*) FROM pupil_adult l JOIN adult a ON a.id = l.adult_id
                   WHERE l.pupil_id = p.id
                     AND a.last_name = 'Dummy' || CAST(substr(p.upn, 2) AS INTEGER)) != 1
        """).fetchall()
        assert not incomplete, f"half-written transactions: {incomplete[:5]}"
        assert Adult.select().count() == len(present)
        assert Enrolment.select().count() == len(present)
        # One audit row per insert plus the counter update, per transaction.
        assert AuditEntry.select().count() == len(present) * (ROWS_PER_TRANSACTION + 1)
        counter = Intervention.get(Intervention.name == "Crash counter")
        assert counter.sort_order == (max(present) if present else 0)
        if chain:  # walking the whole chain each cycle would make the long loop quadratic
            assert verify_chain().ok
            # A kill between sealing the audit head and COMMIT is never taken for tampering.
            assert log_problems(database, [key]) == []
        return len(present)
    finally:
        close_database()


def _crash_loop(tmp_path: Path, cycles: int, encrypted: bool, segment: int = 0) -> dict:
    rng = random.Random(int(os.environ.get("FLEXIDESK_CRASH_SEED", "20261127")) + segment)
    db_path, key = _prepare(tmp_path, encrypted)
    reported: set[int] = set()
    first, empty = 1, 0
    for cycle in range(cycles):
        ids = _one_cycle(db_path, key, first, rng)
        empty += not ids
        reported.update(ids)
        _check(db_path, key, reported, chain=cycle % 25 == 0)
        # The next writer continues after the highest id that reached the disk.
        open_database(db_path, key, migrate=False)
        top = Pupil.select().order_by(Pupil.upn.desc()).first()
        close_database()
        first = int(top.upn[1:]) + 1 if top else 1
    assert reported, "the writer never got a transaction in"
    return {"cycles": cycles, "reported": len(reported), "present": _check(db_path, key, reported),
            "kills_before_first_commit": empty}


def test_sigkill_loses_no_reported_transaction(tmp_path):
    cycles = int(os.environ.get("FLEXIDESK_CRASH_CYCLES", "50"))
    counts = _crash_loop(tmp_path, cycles, encrypted=True)
    assert counts["present"] >= counts["reported"]


@pytest.mark.slow
def test_sigkill_long_loop(tmp_path):
    cycles = int(os.environ.get("FLEXIDESK_CRASH_CYCLES", "1000"))
    # A fresh file every 100 kills: each cycle checks the whole file, so one ever-growing
    # file would make the loop quadratic without testing anything more.
    counts = {"cycles": 0, "reported": 0, "present": 0, "kills_before_first_commit": 0}
    for segment, start in enumerate(range(0, cycles, 100)):
        folder = tmp_path / f"part{segment}"
        part = _crash_loop(folder, min(100, cycles - start), encrypted=True, segment=segment)
        counts = {name: counts[name] + part[name] for name in counts}
        shutil.rmtree(folder)  # checked; do not fill the disk with a thousand kills' worth
    print(f"\ncrash loop (SQLCipher, synchronous=full): {counts['cycles']} SIGKILLs, "
          f"{counts['reported']} transactions reported committed, {counts['present']} present "
          f"and whole after reopening, 0 lost, 0 half-written, quick_check ok every cycle; "
          f"{counts['kills_before_first_commit']} kills landed before a first commit")


def test_upn_is_the_number():
    assert upn(42) == "C000000000042"
