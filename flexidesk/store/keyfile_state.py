"""Where the key file lives, and how a re-key stopped half-way is settled at the next sign-in.

Kept apart from ``keyslots`` (the slots themselves); every name here is still imported
from there too.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flexidesk.store.keyslots import KeySlots

log = logging.getLogger(__name__)


def keyfile_path(db_path: Path | str) -> Path:
    """Where the key slots of a database live."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".keys")


def check_keyfile_present(db_path: Path | str) -> None:
    """Raise KeyFileError when the database is encrypted but its key file is missing.

    Without it the file looks like a damaged plain database; the user should hear that the
    key file is what is gone, and where a copy is kept.
    """
    from flexidesk.store.keyslots import KeyFileError

    db_path = Path(db_path)
    if keyfile_path(db_path).exists() or not db_path.is_file():
        return
    try:
        with open(db_path, "rb") as fh:
            header = fh.read(16)
    except OSError:
        return
    if header and header != b"SQLite format 3\x00":
        raise KeyFileError(
            f"The key file {keyfile_path(db_path)} is missing, so nobody can sign in to this "
            "encrypted database. Put back the copy kept in the backup folder "
            f"({db_path.parent / 'backups' / keyfile_path(db_path).name}).")


def pending_keyfile(db_path: Path | str) -> Path:
    """Where a re-key keeps the new key slots until the database has taken the new key."""
    path = keyfile_path(db_path)
    return path.with_name(path.name + ".pending")


def settled_key(db_path: Path | str, unlock: Callable[[KeySlots], bytes]) -> bytes:
    """The key that opens the database, as ``unlock`` takes it from a slot.

    A re-key writes the new slots to a side file, has the database take the new key, then
    puts the side file in place of the key file. If the computer stopped between those
    steps, the side file is still there and one of the two files holds the key the
    database takes: the side file is then put in place (the re-key is finished) or, if the
    database never took the new key, removed. Either way nothing needs doing by hand, and
    a database that reads perfectly well is never mistaken for a damaged one.

    Raises BadCredentials when no slot opens for ``unlock``. When neither key reads the
    file, the key from the key file is returned: the file itself is then the problem,
    which the integrity check at opening reports.
    """
    from flexidesk.store.keyslots import BadCredentials, KeyFileError, KeySlots

    ring = KeySlots.load(db_path)
    pending = pending_keyfile(db_path)
    if not pending.exists():
        return unlock(ring)
    from flexidesk.store.database import key_opens

    try:
        key = unlock(ring)
    except BadCredentials:
        key = None
    if key is not None and key_opens(db_path, key):
        log.warning("A re-key had stopped before the database took the new key; "
                    "its side file is removed")
        pending.unlink(missing_ok=True)
        return key
    try:
        new_key = unlock(KeySlots.load_file(pending))
    except KeyFileError:
        new_key = None
    if new_key is not None and key_opens(db_path, new_key):
        log.warning("A re-key had stopped after the database took the new key; "
                    "the new key file is put in place")
        os.replace(pending, keyfile_path(db_path))
        return new_key
    if key is None:
        raise BadCredentials("That name and password do not match.")
    return key
