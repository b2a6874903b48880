"""The key file's names: where it lives, its format's constants and its errors.

Kept apart from ``keyslots`` (the slots themselves) so that ``roster`` can name them without
a circle; every name here is still imported from ``keyslots`` too.
"""

from __future__ import annotations

from pathlib import Path

#: 2: roles signed by the authority key, governors' slots holding the governors' key.
#: Version 1 files (no authority yet) are read, and become version 2 when next written.
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
RECOVERY_SLOT = "__recovery__"
PREVIOUS_LABEL = "__previous__"
GOVERNORS_LABEL = "__governors__"
#: What a slot's sealed key opens.
HOLDS_DATABASE, HOLDS_GOVERNORS = "database", "governors"



class KeyFileError(Exception):
    """A key file problem; the message is fit for the user."""


class BadCredentials(KeyFileError):
    """The name and password did not open any slot (never says which was wrong)."""


class GovernorsOnly(KeyFileError):
    """The slot opened, but it holds the governors' key, not the database key."""

    def __init__(self):
        super().__init__("This account opens the governors' reports only, not the school's "
                         "records.")


def keyfile_path(db_path: Path | str) -> Path:
    """Where the key slots of a database live."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".keys")


def check_keyfile_present(db_path: Path | str) -> None:
    """Raise KeyFileError when the database is encrypted but its key file is missing.

    Without it the file looks like a damaged plain database; the user should hear that the
    key file is what is gone, and where a copy is kept.
    """
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
