"""The admin commands through the real command line: backup, restore and check."""

import io
import sqlite3

import pytest

from flexidesk.cli import main
from flexidesk.store import close_database, open_database
from flexidesk.store.audit import verify_chain
from flexidesk.store.backup import backup_folder_for, set_second_folder
from flexidesk.store.keyslots import KeySlots
from flexidesk.store.models import AuditEntry, Pupil, StaffUser
from tests.unit.store.test_backup import fill, table_rows
from tests.unit.store.test_recovery import damage

USERS = [("head", "Odo Penn", "head-pw"), ("office", "Ivy Clerk", "office-pw"),
         ("governor", "Gus Board", "gov-pw")]
ROLES = {"head": "headteacher", "office": "office", "governor": "governor"}


@pytest.fixture
def school_db(tmp_path):
    """An encrypted school with a head, an office user and a governor (roles signed, the
    governor's slot holding the governors' key); closed, ready for the CLI."""
    db_path = tmp_path / "school.db"
    _, key, _ = KeySlots.create(db_path, USERS, roles=ROLES, today="2026-09-01")
    open_database(db_path, key, create=True)
    fill(20)
    StaffUser.create(username="office", display_name="Ivy Clerk", role="office")
    StaffUser.create(username="governor", display_name="Gus Board", role="governor")
    close_database()
    return db_path, key


def run(monkeypatch, capsys, argv, password=None):
    monkeypatch.setattr("sys.stdin", io.StringIO("" if password is None else password + "\n"))
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def as_user(name):
    return ["--user", name, "--password-stdin"]


def test_backup_writes_a_verified_encrypted_copy_and_audits_it(school_db, monkeypatch, capsys):
    db_path, key = school_db
    code, out, err = run(monkeypatch, capsys,
                         ["backup", "--db", str(db_path), *as_user("office")], "office-pw")
    assert code == 0, err
    assert "Backup written and checked" in out
    assert "100%" in err  # progress shown
    backups = sorted(backup_folder_for(db_path).glob("school-*.db"))
    assert len(backups) == 1
    assert b"Canaryname" not in backups[0].read_bytes()
    open_database(db_path, key)
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (entry.username, entry.action) == ("office", "backup.write")
    assert backups[0].name in entry.after


def test_backup_to_a_chosen_folder(school_db, tmp_path, monkeypatch, capsys):
    db_path, key = school_db
    target = tmp_path / "elsewhere"
    code, out, _ = run(monkeypatch, capsys, ["backup", "--db", str(db_path), "--to", str(target),
                                             *as_user("head")], "head-pw")
    assert code == 0
    assert len(list(target.glob("school-*.db"))) == 1
    assert (target / "school.db.keys").exists()


def test_backup_with_the_usb_stick_gone_still_writes_the_main_copy(school_db, tmp_path,
                                                                    monkeypatch, capsys):
    db_path, _ = school_db
    set_second_folder(db_path, tmp_path / "stick-not-plugged-in")
    code, out, err = run(monkeypatch, capsys,
                         ["backup", "--db", str(db_path), *as_user("head")], "head-pw")
    assert code == 1
    assert "Backup written and checked" in out
    assert "cannot be found" in err and "Traceback" not in err
    assert len(list(backup_folder_for(db_path).glob("school-*.db"))) == 1


def test_wrong_password_missing_user_and_forbidden_role_exit_2(school_db, monkeypatch, capsys):
    db_path, _ = school_db
    code, _, err = run(monkeypatch, capsys, ["backup", "--db", str(db_path), *as_user("head")],
                       "not-the-password")
    assert code == 2 and "do not match" in err
    code, _, err = run(monkeypatch, capsys, ["check", "--db", str(db_path)])
    assert code == 2 and "--user" in err
    code, _, err = run(monkeypatch, capsys, ["backup", "--db", str(db_path),
                                             *as_user("governor")], "gov-pw")
    assert code == 2 and "governors' report only" in err  # a governor holds no database key
    assert not list(backup_folder_for(db_path).glob("school-*.db"))


