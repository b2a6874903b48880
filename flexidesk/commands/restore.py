"""``flexidesk restore BACKUP``: put a backup in place; the current file is kept aside."""

from __future__ import annotations

import argparse
from pathlib import Path

from flexidesk.commands.common import OK, Usage, actor_for, key_for, say
from flexidesk.commands.common import db_path as db_path_of
from flexidesk.commands.common import run as run_body
from flexidesk.i18n import _
from flexidesk.policy.records.access import Actor, require
from flexidesk.policy.records.backups import note_restore
from flexidesk.store.backup import _DRIVER_ERRORS, BackupError, _open_raw
from flexidesk.store.errors import refuse_non_file
from flexidesk.store.instance_lock import acquire
from flexidesk.store.opening import open_database
from flexidesk.store.recovery import backup_key, restore_backup


def _role_in(path: Path, key, username: str) -> str | None:
    """A user's role as written in a database file, read without binding the models."""
    try:
        conn = _open_raw(path, key)
        try:
            row = conn.execute("SELECT role FROM staff_user WHERE username = ? AND active",
                               (username,)).fetchone()
        finally:
            conn.close()
    except _DRIVER_ERRORS:
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


def _restore(args: argparse.Namespace) -> int:
    db_path = db_path_of(args)
    source = Path(args.backup_file)
    if not source.exists():
        raise Usage(_("There is no backup file at {path}.").format(path=source))
    refuse_non_file(source)  # a folder or an empty file is never a backup
    if db_path.is_dir():
        refuse_non_file(db_path)
    key = key_for(args, db_path)
    actor = None
    if args.user is not None:
        role = _signed_role(db_path, args.user)
        # An older school: the role where it can be read, the current file or (if that is
        # damaged) the backup.
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
    with acquire(db_path):
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
