"""Promise 2: a pastoral lead or office user holding the database key cannot become
Headteacher, nor add an account that signs in with a role they choose: whatever they do to
the staff table and the key file, sign-in refuses (or ignores it) and ``check`` names it."""

import shutil

import pytest

from flexidesk.policy.records.signin import RoleUnconfirmed, sign_in, unlock_key
from flexidesk.policy.school import staff
from flexidesk.store import audit, authority, close_database, open_database, roster, seen
from flexidesk.store.governors_file import governors_path
from flexidesk.store.keyslots import KeySlots, keyfile_path
from flexidesk.store.models import StaffUser
from tests.attacks.laptop.insider import (
    BEN_PW,
    HEAD_PW,
    edit_keyfile,
    read_keyfile,
    run_check,
    write_keyfile,
)
from tests.rights_data import signed_school


def _as_ben_outside_the_window(path):
    """Ben's own password, the database key it opens, and the database open in Python."""
    return open_database(path, unlock_key(path, "ben", BEN_PW))


def _sign_in_role(path, user="ben", password=BEN_PW):
    database, actor = sign_in(path, user, password)
    warnings = list(database.warnings)
    close_database()
    return actor.role, warnings


def _forget_this_computer(path):
    """What the insider does to his own settings: the per-computer memory goes."""
    school_id = read_keyfile(path)["school_id"]
    seen.seen_path(school_id).unlink(missing_ok=True)


def test_editing_the_staff_table_changes_nothing_at_sign_in_and_check_names_him(
        school_path, monkeypatch, capsys):
    _as_ben_outside_the_window(school_path).execute_sql(
        "UPDATE staff_user SET role = 'headteacher' WHERE username = 'ben'")
    close_database()
    assert _sign_in_role(school_path)[0] == "pastoral_lead"
    code, out = run_check(monkeypatch, capsys, school_path)
    assert code == 1 and "ben (Ben Marsh): the staff table says Headteacher" in out


@pytest.mark.parametrize("tamper", ["forged signature", "no signature", "from-date moved",
                                    "grant deleted"])
def test_a_tampered_grant_is_refused_at_sign_in_and_named_by_check(school_path, tamper,
                                                                   monkeypatch, capsys):
    def change(data):
        grant = data["grants"]["ben"]
        if tamper == "forged signature":
            grant["role"] = "headteacher"
            grant["signature"] = authority.Signer.generate().sign(b"anything")
        elif tamper == "no signature":
            grant.pop("signature")
        elif tamper == "from-date moved":
            grant["from"] = "2020-01-01"
        else:
            data["grants"].pop("ben")
    edit_keyfile(school_path, change)
    with pytest.raises(RoleUnconfirmed):
        sign_in(school_path, "ben", BEN_PW)
    close_database()
    code, out = run_check(monkeypatch, capsys, school_path)
    assert code == 1 and "ben (Ben Marsh)" in out


def test_a_role_signed_for_another_school_does_not_verify_here(school_path, tmp_path,
                                                              monkeypatch, capsys):
    other = signed_school(tmp_path / "other" / "school.db",
                          ("ben", "Ben Marsh", "headteacher", BEN_PW))
    theirs = read_keyfile(other)["grants"]["ben"]
    edit_keyfile(school_path, lambda d: d["grants"].update(ben=theirs))
    with pytest.raises(RoleUnconfirmed):
        sign_in(school_path, "ben", BEN_PW)
    close_database()
    code, out = run_check(monkeypatch, capsys, school_path)
    assert code == 1 and "ben (Ben Marsh): the signature on the role Headteacher" in out


def test_an_old_grant_of_a_demoted_headteacher_put_back_is_refused(school_path, monkeypatch,
                                                                   capsys):
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    staff.change_role(head, StaffUser.get(StaffUser.username == "ben"), "headteacher")
    close_database()
    when_head = read_keyfile(school_path)["grants"]["ben"]
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    staff.change_role(head, StaffUser.get(StaffUser.username == "ben"), "pastoral_lead")
    close_database()
    edit_keyfile(school_path, lambda d: d["grants"].update(ben=when_head))
    with pytest.raises(RoleUnconfirmed):
        sign_in(school_path, "ben", BEN_PW)
    close_database()
    code, out = run_check(monkeypatch, capsys, school_path)
    assert code == 1 and "ben (Ben Marsh): the signature on the role Headteacher" in out


