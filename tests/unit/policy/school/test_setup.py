"""Creating a school: key file with recovery slot, encrypted database, audited rows, settings."""

import json
import sqlite3
import stat

import pytest

from flexidesk.policy.records.access import PermissionDenied, PolicyError
from flexidesk.policy.school.setup import (
    NewSchool,
    auto_lock_minutes,
    check_new_school,
    create_school,
    set_auto_lock_minutes,
)
from flexidesk.policy.vocabulary import DEFAULT_CATALOGUE
from flexidesk.store import audit, close_database, open_database
from flexidesk.store.keyslots import KeySlots
from flexidesk.store.models import AuditEntry, Intervention, School, Setting, StaffUser

FORM = NewSchool("Larkspur Test Primary", "Ms Wren Hollis", "WLS", "whollis",
                 "a long enough password", "a long enough password")


def test_new_school_is_encrypted_with_a_working_recovery_key(tmp_path):
    path = tmp_path / "data" / "school.db"
    database, actor, recovery = create_school(path, FORM)
    assert actor.role == "headteacher" and actor.username == "whollis"
    assert School.get().name == "Larkspur Test Primary" and School.get().nation == "WLS"
    assert StaffUser.get().display_name == "Ms Wren Hollis"
    assert Intervention.select().count() == len(DEFAULT_CATALOGUE)
    database.close()
    close_database()
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall()
    ring = KeySlots.load(path)
    assert ring.usernames() == ["whollis"] and ring.display_names["whollis"] == "Ms Wren Hollis"
    key = ring.unlock_recovery(recovery)
    open_database(path, key)
    assert School.get().headteacher_name == "Ms Wren Hollis"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert recovery not in path.with_name("school.db.keys").read_text()


def test_every_row_made_at_set_up_is_audited_by_the_headteacher(tmp_path):
    create_school(tmp_path / "school.db", FORM)
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert actions[:2] == ["staff.add", "school.create"]
    assert actions.count("catalogue.add") == len(DEFAULT_CATALOGUE)
    assert {e.username for e in AuditEntry.select()} == {"whollis"}
    assert audit.verify_chain().ok


@pytest.mark.parametrize("change, message", [
    ({"school_name": " "}, "school's name"),
    ({"head_name": ""}, "headteacher's name"),
    ({"nation": "FRA"}, "England, Wales"),
    ({"username": "Wren Hollis"}, "sign-in name"),
    ({"password": "short", "password_again": "short"}, "at least 10"),
    ({"password_again": "a long enough passwore"}, "not the same"),
])
def test_bad_first_run_input_gets_a_plain_message_and_makes_nothing(tmp_path, change, message):
    form = NewSchool(**{**FORM.__dict__, **change})
    with pytest.raises(PolicyError, match=message):
        create_school(tmp_path / "school.db", form)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_school_is_never_overwritten(tmp_path):
    path = tmp_path / "school.db"
    path.write_bytes(b"precious")
    with pytest.raises(PolicyError, match="already a school"):
        create_school(path, FORM)
    assert path.read_bytes() == b"precious"


def test_a_failure_half_way_leaves_no_half_made_school(tmp_path, monkeypatch):
    from flexidesk.policy.school import setup as school_module

    def broken(*args, **kwargs):
        raise OSError("disk gone")

    monkeypatch.setattr(school_module, "open_database", broken)
    with pytest.raises(OSError):
        create_school(tmp_path / "school.db", FORM)
    assert list(tmp_path.iterdir()) == []


def test_check_new_school_accepts_a_good_form():
    check_new_school(FORM)


def test_auto_lock_defaults_to_five_and_is_set_by_the_head_within_1_to_15(head):
    assert auto_lock_minutes() == 5
    set_auto_lock_minutes(head, 12)
    assert auto_lock_minutes() == 12
    set_auto_lock_minutes(head, 1)
    assert auto_lock_minutes() == 1
    assert Setting.select().count() == 1
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert last.action == "setting.edit" and json.loads(last.after) == {"value": "1"}
    for bad in (0, 16, "7"):
        with pytest.raises(PolicyError, match="1 to 15"):
            set_auto_lock_minutes(head, bad)
    assert auto_lock_minutes() == 1


def test_only_the_head_sets_auto_lock(pastoral):
    with pytest.raises(PermissionDenied):
        set_auto_lock_minutes(pastoral, 10)
    assert Setting.select().count() == 0


def test_the_provision_map_lead_is_asked_for_at_set_up(tmp_path):
    from flexidesk.policy.school.catalogue import provision_lead

    form = NewSchool(**{**FORM.__dict__, "provision_lead": "Mr Idris Pugh (deputy head)"})
    create_school(tmp_path / "school.db", form)
    assert provision_lead() == "Mr Idris Pugh (deputy head)"
    entry = AuditEntry.select().where(AuditEntry.action == "setting.add").get()
    assert "provision_map_lead" in entry.after
    close_database()
