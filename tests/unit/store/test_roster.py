"""Signed roles in the key file: grants, the roster, the authority's history, slots that vouch."""

import json

import pytest

from flexidesk.store import authority, roster
from flexidesk.store.keyslots import GovernorsOnly, KeySlots

USERS = [("head", "Ada Quill", "orchard gate at dawn"), ("ben", "Ben Marsh", "blue heron river"),
         ("dev", "Dev Okafor", "quiet copper kettle")]
ROLES = {"head": "headteacher", "ben": "pastoral_lead", "dev": "governor"}


@pytest.fixture
def signed(tmp_path):
    path = tmp_path / "school.db"
    signer = authority.Signer.generate()
    ring, key, recovery = KeySlots.create(path, USERS, roles=ROLES, today="2026-09-01",
                                          signer=signer)
    return path, signer, key, recovery


def _edit(path, change):
    keyfile = path.with_name(path.name + ".keys")
    data = json.loads(keyfile.read_text())
    change(data)
    keyfile.write_text(json.dumps(data))
    return KeySlots.load(path)


def test_each_role_is_signed_and_verifies(signed):
    path, _signer, _key, _recovery = signed
    ring = KeySlots.load(path)
    assert {u: roster.signed_role(ring, u).role for u in ROLES} == ROLES
    assert roster.problems(ring, {"head": ("Ada Quill", "headteacher", True),
                                  "ben": ("Ben Marsh", "pastoral_lead", True),
                                  "dev": ("Dev Okafor", "governor", True)}) == []


def test_a_grant_edited_in_the_key_file_no_longer_verifies(signed):
    path, *_ = signed
    ring = _edit(path, lambda d: d["grants"]["ben"].update(role="headteacher"))
    assert roster.signed_role(ring, "ben").role is None
    assert "does not verify" in roster.signed_role(ring, "ben").problem
    assert any("ben (Ben Marsh): the signature" in p for p in roster.problems(ring, {}))


def test_a_grant_signed_by_another_key_or_removed_from_the_roster_is_refused(signed):
    path, _signer, _key, _recovery = signed
    impostor = authority.Signer.generate()
    ring = KeySlots.load(path)
    roster.set_grant(ring, impostor, "ben", "headteacher", "2026-11-30")
    assert roster.signed_role(ring, "ben").role is None
    # A genuine grant taken out of the list the authority signed is noticed too.
    ring = KeySlots.load(path)
    del ring.grants["dev"]
    assert not roster.roster_verifies(ring)
    assert roster.signed_role(ring, "ben").role is None


def test_a_replaced_authority_is_not_one_the_history_vouches_for(signed):
    path, *_ = signed
    impostor = authority.Signer.generate()

    def swap(data):
        data["authority"]["public"] = impostor.public
        data["authority"]["chain"].append({"public": impostor.public, "endorsement": "AAAA"})

    ring = _edit(path, swap)
    assert not roster.chain_verifies(ring)
    assert roster.signed_role(ring, "head").role is None


def test_a_rotated_authority_is_endorsed_by_the_one_before(signed):
    path, signer, _key, _recovery = signed
    ring = KeySlots.load(path)
    new = roster.rotate_authority(ring, signer)
    assert ring.authority["public"] == new.public
    assert roster.chain_verifies(ring) and roster.knows(ring, signer.public)
    assert roster.signed_role(ring, "ben").role == "pastoral_lead"
    assert roster.roster_serial(ring) == 2


def test_head_slots_hold_the_authority_and_vouch_for_it(signed):
    path, signer, key, recovery = signed
    ring = KeySlots.load(path)
    head = ring.open("head", "orchard gate at dawn")
    assert head.key == key and head.authority == signer.private_raw and head.vouched is True
    ben = ring.open("ben", "blue heron river")
    assert ben.key == key and ben.authority is None
    assert ring.open_recovery(recovery).authority == signer.private_raw


def test_a_governor_slot_opens_the_governors_key_not_the_database_key(signed):
    path, _signer, key, _recovery = signed
    ring = KeySlots.load(path)
    dev = ring.open("dev", "quiet copper kettle")
    assert dev.key is None and dev.governors_key == ring.governors_key(key) != key
    with pytest.raises(GovernorsOnly):
        ring.unlock("dev", "quiet copper kettle")


def test_an_older_key_file_reads_and_has_no_authority_yet(tmp_path):
    path = tmp_path / "school.db"
    KeySlots.create(path, USERS)
    keyfile = path.with_name("school.db.keys")
    data = json.loads(keyfile.read_text())
    data["version"] = 1  # as the last release wrote it
    for part in ("school_id", "authority", "grants", "roster", "governors"):
        data.pop(part)
    keyfile.write_text(json.dumps(data))
    ring = KeySlots.load(path)
    assert not roster.has_authority(ring)
    assert ring.unlock("dev", "quiet copper kettle") is not None  # its governor had the key
    assert roster.problems(ring, {}) == [
        "The roles are not signed yet: the Headteacher's next sign-in signs them."]
