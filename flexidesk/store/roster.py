"""Signed roles in the key file: the authority, each account's grant, the signed roster.

``store.authority`` has the cryptography; this module reads and writes the key file's part
of it and says, in words, what does not verify. Whoever holds the database key can edit
the staff table, and the key file too; only a Headteacher's password (or the recovery key)
opens the authority that signs. So a role is believed only when its grant verifies under
the key file's authority and is in the roster that authority signed.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flexidesk.i18n import _
from flexidesk.store import authority as auth
from flexidesk.store import slotcrypto
from flexidesk.store.keyfile_state import GOVERNORS_LABEL, HOLDS_DATABASE, HOLDS_GOVERNORS

if TYPE_CHECKING:
    from flexidesk.store.keyslots import KeySlots

_unb64 = auth.unb64


def ensure_school_id(ring: KeySlots) -> str:
    """The school's random name in the key file, made now if an older file has none."""
    if not ring.school_id:
        ring.school_id = uuid.uuid4().hex
    return ring.school_id


def start_authority(ring: KeySlots, db_key: bytes,
                    signer: auth.Signer | None = None) -> tuple[auth.Signer, bytes]:
    """A new authority key (or ``signer``) and governors' key for a school that has neither
    (not saved)."""
    ensure_school_id(ring)
    signer = signer or auth.Signer.generate()
    ring.authority = {"public": signer.public, "chain": [{"public": signer.public}]}
    governors_key = secrets.token_bytes(slotcrypto.KEY_BYTES)
    ring.governors = slotcrypto.seal_under(governors_key, db_key, GOVERNORS_LABEL)
    ring.grants, ring.roster = {}, {}
    return signer, governors_key


def rotate_authority(ring: KeySlots, old: auth.Signer) -> auth.Signer:
    """A new authority key endorsed by the old one; every grant and the roster signed again.

    Used at a re-key: someone who was a Headteacher and kept a copy of the old key file
    still holds the old authority, whose signatures no longer count. Not saved.
    """
    new = auth.Signer.generate()
    chain = list(ring.authority.get("chain") or [{"public": old.public}])
    chain.append({"public": new.public,
                  "endorsement": old.sign(auth.endorse_message(ring.school_id, new.public))})
    ring.authority = {"public": new.public, "chain": chain}
    for username, grant in list(ring.grants.items()):
        set_grant(ring, new, username, str(grant.get("role")), str(grant.get("from")))
    sign_roster(ring, new)
    return new


def seal_authority_to(ring: KeySlots, label: str, signer: auth.Signer) -> None:
    """Seal the authority's private half to a slot (a Headteacher's, or the recovery)."""
    slot = ring.slots[label]
    slot["authority"] = slotcrypto.seal(signer.private_raw, _unb64(slot["public"]),
                                        label + ":authority")


def vouch_for(ring: KeySlots, label: str, slot_private: bytes) -> None:
    """Have a slot vouch for the key file's current authority (needs its private half)."""
    ring.slots[label]["authority_mac"] = auth.vouch(slot_private, label,
                                                    str(ring.authority["public"]))


def drop_authority(ring: KeySlots, label: str) -> None:
    """A Headteacher no more: the slot no longer holds the authority."""
    slot = ring.slots.get(label, {})
    slot.pop("authority", None)
    slot.pop("authority_mac", None)


def hold(ring: KeySlots, label: str, key: bytes, holds: str) -> None:
    """Make a slot hold ``key``: the database key, or (a governor's) the governors' key."""
    slot = ring.slots[label]
    slot["db_key"] = slotcrypto.seal(key, _unb64(slot["public"]), label)
    if holds == HOLDS_DATABASE:
        slot.pop("holds", None)
    else:
        slot["holds"] = holds
        drop_authority(ring, label)


def set_grant(ring: KeySlots, signer: auth.Signer, username: str, role: str,
              from_date: str) -> None:
    """Sign (school, user name, role, from-date) for one account (the roster: sign_roster)."""
    ring.grants[username] = {
        "role": role, "from": from_date,
        "signature": signer.sign(auth.grant_message(ring.school_id, username, role, from_date))}


def sign_roster(ring: KeySlots, signer: auth.Signer) -> int:
    """Sign the list of every grant under the next serial number; returns the serial."""
    serial = roster_serial(ring) + 1
    ring.roster = {"serial": serial, "signature": signer.sign(
        auth.roster_message(ring.school_id, serial, ring.grants))}
    return serial


def roster_serial(ring: KeySlots) -> int:
    try:
        return int(ring.roster.get("serial") or 0)
    except (TypeError, ValueError):
        return 0


