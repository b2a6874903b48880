"""One plain message per fault of the world, no traceback, nothing lost: the message asserted."""

import errno
import json
import os
import sqlite3
import subprocess
import sys

import pytest

from flexidesk.policy.records.access import action, create
from flexidesk.policy.records.signin import SignInThrottle
from flexidesk.store import close_database, open_database
from flexidesk.store.backup import backup_folder_for, write_backups
from flexidesk.store.errors import DatabaseInUse, DiskFull, EmptyFile, FolderReadOnly
from flexidesk.store.keyslots import keyfile_path
from flexidesk.store.models import Pupil
from flexidesk.store.recovery import find_good_backups
from tests.unit.commands import test_backup_restore_check as test_admin
from tests.unit.commands.test_backup_restore_check import as_user, run
from tests.unit.store.test_backup import fill

school_db = test_admin.school_db  # the encrypted school of the admin commands' tests


def check(monkeypatch, capsys, db_path, password="head-pw"):
    return run(monkeypatch, capsys, ["check", "--db", str(db_path), *as_user("head")], password)


def window(db_path, tmp_path, password="head-pw"):
    """Start the app as a script would (headless, --user): its exit code and what it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "flexidesk", "--db", str(db_path), *as_user("head"),
         "--screenshot", str(tmp_path / "shots")], input=password + "\n", capture_output=True,
        text=True, env={**os.environ, "FLEXIDESK_HOME": str(tmp_path / "home"),
                        "QT_QPA_PLATFORM": "offscreen"}, timeout=120)
    return done.returncode, done.stdout + done.stderr


def no_traceback(text):
    return "Traceback" not in text and "ERROR CORE" not in text


# --- files that are not databases --------------------------------------------------------------


def test_db_naming_a_folder_is_one_plain_message(school_db, tmp_path, monkeypatch, capsys):
    folder = school_db[0].parent
    code, out, err = check(monkeypatch, capsys, folder)
    assert code == 1 and no_traceback(out + err)
    assert f"{folder} is a folder, not a database file." in err
    code, said = window(folder, tmp_path)
    assert code == 2 and no_traceback(said)
    assert f"{folder} is a folder, not a database file." in said


def test_a_zero_byte_database_is_never_taken_for_a_school(tmp_path, monkeypatch, capsys):
    empty = tmp_path / "school.db"
    empty.write_bytes(b"")
    with pytest.raises(EmptyFile, match=r"is empty \(0 bytes\): it is not a FlexiDesk database"):
        open_database(empty)
    assert empty.read_bytes() == b""  # not made into an empty school either
    code, out, err = run(monkeypatch, capsys, ["check", "--db", str(empty)])
    assert code == 1 and "is empty (0 bytes)" in err and "ok" not in out


def test_restoring_a_zero_byte_backup_is_refused_and_nothing_replaced(school_db, monkeypatch,
                                                                    capsys):
    db_path, key = school_db
    empty = db_path.parent / "school-20260101-090000.db"
    empty.write_bytes(b"")
    before = db_path.read_bytes()
    code, out, err = run(monkeypatch, capsys, ["restore", "--db", str(db_path), str(empty),
                                               *as_user("head")], "head-pw")
    assert code == 1 and no_traceback(out + err)
    assert f"The file {empty} is empty (0 bytes): it is not a FlexiDesk database or backup." \
        in err
    assert db_path.read_bytes() == before
    code, out, _ = check(monkeypatch, capsys, db_path)
    assert code == 0 and "Audit log: ok (20 entries" in out


def test_start_up_recovery_never_picks_an_empty_backup(school_db):
    db_path, key = school_db
    folder = backup_folder_for(db_path)
    (folder / "school-20991231-235959.db").write_bytes(b"")  # the "newest" backup, empty
    assert find_good_backups(db_path, key) == []


def test_missing_key_file_is_named_not_called_damage(school_db, tmp_path, monkeypatch, capsys):
    db_path, _ = school_db
    keyfile_path(db_path).rename(tmp_path / "elsewhere.keys")
    code, out, err = check(monkeypatch, capsys, db_path)
    assert code == 1 and no_traceback(out + err) and "DAMAGED" not in out
    assert f"The key file {keyfile_path(db_path)} is missing" in err
    code, said = window(db_path, tmp_path)
    assert code == 2 and f"The key file {keyfile_path(db_path)} is missing" in said
    assert "damaged" not in said


def test_malformed_key_file_is_one_plain_message(school_db, tmp_path, monkeypatch, capsys):
    db_path, _ = school_db
    keyfile_path(db_path).write_text(json.dumps({"version": 1}))
    code, out, err = check(monkeypatch, capsys, db_path)
    assert code == 1 and no_traceback(out + err) and "KeyError" not in err
    assert f"The key file {keyfile_path(db_path)} cannot be read: it is damaged." in err


def test_truncated_database_is_damage_not_a_wrong_password(school_db, tmp_path, monkeypatch,
                                                           capfd):
    db_path, _ = school_db
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2])
    code, out, err = check(monkeypatch, capfd, db_path)  # capfd: SQLCipher writes to fd 2
    assert code == 1 and "Database file: DAMAGED" in out and "password" not in out + err
    assert "ERROR CORE" not in err  # SQLCipher's own log stays off the terminal
    code, said = window(db_path, tmp_path)
    assert code == 2 and no_traceback(said) and "password" not in said
    # No backup existed, so nothing was kept aside and the message does not say so.
    assert "is damaged, and no good backup of it was found. It has not been changed" in said
    assert "kept it aside" not in said
    assert db_path.read_bytes() == data[: len(data) // 2]


def test_a_wrong_key_prints_no_sqlcipher_log(school_db, capfd):
    from flexidesk.store.database import key_opens

    db_path, _ = school_db
    assert not key_opens(db_path, b"\1" * 32)
    assert "ERROR CORE" not in capfd.readouterr().err


# --- the folder, the disk and a second writer ----------------------------------------------------


def test_read_only_folder_is_one_plain_message(school_db, monkeypatch, capsys):
    from flexidesk.store import instance_lock

    db_path, _ = school_db
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith(".lock"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("os.open", refuse)  # as filelock opens the lock file
    with pytest.raises(FolderReadOnly) as caught:
        instance_lock.acquire(db_path)
    assert str(caught.value).startswith(f"The folder {db_path.parent} is read-only")
    # check meets the folder through SQLite (it cannot create the log file): the same words.
    monkeypatch.setattr("os.access", lambda p, mode: mode != os.W_OK)
    cantopen = sqlite3.OperationalError("unable to open database file")
    cantopen.sqlite_errorname = "SQLITE_CANTOPEN"
    monkeypatch.setattr("flexidesk.store.backup._open_raw",
                        lambda *a, **k: (_ for _ in ()).throw(cantopen))
    code, out, err = check(monkeypatch, capsys, db_path)
    assert code == 1 and "DAMAGED" not in out and no_traceback(out + err)
    assert f"The folder {db_path.parent} is read-only" in err


@action("pupil.edit")
def add_child(actor, n):
    return create(actor, "pupil.create", Pupil, upn=f"W{n:012d}", legal_first_name="Wren",
                  legal_last_name=f"Ashdown{n}", date_of_birth="2019-05-01", year_group=1,
                  on_roll_date="2025-09-01")


def test_a_second_writer_waits_then_hears_in_use(database, pastoral):
    other = sqlite3.connect(database.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with pytest.raises(DatabaseInUse, match="is in use by another program"):
            add_child(pastoral, 1)
    finally:
        other.execute("ROLLBACK")
        other.close()
    add_child(pastoral, 2)  # once it lets go, work carries on
    assert [p.legal_last_name for p in Pupil.select()] == ["Ashdown2"]


def test_disk_full_while_sealing_the_audit_head_loses_nothing_and_leaves_no_tmp(
        database, pastoral, monkeypatch):
    add_child(pastoral, 1)

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("flexidesk.store.files.os.fsync", full)
    with pytest.raises(DiskFull, match="no room left"):
        add_child(pastoral, 2)
    monkeypatch.undo()
    assert Pupil.select().count() == 1  # the change was not half-saved
    assert not [p.name for p in database.path.parent.iterdir() if p.name.endswith(".tmp")]
    add_child(pastoral, 3)
    assert Pupil.select().count() == 2


def test_a_failed_key_file_write_leaves_no_tmp(school_db, monkeypatch):
    from flexidesk.store.keyslots import KeySlots

    db_path, _ = school_db
    ring = KeySlots.load(db_path)
    before = keyfile_path(db_path).read_bytes()
    monkeypatch.setattr("flexidesk.store.files.os.fsync",
                        lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    with pytest.raises(OSError):
        ring.remove_user("office")
    assert keyfile_path(db_path).read_bytes() == before
    assert not list(db_path.parent.glob("*.tmp"))


# --- sign-in --------------------------------------------------------------------------------------


def test_admin_commands_share_the_sign_in_throttle_which_survives_its_file(school_db,
                                                                          monkeypatch, capsys):
    db_path, _ = school_db
    for _ in range(5):
        code, _, err = check(monkeypatch, capsys, db_path, password="guess")
        assert code == 2 and "do not match" in err
    code, out, err = check(monkeypatch, capsys, db_path)  # even the right password waits
    assert code == 2 and "Too many attempts. Please wait 30 seconds" in err
    assert SignInThrottle.for_database(db_path).wait_seconds() > 0  # the window sees it too
    db_path.with_name(db_path.name + ".signin").unlink()
    code, _, err = run(monkeypatch, capsys, ["backup", "--db", str(db_path), *as_user("head")],
                       "head-pw")
    assert code == 2 and "Too many attempts" in err


# --- start-up recovery shows what each file holds ------------------------------------------------


def test_start_up_recovery_refuses_a_smaller_backup_unseen_and_shows_both_counts(
        tmp_path, capsys):
    from flexidesk.store.recovery import DatabaseDamaged
    from flexidesk.ui.opening import check_or_recover
    from tests.unit.store.test_recovery import damage

    db_path = tmp_path / "school.db"
    database = open_database(db_path, create=True)
    fill(2)
    write_backups(db_path, None, source=database)  # a backup with 2 children
    fill_more = [Pupil.create(upn=f"M{i:012d}", legal_first_name="Mo", legal_last_name="Rae",
                              date_of_birth="2019-01-01", year_group=1,
                              on_roll_date="2025-09-01") for i in range(40)]
    assert len(fill_more) == 40
    close_database()
    damage(db_path)
    damaged = db_path.read_bytes()
    with pytest.raises(DatabaseDamaged) as caught:
        check_or_recover(db_path, None, headless=True)
    said = capsys.readouterr().err
    assert "The newest good backup: 2 pupils, 0 flexi requests" in said
    assert "flexidesk restore" in str(caught.value) and "kept it aside" not in str(caught.value)
    assert "The damaged file: 42 pupils" in said
    assert db_path.read_bytes() == damaged  # not replaced by the smaller backup


def test_the_log_records_the_problem_itself_not_its_type(tmp_path, caplog, capsys):
    from flexidesk.store.errors import NotAFile
    from flexidesk.ui.crash import tell

    tell(str(NotAFile(tmp_path)), headless=True)
    assert f"Start-up stopped: {tmp_path} is a folder, not a database file." in caplog.text
    assert "Start-up stopped: str" not in caplog.text
    assert "is a folder" in capsys.readouterr().err
