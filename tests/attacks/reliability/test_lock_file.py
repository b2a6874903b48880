"""The school's lock file (``school.db.lock``) as a careless tidy-up or a hostile folder leaves it:
a link to another file, a folder, or deleted while FlexiDesk holds it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from flexidesk.store.backup import backup_folder_for
from flexidesk.store.instance_lock import lock_path
from tests.attacks.reliability.helpers import (
    ROOT,
    env,
    flexidesk,
    make_school,
    no_traceback,
    pupils_in,
)


@pytest.fixture
def school(tmp_path):
    db_path, key = make_school(tmp_path / "school")
    return db_path, key, tmp_path / "home"


@pytest.mark.parametrize("shape", ["a link to the database", "a dangling link", "a folder"])
def test_a_lock_file_that_is_not_a_file_is_one_plain_message_and_changes_nothing(school, shape):
    db_path, key, home = school
    lock = lock_path(db_path)
    if shape == "a link to the database":
        lock.symlink_to(db_path.name)
    elif shape == "a dangling link":
        lock.symlink_to("/nonexistent/elsewhere.lock")
    else:
        lock.mkdir()
    before = db_path.read_bytes()

    code, said = flexidesk(home, "backup", "--db", str(db_path))
    assert no_traceback(said), said
    assert code == 1
    assert f"{lock} is not FlexiDesk's lock file" in said
    assert "Nothing has been opened or changed" in said
    assert db_path.read_bytes() == before  # the link was not followed, nor the file truncated
    assert not list(backup_folder_for(db_path).glob("school-*.db"))
    assert lock.is_symlink() or lock.is_dir()  # left for the person to look at

    code, said = flexidesk(home, "--db", str(db_path), "--screenshot", str(home / "shots"))
    assert code == 2 and no_traceback(said), said
    assert f"{lock} is not FlexiDesk's lock file" in said


def test_a_lock_file_deleted_while_the_window_holds_it_still_keeps_a_restore_out(school):
    """POSIX only (Windows cannot delete a file held open): the window's lock file is deleted
    as "stale", so a restore takes a new one; it must still not swap the file under the
    window, whose saves would then go to the file kept aside."""
    db_path, key, home = school
    code, said = flexidesk(home, "backup", "--db", str(db_path))
    assert code == 0, said
    backup = next(backup_folder_for(db_path).glob("school-*.db"))
    window = subprocess.Popen(  # holds the lock and has the school open, as the window does
        [sys.executable, "-c",
         "import sys\nfrom flexidesk.store.instance_lock import acquire\n"
         "from flexidesk.store import open_database\n"
         f"lock = acquire({str(db_path)!r})\n"
         f"open_database({str(db_path)!r}, bytes.fromhex({key.hex()!r}))\n"
         "print('held', flush=True); sys.stdin.read()"],  # holds until let go
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env(home), cwd=ROOT)
    try:
        assert window.stdout.readline().strip() == "held"
        os.unlink(lock_path(db_path))  # "a stale lock file": someone tidies the folder
        code, said = flexidesk(home, "restore", str(backup), "--db", str(db_path), "--wait", "0")
        assert code == 1 and no_traceback(said), said
        assert "is in use by FlexiDesk" in said and "Nothing has been changed" in said
        assert not list(db_path.parent.glob("school.db.before-restore-*"))
    finally:
        window.kill()
        window.wait()
    assert len(pupils_in(db_path, key)) == 20  # the school as it was
