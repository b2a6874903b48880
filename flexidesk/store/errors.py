"""Problems of the world met when opening a database, each with a plain-English message."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from flexidesk.i18n import _


class StoreError(Exception):
    """A known problem with the database file; ``str()`` is a message fit for the user."""

    def __init__(self, path: Path | str, message: str):
        self.path = Path(path)
        super().__init__(message)


class DatabaseMissing(StoreError):
    def __init__(self, path):
        super().__init__(path, _(
            "FlexiDesk cannot find the database file {path}. Check that the drive or "
            "folder is connected, or create a new school."
        ).format(path=path))


class NotADatabase(StoreError):
    def __init__(self, path):
        super().__init__(path, _(
            "The file {path} is not a FlexiDesk database, or it is damaged. Nothing has "
            "been changed in it. Choose another file or restore a backup."
        ).format(path=path))


class EmptyFile(NotADatabase):
    """A zero-byte file: never a database or a backup, whatever SQLite would make of it."""

    def __init__(self, path):
        StoreError.__init__(self, path, _(
            "The file {path} is empty (0 bytes): it is not a FlexiDesk database or backup. "
            "Nothing has been changed. Choose another file or restore a backup."
        ).format(path=path))


class NotAFile(NotADatabase):
    """--db (or a chosen path) names a folder."""

    def __init__(self, path):
        StoreError.__init__(self, path, _(
            "{path} is a folder, not a database file. Give the database file itself, "
            "for example {example}."
        ).format(path=path, example=Path(path) / "school.db"))


def refuse_non_file(path: Path | str) -> None:
    """Raise NotAFile for a folder and EmptyFile for a zero-byte file; a missing file passes."""
    path = Path(path)
    if path.is_dir():
        raise NotAFile(path)
    try:
        empty = path.is_file() and path.stat().st_size == 0
    except OSError:
        return  # unreadable: the opening that follows says so
    if empty:
        raise EmptyFile(path)


class WrongPassphrase(StoreError):
    def __init__(self, path):
        super().__init__(path, _(
            "The database {path} could not be unlocked with that password. Check the "
            "password and try again; nothing has been changed."
        ).format(path=path))


class KeyDoesNotFit(NotADatabase):
    """The key a key slot gave (so the password was right) does not read the file."""

    def __init__(self, path):
        StoreError.__init__(self, path, _(
            "The database {path} cannot be read with the key in its key file, though your "
            "password was right: the file is damaged, or the key file beside it belongs to "
            "another database. Nothing has been changed. Restore the newest good backup, "
            "or put back the key file that belongs with this database."
        ).format(path=path))


class DatabaseLocked(StoreError):
    def __init__(self, path):
        super().__init__(path, _(
            "The database {path} is in use by another program or another copy of "
            "FlexiDesk, which is writing to it just now. Nothing has been changed. Try again "
            "in a moment; if this keeps happening, close the other program or copy."
        ).format(path=path))


class DatabaseReadOnly(StoreError):
    def __init__(self, path):
        super().__init__(path, _(
            "The database {path} is read-only, so FlexiDesk cannot save to it or replace "
            "it. Nothing has been changed. Copy it to a folder you can write to, or ask IT "
            "to restore write access."
        ).format(path=path))


class FolderReadOnly(StoreError):
    """The folder holding the database cannot be written (its lock and log files live there)."""

    def __init__(self, path):
        super().__init__(path, _(
            "The folder {folder} is read-only, so FlexiDesk cannot work with the database "
            "{path} there. Nothing has been changed. Copy the database and its .keys file to a "
            "folder you can write to, or ask IT to restore write access."
        ).format(folder=Path(path).parent, path=path))


class SchemaTooNew(StoreError):
    def __init__(self, path, found: int, known: int):
        self.found, self.known = found, known
        super().__init__(path, _(
            "The database {path} was written by a newer FlexiDesk (schema {found}; this "
            "copy knows up to {known}). Install the newer FlexiDesk to open it; nothing "
            "has been changed."
        ).format(path=path, found=found, known=known))


class DiskFull(StoreError):
    def __init__(self, path):
        super().__init__(path, _(
            "There is no room left to save to {path}. Free some space on the drive; "
            "the change you were making was not saved, and nothing already saved is lost."
        ).format(path=path))


class NoRoomToOpen(DiskFull):
    """The drive is full: SQLite cannot make the small files it needs beside the database."""

    def __init__(self, path):
        StoreError.__init__(self, path, _(
            "There is no room left on the drive that holds {path}, and FlexiDesk needs a "
            "little to open it. The database is not damaged and nothing has been changed. "
            "Free some space on the drive, then try again."
        ).format(path=path))


#: Below this much free space, a disk I/O error at opening is taken for a full disk.
LOW_SPACE_BYTES = 1024 * 1024


def no_room(path: Path | str) -> bool:
    """Whether the drive holding ``path`` is (all but) full."""
    try:
        return shutil.disk_usage(Path(path).parent).free < LOW_SPACE_BYTES
    except OSError:
        return False


class AlreadyOpen(StoreError):
    def __init__(self, path):
        super().__init__(path, _(
            "FlexiDesk is already open on this database (on this computer or another one). "
            "Close the other copy first, so that no change is lost. If nobody else has it "
            "open, restart the computer and try again."
        ))


class InUseElsewhere(AlreadyOpen):
    """A command found the school's lock held (by the window or another command) and gave up."""

    def __init__(self, path):
        StoreError.__init__(self, path, _(
            "The database {path} is in use by FlexiDesk (the window, or another command such "
            "as an import or a restore). Nothing has been changed. Close FlexiDesk, or let "
            "the other command finish, then run this command again."
        ).format(path=path))


