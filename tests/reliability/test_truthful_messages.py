"""Messages that tell the truth: each fault names what is wrong and says nothing was changed.

One test (or a few) per row of the table in issue #19, each asserting the new message.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3

import pytest

from flexidesk.policy.records.signin import SignInThrottle
from flexidesk.store import open_database
from flexidesk.store.backup import backup_folder_for
from flexidesk.store.errors import DatabaseLocked, KeyDoesNotFit, NoRoomToOpen
from flexidesk.store.keyslots import keyfile_path
from flexidesk.store.recovery import inspect
from tests.unit.commands import test_backup_restore_check as test_admin
from tests.unit.commands.test_backup_restore_check import as_user, run

school_db = test_admin.school_db  # an encrypted school: head, office and governor

NOTHING_CHANGED = "Nothing has been changed"


def no_traceback(text: str) -> bool:
    return "Traceback" not in text and "ERROR CORE" not in text


def _backup(monkeypatch, capsys, db_path):
    code, _out, err = run(monkeypatch, capsys, ["backup", "--db", str(db_path),
                                                *as_user("head")], "head-pw")
    assert code == 0, err
    return next(backup_folder_for(db_path).glob("school-*.db"))


def _files(folder):
    return sorted(p.name for p in folder.iterdir() if p.is_file())


# --- 1. disk full before opening ---------------------------------------------------------------


def _disk_full(monkeypatch):
    """The drive is full: SQLite cannot grow the shared-memory file it needs at opening and
    says "disk I/O error" (as it did on a full 4 MB tmpfs), and the drive has no room."""
    ioerr = sqlite3.OperationalError("disk I/O error")
    ioerr.sqlite_errorname = "SQLITE_IOERR"

    def refuse(*_args, **_kwargs):
        raise ioerr

    monkeypatch.setattr("flexidesk.store.backup._open_raw", refuse)
    monkeypatch.setattr("flexidesk.store.database.FlexiDatabase._check_readable",
                        lambda self, conn: refuse())
    monkeypatch.setattr("flexidesk.store.errors.shutil.disk_usage",
                        lambda path: shutil._ntuple_diskusage(4 << 20, 4 << 20, 0))


def test_disk_full_before_opening_says_so_not_damaged_nor_a_wrong_password(
        school_db, monkeypatch, capsys):
    db_path, key = school_db
    before = db_path.read_bytes()
    _disk_full(monkeypatch)
    said = (f"There is no room left on the drive that holds {db_path}, and FlexiDesk needs a "
            "little to open it. The database is not damaged and nothing has been changed."
            )
    for argv in (["check"], ["export-calendar", str(db_path.parent / "diary.ics")],
                 ["backup"]):
        code, out, err = run(monkeypatch, capsys, [*argv, "--db", str(db_path),
                                                   *as_user("head")], "head-pw")
        assert code == 1 and no_traceback(out + err), argv
        assert said in err, (argv, out, err)
        assert "DAMAGED" not in out and "do not match" not in err and "not a FlexiDesk" not in err
    with pytest.raises(NoRoomToOpen, match="no room left on the drive"):
        inspect(db_path, key)  # the window's check before it opens the file
    with pytest.raises(NoRoomToOpen):
        open_database(db_path, key)  # and its opening, after signing in
    assert db_path.read_bytes() == before


# --- 2. the file's header is garbage -------------------------------------------------------------


def test_a_garbage_header_is_damage_not_a_wrong_password(school_db, monkeypatch, capsys):
    db_path, key = school_db
    with open(db_path, "r+b") as fh:
        fh.write(os.urandom(16))  # the first bytes of page 1 (SQLCipher's salt) are gone
    before = db_path.read_bytes()
    for argv in (["backup"], ["export-calendar", str(db_path.parent / "diary.ics")],
                 ["import-pupils", str(db_path.parent / "pupils.csv")]):
        code, out, err = run(monkeypatch, capsys, [*argv, "--db", str(db_path),
                                                   *as_user("head")], "head-pw")
        assert code == 1 and no_traceback(out + err), argv
        assert f"The database {db_path} is damaged" in err, (argv, err)
        assert "could not be unlocked" not in err and "password" not in err
        assert "has not been changed" in err
    assert not (db_path.parent / "diary.ics").exists()
    assert db_path.read_bytes() == before
    # Opened directly with the key its slot gave: the password was right, the file is not.
    with pytest.raises(KeyDoesNotFit, match="though your password was right"):
        open_database(db_path, key)


# --- 3 and 4. restore onto a read-only mount, restore of a read-only file ----------------------


def test_restore_onto_a_read_only_mount_names_the_folder(school_db, monkeypatch, capsys):
    db_path, _key = school_db
    backup = _backup(monkeypatch, capsys, db_path)
    before, files = db_path.read_bytes(), _files(db_path.parent)
    real_access = os.access
    # A read-only mount refuses every write in the folder (access() reports it, even to root).
    monkeypatch.setattr("os.access", lambda p, mode: False if mode == os.W_OK and
                        str(p).startswith(str(db_path.parent)) else real_access(p, mode))
    code, out, err = run(monkeypatch, capsys, ["restore", str(backup), "--db", str(db_path),
                                               *as_user("head")], "head-pw")
    assert code == 1 and no_traceback(out + err)
    assert f"The folder {db_path.parent} is read-only" in err and NOTHING_CHANGED in err
    assert "do not match" not in err
    assert db_path.read_bytes() == before and _files(db_path.parent) == files


def test_restore_of_a_read_only_database_file_names_the_file(school_db, monkeypatch, capsys):
    db_path, _key = school_db
    backup = _backup(monkeypatch, capsys, db_path)
    before = db_path.read_bytes()
    real_access = os.access
    monkeypatch.setattr("os.access", lambda p, mode: False if mode == os.W_OK and
                        os.fspath(p) == str(db_path) else real_access(p, mode))
    code, out, err = run(monkeypatch, capsys, ["restore", str(backup), "--db", str(db_path),
                                               *as_user("head")], "head-pw")
    assert code == 1 and no_traceback(out + err)
    assert f"The database {db_path} is read-only" in err and NOTHING_CHANGED in err
    assert db_path.read_bytes() == before


def test_a_restore_whose_rename_is_refused_puts_everything_back(school_db, monkeypatch, capsys):
    """Windows refuses to rename a file marked read-only (PermissionError): the database and
    its log are then where they were, and the change that was only in the log is still there."""
    db_path, key = school_db
    backup = _backup(monkeypatch, capsys, db_path)
    # A change that is in the -wal file only (this connection stays open: no checkpoint yet).
    open_database(db_path, key, migrate=False)
    from flexidesk.store.models import Setting

    Setting.create(key="only.in.the.log", value="kept")
    real_rename = os.rename

    def refuse_the_log(source, target):
        if os.fspath(source).endswith("-wal"):
            raise PermissionError(13, "Permission denied", os.fspath(source))
        return real_rename(source, target)

    monkeypatch.setattr("flexidesk.store.recovery.os.rename", refuse_the_log)
    monkeypatch.setattr("flexidesk.store.recovery.checkpoint", lambda *a: False)  # a busy log
    assert db_path.with_name("school.db-wal").stat().st_size > 0
    code, out, err = run(monkeypatch, capsys, ["restore", str(backup), "--db", str(db_path),
                                               "--wait", "0", *as_user("head")], "head-pw")
    assert code == 1 and no_traceback(out + err)
    assert f"The database {db_path} is read-only" in err and NOTHING_CHANGED in err
    assert not list(db_path.parent.glob("school.db.before-restore-*"))
    assert not list(db_path.parent.glob("*.restoring"))
    open_database(db_path, key, migrate=False)
    assert Setting.get(Setting.key == "only.in.the.log").value == "kept"


# --- 5. a key slot with a missing or malformed field -------------------------------------------


@pytest.mark.parametrize("damage", [
    lambda slot: slot.pop("salt"),
    lambda slot: slot.pop("db_key"),
    lambda slot: slot.update(nonce="not base64!"),
    lambda slot: slot.update(private=slot["private"][:-8]),
    lambda slot: slot.update(n="65536"),
    lambda slot: slot.update(n=2 ** 40),
    lambda slot: slot["db_key"].pop("ephemeral"),
], ids=["no salt", "no sealed key", "bad nonce", "short private key", "n as text",
        "n beyond reason", "no ephemeral key"])
def test_a_damaged_key_slot_is_the_key_files_fault(school_db, monkeypatch, capsys, damage):
    db_path, _key = school_db
    keys = keyfile_path(db_path)
    data = json.loads(keys.read_text())
    damage(data["slots"]["head"])
    keys.write_text(json.dumps(data))
    code, out, err = run(monkeypatch, capsys, ["check", "--db", str(db_path),
                                               *as_user("head")], "head-pw")
    assert code == 1 and no_traceback(out + err)
    assert (f"The key file {keys} is damaged: the sign-in of head cannot be read, so nothing "
            "was opened and nothing has been changed.") in err
    assert "do not match" not in err
    assert SignInThrottle.for_database(db_path).failures == []  # not counted as a guess


# --- 6. another program holds the write lock ----------------------------------------------------


def _locked_by_another_program(path):
    other = sqlite3.connect(path)
    other.execute("BEGIN IMMEDIATE")
    return other


LOCKED = "is in use by another program or another copy of FlexiDesk, which is writing to it"


def test_reads_that_record_views_say_the_file_is_busy(head, office, database):
    from flexidesk.policy.providers import commission_placement, provider_detail
    from flexidesk.policy.records.audit_queries import search_audit, verify
    from flexidesk.store.models import AuditEntry
    from tests.unit.policy.providers.test_placements import (
        TODAY,
        _pupil,
        _ready_provider,
        _terms,
    )

    provider, site = _ready_provider(head)
    commission_placement(head, _pupil().id, provider.id, **_terms(site))
    rows = AuditEntry.select().count()
    database.execute_sql("PRAGMA busy_timeout = 200")  # wait a moment, not the full five seconds
    other = _locked_by_another_program(database.path)
    try:
        for read in (lambda: provider_detail(office, provider.id, TODAY),
                     lambda: search_audit(head, child="Ada"),
                     lambda: verify(head)):
            with pytest.raises(DatabaseLocked) as refused:
                read()
            assert LOCKED in str(refused.value) and NOTHING_CHANGED in str(refused.value)
    finally:
        other.rollback()
        other.close()
    assert AuditEntry.select().count() == rows


def test_a_known_problem_that_reaches_the_window_is_said_plainly(qtbot, tmp_path):
    """Whatever view lets it through, a StoreError is shown in its own words, not as the
    apology for a bug."""
    from PySide6.QtWidgets import QMessageBox

    from flexidesk.store.errors import DatabaseInUse
    from flexidesk.ui.crash import install_excepthook
    from tests.ui.modal import Modal

    install_excepthook(tmp_path / "flexidesk.log")
    problem = DatabaseInUse(tmp_path / "school.db")
    seen: dict = {}

    def read(box: QMessageBox) -> None:
        seen["title"], seen["text"] = box.windowTitle(), box.text()
        box.accept()

    import sys

    Modal(qtbot).call(lambda: sys.excepthook(DatabaseInUse, problem, None), read)
    assert seen["text"] == str(problem)
    assert "Sorry, something went wrong" not in seen["title"]


# --- 7. move-to-server with a wrong password ----------------------------------------------------


def test_move_to_server_with_a_wrong_password_is_told_and_counted(school_db, monkeypatch,
                                                                  capsys):
    db_path, _key = school_db
    connected = []
    monkeypatch.setattr("flexidesk.store.server.open_server",
                        lambda *a, **k: connected.append(a))
    code, out, err = run(monkeypatch, capsys, [
        "move-to-server", str(db_path), "--server", "postgresql://trust.example/flexidesk",
        "--school-role", "brookfield", *as_user("head")], "not-the-password")
    assert code == 2 and no_traceback(out + err)
    assert "That name and password do not match. Please try again. Nothing was copied." in err
    assert connected == []  # the server is not even asked
    assert len(SignInThrottle.for_database(db_path).failures) == 1  # the window's own throttle


# --- 8. an .ics with a broken DTSTART -----------------------------------------------------------


def test_a_calendar_with_a_broken_start_date_names_the_event():
    from flexidesk.policy.errors import PolicyError
    from flexidesk.policy.school.calendar_import import read_ics

    data = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Millbridge LA//Terms//EN\r\n"
            b"BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Autumn term 2026\r\n"
            b"DTSTART;VALUE=DATE:2026AB01\r\nDTEND;VALUE=DATE:20261218\r\nEND:VEVENT\r\n"
            b"END:VCALENDAR\r\n")
    with pytest.raises(PolicyError) as refused:
        read_ics(data)
    assert str(refused.value) == (
        "The calendar's event “Autumn term 2026” has a start or end date that cannot be read. "
        "Nothing has been imported; ask for a corrected file.")


def test_a_calendar_date_in_year_9999_is_refused_by_the_one_date_bound():
    from flexidesk.policy.errors import PolicyError
    from flexidesk.policy.school.calendar_import import read_ics

    data = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
            b"SUMMARY:Spring term\r\nDTSTART;VALUE=DATE:99990105\r\n"
            b"DTEND;VALUE=DATE:99990401\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    with pytest.raises(PolicyError, match="“Spring term”: 5 Jan 9999 is not a date FlexiDesk "
                                          "accepts"):
        read_ics(data)

