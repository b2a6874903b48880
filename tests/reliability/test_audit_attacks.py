"""Someone with the key drops the audit log's triggers and rewrites it: `check` and `restore` notice."""

import json

import pytest

from flexidesk.store import audit, close_database, open_database
from flexidesk.store.audit import _digest
from flexidesk.store.audit_head import head_path
from flexidesk.store.backup import backup_folder_for
from flexidesk.store.migrations import STEP_NAMES
from flexidesk.store.models import Pupil
from tests.unit.commands import test_backup_restore_check as test_admin
from tests.unit.commands.test_backup_restore_check import as_user, run

school_db = test_admin.school_db  # the encrypted school of the admin commands' tests

CHECK = ["check", *as_user("head")]

#: The schema version a file had before its audit head was first sealed.
BEFORE_HEAD = STEP_NAMES.index("m0010_audit_head")


def check(monkeypatch, capsys, db_path):
    return run(monkeypatch, capsys, [CHECK[0], "--db", str(db_path), *CHECK[1:]], "head-pw")


def tamper(db_path, key, *statements, rechain=False):
    """Drop the append-only triggers with the key, run ``statements``, optionally re-chain."""
    database = open_database(db_path, key)
    for name in ("audit_entry_no_update", "audit_entry_no_delete"):
        database.execute_sql(f'DROP TRIGGER IF EXISTS "{name}"')
    for statement in statements:
        database.execute_sql(*statement) if isinstance(statement, tuple) else \
            database.execute_sql(statement)
    if rechain:
        prev = "0" * 64
        rows = database.execute_sql(
            "SELECT id, at, username, action, table_name, record_id, pupil_id, before, after "
            "FROM audit_entry ORDER BY id").fetchall()
        for row_id, *fields in rows:
            digest = _digest(prev, *fields)
            database.execute_sql("UPDATE audit_entry SET prev_hash=?, hash=? WHERE id=?",
                                 (prev, digest, row_id))
            prev = digest
    close_database()


def test_a_bulk_append_such_as_a_pupil_import_moves_the_sealed_head(
        school_db, monkeypatch, capsys):
    db_path, key = school_db
    database = open_database(db_path, key)
    with database.atomic():  # an import writes its audit rows in one go
        audit.record_many("head", [("pupil.import", "pupil", 1, 1, None, {"n": n})
                                   for n in range(3)])
    close_database()
    code, out, err = check(monkeypatch, capsys, db_path)
    assert code == 0, out + err
    assert "Audit log: ok (23 entries, chain intact)" in out
    assert "Sealed head: entry 23 \u00b7 " in out


def test_an_untouched_log_checks_ok_and_shows_its_fingerprint(school_db, monkeypatch, capsys):
    db_path, _ = school_db
    code, out, err = check(monkeypatch, capsys, db_path)
    assert code == 0, out + err
    assert "Audit log: ok (20 entries, chain intact)" in out
    assert "Sealed head: entry 20 \u00b7 " in out


def test_deleting_the_newest_rows_is_reported_as_cut_short(school_db, monkeypatch, capsys):
    db_path, key = school_db
    tamper(db_path, key, "DELETE FROM audit_entry WHERE id > 17")
    code, out, _ = check(monkeypatch, capsys, db_path)
    assert code == 1
    assert "Audit log: ALTERED (17 entries; the chain itself is intact)" in out
    assert ("The audit log has been cut short: it ends at entry 17, but the sealed head says "
            "it ran to entry 20.") in out
    assert "append-only protection has been removed" in out


def test_deleting_every_row_is_reported(school_db, monkeypatch, capsys):
    db_path, key = school_db
    tamper(db_path, key, "DELETE FROM audit_entry")
    code, out, _ = check(monkeypatch, capsys, db_path)
    assert code == 1
    assert "Every audit entry has been deleted: the sealed head says the log ran to entry 20." \
        in out


def test_a_rewritten_and_rechained_log_is_reported(school_db, monkeypatch, capsys):
    db_path, key = school_db
    tamper(db_path, key, "UPDATE audit_entry SET username = 'nobody' WHERE id = 5", rechain=True)
    code, out, _ = check(monkeypatch, capsys, db_path)
    assert code == 1
    assert "The audit log has been rewritten: entry 20 no longer matches the sealed head." in out


def test_a_forged_back_dated_row_is_reported(school_db, monkeypatch, capsys):
    db_path, key = school_db
    database = open_database(db_path, key)
    last = database.execute_sql("SELECT hash FROM audit_entry ORDER BY id DESC").fetchone()[0]
    close_database()
    fields = ("2020-01-01T09:00:00", "head", "pupil.edit", "pupil", 1, 1, None, None)
    forged = (21, *fields, last, _digest(last, *fields))
    tamper(db_path, key, ("INSERT INTO audit_entry (id, at, username, action, table_name, "
                          "record_id, pupil_id, before, after, prev_hash, hash) VALUES "
                          "(?,?,?,?,?,?,?,?,?,?,?)", forged),
           "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
           "BEGIN SELECT RAISE(ABORT, 'x'); END",
           "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
           "BEGIN SELECT RAISE(ABORT, 'x'); END")
    code, out, _ = check(monkeypatch, capsys, db_path)
    assert code == 1
    assert ("1 audit entries (from entry 21, dated 2020-01-01T09:00:00) were added without "
            "FlexiDesk") in out
    assert "append-only protection" not in out  # the triggers were put back: still caught


