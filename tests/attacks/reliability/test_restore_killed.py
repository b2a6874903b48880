"""Kill -9 during a restore, between its steps: the next opening finds the school as it was.

The restore moves the current file aside and then puts the backup in its place; a computer
that stops between the two (or before the audit head is sealed again) must not leave the
school with no database, nor raise a tampering alarm about a log nobody touched.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from flexidesk.store.backup import backup_folder_for
from tests.attacks.reliability.helpers import (
    ROOT,
    dying,
    env,
    flexidesk,
    make_school,
    no_traceback,
    pupils_in,
)

WAL_ONLY = "Z00000000WAL1"


@pytest.fixture
def school(tmp_path):
    """A school with a backup, then a change saved after it that is only in the -wal file."""
    db_path, key = make_school(tmp_path / "school")
    home = tmp_path / "home"
    code, said = flexidesk(home, "backup", "--db", str(db_path))
    assert code == 0, said
    saver = ("import datetime as dt, os, sys\n"
             "from flexidesk.store import open_database\n"
             "from flexidesk.store.models import Pupil\n"
             f"open_database({str(db_path)!r}, bytes.fromhex({key.hex()!r}))\n"
             f"Pupil.create(upn={WAL_ONLY!r}, legal_first_name='Walda', legal_last_name='Late',"
             " date_of_birth=dt.date(2018, 5, 1), year_group=2,"
             " on_roll_date=dt.date(2022, 9, 1))\n"
             "os._exit(0)  # no close: the change stays in the -wal file\n")
    subprocess.run([sys.executable, "-c", saver], check=True, env=env(home), cwd=ROOT)
    assert db_path.with_name("school.db-wal").stat().st_size > 0
    backup = next(backup_folder_for(db_path).glob("school-*.db"))
    return db_path, key, home, backup


STEPS = {
    "after the current file was moved aside": (
        "from flexidesk.store import aside\n"
        "real = aside._move_together\n"
        "def moved(moves):\n"
        "    real(moves)\n"
        "    if any('before-restore' in str(t) for _s, t in moves): os._exit(9)\n"
        "aside._move_together = moved\n"),
    "after the backup was put in place, before the head was sealed": (
        "from flexidesk.store import recovery\n"
        "recovery._reseal_after_restore = lambda *a, **k: os._exit(9)\n"),
}


@pytest.mark.parametrize("step", list(STEPS))
def test_a_restore_killed_between_its_steps_is_put_back_at_the_next_opening(school, step):
    db_path, key, home, backup = school
    code, said = dying(home, STEPS[step], "restore", str(backup), "--db", str(db_path))
    assert code == 9, said  # it died where we said

    code, said = flexidesk(home, "check", "--db", str(db_path))
    assert no_traceback(said)
    assert "stopped part-way" in said and "put back as it was before the restore" in said
    assert code == 0, said  # no tampering alarm, no missing file
    assert "ALTERED" not in said and "BEHIND" not in said
    assert WAL_ONLY in pupils_in(db_path, key)  # the change saved after the backup is there
    assert not list(db_path.parent.glob("*.restoring"))

    # and the restore, run again, does what it says
    code, said = flexidesk(home, "restore", str(backup), "--db", str(db_path))
    assert code == 0, said
    assert WAL_ONLY not in pupils_in(db_path, key)
    code, said = flexidesk(home, "check", "--db", str(db_path))
    assert code == 0, said