def error_name(exc: BaseException) -> str:
    """SQLite's own name for a driver error (``SQLITE_FULL``...), from either driver; '' if none.

    Peewee wraps driver errors: the original is its ``__cause__`` or ``orig``.
    """
    seen: BaseException | None = exc
    while seen is not None:
        name = getattr(seen, "sqlite_errorname", None)
        if name:
            return str(name)
        seen = getattr(seen, "orig", None) or seen.__cause__ or seen.__context__
    return ""


def primary_name(exc: BaseException) -> str:
    """The primary result code's name (``SQLITE_READONLY_DBMOVED`` -> ``SQLITE_READONLY``)."""
    name = error_name(exc)
    parts = name.split("_")
    return "_".join(parts[:2]) if len(parts) > 2 else name


class DatabaseInUse(DatabaseLocked):
    """Another program held the write lock for longer than the busy timeout."""


def write_error(exc: BaseException, path: Path | str) -> StoreError | None:
    """The known problem behind a failed write (disk full, read-only, busy), or None for a bug.

    Decided from SQLite's error codes, never from the wording. Looks along the exception's
    chain too: after a full disk SQLite may already have rolled back, so the error that
    surfaces can be the failed ROLLBACK, not the cause.
    """
    seen: BaseException | None = exc
    while seen is not None:
        kind = primary_name(seen) if getattr(seen, "sqlite_errorname", None) else ""
        if kind == "SQLITE_FULL":
            return DiskFull(path)
        if kind in ("SQLITE_READONLY", "SQLITE_CANTOPEN"):
            return DatabaseReadOnly(path)
        if kind in ("SQLITE_BUSY", "SQLITE_LOCKED"):
            return DatabaseInUse(path)
        if isinstance(seen, OSError):
            known = file_write_error(seen, path)
            if known is not None:
                return known
        if isinstance(seen, StoreError):
            return seen
        seen = getattr(seen, "orig", None) or seen.__cause__ or seen.__context__
    return None


def file_write_error(exc: OSError, path: Path | str) -> StoreError | None:
    """The known problem behind a failed write of a plain file beside the database."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(path)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return DatabaseReadOnly(path)
    return None


def access_error(exc: BaseException, path: Path | str) -> StoreError | None:
    """A file that could not be opened for a reason of the world (read-only folder or file,
    another program holding it, a full disk), told apart from damage by SQLite's error code."""
    kind = primary_name(exc)
    path = Path(path)
    if kind in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return DatabaseLocked(path)
    # A full disk shows at opening as SQLITE_FULL, or as a disk I/O error when the shared
    # memory file beside the database cannot be made: neither is damage or a wrong password.
    if kind == "SQLITE_FULL" or (kind == "SQLITE_IOERR" and no_room(path)):
        return NoRoomToOpen(path)
    if kind in ("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_PERM"):
        if not os.access(path.parent, os.W_OK):
            return FolderReadOnly(path)
        return DatabaseReadOnly(path)
    return None
