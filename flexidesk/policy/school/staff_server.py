"""Staff accounts on a trust's server: each change to a ``staff_user`` row and its login together.

The Headteacher's Staff dialog calls ``policy.school.staff`` as on a laptop; on a server
those actions come here once their checks have passed. The server's own functions
(``store.server_accounts``) make, change and end the login in the same transaction as the
row, and write its audit entry; a leaver's login stops at once. A school's member of staff
signs in as ``USERNAME@SCHOOLCODE``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import peewee

from flexidesk.i18n import _
from flexidesk.policy.engine import on_server  # noqa: F401 - asked here by staff.py
from flexidesk.policy.errors import PermissionDenied, PolicyError
from flexidesk.store import server_accounts
from flexidesk.store.database import db
from flexidesk.store.models import StaffUser


@contextlib.contextmanager
def _refusals() -> Iterator[None]:
    """The server's refusals, in the words the laptop's checks use."""
    try:
        yield
    except peewee.DatabaseError as exc:
        code = getattr(getattr(exc, "orig", None), "pgcode", None) or getattr(
            exc.__cause__, "pgcode", None)
        if code == "42501":  # insufficient_privilege
            raise PermissionDenied(_("Only the school's Headteacher manages its staff.")) from exc
        if code == "23505":  # unique_violation
            raise PolicyError(_("There is already a user with that name.")) from exc
        if code == "23514":  # check_violation: the last Headteacher
            raise PolicyError(_("There must always be at least one Headteacher account.")) from exc
        if code and code.startswith("22"):  # data_exception
            raise PolicyError(_("The server refused that name or role.")) from exc
        raise


def sign_in_name(username: str) -> str:
    """What a member of this school's staff types to sign in (``head@ashlane``)."""
    return server_accounts.login_for(db.obj, username)


def school_code() -> str:
    """The code this school's staff add to their names to sign in (``ashlane``)."""
    return sign_in_name("x").partition("@")[2]


def add_user(username: str, display_name: str, role: str, password: str) -> StaffUser:
    """Their account and their login; a returning member of staff gets theirs back."""
    with _refusals():
        user_id = server_accounts.add_staff(db.obj, username, display_name, role, password)
    return StaffUser.get_by_id(user_id)


def change_role(user: StaffUser, role: str) -> StaffUser:
    """The account's role and its login's group, together."""
    with _refusals():
        server_accounts.set_role(db.obj, user.id, role)
    return StaffUser.get_by_id(user.id)


def reset_password(user: StaffUser, password: str) -> None:
    """A new password for the login (the server writes the audit entry)."""
    with _refusals():
        server_accounts.set_password(db.obj, user.id, password)


def remove_user(user: StaffUser) -> StaffUser:
    """The account kept for the audit; the login stops now, and any session it has ends."""
    with _refusals():
        server_accounts.remove_staff(db.obj, user.id)
    return StaffUser.get_by_id(user.id)
