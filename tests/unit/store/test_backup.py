"""Backups: rotation, verification, encryption as the source, second folder, restore row for row."""

import datetime as dt
import os
import secrets
import sqlite3
import stat

import pytest

from flexidesk.store import audit, open_database
from flexidesk.store.backup import (
    BackupError,
    automatic_backups,
    backup_database,
    backup_folder_for,
    needs_backup,
    plan_rotation,
    remember_backup,
    rotate,
    set_second_folder,
    verify_backup,
    write_backups,
)
from flexidesk.store.models import (
    Adult,
    ClosureDay,
    Enrolment,
    Intervention,
    Provider,
    Pupil,
    PupilAdult,
    School,
    StaffUser,
)
from flexidesk.store.recovery import restore_backup

START = dt.datetime(2026, 1, 1, 9, 0)


def fill(pupils: int = 30) -> None:
    """A small fictional school touching many tables, with an audit row for each child."""
    if not School.select().exists():  # tests with the `school` fixture have one already
        School.create(name="Larkspur Vale Primary", headteacher_name="Mr Odo Penn")
    StaffUser.get_or_create(username="head", defaults={"display_name": "Odo Penn",
                                                       "role": "headteacher"})
    nurture = Intervention.create(name="Nurture Group", kind="group")
    Provider.create(name="Hilltop Farm Learning")
    ClosureDay.create(date=dt.date(2026, 2, 16), reason="INSET")
    for i in range(pupils):
        child = Pupil.create(upn=f"A{i:012d}", legal_first_name=f"Canaryname{i}",
                             legal_last_name="Testfield", date_of_birth=dt.date(2018, 3, 1),
                             year_group=2, on_roll_date=dt.date(2022, 9, 1))
        adult = Adult.create(first_name="Parent", last_name=f"Testfield{i}")
        PupilAdult.create(pupil=child, adult=adult)
        Enrolment.create(pupil=child, intervention=nurture, start_date=dt.date(2026, 1, 5))
        audit.record("head", "pupil.create", "pupil", child.id, pupil_id=child.id,
                     after={"upn": child.upn})


