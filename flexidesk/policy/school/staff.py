"""Staff accounts and their keys: add, change role, reset a password, remove, and re-key the database.

A staff account is two things kept in step: a StaffUser row (who, which role) and a key
slot in the key file beside the database (their password opens the database key). Each
action changes both inside one transaction, the key file last, so a failure to write the
key file rolls the row back too. A plain (unencrypted) database has no key file; then only
the row changes.
"""

from __future__ import annotations

import re

from flexidesk.i18n import _
from flexidesk.policy.records.access import (
    HEAD,
    ROLE_LABELS,
    Actor,
    PolicyError,
    action,
    create,
    require,
    staff_records,
    update,
)
from flexidesk.policy.school import staff_keys
from flexidesk.policy.school.passwords import MIN_PASSWORD, check_strength
from flexidesk.policy.text import NAME, bounded
from flexidesk.store import audit
from flexidesk.store.database import FlexiDatabase, db
from flexidesk.store.keyslots import KeySlots, keyfile_path, pending_keyfile  # noqa: F401
from flexidesk.store.models import ROLES, StaffUser

__all__ = ["MIN_PASSWORD", "add_user", "change_role", "check_password", "list_staff",
           "rekey", "remove_user", "reset_password", "role_label", "signed_roles"]

_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")


def _database() -> FlexiDatabase:
    return db.obj


def _key_slots() -> KeySlots | None:
    """The open database's key file, or None for a plain database."""
    return staff_keys.key_slots()


def check_password(password: str, username: str = "", *personal: str) -> None:
    """Refuse a password that is too short, contains the name, or is quick to guess
    (``policy.school.passwords``), with the reason in words."""
    check_strength(password, username, *personal)


def _school_name() -> str:
    from flexidesk.store.models import School

    school = School.select(School.name).first()
    return school.name if school else ""


def list_staff(actor: Actor, include_removed: bool = False) -> list[StaffUser]:
    """Staff accounts, active first (permission "staff.manage")."""
    require(actor, "staff.manage")
    query = StaffUser.select().order_by(StaffUser.active.desc(), StaffUser.display_name)
    if not include_removed:
        query = query.where(StaffUser.active == True)  # noqa: E712
    return list(query)


def signed_roles(actor: Actor) -> dict[int, str]:
    """Each account's role as FlexiDesk believes it (staff id -> role): on a laptop the
    signed one, whatever the staff table says (permission "staff.manage")."""
    require(actor, "staff.manage")
    ring = _key_slots()
    return {u.id: staff_keys.signed_role(ring, u) for u in StaffUser.select()}


def _heads_left(excluding: StaffUser, ring: KeySlots | None = None) -> int:
    active = StaffUser.select().where(StaffUser.active == True)  # noqa: E712
    signed = staff_keys.heads_left(ring, excluding, {u.username for u in active})
    if signed >= 0:
        return signed
    return active.where((StaffUser.role == HEAD) & (StaffUser.id != excluding.id)).count()


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
    check_password(password, username, display_name, _school_name())
    existing = StaffUser.get_or_none(StaffUser.username == username)
    if existing is not None and existing.active:
        raise PolicyError(_("There is already a user called {name}.").format(name=username))
    with staff_records():
        if existing is not None:
            # A returning member of staff: the old row (and its history in the audit) is kept.
            user = update(actor, "staff.add", existing, display_name=display_name, role=role,
                          active=True)
        else:
            user = create(actor, "staff.add", StaffUser, username=username,
                          display_name=display_name, role=role)
    ring = _key_slots()
    if ring is not None:
        staff_keys.on_add(ring, username, display_name, role, password)
    return user


@action("staff.manage")
def change_role(actor: Actor, user: StaffUser, role: str) -> StaffUser:
    """Give a member of staff another role (on a laptop, signed from today)."""
    if role not in ROLES:
        raise PolicyError(_("Please choose a role."))
    ring = _key_slots()
    old = staff_keys.signed_role(ring, user)
    if old == HEAD and role != HEAD and _heads_left(user, ring) == 0:
        raise PolicyError(_("There must always be at least one Headteacher account."))
    with staff_records():
        user = update(actor, "staff.role", user, role=role)
    if ring is not None:
        staff_keys.on_role(ring, user.username, old, role)
    return user


@action("staff.manage")
def reset_password(actor: Actor, user: StaffUser, password: str) -> None:
    """Give a member of staff a new password (a new key slot; the old password stops working)."""
    check_password(password, user.username, user.display_name, _school_name())
    if not user.active:
        raise PolicyError(_("This account has been removed; add it again instead."))
    audit.record(actor.username, "staff.password", "staff_user", user.id)
    ring = _key_slots()
    if ring is not None:
        staff_keys.on_password(ring, user, staff_keys.signed_role(ring, user), password)


@action("staff.manage")
def remove_user(actor: Actor, user: StaffUser) -> StaffUser:
    """Stop a member of staff signing in: the account is kept for the audit, the key slot goes."""
    if user.username == actor.username:
        raise PolicyError(_("You cannot remove your own account while signed in with it."))
    ring = _key_slots()
    if staff_keys.signed_role(ring, user) == HEAD and _heads_left(user, ring) == 0:
        raise PolicyError(_("There must always be at least one Headteacher account."))
    with staff_records():
        user = update(actor, "staff.remove", user, active=False)
    if ring is not None:
        staff_keys.on_remove(ring, user.username)
    return user


def rekey(actor: Actor, *, rotate_authority: bool = True) -> None:
    """Give the database a new random 256-bit key and seal it to every remaining slot; the
    governors' key and (signed schools) the authority are renewed with it, so that nobody
    holding an old copy of the key file opens or signs anything new
    (``staff_keys.rekey``)."""
    require(actor, "staff.manage")
    staff_keys.rekey(actor.username, rotate_authority=rotate_authority)


def role_label(role: str) -> str:
    """The role's name as staff say it."""
    return _(ROLE_LABELS.get(role, role))
