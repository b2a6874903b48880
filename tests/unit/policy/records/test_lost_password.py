"""The Headteacher's password is lost: the printed recovery key opens the school and sets a new
one (same strength rules, audited); a wrong key is counted like a wrong password and changes
nothing."""

import pytest

from flexidesk.policy.errors import PolicyError
from flexidesk.policy.records import lost_password
from flexidesk.policy.records.lost_password import (
    RECOVERY_ACTION,
    RecoveryKeyWrong,
    open_with_recovery_key,
    set_head_password,
    tidy_recovery_key,
)
from flexidesk.policy.records.signin import SignInDelayed, SignInFailed, SignInThrottle, sign_in
from flexidesk.policy.school import staff
from flexidesk.policy.school.setup import NewSchool, create_school
from flexidesk.store import close_database, roster
from flexidesk.store.keyslots import KeySlots, keyfile_path
from flexidesk.store.models import AuditEntry, StaffUser

HEAD_PW = "lantern moss violin"
NEW_PW = "copper kettle orchard rain"
BEN_PW = "harbour tulip sandal"


@pytest.fixture
def school(tmp_path):
    """Ferngate Primary (Headteacher tbrook, pastoral lead ben) and its recovery key."""
    path = tmp_path / "school" / "school.db"
    _db, head, recovery = create_school(path, NewSchool(
        "Ferngate Primary", "Mrs Talia Brook", "ENG", "tbrook", HEAD_PW, HEAD_PW))
    staff.add_user(head, username="ben", display_name="Ben Marsh", role="pastoral_lead",
                   password=BEN_PW)
    close_database()
    return path, recovery


def _messy(key: str) -> str:
    """As someone types it from paper: small letters, spaces for dashes, a stray space."""
    return " " + key.lower().replace("-", " ", 3).replace("-", "") + "  "


def _files(path):
    return path.read_bytes(), keyfile_path(path).read_bytes()


def test_a_key_typed_in_small_letters_with_spaces_or_no_dashes_is_the_same_key():
    key = "ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2-34567-89ABC-DEFGH"
    assert tidy_recovery_key(_messy(key)) == key
    assert tidy_recovery_key(key.replace("-", "")) == key
    assert tidy_recovery_key(key.replace("-", "\u2013")) == key


@pytest.mark.parametrize("typed, says", [
    ("", "Please type the recovery key"),
    ("ABCDE-FGHJK", r"has 40 letters and digits \(8 groups of 5\), but this one has 10"),
    ("ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2-34567-89ABC-DEFG0", "never 0, 1, I or O"),
])
def test_a_key_of_the_wrong_shape_is_told_what_a_key_looks_like(typed, says):
    with pytest.raises(PolicyError, match=says):
        tidy_recovery_key(typed)


def test_a_wrong_key_is_refused_counted_and_changes_nothing(school):
    path, recovery = school
    before = _files(path)
    wrong = "ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2-34567-89ABC-DEFGH"
    with pytest.raises(RecoveryKeyWrong, match="does not open this school's records"):
        open_with_recovery_key(path, wrong)
    assert len(SignInThrottle.for_database(path).failures) == 1
    assert _files(path)[0] == before[0]  # the database is not even opened


def test_wrong_keys_are_throttled_with_wrong_passwords(school):
    path, recovery = school
    wrong = "ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2-34567-89ABC-DEFGH"
    for _ in range(5):
        with pytest.raises(RecoveryKeyWrong):
            open_with_recovery_key(path, wrong)
    with pytest.raises(SignInDelayed):  # even the right key waits now
        open_with_recovery_key(path, recovery)
    with pytest.raises(SignInDelayed):  # and so does a password
        from flexidesk.policy.records.signin import attempt_unlock

        attempt_unlock(SignInThrottle.for_database(path), path, "tbrook", HEAD_PW)


def test_a_key_of_the_wrong_shape_is_not_counted(school):
    path, _recovery = school
    with pytest.raises(PolicyError):
        open_with_recovery_key(path, "ABCDE")
    assert SignInThrottle.for_database(path).failures == []


