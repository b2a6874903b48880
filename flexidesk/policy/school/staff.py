"""Staff accounts and their keys: add, change role, reset a password, remove, and re-key the database.

A staff account is two things kept in step: a StaffUser row (who, which role) and a key
slot in the key file beside the database (their password opens the database key). Each
action changes both inside one transaction, the key file last, so a failure to write the
key file rolls the row back too. A plain (unencrypted) database has no key file; then only
the row changes.
"""

from __future__ import annotations

import os
import re
import secrets

from flexidesk.i18n import _
from flexidesk.policy.records.access import (
    HEAD,
    ROLE_LABELS,
    Actor,
    PolicyError,
    action,
    create,
    require,
    update,
)
from flexidesk.policy.school import staff_server
from flexidesk.policy.text import NAME, bounded
from flexidesk.store import audit, slotcrypto
from flexidesk.store.database import FlexiDatabase, db
from flexidesk.store.keyslots import KeySlots, keyfile_path, pending_keyfile
from flexidesk.store.models import ROLES, StaffUser

MIN_PASSWORD = 10
_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")


def _database() -> FlexiDatabase:
    return db.obj


def _key_slots() -> KeySlots | None:
    """The open database's key file, or None for a plain database."""
    database = _database()
    if not keyfile_path(database.path).exists():
        return None
    return KeySlots.load(database.path)


def check_password(password: str, username: str = "") -> None:
    """Refuse a password that is too short or just the name."""
    if len(password) < MIN_PASSWORD:
        raise PolicyError(_("Please choose a password of at least {n} characters; a short "
                            "sentence is easy to remember.").format(n=MIN_PASSWORD))
    if username and username.casefold() in password.casefold():
        raise PolicyError(_("Please choose a password that does not contain the user name."))


def list_staff(actor: Actor, include_removed: bool = False) -> list[StaffUser]:
    """Staff accounts, active first (permission "staff.manage")."""
    require(actor, "staff.manage")
    query = StaffUser.select().order_by(StaffUser.active.desc(), StaffUser.display_name)
    if not include_removed:
        query = query.where(StaffUser.active == True)  # noqa: E712
    return list(query)


def _heads_left(excluding: StaffUser) -> int:
    return StaffUser.select().where((StaffUser.role == HEAD) & (StaffUser.active == True)  # noqa: E712
                                    & (StaffUser.id != excluding.id)).count()


def _key_in_use() -> bytes | None:
    key = _database().key
    if key is not None and not isinstance(key, bytes):
        raise PolicyError(_("This database is opened with a passphrase, not key slots."))
    return key


@action("staff.manage")
def add_user(actor: Actor, *, username: str, display_name: str, role: str,
             password: str) -> StaffUser:
    """A new member of staff who can sign in with ``password``."""
    username = username.strip().lower()
    display_name = bounded(display_name, _("Name"), NAME, single_line=True)
    if not _USERNAME.match(username):
        raise PolicyError(_("A user name is 2 to 32 lower-case letters or digits, starting "
                            "with a letter (dots, dashes and underscores are allowed)."))
    if not display_name:
        raise PolicyError(_("Please enter the person's name."))
    if role not in ROLES:
        raise PolicyError(_("Please choose a role."))
    check_password(password, username)
    existing = StaffUser.get_or_none(StaffUser.username == username)
    if existing is not None and existing.active:
        raise PolicyError(_("There is already a user called {name}.").format(name=username))
    if staff_server.on_server():  # the row and the login, made together by the server
        return staff_server.add_user(username, display_name, role, password)
    if existing is not None:
        # A returning member of staff: the old row (and its history in the audit) is kept.
        user = update(actor, "staff.add", existing, display_name=display_name, role=role,
                      active=True)
    else:
        user = create(actor, "staff.add", StaffUser, username=username,
                      display_name=display_name, role=role)
    ring = _key_slots()
    if ring is not None:
        key = _key_in_use()
        assert key is not None  # a database with a key file is only opened with its key
        ring.add_user(key, username, display_name, password)
    return user


@action("staff.manage")
def change_role(actor: Actor, user: StaffUser, role: str) -> StaffUser:
    """Give a member of staff another role."""
    if role not in ROLES:
        raise PolicyError(_("Please choose a role."))
    if user.role == HEAD and role != HEAD and _heads_left(user) == 0:
        raise PolicyError(_("There must always be at least one Headteacher account."))
    if staff_server.on_server():
        return staff_server.change_role(user, role)
    return update(actor, "staff.role", user, role=role)


@action("staff.manage")
def reset_password(actor: Actor, user: StaffUser, password: str) -> None:
    """Give a member of staff a new password (a new key slot; the old password stops working)."""
    check_password(password, user.username)
    if not user.active:
        raise PolicyError(_("This account has been removed; add it again instead."))
    if staff_server.on_server():
        staff_server.reset_password(user, password)
        return
    audit.record(actor.username, "staff.password", "staff_user", user.id)
    ring = _key_slots()
    if ring is not None:
        key = _key_in_use()
        assert key is not None  # a database with a key file is only opened with its key
        ring.add_user(key, user.username, user.display_name, password)


@action("staff.manage")
def remove_user(actor: Actor, user: StaffUser) -> StaffUser:
    """Stop a member of staff signing in: the account is kept for the audit, the key slot goes."""
    if user.username == actor.username:
        raise PolicyError(_("You cannot remove your own account while signed in with it."))
    if user.role == HEAD and _heads_left(user) == 0:
        raise PolicyError(_("There must always be at least one Headteacher account."))
    if staff_server.on_server():  # the login stops at once, its sessions end
        return staff_server.remove_user(user)
    user = update(actor, "staff.remove", user, active=False)
    ring = _key_slots()
    if ring is not None:
        ring.remove_user(user.username)
    return user


def rekey(actor: Actor) -> None:
    """Give the database a new random 256-bit key and seal it to every remaining slot.

    Order matters: the new slots are written to a side file first, then the database takes
    the new key, then the side file replaces the key file. Should the power fail between
    any two steps, the next sign-in finds which file opens the database and finishes or
    drops the re-key (``store.keyslots.settled_key``).
    """
    require(actor, "staff.manage")
    database = _database()
    ring = _key_slots()
    old_key = _key_in_use()
    if ring is None or old_key is None:
        raise PolicyError(_("This database is not encrypted, so it has no key to change."))
    new_key = secrets.token_bytes(slotcrypto.KEY_BYTES)
    final_path = ring.path
    ring.path = pending_keyfile(database.path)
    ring.reseal_all(new_key, old_key)  # writes the side file, keeping the old key for backups
    try:
        database.execute_sql(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
    except Exception:
        os.unlink(ring.path)
        raise
    database.key = new_key  # new connections (and backups) use the new key
    os.replace(ring.path, final_path)
    ring.path = final_path
    with db.atomic():
        audit.record(actor.username, "staff.rekey", "database", None,
                     after={"slots": len(ring.usernames())})


def role_label(role: str) -> str:
    """The role's name as staff say it."""
    return _(ROLE_LABELS.get(role, role))
