"""``flexidesk new-school``: an encrypted school with its headteacher, made from a script."""

import io

import pytest

from flexidesk.cli import main
from flexidesk.store import close_database, open_database
from flexidesk.store.keyslots import KeySlots, keyfile_path
from flexidesk.store.models import AuditEntry, Intervention, School, StaffUser

ARGS = ["--name", "Hollowmere Primary", "--nation", "WLS", "--head-user", "rtarrant",
        "--head-name", "Mr Rhys Tarrant", "--password-stdin"]
PASSWORD = "a long enough fictional passphrase"


def run(monkeypatch, capsys, argv, password=PASSWORD):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_new_school_is_encrypted_with_its_headteacher_and_prints_the_key_once(
        tmp_path, monkeypatch, capsys):
    db_path = tmp_path / "hollowmere.db"
    code, out, err = run(monkeypatch, capsys, ["new-school", "--db", str(db_path), *ARGS])
    assert code == 0, err
    recovery = out.strip().splitlines()[-1]
    assert "Recovery key" in out and len(recovery) > 20
    assert b"Hollowmere" not in db_path.read_bytes()  # encrypted on disk
    key = KeySlots.load(db_path).unlock("rtarrant", PASSWORD)
    open_database(db_path, key)
    school = School.get()
    assert (school.name, school.nation, school.headteacher_name, school.letter_signatory) == (
        "Hollowmere Primary", "WLS", "Mr Rhys Tarrant", "Mr Rhys Tarrant")
    head = StaffUser.get(StaffUser.username == "rtarrant")
    assert head.role == "headteacher"
    assert Intervention.select().count() > 5  # the default catalogue, as on first run
    assert AuditEntry.select().where(AuditEntry.action == "school.create").count() == 1
    close_database()
    assert KeySlots.load(db_path).unlock_recovery(recovery) == key


@pytest.mark.parametrize("change, message", [
    ({"--nation": "FRA"}, "England, Wales, Scotland or Northern Ireland"),
    ({"--head-user": "R T"}, "sign-in name"),
    ({"password": "short"}, "characters"),
    ({"--name": "  "}, "school's name"),
])
def test_bad_input_is_a_plain_message_and_exit_2_with_nothing_left(
        tmp_path, monkeypatch, capsys, change, message):
    db_path = tmp_path / "bad.db"
    args = list(ARGS)
    for flag, value in change.items():
        if flag in args:
            args[args.index(flag) + 1] = value
    code, out, err = run(monkeypatch, capsys, ["new-school", "--db", str(db_path), *args],
                         change.get("password", PASSWORD))
    assert code == 2
    assert message in err and "Traceback" not in err
    assert not db_path.exists() and not keyfile_path(db_path).exists()


def test_an_existing_school_is_never_overwritten(tmp_path, monkeypatch, capsys):
    db_path = tmp_path / "school.db"
    assert run(monkeypatch, capsys, ["new-school", "--db", str(db_path), *ARGS])[0] == 0
    before = db_path.read_bytes()
    code, _out, err = run(monkeypatch, capsys, ["new-school", "--db", str(db_path), *ARGS])
    assert code == 2 and "already a school" in err
    assert db_path.read_bytes() == before


def test_without_password_stdin_it_asks_for_it(tmp_path, monkeypatch, capsys):
    args = [a for a in ARGS if a != "--password-stdin"]
    code, _out, err = run(monkeypatch, capsys, ["new-school", "--db", str(tmp_path / "x.db"),
                                                *args])
    assert code == 2 and "--password-stdin" in err
