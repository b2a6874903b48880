"""Signing in: unlock the database key from a user's slot and open the school as that user."""

from __future__ import annotations

from pathlib import Path

from flexidesk.i18n import _
from flexidesk.policy.access import Actor, PolicyError
from flexidesk.store.database import FlexiDatabase, open_database
from flexidesk.store.keyring import BadCredentials, Keyring, keyfile_path
from flexidesk.store.models import StaffUser


class SignInFailed(PolicyError):
    """Name and password did not match (the message never says which)."""


def is_encrypted(db_path: Path | str) -> bool:
    """Whether this database is opened through key slots (it has a key file)."""
    return keyfile_path(db_path).exists()


def sign_in(db_path: Path | str, username: str, password: str | None) -> tuple[FlexiDatabase, Actor]:
    """Open the database as ``username``: unlock their slot, open, find their staff record."""
    db_path = Path(db_path)
    key = None
    if is_encrypted(db_path):
        try:
            key = Keyring.load(db_path).unlock(username, password or "")
        except BadCredentials as exc:
            raise SignInFailed(_("That name and password do not match. Please try again.")) from exc
    database = open_database(db_path, key)
    user = StaffUser.get_or_none((StaffUser.username == username) & (StaffUser.active == True))  # noqa: E712
    if user is None:
        database.close()
        raise SignInFailed(_("That name and password do not match. Please try again."))
    return database, Actor.from_user(user)
