"""Roles the Headteacher signs: who is a Headteacher by their key slot, the first signing of
an older school's roles, and signing a change of role.

The laptop's half of "who may do what": a role is what the school's authority signed
(``store.roster``), never what the staff table says, since anyone holding the database key
can edit the table. A Headteacher proves to be one by their slot holding the authority's
private half, vouched for by the slot itself.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from flexidesk.i18n import _
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.roles import GOVERNOR, HEAD
from flexidesk.store import authority as auth
from flexidesk.store import roster
from flexidesk.store.keyslots import HOLDS_GOVERNORS, RECOVERY_SLOT, KeySlots, Unlocked


def audited_roles() -> dict[int, str]:
    """Each account's role as the audit log last recorded it (staff id -> role).

    Before an older school's roles are signed, this is what the staff table should say: a
    row edited outside FlexiDesk no longer matches it.
    """
    from flexidesk.store.models import AuditEntry
    from flexidesk.store.query import as_tuples

    roles: dict[int, str] = {}
    query = (AuditEntry.select(AuditEntry.record_id, AuditEntry.after)
             .where((AuditEntry.table_name == "staff_user")
                    & AuditEntry.action.in_(("staff.add", "staff.role")))
             .order_by(AuditEntry.id))
    for record_id, after in as_tuples(query):
        try:
            role = (json.loads(after or "{}") or {}).get("role")
        except ValueError:
            continue
        if record_id is not None and role:
            roles[int(record_id)] = str(role)
    return roles


def unsigned_role(user, audited: dict[int, str] | None = None) -> str:
    """An account's role in a school whose roles are not signed yet: the audit log's, where
    it has one (the row may have been edited), else the row's."""
    audited = audited_roles() if audited is None else audited
    return audited.get(user.id, user.role)


def today_text() -> str:
    return dt.date.today().isoformat()


@dataclass
class HeadCheck:
    """What a slot says about its holder being a Headteacher."""

    signer: auth.Signer | None = None  # set when the slot proves a Headteacher
    warnings: list[str] = field(default_factory=list)


def _slot_vouches(ring: KeySlots, unlocked: Unlocked, public: str) -> bool | None:
    """Whether the slot's MAC vouches for ``public`` (directly, or for an earlier key whose
    endorsements lead to it); None when the slot has no MAC yet."""
    mac = str(ring.slots.get(unlocked.username, {}).get("authority_mac") or "")
    if not mac:
        return None
    for link in ring.authority.get("chain") or [{"public": public}]:
        earlier = str(link.get("public"))
        if auth.vouches(unlocked.slot_private, unlocked.username, earlier, mac) and (
                earlier == public or roster.knows(ring, earlier)):
            return True
    return auth.vouches(unlocked.slot_private, unlocked.username, public, mac)


def check_head(ring: KeySlots, unlocked: Unlocked) -> HeadCheck:
    """Whether the opened slot proves a Headteacher of this key file's authority.

    The slot must hold the authority's private half, that key must be the key file's
    authority (whose history of keys verifies), and the slot's own MAC must vouch for it (a
    slot without one yet vouches now: it was sealed by a Headteacher before MACs were kept).
    """
    found = HeadCheck()
    if unlocked.authority is None or not roster.has_authority(ring):
        return found
    held = auth.Signer(unlocked.authority)
    public = str(ring.authority["public"])
    vouched = _slot_vouches(ring, unlocked, held.public)
    if vouched is False:
        found.warnings.append(_(
            "Your key slot holds a signing key it never vouched for: someone has changed "
            "your slot in the key file. Your role is taken from the signed list only, and "
            "roles cannot be changed until a good key file is put back from the backup "
            "folder."))
        return found
    if held.public != public or not roster.chain_verifies(ring):
        found.warnings.append(_(
            "The school's signing key in the key file is not the one your key slot holds: it "
            "has been replaced outside FlexiDesk, so the roles it signed are in doubt. Put "
            "back the key file kept in the backup folder, and run a check."))
        found.signer = None
        return found
    found.signer = held
    if vouched is None or not auth.vouches(unlocked.slot_private, unlocked.username, public,
                                           str(ring.slots[unlocked.username].get(
                                               "authority_mac") or "")):
        roster.vouch_for(ring, unlocked.username, unlocked.slot_private)
        ring.save()
    return found


def head_by_slot(ring: KeySlots, unlocked: Unlocked) -> bool:
    """Whether the slot's authority is the key file's own (even with warnings): the holder
    is a Headteacher whatever the signed list now says."""
    if unlocked.authority is None or not roster.has_authority(ring):
        return False
    return (auth.Signer(unlocked.authority).public == ring.authority.get("public")
            and _slot_vouches(ring, unlocked, str(ring.authority["public"])) is not False)


def sign_roles_first_time(actor_username: str, unlocked: Unlocked, ring: KeySlots,
                          db_key: bytes) -> tuple[auth.Signer, dict]:
    """An older school's first Headteacher sign-in: make the authority and sign every role.

    Each account is signed with the role the audit log last recorded for it (the staff
    table's where the log has none): a row someone edited outside FlexiDesk is not believed.
    Governors' slots are turned to the governors' key. Returns the signer and what was done
    (for the audit row); the key file is not saved here.
    """
    from flexidesk.store.models import StaffUser

    audited = audited_roles()
    users = {u.username: u for u in StaffUser.select().where(StaffUser.active == True)}  # noqa: E712
    signer, governors_key = roster.start_authority(ring, db_key)
    today = today_text()
    done: dict = {"roles": {}, "row_disagreed": [], "governors_moved": [], "no_account": []}
    for username in ring.usernames():
        user = users.get(username)
        if user is None:
            done["no_account"].append(username)
            continue
        role = unsigned_role(user, audited)
        if role != user.role:
            done["row_disagreed"].append(username)
        roster.set_grant(ring, signer, username, role, today)
        done["roles"][username] = role
        if role == HEAD:
            roster.seal_authority_to(ring, username, signer)
            if username == actor_username:
                roster.vouch_for(ring, username, unlocked.slot_private)
        elif role == GOVERNOR:
            if ring.holds(username) != HOLDS_GOVERNORS:
                done["governors_moved"].append(username)
            roster.hold(ring, username, governors_key, HOLDS_GOVERNORS)
    if RECOVERY_SLOT in ring.slots:
        roster.seal_authority_to(ring, RECOVERY_SLOT, signer)
    done["serial"] = roster.sign_roster(ring, signer)
    done["authority"] = auth.fingerprint(signer.public)
    return signer, done


def session_signer():
    """The signed-in Headteacher's authority, for signing a change; PolicyError without."""
    from flexidesk.store.database import db

    signer = getattr(db.obj, "signer", None)
    if signer is None:
        raise PolicyError(_(
            "This change needs the school's signing key, which only a Headteacher's own "
            "sign-in opens, and yours did not (see the warning at sign-in, or sign in "
            "again)."))
    return signer


def publish_roster(ring: KeySlots, signer: auth.Signer) -> int:
    """Sign the list of grants again and tell this computer's memory (not saved here)."""
    from flexidesk.store.database import db

    serial = roster.sign_roster(ring, signer)
    memory = getattr(db.obj, "memory", None)
    if memory is not None:
        memory.roster_signed(serial, str(ring.authority.get("public") or ""))
    return serial

