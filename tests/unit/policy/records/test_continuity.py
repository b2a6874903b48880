"""A log that cannot go backwards unnoticed: this computer remembers how far each school's
log reached, says so when a school comes back behind it, and is moved on by a restore made
on purpose or by the Headteacher's acceptance."""

import datetime as dt
import io
import shutil

import pytest

from flexidesk.cli import main
from flexidesk.paths import config_dir
from flexidesk.policy.records import continuity
from flexidesk.policy.records.signin import sign_in
from flexidesk.policy.school import staff
from flexidesk.policy.school.setup import NewSchool, create_school
from flexidesk.store import close_database, seen
from flexidesk.store.backup import backup_folder_for
from flexidesk.store.keyslots import KeySlots
from flexidesk.store.models import AuditEntry
from tests.clock import TODAY, travel_to
from tests.rights_data import SIGNED_HEAD_PASSWORD, signed_school

HEAD_PW = SIGNED_HEAD_PASSWORD
BEN_PW = "blue heron river"
THREE_FILES = ("", ".keys", ".audit-head")


@pytest.fixture
def school_path(tmp_path):
    return signed_school(tmp_path / "school" / "school.db",
                         ("ben", "Ben Marsh", "pastoral_lead", BEN_PW))


def _copy(source, dest_folder):
    dest_folder.mkdir(parents=True, exist_ok=True)
    for suffix in THREE_FILES:
        shutil.copy2(f"{source}{suffix}", dest_folder / f"{source.name}{suffix}")


def _put_back(folder, path):
    for suffix in THREE_FILES:
        shutil.copy2(folder / f"{path.name}{suffix}", f"{path}{suffix}")


def _check(monkeypatch, capsys, path):
    monkeypatch.setattr("sys.stdin", io.StringIO(HEAD_PW + "\n"))
    code = main(["check", "--db", str(path), "--user", "tbrook", "--password-stdin"])
    return code, capsys.readouterr().out


def _a_day_of_work(path):
    with travel_to(TODAY + dt.timedelta(days=1)):
        _db, head = sign_in(path, "tbrook", HEAD_PW)
        staff.add_user(head, username="cara", display_name="Cara Lind", role="office",
                       password="quiet copper kettle")
        close_database()


def test_copying_the_three_files_back_a_day_is_said_at_sign_in_and_by_check(
        school_path, tmp_path, monkeypatch, capsys):
    _copy(school_path, tmp_path / "yesterday")
    _a_day_of_work(school_path)
    _put_back(tmp_path / "yesterday", school_path)

    database, _ben = sign_in(school_path, "ben", BEN_PW)
    assert any("this computer saw it reach entry" in w for w in database.warnings)
    assert any("older key file has been put back" in w for w in database.warnings)
    assert database.memory is None  # nothing moves the memory on until the Head accepts
    close_database()
    code, out = _check(monkeypatch, capsys, school_path)
    assert code == 1
    assert "This computer: BEHIND what it has seen of this school:" in out
    assert "(on 1 Dec 2026)" in out


def test_a_log_replaced_by_another_copy_of_the_same_length_is_noticed(school_path, tmp_path):
    _copy(school_path, tmp_path / "then")
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    staff.reset_password(head, staff.StaffUser.get(staff.StaffUser.username == "ben"),
                         "sunlit harbour bells")
    close_database()
    _put_back(tmp_path / "then", school_path)
    # The other copy's work is done an hour later: its entry differs by its time (the same
    # reset in the same second would be the very same entry, and there would be nothing
    # for any log to notice).
    with travel_to(TODAY, hour=11):
        database, _head = sign_in(school_path, "tbrook", HEAD_PW)
        staff.reset_password(_head, staff.StaffUser.get(staff.StaffUser.username == "ben"),
                             "copper lantern field")  # as many entries again, different ones
        assert database.warnings  # said, and the memory did not move with the new entry
        close_database()
    database, _head = sign_in(school_path, "tbrook", HEAD_PW)
    assert any("not the entry this computer saw" in w for w in database.warnings)


def test_the_headteacher_accepts_and_the_school_is_remembered_as_it_is(school_path, tmp_path):
    _copy(school_path, tmp_path / "yesterday")
    _a_day_of_work(school_path)
    _put_back(tmp_path / "yesterday", school_path)
    database, head = sign_in(school_path, "tbrook", HEAD_PW)
    continuity.accept_as_is(head, database.warnings)
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert entry.action == "school.accept_rollback" and "entry" in entry.after
    close_database()
    database, _ben = sign_in(school_path, "ben", BEN_PW)
    assert database.warnings == []


def test_a_restore_on_purpose_moves_the_memory_instead_of_raising_an_alarm(
        school_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(HEAD_PW + "\n"))
    assert main(["backup", "--db", str(school_path), "--user", "tbrook",
                 "--password-stdin"]) == 0
    backup = next(backup_folder_for(school_path).glob("school-*.db"))
    _a_day_of_work(school_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(HEAD_PW + "\n"))
    assert main(["restore", str(backup), "--db", str(school_path), "--user", "tbrook",
                 "--password-stdin"]) == 0
    capsys.readouterr()
    code, out = _check(monkeypatch, capsys, school_path)
    assert code == 0, out
    database, _ben = sign_in(school_path, "ben", BEN_PW)
    assert database.warnings == []


def test_the_memory_is_kept_per_school_outside_the_school_folder(school_path, tmp_path):
    other = tmp_path / "other" / "school.db"  # the same file name, another school
    create_school(other, NewSchool("Oakbank Primary", "Mr Odo Penn", "ENG", "openn", HEAD_PW,
                                   HEAD_PW))
    close_database()
    ids = {KeySlots.load(p).school_id for p in (school_path, other)}
    assert len(ids) == 2
    for school_id in ids:
        memory = seen.seen_path(school_id)
        assert memory.is_file() and memory.parent.parent == config_dir()
        assert school_path.parent not in memory.parents
        assert seen.recall(school_id).log.last_id > 0