def test_dropping_the_triggers_alone_is_reported(school_db, monkeypatch, capsys):
    db_path, key = school_db
    tamper(db_path, key)
    code, out, _ = check(monkeypatch, capsys, db_path)
    assert code == 1
    assert ("The audit log's append-only protection has been removed (missing: "
            "audit_entry_no_update, audit_entry_no_delete).") in out


def test_editing_the_sealed_head_is_reported(school_db, monkeypatch, capsys):
    db_path, _ = school_db
    sealed = json.loads(head_path(db_path).read_text())
    sealed["head"][0] = 3
    head_path(db_path).write_text(json.dumps(sealed))
    code, out, _ = check(monkeypatch, capsys, db_path)
    assert code == 1
    assert "The sealed audit head has been edited: its seal does not match." in out


def test_a_crash_between_sealing_and_commit_is_not_taken_for_tampering(school_db, monkeypatch,
                                                                      capsys):
    db_path, key = school_db
    database = open_database(db_path, key)
    real_commit = type(database).__mro__[1].commit

    def crash(self):
        raise KeyboardInterrupt  # the process stops after sealing "pending", before COMMIT

    monkeypatch.setattr(type(database).__mro__[1], "commit", crash)
    with pytest.raises(KeyboardInterrupt), database.atomic():
        audit.record("head", "view.pupil", "pupil", 1, pupil_id=1)
    monkeypatch.setattr(type(database).__mro__[1], "commit", real_commit)
    close_database()
    assert json.loads(head_path(db_path).read_text())["pending"][0] == 21
    code, out, err = check(monkeypatch, capsys, db_path)
    assert code == 0, out + err


def test_restore_refuses_a_backup_whose_log_was_altered(school_db, monkeypatch, capsys):
    db_path, key = school_db
    code, out, err = run(monkeypatch, capsys, ["backup", "--db", str(db_path),
                                               *as_user("head")], "head-pw")
    assert code == 0, out + err
    backup = sorted(backup_folder_for(db_path).glob("school-*.db"))[-1]
    tamper(backup, key, "UPDATE audit_entry SET username = 'nobody' WHERE id = 5", rechain=True)
    before = db_path.read_bytes()
    code, out, err = run(monkeypatch, capsys, ["restore", "--db", str(db_path), str(backup),
                                               *as_user("head")], "head-pw")
    assert code == 1
    assert f"The backup {backup} cannot be trusted: The audit log has been rewritten" in err
    assert "Nothing has been replaced." in err
    assert db_path.read_bytes() == before
    open_database(db_path, key)
    assert Pupil.select().count() == 20



def test_setting_the_schema_back_does_not_reset_the_sealed_head(school_db, monkeypatch, capsys):
    db_path, key = school_db
    tamper(db_path, key, "DELETE FROM audit_entry WHERE id > 17", f"PRAGMA user_version = {BEFORE_HEAD}")
    open_database(db_path, key)  # the head step runs again on opening...
    close_database()
    code, out, _ = check(monkeypatch, capsys, db_path)
    assert code == 1  # ...and the shortened log is still reported, as found at that opening
    assert ("The audit log did not match its sealed head (entry 20) when FlexiDesk next "
            "saved a change: it ended at entry 17.") in out


def test_a_file_from_before_sealed_heads_checks_ok_then_gets_one(tmp_path, monkeypatch, capsys):
    from tests.unit.store.test_backup import fill

    db_path = tmp_path / "old.db"
    open_database(db_path, create=True)
    fill(2)
    database = open_database(db_path)
    database.execute_sql(f"PRAGMA user_version = {BEFORE_HEAD}")  # as FlexiDesk left it before the head
    close_database()
    head_path(db_path).unlink()
    code, out, _ = run(monkeypatch, capsys, ["check", "--db", str(db_path)])
    assert code == 0 and "Audit log: ok" in out
    open_database(db_path)  # an ordinary opening brings it up to date and seals the head
    close_database()
    assert head_path(db_path).exists()
    code, out, _ = run(monkeypatch, capsys, ["check", "--db", str(db_path)])
    assert code == 0 and "Sealed head: entry 2" in out


def test_deleting_the_sealed_head_is_reported_and_remembered(school_db, monkeypatch, capsys):
    db_path, key = school_db
    head_path(db_path).unlink()
    code, out, _ = check(monkeypatch, capsys, db_path)
    assert code == 1 and "There is no sealed audit head beside the database" in out
    database = open_database(db_path, key)
    with database.atomic():  # FlexiDesk saves a change: the head is written again...
        audit.record("head", "view.pupil", "pupil", 1, pupil_id=1)
    close_database()
    code, out, _ = check(monkeypatch, capsys, db_path)
    assert code == 1  # ...with a note that it had gone, kept from then on
    assert "The sealed audit head was missing; it was started again at entry 20" in out
