"""import-term-dates: a trust's IT sets up a school's calendar from the command line, reading
the same summary the window shows; --dry-run writes nothing."""

from pathlib import Path

from flexidesk.store import close_database, open_database
from flexidesk.store.models import AuditEntry, ClosureDay, Term
from tests.unit.commands import test_backup_restore_check as test_admin
from tests.unit.commands.test_backup_restore_check import as_user, run

school_db = test_admin.school_db  # the same encrypted school as the other admin commands
HOLIDAYS_ONLY = Path(__file__).parents[2] / "data" / "ferngate-holidays-only.ics"


def _import(monkeypatch, capsys, db_path, *extra, user="office", password="office-pw",
            file=HOLIDAYS_ONLY):
    return run(monkeypatch, capsys, ["import-term-dates", str(file), "--db", str(db_path),
                                     *extra, *as_user(user)], password)


def test_a_dry_run_prints_the_summary_and_writes_nothing(school_db, monkeypatch, capsys):
    db_path, key = school_db
    open_database(db_path, key)
    closures = ClosureDay.select().count()
    close_database()
    code, out, err = _import(monkeypatch, capsys, db_path, "--dry-run")
    assert code == 0, err
    assert "12 terms:" in out and "Autumn 1 2026/27: 3 Sept 2026 to 23 Oct 2026" in out
    assert "1 closure day:" in out and "already a bank holiday in England" in out
    assert "Dry run, nothing written." in out
    open_database(db_path, key)
    assert Term.select().count() == 0 and ClosureDay.select().count() == closures
    close_database()


def test_the_import_adds_the_terms_once_and_audits_them(school_db, monkeypatch, capsys):
    db_path, key = school_db
    code, out, err = _import(monkeypatch, capsys, db_path)
    assert code == 0, err
    assert "Added 12 terms and 1 closure day." in out
    code, out, _err = _import(monkeypatch, capsys, db_path)
    assert code == 0 and "Added 0 terms and 0 closure days." in out
    open_database(db_path, key)
    assert Term.select().count() == 12
    assert AuditEntry.select().where(AuditEntry.action == "term.add",
                                     AuditEntry.username == "office").count() == 12
    close_database()


def test_a_governor_and_a_file_that_is_no_calendar_are_refused(school_db, monkeypatch, capsys,
                                                                tmp_path):
    db_path, key = school_db
    code, out, err = _import(monkeypatch, capsys, db_path, user="governor", password="gov-pw")
    assert code == 2 and "governors' report only" in err and "terms:" not in out
    bad = tmp_path / "pupils.ics"
    bad.write_text("UPN,Surname\nA123,Smith\n")
    code, _out, err = _import(monkeypatch, capsys, db_path, file=bad)
    assert code == 2 and "not a calendar" in err
    code, _out, err = _import(monkeypatch, capsys, db_path, file=tmp_path / "missing.ics")
    assert code == 2 and "Could not read" in err
    open_database(db_path, key)
    assert Term.select().count() == 0
    close_database()
