"""open_database: plain and encrypted files, and a clear refusal for every bad file."""

import os
import secrets
import sqlite3

import pytest

from flexidesk.store import open_database
from flexidesk.store.errors import (
    DatabaseLocked,
    DatabaseMissing,
    DatabaseReadOnly,
    KeyDoesNotFit,
    NotADatabase,
    SchemaTooNew,
    WrongPassphrase,
)
from flexidesk.store.migrations import LATEST_VERSION, schema_version
from flexidesk.store.models import School


def test_pragmas_are_set(tmp_path):
    database = open_database(tmp_path / "s.db", create=True)
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert schema_version(database) == LATEST_VERSION


def test_encrypted_database_round_trip_and_unreadable_without_key(tmp_path):
    path = tmp_path / "secret.db"
    key = secrets.token_bytes(32)
    database = open_database(path, key, create=True)
    School.create(name="Canary Hollow Primary", headteacher_name="Ms Ada Quill")
    database.close()
    assert b"Canary Hollow" not in path.read_bytes()
    raw = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        raw.execute("SELECT * FROM sqlite_master").fetchall()
    raw.close()
    database = open_database(path, key)
    assert School.get().name == "Canary Hollow Primary"


def test_passphrase_database_round_trip(tmp_path):
    path = tmp_path / "pass.db"
    open_database(path, "correct horse", create=True).close()
    with pytest.raises(WrongPassphrase, match="could not be unlocked"):
        open_database(path, "wrong horse")
    assert schema_version(open_database(path, "correct horse")) == LATEST_VERSION


def _unchanged(path):
    return path.read_bytes()


def test_missing_file_is_reported_and_not_created(tmp_path):
    path = tmp_path / "nowhere.db"
    with pytest.raises(DatabaseMissing, match="cannot find"):
        open_database(path)
    assert not path.exists()


def test_text_file_is_not_a_database_and_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("shopping list: milk, eggs\n" * 200)
    before = _unchanged(path)
    with pytest.raises(NotADatabase, match=str(path)):
        open_database(path)
    with pytest.raises((NotADatabase, WrongPassphrase)):
        open_database(path, secrets.token_bytes(32))
    assert _unchanged(path) == before
    assert not (tmp_path / "notes.db-wal").exists()


def test_wrong_key_is_reported_and_file_untouched(tmp_path):
    path = tmp_path / "k.db"
    open_database(path, secrets.token_bytes(32), create=True).close()
    before = _unchanged(path)
    # A raw key comes out of a key slot the password opened: the password was right, so
    # the message never says it was wrong.
    with pytest.raises(KeyDoesNotFit, match="though your password was right"):
        open_database(path, secrets.token_bytes(32))
    assert _unchanged(path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only files")
def test_read_only_file_is_reported(tmp_path):
    path = tmp_path / "ro.db"
    open_database(path, create=True).close()
    path.chmod(0o400)
    with pytest.raises(DatabaseReadOnly, match="read-only"):
        open_database(path)


def test_read_only_file_is_reported_even_for_root(tmp_path, monkeypatch):
    path = tmp_path / "ro.db"
    open_database(path, create=True).close()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if (mode == os.W_OK and str(p) == str(path)) else real_access(p, mode))
    with pytest.raises(DatabaseReadOnly, match="read-only"):
        open_database(path)


def test_newer_schema_is_refused_without_writing(tmp_path):
    path = tmp_path / "future.db"
    open_database(path, create=True).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    raw.execute("PRAGMA journal_mode = delete")
    raw.close()
    before = _unchanged(path)
    with pytest.raises(SchemaTooNew, match="newer FlexiDesk"):
        open_database(path)
    assert _unchanged(path) == before


def test_locked_file_is_reported(tmp_path):
    path = tmp_path / "busy.db"
    open_database(path, create=True).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = delete")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseLocked, match="in use"):
            open_database(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_directory_is_not_a_database(tmp_path):
    with pytest.raises(NotADatabase):
        open_database(tmp_path)


def test_encrypted_database_stores_times_and_dates(tmp_path):
    import datetime as dt

    from flexidesk.store.models import FlexiMeeting, FlexiRequest, Pupil

    open_database(tmp_path / "t.db", secrets.token_bytes(32), create=True)
    pupil = Pupil.create(upn="A123456789012", legal_first_name="Ivy", legal_last_name="Test",
                         date_of_birth=dt.date(2018, 1, 2), year_group=3,
                         on_roll_date=dt.date(2022, 9, 1))
    request = FlexiRequest.create(pupil=pupil, received_on=dt.date(2026, 11, 2))
    FlexiMeeting.create(request=request, meeting_date=dt.date(2026, 11, 9),
                        meeting_time=dt.time(15, 30), place="Office")
    meeting = FlexiMeeting.get()
    assert meeting.meeting_time == dt.time(15, 30)
    assert meeting.meeting_date == dt.date(2026, 11, 9)
