"""Recovery at open: a damaged file is moved aside, kept, and the newest good backup put back."""

import datetime as dt
import os
import secrets

import pytest

from flexidesk.store import open_database
from flexidesk.store.backup import BackupError, backup_folder_for, set_second_folder, write_backups
from flexidesk.store.models import Pupil
from flexidesk.store.recovery import (
    find_good_backups,
    inspect,
    move_aside,
    restore_backup,
)
from tests.unit.store.test_backup import fill, table_rows


def damage(path):
    """Scribble over pages in the middle of the file, as a failing disk might."""
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.seek((size // 2) // 4096 * 4096)
        fh.write(os.urandom(8192))


@pytest.mark.parametrize("encrypted", [False, True])
def test_damage_is_found_file_moved_aside_and_newest_good_backup_restored(tmp_path, encrypted):
    key = secrets.token_bytes(32) if encrypted else None
    db_path = tmp_path / "school.db"
    database = open_database(db_path, key, create=True)
    fill(60)
    older = write_backups(db_path, key, source=database, when=dt.datetime(2026, 11, 1, 9))
    Pupil.create(upn="Z000000000099", legal_first_name="Late", legal_last_name="Arrival",
                 date_of_birth=dt.date(2019, 1, 1), year_group=1, on_roll_date=dt.date(2026, 11, 2))
    newer = write_backups(db_path, key, source=database, when=dt.datetime(2026, 11, 2, 9))
    os.utime(older.primary, (1, 1))  # make the file times agree with the names
    expected = table_rows(db_path, key)
    database.close()
    assert inspect(db_path, key).ok

    damage(db_path)
    damaged_bytes = db_path.read_bytes()
    report = inspect(db_path, key)
    assert not report.ok and report.problems

    aside = move_aside(db_path)
    assert not db_path.exists()
    assert aside.read_bytes() == damaged_bytes  # kept exactly as found
    assert aside.name.startswith("school.db.damaged-")

    good = find_good_backups(db_path, key)
    assert good[0] == newer.primary and older.primary in good
    assert restore_backup(good[0], db_path, key) is None  # nothing left in the way
    assert inspect(db_path, key).ok
    assert table_rows(db_path, key) == expected
    open_database(db_path, key)
    assert Pupil.get(Pupil.upn == "Z000000000099").legal_first_name == "Late"


def test_damaged_and_wrongly_keyed_backups_are_not_offered(tmp_path):
    key = secrets.token_bytes(32)
    db_path = tmp_path / "school.db"
    database = open_database(db_path, key, create=True)
    fill(40)
    good = write_backups(db_path, key, source=database, when=dt.datetime(2026, 11, 1, 9))
    bad = write_backups(db_path, key, source=database, when=dt.datetime(2026, 11, 2, 9))
    damage(bad.primary)
    stranger = backup_folder_for(db_path) / "school-20261103-090000.db"
    other = open_database(tmp_path / "other.db", secrets.token_bytes(32), create=True)
    other.close()
    stranger.write_bytes((tmp_path / "other.db").read_bytes())
    assert find_good_backups(db_path, key) == [good.primary]


def test_backups_on_the_second_folder_are_offered_too(tmp_path):
    db_path = tmp_path / "school.db"
    database = open_database(db_path, create=True)
    fill(3)
    stick = tmp_path / "stick"
    stick.mkdir()
    set_second_folder(db_path, stick)
    outcome = write_backups(db_path, None, source=database)
    for path in backup_folder_for(db_path).glob("school-*.db"):
        path.unlink()  # the laptop's own folder is lost with its disk
    assert find_good_backups(db_path, None) == [outcome.second]


def test_moving_aside_never_overwrites_an_earlier_damaged_file(tmp_path):
    db_path = tmp_path / "school.db"
    first = []
    for n in range(3):
        db_path.write_bytes(f"copy {n}".encode())
        (tmp_path / "school.db-wal").write_bytes(f"wal {n}".encode())
        first.append(move_aside(db_path))
    assert len(set(first)) == 3
    assert [p.read_bytes() for p in first] == [b"copy 0", b"copy 1", b"copy 2"]
    assert [open(str(p) + "-wal", "rb").read() for p in first] == [b"wal 0", b"wal 1", b"wal 2"]


def test_a_bad_backup_is_refused_and_the_current_file_left_alone(tmp_path):
    db_path = tmp_path / "school.db"
    open_database(db_path, create=True).close()
    before = db_path.read_bytes()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(BackupError, match="could not be read|integrity"):
        restore_backup(junk, db_path, None)
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("school.db")) == [
        "school.db", "school.db.audit-head"]


def test_the_live_database_is_not_its_own_backup(tmp_path):
    from flexidesk.store import close_database

    db_path = tmp_path / "school.db"
    open_database(db_path, create=True)
    close_database()
    before = db_path.read_bytes()
    for named in (db_path, tmp_path / "." / "school.db"):
        with pytest.raises(BackupError, match="is the database itself, not a backup of it. "
                                              "Nothing has been replaced"):
            restore_backup(named, db_path, None)
    link = tmp_path / "looks-like-a-backup.db"
    link.symlink_to(db_path)
    with pytest.raises(BackupError, match="is the database itself"):
        restore_backup(link, db_path, None)
    assert db_path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if ".restoring" in p.name or "before" in p.name]


def test_moving_aside_is_one_step_and_a_failure_puts_back_what_moved(tmp_path, monkeypatch):
    db_path = tmp_path / "school.db"
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"school.db{suffix}").write_bytes(suffix.encode() or b"db")
    real_rename = os.rename

    def refuse_the_shm(source, target):
        if str(source).endswith("-shm"):
            raise PermissionError(13, "Permission denied")
        real_rename(source, target)

    monkeypatch.setattr("flexidesk.store.recovery.os.rename", refuse_the_shm)
    with pytest.raises(PermissionError):
        move_aside(db_path)
    # The database and its log moved first, then came back: nothing is parted or lost.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["school.db", "school.db-shm",
                                                         "school.db-wal"]
    assert db_path.read_bytes() == b"db" and (tmp_path / "school.db-wal").read_bytes() == b"-wal"
    monkeypatch.setattr("flexidesk.store.recovery.os.rename", real_rename)
    aside = move_aside(db_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [aside.name, aside.name + "-wal", aside.name + "-shm"])
