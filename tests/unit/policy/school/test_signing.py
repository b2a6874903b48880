"""Roles signed, not stored: an insider holding the database key gains nothing by editing the
staff table, an older school's first Headteacher sign-in signs every role, and only the staff
actions write staff rows."""

import io
import json

import pytest

from flexidesk.cli import main
from flexidesk.policy.records import access
from flexidesk.policy.records.access import PermissionDenied, PolicyError, action
from flexidesk.policy.records.signin import RoleUnconfirmed, sign_in, unlock_key
from flexidesk.policy.school import staff
from flexidesk.store import close_database, open_database
from flexidesk.store.keyslots import GovernorsOnly, KeySlots, keyfile_path
from flexidesk.store.models import AuditEntry, StaffUser
from tests.rights_data import SIGNED_HEAD_PASSWORD, signed_school

HEAD_PW = SIGNED_HEAD_PASSWORD
BEN_PW = "blue heron river"
DEV_PW = "quiet copper kettle"


@pytest.fixture
def school_path(tmp_path):
    """A school made by this release: its Headteacher, a pastoral lead and a governor."""
    return signed_school(tmp_path / "school.db",
                         ("ben", "Ben Marsh", "pastoral_lead", BEN_PW),
                         ("dev", "Dev Okafor", "governor", DEV_PW))


def _check(monkeypatch, capsys, path, user, password):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    code = main(["check", "--db", str(path), "--user", user, "--password-stdin"])
    return code, capsys.readouterr().out


def test_a_pastoral_lead_who_edits_the_staff_table_gains_nothing(school_path, monkeypatch,
                                                                 capsys):
    # Ben holds the database key (he needs children's records) and uses it outside FlexiDesk.
    key = unlock_key(school_path, "ben", BEN_PW)
    database = open_database(school_path, key)
    database.execute_sql("UPDATE staff_user SET role = 'headteacher' WHERE username = 'ben'")
    close_database()

    _db, actor = sign_in(school_path, "ben", BEN_PW)
    assert actor.role == "pastoral_lead"
    with pytest.raises(PermissionDenied):
        staff.add_user(actor, username="eve", display_name="Eve Hart", role="headteacher",
                       password="sunlit harbour bells")
    close_database()

    code, out = _check(monkeypatch, capsys, school_path, "tbrook", HEAD_PW)
    assert code == 1
    assert ("ben (Ben Marsh): the staff table says Headteacher, but the signed role is "
            "Pastoral Lead; FlexiDesk uses the signed role.") in out


def test_a_role_edited_in_the_key_file_is_refused_at_sign_in(school_path, monkeypatch, capsys):
    keyfile = keyfile_path(school_path)
    data = json.loads(keyfile.read_text())
    data["grants"]["ben"]["role"] = "headteacher"
    keyfile.write_text(json.dumps(data))
    with pytest.raises(RoleUnconfirmed, match="does not verify"):
        sign_in(school_path, "ben", BEN_PW)
    close_database()
    code, out = _check(monkeypatch, capsys, school_path, "tbrook", HEAD_PW)
    assert code == 1 and "ben (Ben Marsh): the signature on the role Headteacher" in out


def test_the_generic_write_path_refuses_staff_rows(school_path):
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    ben = StaffUser.get(StaffUser.username == "ben")

    @action("pupil.edit")
    def promote(actor, user):
        return access.update(actor, "pupil.edit", user, role="headteacher")

    @action("pupil.edit")
    def add(actor):
        return access.create(actor, "pupil.add", StaffUser, username="eve",
                             display_name="Eve", role="headteacher")

    @action("pupil.edit")
    def remove(actor, user):
        access.delete(actor, "pupil.delete", user)

    for attempt in (lambda: promote(head, ben), lambda: add(head), lambda: remove(head, ben)):
        with pytest.raises(PermissionDenied, match="Staff and passwords"):
            attempt()
    assert StaffUser.get(StaffUser.username == "ben").role == "pastoral_lead"
    assert StaffUser.select().count() == 3


def test_a_change_of_role_is_signed_and_moves_the_key_the_slot_holds(school_path):
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    ben = StaffUser.get(StaffUser.username == "ben")
    staff.change_role(head, ben, "headteacher")
    assert KeySlots.load(school_path).open("ben", BEN_PW).authority is not None
    dev = StaffUser.get(StaffUser.username == "dev")
    staff.change_role(head, dev, "office")  # a governor joins the staff: the database key
    close_database()
    _db, actor = sign_in(school_path, "ben", BEN_PW)
    assert actor.role == "headteacher" and _db.warnings == []
    close_database()
    _db, actor = sign_in(school_path, "dev", DEV_PW)
    assert actor.role == "office"
    staff_rows = {u.username: u.role for u in StaffUser.select()}
    close_database()
    # Demoted again: the authority leaves his slot, and the signed role follows.
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    staff.change_role(head, StaffUser.get(StaffUser.username == "ben"), "office")
    close_database()
    assert KeySlots.load(school_path).open("ben", BEN_PW).authority is None
    assert staff_rows["dev"] == "office"


