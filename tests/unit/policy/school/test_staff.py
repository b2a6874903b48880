"""Staff accounts and keys: every change reaches both the staff row and the key file."""

import json

import pytest

from flexidesk.policy.records.access import PermissionDenied, PolicyError
from flexidesk.policy.records.signin import SignInFailed, sign_in
from flexidesk.policy.school import staff
from flexidesk.store import close_database, open_database
from flexidesk.store.keyslots import KeySlots
from flexidesk.store.models import AuditEntry, StaffUser
from tests.rights_data import HEAD_PASSWORD, encrypted_school

HEAD_PW = HEAD_PASSWORD


@pytest.fixture
def encrypted(tmp_path):
    """A real encrypted school, signed in as its Headteacher."""
    path = tmp_path / "school.db"
    database, actor, recovery = encrypted_school(path)
    yield path, actor, recovery
    database.close()


def _sign_in(path, username, password):
    close_database()
    database, actor = sign_in(path, username, password)
    return database, actor


def test_add_user_can_sign_in_and_is_audited(encrypted):
    path, ada, _recovery = encrypted
    staff.add_user(ada, username="ben", display_name="Ben Marsh", role="pastoral_lead",
                   password="blue heron river")
    assert "ben" in KeySlots.load(path).usernames()
    assert AuditEntry.select().where(AuditEntry.action == "staff.add").count() == 1
    _db, actor = _sign_in(path, "ben", "blue heron river")
    assert actor.role == "pastoral_lead"


def test_bad_input_is_refused_plainly(encrypted):
    _path, ada, _recovery = encrypted
    with pytest.raises(PolicyError, match="at least 10"):
        staff.add_user(ada, username="ben", display_name="Ben", role="office", password="short")
    with pytest.raises(PolicyError, match="already"):
        staff.add_user(ada, username="ada", display_name="Ada", role="office",
                       password="long enough password")
    with pytest.raises(PolicyError, match="user name"):
        staff.add_user(ada, username="Ben Marsh!", display_name="Ben", role="office",
                       password="long enough password")
    assert StaffUser.select().count() == 1


def test_reset_password_replaces_the_old_one(encrypted):
    path, ada, _recovery = encrypted
    ben = staff.add_user(ada, username="ben", display_name="Ben Marsh", role="office",
                         password="first password here")
    staff.reset_password(ada, ben, "second password here")
    with pytest.raises(SignInFailed):
        _sign_in(path, "ben", "first password here")
    _sign_in(path, "ben", "second password here")


def test_change_role_keeps_a_headteacher(encrypted):
    _path, ada, _recovery = encrypted
    me = StaffUser.get(StaffUser.username == "ada")
    with pytest.raises(PolicyError, match="at least one Headteacher"):
        staff.change_role(ada, me, "office")
    ben = staff.add_user(ada, username="ben", display_name="Ben Marsh", role="office",
                         password="blue heron river")
    assert staff.change_role(ada, ben, "governor").role == "governor"
    with pytest.raises(PolicyError, match="your own"):
        staff.remove_user(ada, me)


def test_rekey_keeps_remaining_users_and_shuts_out_removed_ones(encrypted):
    path, ada, recovery = encrypted
    staff.add_user(ada, username="ben", display_name="Ben Marsh", role="pastoral_lead",
                   password="blue heron river")
    cara = staff.add_user(ada, username="cara", display_name="Cara Lind", role="office",
                          password="quiet copper kettle")
    old_keyfile = (path.parent / "school.db.keys").read_bytes()
    old_key = KeySlots.load(path).unlock("ada", HEAD_PW)
    staff.remove_user(ada, cara)  # re-keys by itself: her slot held the database key
    staff.rekey(ada)
    assert AuditEntry.select().where(AuditEntry.action == "staff.rekey").count() == 2
    close_database()

    # Every remaining user signs in with the new key; the removed user cannot.
    for username, password in (("ada", HEAD_PW), ("ben", "blue heron river")):
        database, actor = _sign_in(path, username, password)
        assert database.key != old_key and actor.username == username
    with pytest.raises(SignInFailed):
        _sign_in(path, "cara", "quiet copper kettle")
    # Her copy of the old key file only opens the old key, which the database no longer takes.
    close_database()
    stale = KeySlots(path, {}, {})
    data = json.loads(old_keyfile)
    stale.slots = data["slots"]
    key_from_stale = stale.unlock("cara", "quiet copper kettle")
    assert key_from_stale == old_key
    with pytest.raises(Exception, match="(?i)password|key|database"):
        open_database(path, key_from_stale)
    assert not staff.pending_keyfile(path).exists()
    # The printed recovery key still opens the database after the re-key.
    assert open_database(path, KeySlots.load(path).unlock_recovery(recovery)) is not None


def test_rekey_refused_for_a_plain_database(head):
    with pytest.raises(PolicyError, match="not encrypted"):
        staff.rekey(head)


def test_only_the_head_manages_staff(pastoral, school):
    with pytest.raises(PermissionDenied):
        staff.add_user(pastoral, username="eve", display_name="Eve", role="office",
                       password="long enough password")
    with pytest.raises(PermissionDenied):
        staff.rekey(pastoral)


def test_plain_database_add_user_only_writes_the_row(head):
    user = staff.add_user(head, username="eve", display_name="Eve Hart", role="office",
                          password="long enough password")
    assert user.active and user.role == "office"


def _interrupted_rekey(path, *, database_took_new_key):
    """A re-key stopped by a power cut: the side file written, the key swap not done."""
    import secrets

    from flexidesk.store.database import db

    ring = KeySlots.load(path)
    new_key = secrets.token_bytes(32)
    ring.path = staff.pending_keyfile(path)
    ring.reseal_all(new_key)
    if database_took_new_key:
        db.execute_sql(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
    close_database()
    return new_key


def test_sign_in_finishes_a_rekey_stopped_after_the_database_took_the_new_key(encrypted):
    path, ada, _recovery = encrypted
    staff.add_user(ada, username="ben", display_name="Ben Marsh", role="pastoral_lead",
                   password="blue heron river")
    new_key = _interrupted_rekey(path, database_took_new_key=True)

    database, actor = sign_in(path, "ben", "blue heron river")
    assert actor.username == "ben" and database.key == new_key
    assert not staff.pending_keyfile(path).exists()
    # The key file now in place holds the new key for everyone.
    assert KeySlots.load(path).unlock("ada", HEAD_PW) == new_key
    assert StaffUser.select().count() == 2  # the same, whole database


def test_sign_in_drops_a_rekey_stopped_before_the_database_took_the_new_key(encrypted):
    path, _ada, _recovery = encrypted
    keyfile = path.parent / "school.db.keys"
    before = keyfile.read_bytes()
    old_key = KeySlots.load(path).unlock("ada", HEAD_PW)
    _interrupted_rekey(path, database_took_new_key=False)

    database, actor = sign_in(path, "ada", HEAD_PW)
    assert database.key == old_key and actor.username == "ada"
    assert not staff.pending_keyfile(path).exists()
    assert keyfile.read_bytes() == before


def test_a_wrong_password_leaves_a_stopped_rekey_alone(encrypted):
    path, _ada, _recovery = encrypted
    _interrupted_rekey(path, database_took_new_key=True)
    with pytest.raises(SignInFailed):
        sign_in(path, "ada", "not the password")
    assert staff.pending_keyfile(path).exists()
    database, _actor = sign_in(path, "ada", HEAD_PW)
    assert not staff.pending_keyfile(path).exists()
