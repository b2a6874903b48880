"""``flexidesk recover``: the recovery key on standard input sets the Headteacher's new
password; a wrong key is refused and counted."""

import io

import pytest

from flexidesk.cli import main
from flexidesk.policy.records.lost_password import RECOVERY_ACTION
from flexidesk.policy.records.signin import SignInFailed, SignInThrottle, sign_in
from flexidesk.policy.school import staff
from flexidesk.policy.school.setup import NewSchool, create_school
from flexidesk.store import close_database
from flexidesk.store.keyslots import keyfile_path
from flexidesk.store.models import AuditEntry

HEAD_PW = "lantern moss violin"
NEW_PW = "copper kettle orchard rain"


@pytest.fixture
def school(tmp_path):
    path = tmp_path / "school" / "school.db"
    _db, head, recovery = create_school(path, NewSchool(
        "Ferngate Primary", "Mrs Talia Brook", "ENG", "tbrook", HEAD_PW, HEAD_PW))
    close_database()
    return path, recovery, head


def run(monkeypatch, capsys, argv, *lines):
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_key_typed_loosely_sets_the_headteachers_new_password(school, monkeypatch, capsys):
    path, recovery, _head = school
    code, out, err = run(monkeypatch, capsys, ["recover", "--db", str(path)],
                         recovery.lower().replace("-", " "), NEW_PW, NEW_PW)
    assert code == 0, err
    assert "Mrs Talia Brook (tbrook) has a new password" in out
    with pytest.raises(SignInFailed):
        sign_in(path, "tbrook", HEAD_PW)
    close_database()
    _db, head = sign_in(path, "tbrook", NEW_PW)
    assert head.role == "headteacher"
    assert AuditEntry.select().where(AuditEntry.action == RECOVERY_ACTION).count() == 1


def test_a_wrong_key_exits_2_counted_and_changes_nothing(school, monkeypatch, capsys):
    path, _recovery, _head = school
    slots = keyfile_path(path).read_text()
    code, out, err = run(monkeypatch, capsys, ["recover", "--db", str(path)],
                         "ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2-34567-89ABC-DEFGH", NEW_PW, NEW_PW)
    assert code == 2
    assert "does not open this school's records" in err and "Traceback" not in err
    assert len(SignInThrottle.for_database(path).failures) == 1
    assert '"slots"' in slots and keyfile_path(path).read_text().split('"throttle"')[0] == (
        slots.split('"throttle"')[0])
    _db, head = sign_in(path, "tbrook", HEAD_PW)


def test_a_weak_password_exits_2_with_the_reason(school, monkeypatch, capsys):
    path, recovery, _head = school
    code, out, err = run(monkeypatch, capsys, ["recover", "--db", str(path)], recovery,
                         "password12", "password12")
    assert code == 2 and "too easy to guess" in err


def test_with_two_headteachers_the_command_asks_which(school, monkeypatch, capsys, tmp_path):
    path, recovery, _head = school
    _db, head = sign_in(path, "tbrook", HEAD_PW)
    staff.add_user(head, username="dep", display_name="Mr Idris Penn", role="headteacher",
                   password="walnut glacier piano")
    close_database()
    code, out, err = run(monkeypatch, capsys, ["recover", "--db", str(path)], recovery,
                         NEW_PW, NEW_PW)
    assert code == 2 and "--user NAME" in err and "dep (Mr Idris Penn)" in err
    code, out, err = run(monkeypatch, capsys, ["recover", "--db", str(path), "--user", "dep"],
                         recovery, NEW_PW, NEW_PW)
    assert code == 0, err
    _db, deputy = sign_in(path, "dep", NEW_PW)
    assert deputy.role == "headteacher"