def table_rows(path, key=None):
    """Every row of every table of a database file, for a row-for-row comparison."""
    from flexidesk.store.backup import _open_raw

    conn = _open_raw(path, key)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        rows = {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
        # A backup carries the audit head it was taken at (store.log_check.carry_head).
        rows["setting"] = [r for r in rows.get("setting", []) if r[1] != "audit.head"]
        return rows
    finally:
        conn.close()


# --- rotation -------------------------------------------------------------------------------


def test_rotation_keeps_twelve_daily_ten_weekly_nine_monthly():
    # Two backups a day for two years.
    times = [START + dt.timedelta(days=d, hours=h) for d in range(730) for h in (0, 8)]
    keep = plan_rotation(times)
    newest = max(times)
    assert newest in keep
    days = sorted({t.date() for t in keep}, reverse=True)
    # The last 12 days each keep exactly their newest (afternoon) backup.
    last12 = [newest.date() - dt.timedelta(days=n) for n in range(12)]
    assert days[:12] == last12
    assert all(t.hour == 17 for t in keep)
    weeks = {t.isocalendar()[:2] for t in keep}
    months = {(t.year, t.month) for t in keep}
    assert len(months) >= 9 and len(weeks) >= 10
    # 12 daily + weekly beyond those days + monthly beyond those weeks; no more than 31 files.
    assert len(keep) <= 12 + 10 + 9
    oldest_month = min(months)
    assert oldest_month == ((newest.year, newest.month - 8) if newest.month > 8
                            else (newest.year - 1, newest.month + 4))


def test_rotation_of_a_few_backups_keeps_them_all():
    times = [START, START + dt.timedelta(days=3), START + dt.timedelta(days=40)]
    assert plan_rotation(times) == set(times)
    assert plan_rotation([]) == set()


def test_rotation_keeps_only_the_newest_of_a_busy_day():
    times = [START + dt.timedelta(minutes=30 * n) for n in range(10)]
    assert plan_rotation(times) == {max(times)}


def test_rotate_removes_only_automatic_backups_rotation_drops(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    db_path = tmp_path / "school.db"
    for d in range(60):
        (folder / f"school-{(START + dt.timedelta(days=d)).strftime('%Y%m%d-%H%M%S')}.db"
         ).write_bytes(b"x")
    (folder / "school-before-v2-20250101-000000.db").write_bytes(b"x")
    (folder / "notes.txt").write_text("mine")
    removed = rotate(folder, db_path)
    left = automatic_backups(folder, db_path)
    assert len(left) + len(removed) == 60
    assert set(left.values()) == plan_rotation(
        [START + dt.timedelta(days=d) for d in range(60)])
    assert (folder / "school-before-v2-20250101-000000.db").exists()
    assert (folder / "notes.txt").exists()


# --- writing and verifying ------------------------------------------------------------------


def test_encrypted_backup_is_keyed_as_the_source_and_unreadable_without_it(tmp_path):
    key = secrets.token_bytes(32)
    database = open_database(tmp_path / "school.db", key, create=True)
    fill(5)
    dest = backup_database(database, tmp_path / "out" / "copy.db")
    verify_backup(dest, key)
    data = dest.read_bytes()
    assert b"Canaryname" not in data and b"SQLite format 3" not in data
    with pytest.raises(BackupError):
        verify_backup(dest, secrets.token_bytes(32))
    with pytest.raises(BackupError):
        verify_backup(dest, None)
    raw = sqlite3.connect(dest)
    with pytest.raises(sqlite3.DatabaseError):
        raw.execute("SELECT * FROM sqlite_master").fetchall()
    raw.close()
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600


def test_a_damaged_backup_fails_verification(tmp_path):
    database = open_database(tmp_path / "school.db", create=True)
    fill(40)
    dest = backup_database(database, tmp_path / "copy.db")
    with open(dest, "r+b") as fh:  # scribble over a page in the middle
        fh.seek(dest.stat().st_size // 2)
        fh.write(os.urandom(4096))
    with pytest.raises(BackupError, match="integrity|could not be read"):
        verify_backup(dest, None)


def test_write_backups_rotates_keeps_owner_only_and_reports_progress(database, tmp_path):
    fill(10)
    seen = []
    for d in range(20):
        outcome = write_backups(database.path, None, source=database,
                                when=START + dt.timedelta(days=d),
                                progress=lambda done, total: seen.append((done, total)))
    folder = backup_folder_for(database)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert len(automatic_backups(folder, database.path)) == len(
        plan_rotation([START + dt.timedelta(days=d) for d in range(20)]))
    assert outcome.primary.exists() and outcome.removed
    assert seen and seen[-1][0] == seen[-1][1]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())


def test_backup_from_its_own_connection_matches(database, tmp_path):
    fill(10)
    outcome = write_backups(database.path, None)  # as a worker thread does
    assert table_rows(outcome.primary) == table_rows(database.path)


def test_second_folder_gets_a_copy_and_the_key_file(tmp_path):
    from flexidesk.store.keyslots import KeySlots

    db_path = tmp_path / "school.db"
    _, key, _ = KeySlots.create(db_path, [("head", "Odo Penn", "pw")])
    database = open_database(db_path, key, create=True)
    fill(3)
    stick = tmp_path / "usb"
    stick.mkdir()
    set_second_folder(db_path, stick)
    outcome = write_backups(db_path, key, source=database)
    assert outcome.second is not None and outcome.second_problem == ""
    verify_backup(outcome.second, key)
    assert (stick / "school.db.keys").exists()
    assert (backup_folder_for(db_path) / "school.db.keys").exists()


def test_second_folder_gone_is_reported_and_the_primary_still_written(database, tmp_path):
    fill(3)
    set_second_folder(database.path, tmp_path / "unplugged-stick")
    outcome = write_backups(database.path, None, source=database)
    assert outcome.primary.exists()
    verify_backup(outcome.primary, None)
    assert outcome.second is None
    assert "cannot be found" in outcome.second_problem
    assert "main folder was written" in outcome.second_problem


def test_a_folder_that_cannot_be_written_gives_a_plain_message(database, tmp_path):
    not_a_folder = tmp_path / "plain-file"
    not_a_folder.write_text("in the way")
    with pytest.raises(BackupError, match="could not be written"):
        backup_database(database, not_a_folder / "copy.db")
    assert not_a_folder.read_text() == "in the way"


def test_needs_backup_follows_the_audit_log(database, tmp_path):
    fill(2)
    assert needs_backup(database)
    write_backups(database.path, None, source=database)
    remember_backup(database)
    assert not needs_backup(database)
    state = backup_folder_for(database) / "backup-state.json"
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert b"Canaryname" not in state.read_bytes()
    audit.record("head", "backup.write", after={"file": "x.db"})
    assert not needs_backup(database)  # noting a backup is not a change that needs one
    audit.record("head", "pupil.edit", "pupil", 1, pupil_id=1)
    assert needs_backup(database)


# --- restore --------------------------------------------------------------------------------


@pytest.mark.parametrize("encrypted", [False, True])
def test_restore_matches_the_original_row_for_row_in_every_table(tmp_path, encrypted):
    key = secrets.token_bytes(32) if encrypted else None
    db_path = tmp_path / "school.db"
    database = open_database(db_path, key, create=True)
    fill(50)
    original = table_rows(db_path, key)
    assert sum(len(rows) for rows in original.values()) > 200
    outcome = write_backups(db_path, key, source=database)
    # Life goes on after the backup ...
    Pupil.delete().where(Pupil.id > 10).execute()
    database.close()
    assert table_rows(db_path, key) != original
    # ... until the backup is put back.
    aside = restore_backup(outcome.primary, db_path, key)
    assert table_rows(db_path, key) == original
    assert aside.exists() and aside.name.startswith("school.db.before-restore-")
    assert len(table_rows(aside, key)["pupil"]) == 10  # the replaced file is kept, untouched
    open_database(db_path, key)
    assert Pupil.select().count() == 50
    assert audit.verify_chain().ok
