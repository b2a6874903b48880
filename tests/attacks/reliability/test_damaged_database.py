"""A failing disk under the school's file: a page zeroed, the file cut short, the -wal cut
short. Each is named for what it is (never a wrong password), nothing is written to it, and
nothing is claimed sound that is not."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.attacks.reliability.helpers import ROOT, env, flexidesk, make_school, no_traceback


@pytest.fixture
def school(tmp_path):
    db_path, key = make_school(tmp_path / "school")
    return db_path, key, tmp_path / "home"


@pytest.mark.parametrize("damage", ["page 40 zeroed", "cut at 300 KB", "cut at 4 KB"])
def test_a_damaged_database_is_named_damaged_and_left_alone(school, damage):
    db_path, _key, home = school
    data = bytearray(db_path.read_bytes())
    if damage == "page 40 zeroed":
        data[4096 * 40:4096 * 41] = bytes(4096)
    else:
        del data[(300 if "300" in damage else 4) * 1024:]
    db_path.write_bytes(bytes(data))
    for argv in (["backup"], ["import-pupils", "/dev/null"], ["check"]):
        code, said = flexidesk(home, *argv, "--db", str(db_path))
        assert code != 0 and no_traceback(said), said
        assert "do not match" not in said and "password" not in said.lower(), said
        assert "damaged" in said.lower() or "DAMAGED" in said, said
        assert db_path.read_bytes() == bytes(data)  # nothing written into it
    code, said = flexidesk(home, "--db", str(db_path), "--screenshot", str(home / "shots"))
    assert code == 2 and no_traceback(said) and "is damaged" in said, said


def test_a_wal_cut_short_is_reported_not_called_sound(school):
    """The last commit's frames cut off (synchronous=full means a crash cannot do this; a
    disk or a copying tool can): SQLite drops that commit, and check says the log lost it."""
    db_path, key, home = school
    saver = ("import datetime as dt, os\n"
             "from flexidesk.store import audit, open_database\n"
             "from flexidesk.policy.records.access import transaction\n"
             "from flexidesk.store.models import Pupil\n"
             f"open_database({str(db_path)!r}, bytes.fromhex({key.hex()!r}))\n"
             "with transaction():\n"
             "    Pupil.create(upn='Z00000000WAL1', legal_first_name='Walda',"
             " legal_last_name='Late', date_of_birth=dt.date(2018, 5, 1), year_group=2,"
             " on_roll_date=dt.date(2022, 9, 1))\n"
             "    audit.record('head', 'pupil.create', 'pupil', 1, after={'upn': 'Z'})\n"
             "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", saver], check=True, env=env(home), cwd=ROOT)
    wal = db_path.with_name("school.db-wal")
    wal.write_bytes(wal.read_bytes()[:-2000])
    code, said = flexidesk(home, "check", "--db", str(db_path))
    assert code == 1 and no_traceback(said), said
    assert "The audit log has been cut short: it ends at entry 20, but the sealed head says it " \
           "ran to entry 21." in said