def test_a_rekey_gives_a_new_authority_endorsed_by_the_old(school_path):
    ring = KeySlots.load(school_path)
    old_public = ring.authority["public"]
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    staff.rekey(head)
    close_database()
    ring = KeySlots.load(school_path)
    assert ring.authority["public"] != old_public and len(ring.authority["chain"]) == 2
    for username, password, role in (("tbrook", HEAD_PW, "headteacher"),
                                     ("ben", BEN_PW, "pastoral_lead")):
        database, actor = sign_in(school_path, username, password)
        assert actor.role == role and database.warnings == []
        close_database()
    with pytest.raises(GovernorsOnly):
        unlock_key(school_path, "dev", DEV_PW)


def _older_school(path):
    """A school as the last release left it: every slot (the governor's too) holds the
    database key and roles live only in the staff table."""
    _ring, key, _recovery = KeySlots.create(path, [("tbrook", "Mrs Talia Brook", HEAD_PW),
                                                   ("ben", "Ben Marsh", BEN_PW),
                                                   ("dev", "Dev Okafor", DEV_PW)])
    data = json.loads(keyfile_path(path).read_text())
    data["version"] = 1
    for part in ("school_id", "authority", "grants", "roster", "governors"):
        data.pop(part)
    keyfile_path(path).write_text(json.dumps(data))
    open_database(path, key, create=True)
    founder = access.Actor("tbrook", "headteacher")
    with access.staff_records():
        for username, name, role in (("tbrook", "Mrs Talia Brook", "headteacher"),
                                     ("ben", "Ben Marsh", "pastoral_lead"),
                                     ("dev", "Dev Okafor", "governor")):
            action("staff.manage")(lambda actor, u=username, n=name, r=role: access.create(
                actor, "staff.add", StaffUser, username=u, display_name=n, role=r))(founder)
    close_database()
    return key


def test_an_older_school_signs_its_roles_at_the_first_headteacher_sign_in(tmp_path):
    path = tmp_path / "school.db"
    old_key = _older_school(path)
    old_keyfile = keyfile_path(path).read_text()
    # Until the Headteacher signs in, everyone still signs in, with the role the audit log
    # recorded: the pastoral lead's edit of the table is not believed.
    database = open_database(path, old_key)
    database.execute_sql("UPDATE staff_user SET role = 'headteacher' WHERE username = 'ben'")
    close_database()
    _db, actor = sign_in(path, "ben", BEN_PW)
    assert actor.role == "pastoral_lead"
    close_database()
    _db, actor = sign_in(path, "dev", DEV_PW)
    assert actor.role == "governor"
    close_database()

    database, head = sign_in(path, "tbrook", HEAD_PW)
    assert head.role == "headteacher" and database.signer is not None
    signed = AuditEntry.get(AuditEntry.action == "staff.sign_roles")
    after = json.loads(signed.after)
    assert after["roles"] == {"tbrook": "headteacher", "ben": "pastoral_lead", "dev": "governor"}
    assert after["row_disagreed"] == ["ben"] and after["governors_moved"] == ["dev"]
    # The governor's slot held the database key: it now opens the governors' key, and the
    # database was re-keyed so that the old key file opens nothing any more.
    assert AuditEntry.select().where(AuditEntry.action == "staff.rekey").count() == 1
    close_database()
    with pytest.raises(GovernorsOnly):
        unlock_key(path, "dev", DEV_PW)
    stale = KeySlots(path, json.loads(old_keyfile)["slots"], {})
    with pytest.raises(Exception, match="(?i)password|key|database"):
        open_database(path, stale.unlock("dev", DEV_PW))
    close_database()
    _db, actor = sign_in(path, "ben", BEN_PW)
    assert actor.role == "pastoral_lead"


def test_a_signed_role_is_required_once_the_school_has_an_authority(school_path):
    keyfile = keyfile_path(school_path)
    data = json.loads(keyfile.read_text())
    del data["grants"]["ben"]
    keyfile.write_text(json.dumps(data))
    with pytest.raises(RoleUnconfirmed):
        sign_in(school_path, "ben", BEN_PW)
    close_database()
    # The Headteacher's own slot proves her role, whatever the list says; she is told.
    database, head = sign_in(school_path, "tbrook", HEAD_PW)
    assert head.role == "headteacher"


def test_only_a_headteacher_session_can_sign(school_path):
    _db, ben = sign_in(school_path, "ben", BEN_PW)
    with pytest.raises(PolicyError):
        staff.change_role(access.Actor("ben", "headteacher"),
                          StaffUser.get(StaffUser.username == "dev"), "office")