def has_authority(ring: KeySlots) -> bool:
    """Whether the school's roles are signed yet (an older school's are not, until the
    first Headteacher signs in)."""
    return bool(ring.authority.get("public"))


def roster_verifies(ring: KeySlots) -> bool:
    public = str(ring.authority.get("public") or "")
    return bool(public) and auth.verify(
        public, auth.roster_message(ring.school_id, roster_serial(ring), ring.grants),
        str(ring.roster.get("signature") or ""))


def grant_verifies(ring: KeySlots, username: str) -> bool:
    grant = ring.grants.get(username)
    public = str(ring.authority.get("public") or "")
    if not grant or not public:
        return False
    return auth.verify(public, auth.grant_message(ring.school_id, username,
                                                  str(grant.get("role")),
                                                  str(grant.get("from"))),
                       str(grant.get("signature") or ""))


def chain_verifies(ring: KeySlots) -> bool:
    """Whether each authority key after the first was endorsed by the one before, and the
    newest is the key file's authority."""
    chain = ring.authority.get("chain") or []
    if not chain or str(chain[-1].get("public")) != ring.authority.get("public"):
        return False
    return auth.chain_leads(chain, ring.school_id, str(chain[0].get("public")))


def knows(ring: KeySlots, public_b64: str) -> bool:
    """Whether the key file's authority is ``public_b64`` or was endorsed, link by link, by it."""
    return public_b64 == ring.authority.get("public") or auth.chain_leads(
        ring.authority.get("chain") or [], ring.school_id, public_b64)


@dataclass(frozen=True)
class SignedRole:
    """An account's role as the authority signed it, or why it cannot be believed."""

    role: str | None
    from_date: str = ""
    problem: str = ""


def signed_role(ring: KeySlots, username: str) -> SignedRole:
    """``username``'s signed role: None (with the reason) when it does not verify."""
    grant = ring.grants.get(username)
    if grant is None:
        return SignedRole(None, problem=_("no signed role"))
    if not chain_verifies(ring):
        return SignedRole(None, problem=_("the school's signing key in the key file is not "
                                          "one the key file's own history vouches for"))
    if not grant_verifies(ring, username):
        return SignedRole(None, problem=_("the signature on its role does not verify"))
    if not roster_verifies(ring):
        return SignedRole(None, problem=_("the signed list of staff has been changed outside "
                                          "FlexiDesk"))
    return SignedRole(str(grant["role"]), str(grant.get("from") or ""))


def governor_slots_holding_database(ring: KeySlots) -> list[str]:
    """Governors whose slot still holds the database key (an older school's, before its
    roles were signed)."""
    return [u for u, g in ring.grants.items()
            if g.get("role") == "governor" and ring.holds(u) != HOLDS_GOVERNORS
            and u in ring.slots]


def problems(ring: KeySlots, rows: dict[str, tuple[str, str, bool]],
             label: Callable[[str], str] = str) -> list[str]:
    """Everything about the signed roles that does not hold, one line each, for ``check``.

    ``rows`` is the staff table as found: username -> (display name, role, active);
    ``label`` names a role as staff say it.
    """
    if not has_authority(ring):
        return [_("The roles are not signed yet: the Headteacher's next sign-in signs them.")]
    found = []
    if not chain_verifies(ring):
        found.append(_("The school's signing key in the key file is not one its own history "
                       "vouches for: it has been replaced."))
    if not roster_verifies(ring):
        found.append(_("The signed list of staff does not verify: accounts have been added, "
                       "removed or changed in the key file outside FlexiDesk."))
    for username in ring.usernames():
        display, row_role, active = rows.get(username, (ring.display_names.get(username,
                                                                               username), "",
                                                        False))
        who = f"{username} ({display})"
        grant = ring.grants.get(username)
        if grant is None:
            found.append(_("{who}: has a key slot but no signed role, so cannot sign in.")
                         .format(who=who))
            continue
        if not grant_verifies(ring, username):
            found.append(_("{who}: the signature on the role {role} does not verify.").format(
                who=who, role=label(str(grant.get("role")))))
            continue
        signed = str(grant.get("role"))
        if username in rows and row_role != signed:
            found.append(_("{who}: the staff table says {row}, but the signed role is "
                           "{signed}; FlexiDesk uses the signed role.").format(
                               who=who, row=label(row_role), signed=label(signed)))
        if (signed == "governor") != (ring.holds(username) == HOLDS_GOVERNORS):
            found.append(_("{who}: the key slot holds the wrong key for the role {role}.")
                         .format(who=who, role=label(signed)))
    for username in sorted(set(ring.grants) - set(ring.slots)):
        found.append(_("{who}: has a signed role but no key slot.").format(who=username))
    return found
