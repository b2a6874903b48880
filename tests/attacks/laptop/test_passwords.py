"""Promise 5: a weak password is refused everywhere one is set, since the key file (and its
copy beside every backup) is an offline guess away."""

import io

import pytest

from flexidesk.cli import main
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.records.signin import sign_in
from flexidesk.policy.school import staff
from flexidesk.policy.school.passwords import change_own_password
from flexidesk.policy.school.setup import NewSchool, create_school
from flexidesk.store import close_database
from flexidesk.store.keyslots import KeySlots, keyfile_path
from flexidesk.store.models import StaffUser
from tests.attacks.laptop.insider import BEN_PW, HEAD_PW, read_keyfile

COMMON = ["aaaaaaaaaaaa", "password12", "Password1!", "qwertyuiop1", "1234567890ab",
          "Ferngate Primary 1"]
WEAK = [*COMMON, "benmarsh2026"]  # Ben Marsh's own name, run together


@pytest.mark.parametrize("weak", WEAK)
def test_first_run_refuses_a_weak_password_and_leaves_nothing(tmp_path, weak):
    path = tmp_path / "new" / "school.db"
    with pytest.raises(PolicyError):
        create_school(path, NewSchool("Ferngate Primary", "Ben Marsh", "ENG", "tbrook", weak,
                                      weak))
    assert not path.exists() and not keyfile_path(path).exists()


@pytest.mark.parametrize("weak", WEAK)
def test_the_new_school_command_refuses_a_weak_password(tmp_path, weak, monkeypatch, capsys):
    path = tmp_path / "cli" / "school.db"
    monkeypatch.setattr("sys.stdin", io.StringIO(weak + "\n"))
    code = main(["new-school", "--db", str(path), "--name", "Ferngate Primary", "--nation",
                 "ENG", "--head-user", "bmarsh", "--head-name", "Ben Marsh",
                 "--password-stdin"])
    assert code == 2 and not path.exists()
    capsys.readouterr()


def test_new_staff_reset_and_own_change_refuse_weak_passwords(school_path):
    before = read_keyfile(school_path)["slots"]
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    ben = StaffUser.get(StaffUser.username == "ben")
    for weak in [*COMMON, "evehart2026"]:
        with pytest.raises(PolicyError):
            staff.add_user(head, username="eve", display_name="Eve Hart", role="office",
                           password=weak)
    for weak in WEAK:
        with pytest.raises(PolicyError):
            staff.reset_password(head, ben, weak)
    close_database()
    _db, ben_actor = sign_in(school_path, "ben", BEN_PW)
    for weak in WEAK:
        with pytest.raises(PolicyError):
            change_own_password(ben_actor, school_path, BEN_PW, weak, weak)
    close_database()
    assert read_keyfile(school_path)["slots"] == before  # nothing changed in any slot
    assert KeySlots.load(school_path).open("ben", BEN_PW).key is not None
