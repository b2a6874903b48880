"""A restore started while ``import-pupils`` runs waits for it, then restores; nothing is lost
and nothing said is false: the import's pupils are in the file kept aside, which is unchanged.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.bench_import import pupil_export
from flexidesk.store import close_database, open_database
from flexidesk.store.audit import verify_chain
from flexidesk.store.backup import backup_folder_for
from flexidesk.store.errors import AlreadyOpen
from flexidesk.store.instance_lock import acquire
from flexidesk.store.log_check import log_problems
from flexidesk.store.models import Pupil
from flexidesk.store.recovery import inspect
from tests.unit.commands import test_backup_restore_check as test_admin
from tests.unit.commands.test_backup_restore_check import as_user, run

ROOT = Path(__file__).resolve().parents[2]
school_db = test_admin.school_db  # an encrypted school of 20 pupils, head / head-pw


def _command(*argv: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flexidesk", *argv, *as_user("head")],
                            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def _held_by_another(db_path: Path) -> bool:
    try:
        acquire(db_path).release()
    except AlreadyOpen:
        return True
    return False


def _pupils(path: Path, key: bytes) -> int:
    open_database(path, key, migrate=False)
    try:
        return Pupil.select().count()
    finally:
        close_database()


def _restore_during_import(tmp_path, monkeypatch, capsys, school_db, rows: int) -> dict:
    db_path, key = school_db
    code, _out, err = run(monkeypatch, capsys, ["backup", "--db", str(db_path),
                                                *as_user("head")], "head-pw")
    assert code == 0, err
    backup = next(backup_folder_for(db_path).glob("school-*.db"))
    export = tmp_path / "roll.csv"
    export.write_bytes(pupil_export(rows))

    importing = _command("import-pupils", str(export), "--partial", "--db", str(db_path))
    importing.stdin.write("head-pw\n")
    importing.stdin.flush()
    deadline = time.monotonic() + 60
    while not _held_by_another(db_path):  # the import has signed in and holds the lock
        assert importing.poll() is None, importing.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    restoring = _command("restore", str(backup), "--db", str(db_path), "--wait", "300")
    restored_out, restored_err = restoring.communicate("head-pw\n", timeout=600)
    imported_out, imported_err = importing.communicate(timeout=600)

    assert importing.returncode == 0, imported_err
    assert restoring.returncode == 0, restored_err
    assert f"Imported: {rows} pupils added" in imported_out
    assert "Restored the database from" in restored_out
    aside = Path(restored_out.split("kept, unchanged, as ")[1].strip())
    # The file kept aside holds the whole import: what the import said it wrote is there.
    assert _pupils(aside, key) == 20 + rows
    assert inspect(aside, key).ok
    database = open_database(aside, key, migrate=False)
    assert verify_chain().ok and log_problems(database, [key]) == []  # its own sealed head
    close_database()
    assert _pupils(db_path, key) == 20  # the backup, as asked
    code, out, err = run(monkeypatch, capsys, ["check", "--db", str(db_path),
                                               *as_user("head")], "head-pw")
    assert code == 0 and "Audit log: ok" in out, (out, err)
    return {"waited": "waiting up to 300 seconds" in restored_err}


def test_a_restore_during_an_import_waits_and_loses_nothing(tmp_path, monkeypatch, capsys,
                                                           school_db):
    _restore_during_import(tmp_path, monkeypatch, capsys, school_db, rows=2_000)


@pytest.mark.slow
def test_a_restore_during_a_20000_pupil_import(tmp_path, monkeypatch, capsys, school_db):
    started = time.monotonic()
    outcome = _restore_during_import(tmp_path, monkeypatch, capsys, school_db, rows=20_000)
    assert outcome["waited"]  # the restore said it was waiting for the import
    with capsys.disabled():
        print(f"\nrestore during a 20,000-pupil import: the restore waited for the import, "
              f"then restored; the file kept aside holds all 20,020 pupils and checks sound; "
              f"{time.monotonic() - started:.1f} s")
