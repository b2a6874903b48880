"""check-register: the MIS's attendance export against the office's week, from a script."""

from flexidesk.policy.records.access import Actor
from flexidesk.store import close_database, open_database
from flexidesk.store.models import StaffUser
from tests.unit.commands import test_backup_restore_check as test_admin
from tests.unit.commands.test_backup_restore_check import as_user, run
from tests.unit.policy.week.test_register import EXPORT, make_week

school_db = test_admin.school_db  # the same encrypted school as the other admin commands


def test_check_register_lists_each_disagreement_and_exits_1(school_db, monkeypatch, capsys):
    db_path, key = school_db
    open_database(db_path, key)
    make_week(Actor.from_user(StaffUser.get(StaffUser.username == "head")), "Greystone Farm")
    close_database()
    code, out, err = run(monkeypatch, capsys, ["check-register", str(EXPORT), "--db",
                                               str(db_path), *as_user("office")], "office-pw")
    assert code == 1, err
    lines = out.splitlines()
    assert lines[0] == "Checked the marks of 4 children for the week beginning 23 Nov 2026."
    assert lines[1] == ("Omar Fenwick (T000000000002), Tuesday 24 Nov 2026, afternoon: The MIS "
                        "has \\; FlexiDesk expects B (Greystone Farm).")
    assert "T000000000099 Juno Marwood: no child FlexiDesk knows has this UPN." in lines
    assert lines[-1] == "3 sessions disagree."


def test_a_file_that_is_not_an_export_exits_2_with_a_plain_message(school_db, monkeypatch,
                                                                    capsys, tmp_path):
    db_path, _key = school_db
    bad = tmp_path / "notes.csv"
    bad.write_text("Name,Mark\nOmar,B\n")
    code, out, err = run(monkeypatch, capsys, ["check-register", str(bad), "--db",
                                               str(db_path), *as_user("office")], "office-pw")
    assert code == 2 and "needs a UPN column" in err
    code, _out, err = run(monkeypatch, capsys, ["check-register", str(tmp_path / "none.csv"),
                                                "--db", str(db_path), *as_user("office")],
                          "office-pw")
    assert code == 2 and "Could not read" in err