def test_the_grant_and_slot_of_someone_who_left_put_back_are_refused(school_path,
                                                                     monkeypatch, capsys):
    before = read_keyfile(school_path)
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    staff.remove_user(head, StaffUser.get(StaffUser.username == "cara"))
    close_database()
    edit_keyfile(school_path, lambda d: (d["grants"].update(cara=before["grants"]["cara"]),
                                         d["slots"].update(cara=before["slots"]["cara"])))
    with pytest.raises(Exception):  # noqa: B017 - inactive account, or the roster refuses
        sign_in(school_path, "cara", "sunlit harbour bells")
    close_database()
    code, out = run_check(monkeypatch, capsys, school_path)
    assert code == 1 and "The signed list of staff does not verify" in out


def _swap_authority(path, username, password):
    """The insider's own signing key: every grant signed again (his own as Headteacher), the
    roster too, the key sealed to his slot and vouched for by it (he knows his password)."""
    ring = KeySlots.load(path)
    opened = ring.open(username, password)
    signer = authority.Signer.generate()
    ring.authority = {"public": signer.public, "chain": [{"public": signer.public}]}
    for user, grant in list(ring.grants.items()):
        role = "headteacher" if user == username else str(grant["role"])
        roster.set_grant(ring, signer, user, role, str(grant["from"]))
    ring.roster = {"serial": roster.roster_serial(ring) + 5}
    roster.sign_roster(ring, signer)
    roster.seal_authority_to(ring, username, signer)
    roster.vouch_for(ring, username, opened.slot_private)
    ring.save()


def test_a_swapped_signing_key_is_said_at_sign_in_and_by_check_on_this_computer(
        school_path, monkeypatch, capsys):
    _sign_in_role(school_path, "tbrook", HEAD_PW)  # this computer has seen the school
    _swap_authority(school_path, "ben", BEN_PW)
    with pytest.raises(RoleUnconfirmed, match="does not descend from the one the audit log"):
        sign_in(school_path, "ben", BEN_PW)
    close_database()
    code, out = run_check(monkeypatch, capsys, school_path, "ben", BEN_PW)
    assert code == 1 and "not the one this computer knew" in out
    code, out = run_check(monkeypatch, capsys, school_path)
    assert code == 1 and "signing key" in out


def test_a_swapped_signing_key_is_refused_and_named_even_on_a_computer_that_never_saw_it(
        school_path, monkeypatch, capsys):
    _swap_authority(school_path, "ben", BEN_PW)
    _forget_this_computer(school_path)
    # The audit log recorded the school's first signing key when the school was made.
    with pytest.raises(RoleUnconfirmed, match="does not descend from the one the audit log"):
        sign_in(school_path, "ben", BEN_PW)
    close_database()
    code, out = run_check(monkeypatch, capsys, school_path, "ben", BEN_PW)
    assert code == 1 and "does not descend from the one the audit log recorded" in out
    code, out = run_check(monkeypatch, capsys, school_path)
    assert code == 1 and "is not the one your key slot holds" in out


def test_a_demoted_headteacher_who_kept_the_old_key_file_cannot_sign_himself_back(
        school_path, monkeypatch, capsys):
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    staff.change_role(head, StaffUser.get(StaffUser.username == "ben"), "headteacher")
    close_database()
    _sign_in_role(school_path)  # his slot vouches for the signing key
    kept = keyfile_path(school_path).with_name("kept.keys")
    shutil.copy2(keyfile_path(school_path), kept)
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    staff.change_role(head, StaffUser.get(StaffUser.username == "ben"), "pastoral_lead")
    close_database()
    # Outside the window: his old slot in the kept copy still opens the signing key.
    old = KeySlots.load_file(kept).open("ben", BEN_PW)
    assert old.authority is not None
    signer = authority.Signer(old.authority)
    ring = KeySlots.load(school_path)
    roster.set_grant(ring, signer, "ben", "headteacher", "2026-11-30")
    roster.sign_roster(ring, signer)
    ring.save()
    # Stepping down renewed the school's signing key: the old one signs nothing that counts.
    with pytest.raises(RoleUnconfirmed):
        sign_in(school_path, "ben", BEN_PW)
    close_database()
    code, out = run_check(monkeypatch, capsys, school_path)
    assert code == 1 and "ben (Ben Marsh): the signature on the role Headteacher" in out


