"""Weak passwords are refused, with the reason in words, wherever a password is set: first run
(create_school), the new-school command, adding or resetting staff, changing one's own."""

import io

import pytest

from flexidesk.cli import main
from flexidesk.demo import DEMO_ACCOUNTS, seed_demo
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.records.signin import sign_in
from flexidesk.policy.school import staff
from flexidesk.policy.school.passwords import change_own_password, check_strength
from flexidesk.policy.school.setup import NewSchool, create_school
from flexidesk.store import close_database
from flexidesk.store.models import AuditEntry, StaffUser
from tests.rights_data import SIGNED_HEAD_PASSWORD, signed_school

HEAD_PW = SIGNED_HEAD_PASSWORD

#: The weak passwords of issue #18, each with the words its refusal must give.
WEAK = [("aaaaaaaaaaaa", "repeats the same characters"),
        ("password12", "one of the most common passwords"),
        ("Password1!", "capitals, digits or symbols added")]


@pytest.mark.parametrize("password, reason", WEAK)
def test_weak_passwords_are_refused_with_the_reason(password, reason):
    with pytest.raises(PolicyError, match=reason) as refusal:
        check_strength(password, "tbrook", "Mrs Talia Brook")
    assert "three or four words" in str(refusal.value)  # and what would do instead


@pytest.mark.parametrize("password, reason", [
    ("short", "at least 10 characters"),
    ("tbrook-is-me-2026", "does not contain the user name"),
    ("Ferngate Primary", "the school's name"),
    ("qwertyuiop123", "common passwords"),
])
def test_other_weaknesses_have_their_own_words(password, reason):
    with pytest.raises(PolicyError, match=reason):
        check_strength(password, "tbrook", "Mrs Talia Brook", "Ferngate Primary")


def test_a_sentence_of_unrelated_words_is_accepted():
    check_strength("quiet copper kettle", "tbrook", "Mrs Talia Brook")
    check_strength(HEAD_PW, "tbrook")


@pytest.mark.parametrize("password, reason", WEAK)
def test_first_run_refuses_a_weak_password_and_leaves_nothing(tmp_path, password, reason):
    path = tmp_path / "school.db"
    with pytest.raises(PolicyError, match=reason):
        create_school(path, NewSchool("Ferngate Primary", "Mrs Talia Brook", "ENG", "tbrook",
                                      password, password))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("password, reason", WEAK)
def test_the_new_school_command_refuses_a_weak_password(tmp_path, monkeypatch, capsys,
                                                        password, reason):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    code = main(["new-school", "--db", str(tmp_path / "s.db"), "--name", "Ferngate Primary",
                 "--nation", "ENG", "--head-user", "tbrook", "--head-name", "Mrs Talia Brook",
                 "--password-stdin"])
    assert code == 2 and reason in capsys.readouterr().err
    assert not (tmp_path / "s.db").exists()


@pytest.fixture
def school_path(tmp_path):
    return signed_school(tmp_path / "school.db",
                         ("ben", "Ben Marsh", "pastoral_lead", "blue heron river"))


@pytest.mark.parametrize("password, reason", WEAK)
def test_staff_add_and_reset_refuse_weak_passwords(school_path, password, reason):
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    with pytest.raises(PolicyError, match=reason):
        staff.add_user(head, username="cara", display_name="Cara Lind", role="office",
                       password=password)
    ben = StaffUser.get(StaffUser.username == "ben")
    with pytest.raises(PolicyError, match=reason):
        staff.reset_password(head, ben, password)
    assert StaffUser.select().count() == 2


def test_changing_ones_own_password(school_path):
    _db, ben = sign_in(school_path, "ben", "blue heron river")
    for current, new, reason in (("blue heron river", "Password1!", "capitals, digits"),
                                 ("not my password", "sunlit harbour bells", "not right"),
                                 ("blue heron river", "blue heron river", "the same")):
        with pytest.raises(PolicyError, match=reason):
            change_own_password(ben, school_path, current, new, new)
    change_own_password(ben, school_path, "blue heron river", "sunlit harbour bells",
                        "sunlit harbour bells")
    assert AuditEntry.select().where(AuditEntry.action == "staff.own_password").count() == 1
    close_database()
    _db, ben = sign_in(school_path, "ben", "sunlit harbour bells")
    assert ben.role == "pastoral_lead"


def test_a_headteachers_new_password_keeps_her_signing_key(school_path):
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    change_own_password(head, school_path, HEAD_PW, "copper lantern field",
                        "copper lantern field")
    close_database()
    database, head = sign_in(school_path, "tbrook", "copper lantern field")
    assert head.role == "headteacher" and database.signer is not None
    assert database.warnings == []


def test_demo_accounts_keep_their_known_passwords(tmp_path):
    path = tmp_path / "demo.db"
    seed_demo(path, pupils=40, force=True)
    for username, _name, role, password in DEMO_ACCOUNTS:
        opened, actor = sign_in(path, username, password)
        assert actor.role == role
        opened.close()
