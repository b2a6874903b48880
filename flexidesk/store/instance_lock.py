"""One FlexiDesk at a time per database: an OS lock on ``<db>.lock`` (``filelock``), held by the
window while it is open and by every command that writes, for as long as it runs.

The operating system frees the lock if the holder crashes. ``filelock`` takes it with
``flock`` on POSIX and ``msvcrt.locking`` on Windows, so the Windows school laptops run
the same, tested library code as CI rather than a branch of ours that nothing runs.

``filelock`` (some thirty modules) is imported when a lock is first taken, not with this
module: the window paints its sign-in form first and takes the lock just after.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from flexidesk.store import restore_journal
from flexidesk.store.errors import (
    AlreadyOpen,
    DatabaseMissing,
    FolderReadOnly,
    LockNotAFile,
    file_write_error,
)

if TYPE_CHECKING:
    from filelock import FileLock


def lock_path(db_path: Path | str) -> Path:
    """The lock file kept beside a database."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


class InstanceLock:
    """A held lock; ``release()`` (or leaving the ``with`` block) lets the next copy in."""

    def __init__(self, path: Path, lock: FileLock):
        self.path = path
        self._lock: FileLock | None = lock
        #: What the person must be told about a restore that had stopped part-way and was
        #: undone on taking the lock (``store.restore_journal``); None when there was none.
        self.undone: str | None = None

    @property
    def held(self) -> bool:
        return self._lock is not None and self._lock.is_locked

    def release(self) -> None:
        """Drop the lock; safe to call twice."""
        if self._lock is not None:
            self._lock.release(force=True)
            self._lock = None

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def restore_unfinished(db_path: Path | str) -> bool:
    """Whether a restore stopped part-way on this database: taking the lock puts it back, so
    nothing may read the school's files before the lock is taken."""
    return restore_journal.pending(db_path)


def acquire(db_path: Path | str, *, wait: float = 0.0,
            waiting: Callable[[], None] | None = None) -> InstanceLock:
    """Take the database's lock or raise AlreadyOpen.

    With ``wait`` (seconds), a lock held by another FlexiDesk is waited for that long;
    ``waiting`` is called once, before the wait, so that the person is told why nothing
    seems to happen.
    """
    from filelock import FileLock, Timeout

    path = lock_path(db_path)
    lock = FileLock(path, mode=0o600, thread_local=False)
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if wait <= 0:
                raise
            if waiting is not None:
                waiting()
            lock.acquire(timeout=wait, poll_interval=0.1)
    except Timeout as exc:
        raise AlreadyOpen(db_path) from exc
    except FileNotFoundError as exc:  # the folder itself is not there
        raise DatabaseMissing(db_path) from exc
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EISDIR):  # a link is never followed (O_NOFOLLOW)
            raise LockNotAFile(db_path, path) from exc
        if file_write_error(exc, db_path) is None:
            raise
        raise FolderReadOnly(db_path) from exc
    held = InstanceLock(path, lock)
    try:
        held.undone = restore_journal.undo_unfinished(db_path)
    except OSError as exc:
        held.release()
        raise file_write_error(exc, db_path) or FolderReadOnly(db_path) from exc
    return held
