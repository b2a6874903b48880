"""The laptop's half of each staff action: the key slot, the signed role and the roster.

``policy.school.staff`` changes the staff row (on either engine); on a laptop, each action
then calls here, inside the same transaction, so that the key file follows: the slot holds
the right key (the database key, or a governor's the governors' key), a Headteacher's slot
holds the authority, and the role is signed by the signed-in Headteacher. The key file is
written last, so a failure to write it rolls the row back too.
"""

from __future__ import annotations

import os
import secrets

from flexidesk.i18n import _
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.records.access import transaction
from flexidesk.policy.roles import GOVERNOR, HEAD
from flexidesk.policy.school import signing
from flexidesk.store import audit, roster, slotcrypto
from flexidesk.store.database import FlexiDatabase, db
from flexidesk.store.keyslots import (
    HOLDS_DATABASE,
    HOLDS_GOVERNORS,
    RECOVERY_SLOT,
    KeySlots,
    Unlocked,
    keyfile_path,
    pending_keyfile,
)


def _database() -> FlexiDatabase:
    return db.obj


def key_slots() -> KeySlots | None:
    """The open database's key file, or None for a plain database (or a server)."""
    path = getattr(_database(), "path", None)
    if path is None or not keyfile_path(path).exists():
        return None
    return KeySlots.load(path)


def key_in_use() -> bytes | None:
    key = _database().key
    if key is not None and not isinstance(key, bytes):
        raise PolicyError(_("This database is opened with a passphrase, not key slots."))
    return key


def _signed(ring: KeySlots):
    """The session's signer when the school's roles are signed (None for an older school,
    whose first Headteacher sign-in signs them all)."""
    return signing.session_signer() if roster.has_authority(ring) else None


def signed_role(ring: KeySlots | None, user) -> str:
    """The role FlexiDesk believes for ``user``: the signed one on a laptop, else the row's."""
    if ring is None or not roster.has_authority(ring):
        return user.role
    return roster.signed_role(ring, user.username).role or user.role


def heads_left(ring: KeySlots | None, excluding, active_usernames: set[str]) -> int:
    """Signed Headteachers other than ``excluding`` who can still sign in."""
    if ring is None or not roster.has_authority(ring):
        return -1  # the caller counts rows instead
    return sum(1 for u in active_usernames - {excluding.username}
               if roster.signed_role(ring, u).role == HEAD)


def _save(ring: KeySlots, signer) -> None:
    """Sign the roster (when signed), write the key file, and tell this computer's memory."""
    if signer is not None:
        serial = roster.sign_roster(ring, signer)
    ring.save()
    memory = getattr(_database(), "memory", None)
    if signer is not None and memory is not None:
        memory.roster_signed(serial, str(ring.authority.get("public") or ""))


def on_add(ring: KeySlots, username: str, display: str, role: str, password: str) -> None:
    """A new (or returning) account: its slot, and its role signed from today."""
    key = key_in_use()
    assert key is not None  # a database with a key file is only opened with its key
    signer = _signed(ring)
    if signer is not None and role == GOVERNOR:
        governors_key = ring.governors_key(key)
        assert governors_key is not None  # a signed school has its governors' key
        ring.put_slot(governors_key, username, display, password, holds=HOLDS_GOVERNORS)
    else:
        ring.put_slot(key, username, display, password,
                      signer=signer if role == HEAD else None)
    if signer is not None:
        roster.set_grant(ring, signer, username, role, signing.today_text())
    _save(ring, signer)


def on_role(ring: KeySlots, username: str, old: str, role: str) -> None:
    """A new role: signed from today; the slot now holds what the role needs."""
    signer = _signed(ring)
    if signer is None:
        return
    key = key_in_use()
    assert key is not None
    if old == HEAD and role != HEAD:
        roster.drop_authority(ring, username)
    if role == HEAD and username in ring.slots:
        roster.seal_authority_to(ring, username, signer)  # vouched at their next sign-in
    if username in ring.slots and (role == GOVERNOR) != (ring.holds(username) == HOLDS_GOVERNORS):
        if role == GOVERNOR:
            governors_key = ring.governors_key(key)
            assert governors_key is not None
            roster.hold(ring, username, governors_key, HOLDS_GOVERNORS)
        else:
            roster.hold(ring, username, key, HOLDS_DATABASE)
    roster.set_grant(ring, signer, username, role, signing.today_text())
    _save(ring, signer)