def test_check_all_well_then_tampered_audit_then_damaged_file(school_db, monkeypatch, capsys):
    db_path, key = school_db
    argv = ["check", "--db", str(db_path), *as_user("head")]
    code, out, _ = run(monkeypatch, capsys, argv, "head-pw")
    assert code == 0
    assert "Database file: ok (quick_check and cipher_integrity_check)" in out
    assert "Audit log: ok (20 entries, chain intact)" in out

    database = open_database(db_path, key)
    database.execute_sql("DROP TRIGGER IF EXISTS audit_entry_no_update")
    for (name,) in database.execute_sql(
            "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_entry'"):
        database.execute_sql(f'DROP TRIGGER "{name}"')
    database.execute_sql("UPDATE audit_entry SET username='someone' WHERE id=7")
    close_database()
    code, out, _ = run(monkeypatch, capsys, argv, "head-pw")
    assert code == 1 and "Audit log: BROKEN at entry 7" in out

    damage(db_path)
    code, out, err = run(monkeypatch, capsys, argv, "head-pw")
    assert code == 1 and "DAMAGED" in out and "Traceback" not in out + err


def test_check_on_a_plain_file_needs_no_password(tmp_path, monkeypatch, capsys):
    db_path = tmp_path / "plain.db"
    open_database(db_path, create=True)
    fill(3)
    close_database()
    code, out, _ = run(monkeypatch, capsys, ["check", "--db", str(db_path)])
    assert code == 0 and "Database file: ok (quick_check)" in out
    code, _, err = run(monkeypatch, capsys, ["check", "--db", str(tmp_path / "none.db")])
    assert code == 2 and "no database" in err


def test_restore_puts_the_backup_back_keeps_the_old_file_and_audits(school_db, monkeypatch,
                                                                     capsys):
    db_path, key = school_db
    run(monkeypatch, capsys, ["backup", "--db", str(db_path), *as_user("head")], "head-pw")
    backup = next(backup_folder_for(db_path).glob("school-*.db"))
    original = table_rows(backup, key)
    open_database(db_path, key)
    Pupil.delete().where(Pupil.id > 5).execute()
    close_database()

    code, _, err = run(monkeypatch, capsys, ["restore", str(backup), "--db", str(db_path),
                                             *as_user("office")], "office-pw")
    assert code == 2 and "does not allow" in err  # only the Headteacher restores
    code, out, err = run(monkeypatch, capsys, ["restore", str(backup), "--db", str(db_path),
                                               *as_user("head")], "head-pw")
    assert code == 0, err
    assert "kept, unchanged, as" in out
    restored = table_rows(db_path, key)
    assert restored["audit_entry"][:-1] == original["audit_entry"]
    assert {t: r for t, r in restored.items() if t != "audit_entry"} == {
        t: r for t, r in original.items() if t != "audit_entry"}
    open_database(db_path, key)
    assert Pupil.select().count() == 20
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (last.username, last.action) == ("head", "backup.restore")
    assert verify_chain().ok
    close_database()
    asides = [p for p in db_path.parent.glob("school.db.before-restore-*")
              if not p.name.endswith(".audit-head")]  # its sealed head is kept beside it
    assert len(asides) == 1 and len(table_rows(asides[0], key)["pupil"]) == 5


def test_restore_works_when_the_current_file_is_damaged(school_db, monkeypatch, capsys):
    db_path, key = school_db
    run(monkeypatch, capsys, ["backup", "--db", str(db_path), *as_user("head")], "head-pw")
    backup = next(backup_folder_for(db_path).glob("school-*.db"))
    damage(db_path)
    code, out, err = run(monkeypatch, capsys, ["restore", str(backup), "--db", str(db_path),
                                               *as_user("head")], "head-pw")
    assert code == 0, err
    code, out, _ = run(monkeypatch, capsys, ["check", "--db", str(db_path), *as_user("head")],
                       "head-pw")
    assert code == 0, out


