"""Promise 1: a governor's password gives no database key and no child's data, whatever the
governor does with Python to the key file, the governors' file and the backups."""

import io
import sqlite3
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from flexidesk.cli import main
from flexidesk.demo import seed_demo
from flexidesk.demo.names import MIN_PUPILS
from flexidesk.policy.records.signin import sign_in
from flexidesk.policy.school import staff
from flexidesk.store import close_database, governors_file, slotcrypto
from flexidesk.store.keyslots import RECOVERY_SLOT, BadCredentials, KeyFileError, KeySlots
from flexidesk.store.models import Adult, Pupil, StaffUser
from tests.attacks.laptop.insider import DEV_PW, HEAD_PW, edit_keyfile, run_check
from tests.clock import TODAY

NEW_DEV_PW = "amber lantern orchard"


def _opens_database(path: Path, key: bytes | None) -> bool:
    if key is None:
        return False
    conn = sqlcipher.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM pupil").fetchone()
        return True
    except sqlcipher.DatabaseError:
        return False
    finally:
        conn.close()


def _every_key_the_governor_can_reach(path: Path) -> list[bytes]:
    """Every 32-byte key the governor's password opens in any slot of the key file."""
    ring = KeySlots.load(path)
    found = []
    for label, slot in ring.slots.items():
        try:
            private = slotcrypto.unwrap_private(slot, DEV_PW, label)
        except slotcrypto.SlotMismatch:
            continue
        for field in ("db_key", "authority"):
            if field in slot:
                try:
                    found.append(slotcrypto.open_sealed(slot[field], private, label))
                except slotcrypto.SlotMismatch:
                    pass
    return found


def test_the_governors_password_opens_no_slot_but_their_own_and_no_database_key(school_path):
    ring = KeySlots.load(school_path)
    for label in ring.slots:
        if label != "dev":
            with pytest.raises(slotcrypto.SlotMismatch):
                slotcrypto.unwrap_private(ring.slots[label], DEV_PW, label)
    with pytest.raises(BadCredentials):
        ring.open_recovery(DEV_PW)
    keys = _every_key_the_governor_can_reach(school_path)
    assert keys and not any(_opens_database(school_path, k) for k in keys)
    # The governors' key sealed under the database key does not open with the governors' key.
    with pytest.raises(slotcrypto.SlotMismatch):
        slotcrypto.open_under(ring.governors, keys[0], "flexidesk-governors-key")


def test_the_backups_and_their_key_files_open_nothing_for_a_governor(school_path, tmp_path,
                                                                     monkeypatch, capsys):
    folder = tmp_path / "backups"
    monkeypatch.setattr("sys.stdin", io.StringIO(HEAD_PW + "\n"))
    assert main(["backup", "--db", str(school_path), "--to", str(folder), "--user", "tbrook",
                 "--password-stdin"]) == 0
    capsys.readouterr()
    files = [p for p in folder.rglob("*") if p.is_file()]
    keyfiles = [p for p in files if p.name.endswith(".keys")]
    databases = [p for p in files if p not in keyfiles and not p.name.endswith(".json")]
    assert keyfiles and databases  # the key file is copied beside the backup
    keys = _every_key_the_governor_can_reach(school_path)
    for keyfile in keyfiles:
        keys += _keys_in(keyfile)
    for copy in [school_path, *databases]:
        assert not any(_opens_database(copy, k) for k in keys), copy


def _keys_in(keyfile: Path) -> list[bytes]:
    ring = KeySlots.load_file(keyfile)
    try:
        opened = ring.open("dev", DEV_PW)
    except BadCredentials:
        return []
    return [k for k in (opened.key, opened.governors_key) if k]


def test_a_weakened_kdf_in_the_key_file_is_never_written_back_by_the_app(school_path):
    # The governor rewrites his own slot under scrypt n=2 (he knows his password) and then
    # asks the Headteacher to reset it: the new slot is sealed with FlexiDesk's own cost.
    def weaken(data):
        slot = data["slots"]["dev"]
        private = slotcrypto.unwrap_private(slot, DEV_PW, "dev")
        salt = b"\0" * 16
        kek = slotcrypto.derive(DEV_PW, salt, 2, 1, 1)
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        nonce = b"\1" * 12
        slot.update({"salt": slotcrypto._b64(salt), "n": 2, "r": 1, "p": 1,
                     "nonce": slotcrypto._b64(nonce),
                     "private": slotcrypto._b64(AESGCM(kek).encrypt(nonce, private, b"dev"))})
        for label in ("tbrook", RECOVERY_SLOT):  # and tries to cheapen the others
            data["slots"][label]["n"] = 2
    edit_keyfile(school_path, weaken)
    ring = KeySlots.load(school_path)
    # A lowered cost only breaks the slot (refused as damaged), it opens nothing.
    with pytest.raises((BadCredentials, KeyFileError)):
        ring.open_recovery("AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA")
    edit_keyfile(school_path, lambda d: [d["slots"]["tbrook"].update(n=slotcrypto.SCRYPT_N)])
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    staff.reset_password(head, StaffUser.get(StaffUser.username == "dev"), NEW_DEV_PW)
    close_database()
    slot = KeySlots.load(school_path).slots["dev"]
    assert (slot["n"], slot["r"], slot["p"]) == (slotcrypto.SCRYPT_N, slotcrypto.SCRYPT_R,
                                                 slotcrypto.SCRYPT_P)


