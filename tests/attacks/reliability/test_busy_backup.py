"""A backup while a third program holds the database's write lock: the backup is written, so
the person must never be told that nothing happened."""

from __future__ import annotations

import sqlite3

import pytest

from flexidesk.store.backup import backup_folder_for
from tests.attacks.reliability.helpers import (
    WriteLockHolder,
    flexidesk,
    make_school,
    no_traceback,
)


@pytest.fixture
def school(tmp_path):
    db_path, key = make_school(tmp_path / "school")
    return db_path, key, tmp_path / "home"


def test_a_backup_while_another_program_holds_the_write_lock_says_it_was_written(school):
    db_path, key, home = school
    with WriteLockHolder(db_path, key):
        code, said = flexidesk(home, "backup", "--db", str(db_path))
    written = list(backup_folder_for(db_path).glob("school-*.db"))
    assert no_traceback(said), said
    assert len(written) == 1  # the backup itself needs no write lock: it is there
    assert code == 1, said  # ...but it is not in the audit log, so not a clean success
    assert f"Backup written and checked: {written[0]}" in said
    assert "could not be recorded in the audit log" in said
    assert "Nothing has been changed" not in said  # the old words, after writing a backup

    code, said = flexidesk(home, "check", "--db", str(db_path))
    assert code == 0, said
    code, said = flexidesk(home, "backup", "--db", str(db_path))  # once the program is gone
    assert code == 0 and "Backup written and checked" in said, said


def test_back_up_now_in_the_window_while_another_program_holds_the_lock(qtbot, database, head):
    from PySide6.QtWidgets import QMessageBox

    from flexidesk.store.models import AuditEntry
    from flexidesk.ui.backup_tasks import backup_now

    holder = sqlite3.connect(database.path, isolation_level=None, timeout=0)
    holder.execute("BEGIN IMMEDIATE")  # a third program, writing for longer than we wait
    try:
        job = backup_now(None, database, head)
        with qtbot.waitSignal(job.done, timeout=30000) as blocker:
            pass
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    outcome = blocker.args[0]
    assert outcome.primary.exists()
    text = job.message_box.text()
    assert job.message_box.icon() == QMessageBox.Icon.Warning
    assert "The backup was written and checked" in text
    assert "could not be recorded in the audit log (another program was writing" in text
    job.message_box.close()
    assert not AuditEntry.select().where(AuditEntry.action == "backup.write").exists()
    job.record_if_open()  # the scheduler's next tick, once the program has let go
    assert AuditEntry.select().where(AuditEntry.action == "backup.write").exists()
    assert not job.unrecorded
