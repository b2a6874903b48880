"""SIGKILL during an import and during a backup (real processes, killed mid-way): the next
opening finds every change saved before, the import wholly in or wholly out, and a sound log."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

import pytest

from benchmarks.bench_import import pupil_export
from flexidesk.store.backup import backup_folder_for
from flexidesk.store.errors import AlreadyOpen
from flexidesk.store.instance_lock import acquire
from flexidesk.store.recovery import find_good_backups
from tests.attacks.reliability.helpers import (
    ROOT,
    dying,
    env,
    flexidesk,
    make_school,
    no_traceback,
    pupils_in,
)


def _started(home, *argv):
    process = subprocess.Popen([sys.executable, "-m", "flexidesk", *argv, "--user", "head",
                                "--password-stdin"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env(home), cwd=ROOT)
    assert process.stdin is not None
    process.stdin.write("head-pw\n")
    process.stdin.flush()
    return process


def _kill_once(process, db_path, when: str):
    """SIGKILL ``process`` once it holds the school's lock and, for "writing", once its
    transaction has spilled into the -wal file (a large import, half-way)."""
    wal = db_path.with_name(db_path.name + "-wal")
    deadline = time.monotonic() + 120
    while True:
        assert process.poll() is None, process.communicate()  # it must not finish first
        assert time.monotonic() < deadline
        if when == "writing":
            if wal.exists() and wal.stat().st_size > 1_000_000:
                break
        else:
            try:
                acquire(db_path).release()
            except AlreadyOpen:
                break
        # Wait on the process itself (its exit ends the wait at once), then look again.
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL


@pytest.mark.parametrize("when", ["signed in", "writing"])
def test_an_import_killed_mid_way_is_wholly_out_and_the_school_checks_sound(tmp_path, when):
    db_path, key = make_school(tmp_path / "school")
    home = tmp_path / "home"
    export = tmp_path / "roll.csv"
    export.write_bytes(pupil_export(20_000))
    before = pupils_in(db_path, key)

    importing = _started(home, "import-pupils", str(export), "--partial", "--db", str(db_path))
    _kill_once(importing, db_path, when)

    code, said = flexidesk(home, "check", "--db", str(db_path))  # the lock was let go
    assert code == 0 and no_traceback(said), said
    assert pupils_in(db_path, key) == before  # wholly out: no half of an import
    code, said = flexidesk(home, "import-pupils", str(export), "--partial", "--db", str(db_path))
    assert code == 0, said  # and it runs again, to the end
    assert len(pupils_in(db_path, key)) == len(before) + 20_000


def test_a_backup_killed_mid_copy_leaves_no_file_taken_for_a_backup(tmp_path):
    db_path, key = make_school(tmp_path / "school")
    home = tmp_path / "home"
    code, said = dying(home, ("from flexidesk.store import backup\n"
                              "backup.verify_backup = lambda *a, **k: os._exit(9)\n"),
                       "backup", "--db", str(db_path))
    assert code == 9, said  # killed with the copy written, before it was checked and named

    code, said = flexidesk(home, "check", "--db", str(db_path))
    assert code == 0 and no_traceback(said), said
    folder = backup_folder_for(db_path)
    assert not list(folder.glob("school-*.db"))  # the half-made copy is not named a backup
    assert find_good_backups(db_path, key) == []
    code, said = flexidesk(home, "backup", "--db", str(db_path))
    assert code == 0, said
    assert len(find_good_backups(db_path, key)) == 1