def test_a_governor_who_unmarks_his_slot_gets_no_database_key_from_a_password_reset(
        school_path):
    # The slot's "holds" field is not signed: the governor deletes it, says he has forgotten
    # his password, and the Headteacher resets it and tells him the new one.
    edit_keyfile(school_path, lambda d: d["slots"]["dev"].pop("holds"))
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    staff.reset_password(head, StaffUser.get(StaffUser.username == "dev"), NEW_DEV_PW)
    close_database()
    opened = KeySlots.load(school_path).open("dev", NEW_DEV_PW)
    assert not _opens_database(school_path, opened.key)
    assert opened.governors_key is not None


def test_a_governor_who_unmarks_his_slot_gets_no_database_key_from_a_rekey(school_path):
    edit_keyfile(school_path, lambda d: d["slots"]["dev"].pop("holds"))
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    staff.rekey(head)
    close_database()
    opened = KeySlots.load(school_path).open("dev", DEV_PW)
    assert not _opens_database(school_path, opened.key)


def _planted_slot(data, label, secret):
    """A slot the insider made: a key pair of his own, its private half under his secret."""
    slot = slotcrypto.wrap(b"\0" * 32, secret, label)
    data["slots"][label] = slot


def test_a_slot_planted_in_the_key_file_is_not_sealed_the_new_key_at_a_rekey(school_path):
    edit_keyfile(school_path, lambda d: _planted_slot(d, "zz-planted", DEV_PW))
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    staff.rekey(head)
    close_database()
    ring = KeySlots.load(school_path)
    if "db_key" in ring.slots.get("zz-planted", {}):
        private = slotcrypto.unwrap_private(ring.slots["zz-planted"], DEV_PW, "zz-planted")
        held = slotcrypto.open_sealed(ring.slots["zz-planted"]["db_key"], private, "zz-planted")
        assert not _opens_database(school_path, held)


@pytest.mark.parametrize("then", ["rekey", "a Headteacher steps down"])
def test_a_replaced_recovery_slot_is_not_sealed_the_new_key_nor_the_signing_key(
        school_path, then, monkeypatch, capsys):
    # The recovery slot is opened only when disaster strikes, so nobody notices it replaced.
    edit_keyfile(school_path, lambda d: _planted_slot(d, RECOVERY_SLOT, DEV_PW))
    _db, head = sign_in(school_path, "tbrook", HEAD_PW)
    if then == "rekey":
        staff.rekey(head)
    else:
        cara = StaffUser.get(StaffUser.username == "cara")
        staff.change_role(head, cara, "headteacher")
        staff.change_role(head, cara, "office")  # the signing key is renewed
    close_database()
    slot = KeySlots.load(school_path).slots[RECOVERY_SLOT]
    if "db_key" in slot:  # else sealed nothing (FlexiDesk then reads the slot as damaged)
        private = slotcrypto.unwrap_private(slot, DEV_PW, RECOVERY_SLOT)
        held = slotcrypto.open_sealed(slot["db_key"], private, RECOVERY_SLOT)
        assert not _opens_database(school_path, held)
    assert "authority" not in slot
    code, out = run_check(monkeypatch, capsys, school_path)
    assert code == 1 and "The recovery slot in the key file is not the one the school made" in out


@pytest.fixture(scope="module")
def demo_school(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    seed_demo(path, pupils=MIN_PUPILS, today=TODAY)
    return path


def test_the_governors_file_names_no_child_and_no_family(demo_school):
    from flexidesk.policy.records.signin import unlock_key

    key = unlock_key(demo_school, "head", "demo-head")
    conn = sqlcipher.connect(str(demo_school))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    pupils = conn.execute("SELECT upn, legal_first_name, legal_last_name, preferred_name, "
                          "date_of_birth FROM pupil").fetchall()
    adults = conn.execute("SELECT first_name, last_name, address, postcode, phone, email "
                          "FROM adult").fetchall()
    conn.close()
    opened = KeySlots.load(demo_school).open("governor", "demo-governor")
    text = str(governors_file.read(demo_school, opened.governors_key))
    found = []
    for upn, first, last, preferred, born in pupils:
        for value in (upn, f"{first} {last}", preferred and f"{preferred} {last}", born):
            if value and str(value) in text:
                found.append(str(value))
    for first, last, address, postcode, phone, email in adults:
        for value in (f"{first} {last}", address.splitlines()[0] if address else "",
                      postcode, phone, email):
            if value and value in text:
                found.append(value)
    assert found == []
    assert Pupil and Adult and sqlite3  # the models named above are the ones read
