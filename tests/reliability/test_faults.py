"""Faults of the world: a full disk, a read-only file, a second FlexiDesk, a backup folder gone."""

import datetime as dt

import pytest

from flexidesk.policy.records.access import action, create
from flexidesk.store import close_database, open_database
from flexidesk.store.audit import verify_chain
from flexidesk.store.backup import set_second_folder, write_backups
from flexidesk.store.errors import AlreadyOpen, DatabaseReadOnly, DiskFull
from flexidesk.store.instance_lock import acquire, lock_path
from flexidesk.store.models import Adult, AuditEntry, Pupil
from tests.clock import NOW


@action("pupil.edit")
def add_family(actor, n: int, note: str = ""):
    """A write-path action touching two tables and the audit log, as the real ones do."""
    child = create(actor, "pupil.create", Pupil, upn=f"F{n:012d}", legal_first_name=f"Kit{n}",
                   legal_last_name="Fenwick" + note, date_of_birth=dt.date(2019, 5, 1),
                   year_group=1, on_roll_date=dt.date(2025, 9, 1))
    create(actor, "adult.create", Adult, first_name="Sam", last_name=f"Fenwick{n}" + note,
           pupil_id=child.id)
    return child


def test_disk_full_gives_the_plain_message_and_loses_nothing_saved(database, pastoral):
    for n in range(5):
        add_family(pastoral, n)
    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    database.execute_sql(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFull, match="no room left") as caught:
        add_family(pastoral, 99, note="x" * 200_000)  # needs many more pages than there are
    assert "nothing already saved is lost" in str(caught.value)
    # Nothing half-written: neither the child, the adult nor the audit row of the failed try.
    assert Pupil.select().count() == 5
    assert Adult.select().count() == 5
    assert AuditEntry.select().count() == 10
    # Space freed: work carries on where it stopped.
    database.execute_sql("PRAGMA max_page_count = 1073741823")
    add_family(pastoral, 6)
    database.close()
    open_database(database.path)
    assert Pupil.select().count() == 6 and verify_chain().ok
    assert open_database(database.path).execute_sql("PRAGMA quick_check").fetchone()[0] == "ok"


def test_disk_full_while_noting_a_view_is_the_same_plain_message(database, pastoral):
    from flexidesk.policy.records.access import viewed

    child = add_family(pastoral, 1)
    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    database.execute_sql(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFull):
        for _ in range(2000):  # until the audit table needs a page there is no room for
            viewed(pastoral, "pupil", child.id)
    database.execute_sql("PRAGMA max_page_count = 1073741823")
    assert verify_chain().ok and Pupil.select().count() == 1


def test_read_only_database_says_so_and_keeps_the_data(database, pastoral):
    add_family(pastoral, 1)
    database.execute_sql("PRAGMA query_only = 1")  # the file became read-only under us
    with pytest.raises(DatabaseReadOnly, match="read-only"):
        add_family(pastoral, 2)
    database.execute_sql("PRAGMA query_only = 0")
    assert [p.upn for p in Pupil.select()] == ["F000000000001"]


def test_read_only_file_is_refused_at_open_unchanged(database, pastoral, tmp_path):
    add_family(pastoral, 1)
    database.close()
    before = database.path.read_bytes()
    database.path.chmod(0o400)
    try:
        import os

        if os.access(database.path, os.W_OK):
            pytest.skip("running as a user who ignores file permissions")
        with pytest.raises(DatabaseReadOnly):
            open_database(database.path)
    finally:
        database.path.chmod(0o600)
    assert database.path.read_bytes() == before


def test_a_second_flexidesk_on_the_same_database_is_told_plainly(tmp_path):
    db_path = tmp_path / "school.db"
    first = acquire(db_path)
    with pytest.raises(AlreadyOpen, match="already open on this database"):
        acquire(db_path)
    first.release()
    with acquire(db_path) as second:  # free again once the first copy closed
        assert second.held
    assert not second.held
    assert lock_path(db_path).stat().st_mode & 0o777 == 0o600


def test_lock_is_freed_when_the_holding_process_dies(tmp_path):
    import subprocess
    import sys

    db_path = tmp_path / "school.db"
    child = subprocess.Popen([sys.executable, "-c",
                              "import sys, time; from flexidesk.store.instance_lock import acquire;"
                              f"lock = acquire({str(db_path)!r}); print('held', flush=True);"
                              "time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "held"
        with pytest.raises(AlreadyOpen):
            acquire(db_path)
    finally:
        child.kill()
        child.wait()
    acquire(db_path).release()


def test_backup_folder_gone_mid_term(database, pastoral, tmp_path):
    add_family(pastoral, 1)
    stick = tmp_path / "stick"
    stick.mkdir()
    set_second_folder(database.path, stick)
    assert write_backups(database.path, None, source=database).second is not None
    stick.rename(tmp_path / "stick-in-someones-pocket")
    outcome = write_backups(database.path, None, source=database,
                            when=NOW.replace(tzinfo=None) + dt.timedelta(hours=1))
    assert outcome.primary.exists() and outcome.second is None
    assert "cannot be found" in outcome.second_problem
    close_database()