def test_the_key_offers_only_the_headteachers(school):
    path, recovery = school
    recovered = open_with_recovery_key(path, _messy(recovery))
    assert recovered.heads == [("tbrook", "Mrs Talia Brook")]
    with pytest.raises(PolicyError, match="choose the Headteacher"):
        set_head_password(recovered, "ben", NEW_PW, NEW_PW)


@pytest.mark.parametrize("password, again, says", [
    ("password12", "password12", "too easy to guess|at least 10"),
    ("ferngateprimary1", "ferngateprimary1", "the school.s name"),
    (NEW_PW, NEW_PW + "x", "are different"),
])
def test_a_weak_or_mistyped_new_password_changes_nothing(school, password, again, says):
    path, recovery = school
    recovered = open_with_recovery_key(path, recovery)
    before = _files(path)
    with pytest.raises(PolicyError, match=says):
        set_head_password(recovered, "tbrook", password, again)
    assert keyfile_path(path).read_bytes() == before[1]
    database, head = sign_in(path, "tbrook", HEAD_PW)  # the old password still works
    assert not AuditEntry.select().where(AuditEntry.action == RECOVERY_ACTION).exists()


def test_the_new_password_opens_the_school_as_its_headteacher_and_keeps_everything(school):
    path, recovery = school
    set_head_password(open_with_recovery_key(path, _messy(recovery)), "tbrook", NEW_PW, NEW_PW)

    with pytest.raises(SignInFailed):
        sign_in(path, "tbrook", HEAD_PW)  # the lost password opens nothing now
    database, head = sign_in(path, "tbrook", NEW_PW)
    assert (head.username, head.role) == ("tbrook", "headteacher")
    assert database.signer is not None  # she can sign roles again
    assert database.warnings == []
    row = AuditEntry.get(AuditEntry.action == RECOVERY_ACTION)
    assert (row.username, row.table_name) == ("tbrook", "staff_user")
    assert [u.username for u in StaffUser.select().order_by(StaffUser.username)] == [
        "ben", "tbrook"]
    ring = KeySlots.load(path)
    rows = {u.username: (u.display_name, u.role, u.active) for u in StaffUser.select()}
    assert roster.problems(ring, rows) == []
    close_database()
    _db, ben = sign_in(path, "ben", BEN_PW)  # everyone else signs in as before
    assert ben.role == "pastoral_lead"


def test_the_recovery_key_still_works_after_being_used(school):
    path, recovery = school
    set_head_password(open_with_recovery_key(path, recovery), "tbrook", NEW_PW, NEW_PW)
    again = "meadow pencil lighthouse"
    set_head_password(open_with_recovery_key(path, recovery), "tbrook", again, again)
    _db, head = sign_in(path, "tbrook", again)
    assert head.role == "headteacher"
    assert lost_password.RECOVERY_ACTION == "staff.recovery_password"


def test_an_older_school_whose_roles_are_not_signed_yet_recovers_its_headteacher(tmp_path):
    import json

    from flexidesk.policy.records import access
    from flexidesk.store import open_database

    path = tmp_path / "older.db"
    _ring, _key, recovery = KeySlots.create(path, [("tbrook", "Mrs Talia Brook", HEAD_PW),
                                                    ("ben", "Ben Marsh", BEN_PW)])
    data = json.loads(keyfile_path(path).read_text())
    for part in ("school_id", "authority", "grants", "roster", "governors"):
        data.pop(part)
    data["version"] = 1
    keyfile_path(path).write_text(json.dumps(data))
    open_database(path, _key, create=True)
    founder = access.Actor("tbrook", "headteacher")
    with access.setting_up():
        for username, name, role in (("tbrook", "Mrs Talia Brook", "headteacher"),
                                     ("ben", "Ben Marsh", "pastoral_lead")):
            access.create(founder, "staff.add", StaffUser, username=username,
                          display_name=name, role=role)
    close_database()
    recovered = open_with_recovery_key(path, recovery)
    assert recovered.heads == [("tbrook", "Mrs Talia Brook")]
    set_head_password(recovered, "tbrook", NEW_PW, NEW_PW)
    _db, head = sign_in(path, "tbrook", NEW_PW)  # her first sign-in signs everyone's role
    assert head.role == "headteacher"
    assert roster.has_authority(KeySlots.load(path))