def test_restore_refuses_while_flexidesk_has_the_database_open(school_db, monkeypatch, capsys):
    from flexidesk.store.instance_lock import acquire

    db_path, _ = school_db
    run(monkeypatch, capsys, ["backup", "--db", str(db_path), *as_user("head")], "head-pw")
    backup = next(backup_folder_for(db_path).glob("school-*.db"))
    before = db_path.read_bytes()
    with acquire(db_path):
        code, _, err = run(monkeypatch, capsys, ["restore", str(backup), "--db", str(db_path),
                                                 "--wait", "0.3", *as_user("head")], "head-pw")
    assert code == 1
    assert "waiting up to 0.3 seconds for it to finish" in err
    assert f"The database {db_path} is in use by FlexiDesk (the window, or another command" \
        in err and "Nothing has been changed." in err
    assert db_path.read_bytes() == before


def test_restore_of_a_missing_file_is_bad_usage(school_db, tmp_path, monkeypatch, capsys):
    db_path, _ = school_db
    code, _, err = run(monkeypatch, capsys, ["restore", str(tmp_path / "nope.db"), "--db",
                                             str(db_path), *as_user("head")], "head-pw")
    assert code == 2 and "no backup file" in err


def test_default_database_is_the_data_folder(tmp_path, monkeypatch, capsys):
    from flexidesk.paths import default_database

    open_database(default_database(), create=True)
    close_database()
    code, out, _ = run(monkeypatch, capsys, ["backup"])
    assert code == 0
    assert str(backup_folder_for(default_database())) in out
    assert sqlite3.connect(default_database()).execute("PRAGMA quick_check").fetchone() == ("ok",)


def test_check_after_a_rekey_stopped_half_way_finds_the_file_well(school_db, monkeypatch,
                                                                   capsys):
    import secrets

    from flexidesk.store.keyslots import pending_keyfile

    db_path, key = school_db
    ring = KeySlots.load(db_path)
    new_key = secrets.token_bytes(32)
    ring.path = pending_keyfile(db_path)
    ring.reseal_all(new_key, key)  # as staff.rekey does: the old key kept for old backups
    open_database(db_path, key).execute_sql(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
    close_database()

    code, out, err = run(monkeypatch, capsys, ["check", "--db", str(db_path), *as_user("head")],
                         "head-pw")
    assert code == 0, out + err
    assert "Database file: ok" in out and "DAMAGED" not in out
    assert not pending_keyfile(db_path).exists()
    assert KeySlots.load(db_path).unlock("office", "office-pw") == new_key


def test_a_backup_from_before_a_rekey_is_put_back_under_the_current_key(school_db, monkeypatch,
                                                                        capsys):
    from flexidesk.policy.records.signin import sign_in
    from flexidesk.policy.school import staff

    db_path, old_key = school_db
    run(monkeypatch, capsys, ["backup", "--db", str(db_path), *as_user("head")], "head-pw")
    before_rekey = next(backup_folder_for(db_path).glob("school-*.db"))
    _database, head = sign_in(db_path, "head", "head-pw")  # her slot opens the signing key
    staff.rekey(head)
    Pupil.delete().where(Pupil.id > 5).execute()
    close_database()
    new_key = KeySlots.load(db_path).unlock("head", "head-pw")
    assert new_key != old_key

    code, out, err = run(monkeypatch, capsys, ["restore", str(before_rekey), "--db",
                                               str(db_path), *as_user("head")], "head-pw")
    assert code == 0, err
    # The old data is back, and it opens with today's key: everyone signs in as before.
    open_database(db_path, new_key)
    assert Pupil.select().count() == 20
    close_database()
    code, out, _ = run(monkeypatch, capsys, ["check", "--db", str(db_path), *as_user("office")],
                       "office-pw")
    assert code == 0 and "Database file: ok" in out