def on_password(ring: KeySlots, user, role: str, password: str) -> None:
    """A new password for someone else: a new slot holding what their role needs."""
    key = key_in_use()
    assert key is not None
    signer = _signed(ring)
    if ring.holds(user.username) == HOLDS_GOVERNORS:
        governors_key = ring.governors_key(key)
        assert governors_key is not None
        ring.put_slot(governors_key, user.username, user.display_name, password,
                      holds=HOLDS_GOVERNORS)
    else:
        ring.put_slot(key, user.username, user.display_name, password,
                      signer=signer if role == HEAD else None)
    ring.save()


def on_remove(ring: KeySlots, username: str) -> None:
    """The slot and the signed role go; the roster is signed without them."""
    signer = _signed(ring)
    ring.slots.pop(username, None)
    ring.display_names.pop(username, None)
    ring.grants.pop(username, None)
    _save(ring, signer)


def rekey(username: str, *, rotate_authority: bool = True) -> int:
    """Give the database a new random key, the governors a new key, and (signed schools,
    ``rotate_authority``) the school a new authority endorsed by the old one; seal each to
    the slots that hold it; audit it as ``username``'s and write the governors' file again.
    Returns how many accounts keep a slot.

    Order matters: the new slots are written to a side file first, then the database takes
    the new key, then the side file replaces the key file. Should the power fail between
    any two steps, the next sign-in finds which file opens the database and finishes or
    drops the re-key (``store.keyslots.settled_key``).
    """
    database = _database()
    ring = key_slots()
    old_key = key_in_use()
    if ring is None or old_key is None:
        raise PolicyError(_("This database is not encrypted, so it has no key to change."))
    signer = _signed(ring)
    new_key = secrets.token_bytes(slotcrypto.KEY_BYTES)
    governors_key = (secrets.token_bytes(slotcrypto.KEY_BYTES) if ring.governors_key(old_key)
                     else None)
    if signer is not None and rotate_authority:
        signer = roster.rotate_authority(ring, signer)
        for username, grant in ring.grants.items():
            if grant.get("role") == HEAD and username in ring.slots:
                roster.seal_authority_to(ring, username, signer)
        roster.seal_authority_to(ring, RECOVERY_SLOT, signer)
    final_path = ring.path
    ring.path = pending_keyfile(database.path)
    ring.reseal_all(new_key, old_key, governors_key=governors_key)  # writes the side file
    try:
        database.execute_sql(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
    except Exception:
        os.unlink(ring.path)
        raise
    database.key = new_key  # new connections (and backups) use the new key
    os.replace(ring.path, final_path)
    ring.path = final_path
    if signer is not None:
        database.signer = signer
        memory = getattr(database, "memory", None)
        if memory is not None:
            memory.roster_signed(roster.roster_serial(ring), str(ring.authority["public"]))
    slots = len(ring.usernames())
    with transaction():
        audit.record(username, "staff.rekey", "database", None, after={"slots": slots})
    from flexidesk.policy.records.governors import refresh_quietly

    refresh_quietly(database)  # under the governors' new key
    return slots


def sign_roles_at_first_sign_in(database, user, opened: Unlocked, ring: KeySlots):
    """The first Headteacher to sign in to an older school signs everyone's role.

    One transaction holds the audit row (which says so, with any account whose row did not
    match the audit log); the key file is written last, so a failure leaves both as they
    were. Governors' slots that held the database key are turned to the governors' key and
    the database is then re-keyed, so that an old copy of the key file no longer opens it
    for them. The governors' report file is written for the first time.
    """
    from flexidesk.store import audit

    assert opened.key is not None  # a Headteacher's slot holds the database key
    signer, done = signing.sign_roles_first_time(user.username, opened, ring, opened.key)
    with transaction():
        audit.record(user.username, "staff.sign_roles", "staff_user", None, after=done)
        ring.save()
    database.signer = signer
    if done["governors_moved"]:
        rekey(user.username, rotate_authority=False)
    from flexidesk.policy.records.governors import refresh_quietly

    refresh_quietly(database)
    return signer
