"""``flexidesk import-pupils`` through the real command line, on an encrypted school."""

import pytest

from flexidesk.store import close_database, open_database
from flexidesk.store.models import Adult, Pupil
from tests.unit.commands.test_backup_restore_check import as_user, run, school_db  # noqa: F401 - fixture
from tests.unit.policy.roster.test_pupils import FIXTURES, make_upn


def _counts(db_path, key):
    open_database(db_path, key)
    try:
        return Pupil.select().count(), Adult.select().count()
    finally:
        close_database()


def test_a_good_file_imports_and_says_how_many(school_db, monkeypatch, capsys):  # noqa: F811
    db_path, key = school_db
    before = _counts(db_path, key)
    code, out, err = run(monkeypatch, capsys, ["import-pupils", str(FIXTURES / "arbor_pupils.csv"),
                                               "--db", str(db_path), "--mark-left",
                                               *as_user("office")], "office-pw")
    assert code == 0, err
    assert "Check: line 7: the legal first name “=Kit” starts with “=”" in err
    assert out.strip() == "Imported: 6 pupils added, 0 updated and 20 marked as left (0 unchanged)."
    assert _counts(db_path, key) == (before[0] + 6, before[1])
    code, out, err = run(monkeypatch, capsys, ["import-pupils", "--contacts",
                                               str(FIXTURES / "arbor_contacts.csv"),
                                               "--db", str(db_path), *as_user("office")],
                         "office-pw")
    assert code == 0, err
    assert "7 adults added" in out
    assert _counts(db_path, key)[1] == before[1] + 7


def test_a_contacts_file_is_recognised_without_the_flag(school_db, monkeypatch, capsys):  # noqa: F811
    db_path, _key = school_db
    run(monkeypatch, capsys, ["import-pupils", str(FIXTURES / "sims_pupils.csv"),
                              "--db", str(db_path), "--mark-left", *as_user("head")], "head-pw")
    code, out, _err = run(monkeypatch, capsys, ["import-pupils",
                                                str(FIXTURES / "sims_contacts.csv"),
                                                "--db", str(db_path), *as_user("head")],
                          "head-pw")
    assert code == 0 and "7 adults added" in out


def test_a_bad_file_exits_2_prints_each_line_and_changes_nothing(school_db, tmp_path,  # noqa: F811
                                                                  monkeypatch, capsys):
    db_path, key = school_db
    bad = tmp_path / "bad.csv"
    bad.write_bytes((FIXTURES / "bromcom_pupils.csv").read_bytes()
                    + f"{make_upn(7)},Oak,Al,,31/02/2019,Y8,8A,N,N,F,N,N,C,F,\r\n".encode())
    before = _counts(db_path, key)
    code, out, err = run(monkeypatch, capsys, ["import-pupils", str(bad), "--db", str(db_path),
                                               *as_user("office")], "office-pw")
    assert code == 2 and out == ""
    assert err.splitlines()[1:] == [
        "line 8: there is no such date as 31/02/2019",
        "line 8: “Y8” is not a year group of a primary school (Reception to Year 6)"]
    assert _counts(db_path, key) == before


def test_dry_run_writes_nothing(school_db, monkeypatch, capsys):  # noqa: F811
    db_path, key = school_db
    before = _counts(db_path, key)
    code, out, _err = run(monkeypatch, capsys, ["import-pupils", "--dry-run", "--mark-left",
                                                str(FIXTURES / "sims_pupils.csv"),
                                                "--db", str(db_path), *as_user("head")],
                          "head-pw")
    assert code == 0 and out.startswith("Dry run, nothing written: 6 pupils added")
    assert _counts(db_path, key) == before


@pytest.mark.parametrize("user,password", [("governor", "gov-pw")])
def test_a_role_without_the_right_is_refused(school_db, monkeypatch, capsys, user,  # noqa: F811
                                             password):
    db_path, key = school_db
    before = _counts(db_path, key)
    code, _out, err = run(monkeypatch, capsys, ["import-pupils", str(FIXTURES / "sims_pupils.csv"),
                                                "--db", str(db_path), *as_user(user)], password)
    assert code == 2 and "governors' report only" in err  # no database key at all
    assert _counts(db_path, key) == before


def test_a_file_of_part_of_the_school_is_refused_until_a_flag_says_which(
        school_db, monkeypatch, capsys):  # noqa: F811
    db_path, key = school_db  # 20 pupils on roll; the file holds 6 others
    before = _counts(db_path, key)
    argv = ["import-pupils", str(FIXTURES / "sims_pupils.csv"), "--db", str(db_path)]
    code, out, err = run(monkeypatch, capsys, [*argv, *as_user("office")], "office-pw")
    assert code == 2 and out == ""
    assert "This file has 6 pupils of 20 on roll; 20 would be marked as left." in err
    assert "--partial" in err and "--mark-left" in err
    assert _counts(db_path, key) == before
    code, out, err = run(monkeypatch, capsys, [*argv, "--partial", *as_user("office")],
                         "office-pw")
    assert code == 0, err
    assert out.strip() == ("Imported: 6 pupils added, 0 updated and 0 marked as left "
                           "(0 unchanged).")
    open_database(db_path, key)
    try:
        assert Pupil.select().where(Pupil.left_date.is_null()).count() == 26
    finally:
        close_database()


def test_the_export_is_not_read_before_the_password_is_checked(school_db, tmp_path,  # noqa: F811
                                                               monkeypatch, capsys):
    db_path, _key = school_db
    export = tmp_path / "roll.csv"
    export.write_bytes((FIXTURES / "sims_pupils.csv").read_bytes())
    opened = []
    monkeypatch.setattr("flexidesk.commands.import_pupils.read_export",
                        lambda path: opened.append(path) or export.read_bytes())
    code, _out, err = run(monkeypatch, capsys, ["import-pupils", str(export), "--db",
                                                str(db_path), *as_user("head")], "wrong")
    assert code == 2 and "do not match" in err
    assert opened == []
    code, out, err = run(monkeypatch, capsys, ["import-pupils", str(export), "--db",
                                               str(db_path), "--partial", *as_user("head")],
                         "head-pw")
    assert code == 0, err
    assert opened == [export] and "Imported: 6 pupils added" in out
    # SIMS writes Windows-1252 and does not say so: the guess is said, on standard error.
    assert "read it as Windows-1252 (Western European)" in err