def test_a_forged_role_is_not_signed_genuine_by_the_headteachers_next_rekey(
        school_path, monkeypatch, capsys):
    # Ben edits his grant's role (its signature now fails) and waits for a re-key.
    edit_keyfile(school_path, lambda d: d["grants"]["ben"].update(role="headteacher"))
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    staff.rekey(head)
    close_database()
    ring = KeySlots.load(school_path)
    assert roster.signed_role(ring, "ben").role is None
    assert "authority" not in ring.slots["ben"] and "db_key" not in ring.slots["ben"]
    code, out = run_check(monkeypatch, capsys, school_path)
    assert code == 1 and "ben (Ben Marsh): has a key slot but no signed role" in out


def test_removing_the_signed_roles_from_the_key_file_makes_nobody_headteacher(
        school_path, monkeypatch, capsys):
    # Back to "an older school": no authority, grants or roster; the table and the audit log
    # (both his to write with the database key) say he is the Headteacher.
    _sign_in_role(school_path, "tbrook", HEAD_PW)
    database = _as_ben_outside_the_window(school_path)
    ben = StaffUser.get(StaffUser.username == "ben")
    with database.atomic():
        database.execute_sql("UPDATE staff_user SET role = 'headteacher' WHERE username = 'ben'")
        audit.record("tbrook", "staff.role", "staff_user", ben.id,
                     after={"role": "headteacher"})
    close_database()
    data = read_keyfile(school_path)
    for part in ("authority", "grants", "roster"):
        data.pop(part)
    write_keyfile(school_path, data)
    with pytest.raises(RoleUnconfirmed, match="taken out of it outside FlexiDesk"):
        sign_in(school_path, "ben", BEN_PW)
    close_database()
    code, out = run_check(monkeypatch, capsys, school_path, "ben", BEN_PW)
    assert code == 1 and "The key file has no signed roles, yet this computer has seen" in out


def test_removing_the_signed_roles_on_a_computer_that_never_saw_the_school(
        school_path, monkeypatch, capsys):
    database = _as_ben_outside_the_window(school_path)
    ben = StaffUser.get(StaffUser.username == "ben")
    with database.atomic():
        database.execute_sql("UPDATE staff_user SET role = 'headteacher' WHERE username = 'ben'")
        audit.record("tbrook", "staff.role", "staff_user", ben.id,
                     after={"role": "headteacher"})
    close_database()
    data = read_keyfile(school_path)
    for part in ("authority", "grants", "roster"):
        data.pop(part)
    write_keyfile(school_path, data)
    _forget_this_computer(school_path)
    governors_path(school_path).unlink()
    # What remains is the log's row saying the roles were signed when the school was made.
    with pytest.raises(RoleUnconfirmed, match="the audit log records that its roles were"):
        sign_in(school_path, "ben", BEN_PW)
    close_database()
    code, out = run_check(monkeypatch, capsys, school_path, "ben", BEN_PW)
    assert code == 1 and "Roles: PROBLEMS" in out


def test_someone_removed_cannot_open_the_school_with_a_kept_key_file(school_path):
    kept = keyfile_path(school_path).with_name("kept.keys")
    shutil.copy2(keyfile_path(school_path), kept)
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    staff.remove_user(head, StaffUser.get(StaffUser.username == "cara"))
    close_database()
    old_key = KeySlots.load_file(kept).open("cara", "sunlit harbour bells").key
    from flexidesk.store.database import key_opens

    assert not key_opens(school_path, old_key)
