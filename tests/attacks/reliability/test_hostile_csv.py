"""A careless (or hostile) pupil export: characters nobody can see never become a pupil's name,
and what is stored is what a person would read."""

from __future__ import annotations

import pytest

from flexidesk.store import close_database, open_database
from flexidesk.store.models import Pupil
from tests.unit.commands import test_backup_restore_check as test_admin
from tests.unit.commands.test_backup_restore_check import as_user, run

school_db = test_admin.school_db

HEADER = ("UPN,Legal Surname,Legal Forename,Preferred Forename,Gender,DOB,Year,Reg,SEN Status,"
          "Pupil Premium Indicator,In Care,EAL,Enrolment Status,Admission Date\n")
TAIL = ",,F,28/10/2019,Year 1,1 Oak,N,No,No,No,C,01/09/2024\n"
UPN = "R936300020000"


def _import(monkeypatch, capsys, tmp_path, db_path, surname, forename):
    export = tmp_path / "roll.csv"
    export.write_text(HEADER + f"{UPN},{surname},{forename}" + TAIL, encoding="utf-8")
    return run(monkeypatch, capsys, ["import-pupils", str(export), "--partial", "--db",
                                     str(db_path), *as_user("head")], "head-pw")


def _stored(db_path, key):
    open_database(db_path, key, migrate=False)
    try:
        pupil = Pupil.get_or_none(Pupil.upn == UPN)
        return None if pupil is None else (pupil.legal_last_name, pupil.legal_first_name)
    finally:
        close_database()


@pytest.mark.parametrize(("surname", "forename"), [
    ("Sm\x00ith", "Jo"),  # NUL
    ("\u202eSmith", "Jo\u202d"),  # right-to-left override
    ("Smith", "\ufeffJo"),  # a byte-order mark in the middle of the file
    ("Smith\x1b[31m", "Jo"),  # a terminal escape
])
def test_invisible_characters_are_taken_out_of_names(school_db, monkeypatch, capsys, tmp_path,
                                                      surname, forename):
    db_path, key = school_db
    code, _out, err = _import(monkeypatch, capsys, tmp_path, db_path, surname, forename)
    assert code == 0, err
    stored = _stored(db_path, key)
    assert stored is not None and stored[1] == "Jo"
    assert stored[0] in ("Smith", "Smith[31m")  # what is left is what a person would read
    assert all(c.isprintable() for c in "".join(stored))


@pytest.mark.parametrize("forename", ["\u200b", "\u200b\u200c\u2060", "\u00a0\u3000"])
def test_a_name_of_nothing_visible_is_refused_as_missing(school_db, monkeypatch, capsys,
                                                         tmp_path, forename):
    db_path, key = school_db
    code, _out, err = _import(monkeypatch, capsys, tmp_path, db_path, "Smith", forename)
    assert code == 2, err
    assert "Nothing was imported" in err and "line 2" in err
    assert _stored(db_path, key) is None
