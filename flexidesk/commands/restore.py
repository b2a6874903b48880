"""``flexidesk restore BACKUP``: put a backup in place; the current file is kept aside.

It takes the school's lock first, as every command that writes does: a restore waits (up to
``--wait`` seconds) for the window or a running command to finish, or refuses plainly; it
never swaps the file under another writer.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from flexidesk.commands.common import OK, Usage, actor_for, hold_school, key_for, say
from flexidesk.commands.common import db_path as db_path_of
from flexidesk.commands.common import run as run_body
from flexidesk.i18n import _
from flexidesk.policy.records.access import Actor, require
from flexidesk.policy.records.backups import note_restore
from flexidesk.store.backup import _DRIVER_ERRORS, BackupError, _open_raw
from flexidesk.store.errors import access_error, refuse_non_file
from flexidesk.store.opening import open_database
from flexidesk.store.recovery import (
    backup_key,
    refuse_same_file,
    refuse_unwritable,
    restore_backup,
)


def _role_in(path: Path, key, username: str) -> str | None:
    """A user's role as written in a database file, read without binding the models; None
    when the file does not say (or cannot be read: damaged). A file that cannot be opened
    for a reason of the world (read-only, full disk, busy) raises its own StoreError."""
    try:
        conn = _open_raw(path, key)
        try:
            row = conn.execute("SELECT role FROM staff_user WHERE username = ? AND active",
                               (username,)).fetchone()
        finally:
            conn.close()
    except _DRIVER_ERRORS as exc:
        known = access_error(exc, path)
        if known is not None:
            raise known from exc
        return None
    return row[0] if row else None


def _signed_role(db_path: Path, username: str) -> str | None:
    """The user's role as the school's authority signed it in the key file (which a restore
    leaves alone); None when the school's roles are not signed yet."""
    from flexidesk.store import roster
    from flexidesk.store.keyslots import KeySlots, keyfile_path

    if not keyfile_path(db_path).exists():
        return None
    ring = KeySlots.load(db_path)
    if not roster.has_authority(ring):
        return None
    signed = roster.signed_role(ring, username)
    if signed.role is None:
        raise Usage(_("FlexiDesk cannot confirm your role: {why}.").format(why=signed.problem))
    return signed.role


def _check_role(args: argparse.Namespace, db_path: Path, source: Path, key) -> Actor:
    """Only a headteacher restores: the role the school's authority signed, or, for an older
    school, as the current file (or, if that is damaged, the backup) records it."""
    role = _signed_role(db_path, args.user)
    if role is None:
        role = _role_in(db_path, key, args.user) if db_path.exists() else None
    if role is None:
        try:  # the backup may be from before a re-key: read it with the key it had
            role = _role_in(source, backup_key(source, db_path, key), args.user)
        except BackupError:
            role = None
    if role is None:
        raise Usage(_("That name and password do not match. Please try again."))
    actor = Actor(args.user, role)
    require(actor, "backup.restore")
    return actor


def _restore(args: argparse.Namespace) -> int:
    db_path = db_path_of(args)
    source = Path(args.backup_file)
    if not source.exists():
        raise Usage(_("There is no backup file at {path}.").format(path=source))
    refuse_non_file(source)  # a folder or an empty file is never a backup
    if db_path.is_dir():
        refuse_non_file(db_path)
    refuse_same_file(source, db_path)
    key = key_for(args, db_path)
    hold_school(args, db_path)  # the window and every writing command let go first
    refuse_unwritable(db_path)
    actor = _check_role(args, db_path, source, key) if args.user is not None else None
    aside = restore_backup(source, db_path, key)
    open_database(db_path, key)
    # The restored log is what this computer remembers from now on (note_restore).
    note_restore(actor or actor_for(None), source, aside)
    say(_("Restored the database from {backup}.").format(backup=source))
    if aside is not None:
        say(_("The file it replaced is kept, unchanged, as {path}").format(path=aside))
    return OK


def run(args: argparse.Namespace) -> int:
    """Restore the backup named on the command line."""
    return run_body(_restore, args)
