"""One FlexiDesk at a time per database: an OS lock on ``<db>.lock`` (``filelock``), held by the
window while it is open and by every command that writes, for as long as it runs.

The operating system frees the lock if the holder crashes. ``filelock`` takes it with
``flock`` on POSIX and ``msvcrt.locking`` on Windows, so the Windows school laptops run
the same, tested library code as CI rather than a branch of ours that nothing runs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout

from flexidesk.store.errors import AlreadyOpen, DatabaseMissing, FolderReadOnly, file_write_error


def lock_path(db_path: Path | str) -> Path:
    """The lock file kept beside a database."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


class InstanceLock:
    """A held lock; ``release()`` (or leaving the ``with`` block) lets the next copy in."""

    def __init__(self, path: Path, lock: FileLock):
        self.path = path
        self._lock: FileLock | None = lock

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


def acquire(db_path: Path | str, *, wait: float = 0.0,
            waiting: Callable[[], None] | None = None) -> InstanceLock:
    """Take the database's lock or raise AlreadyOpen.

    With ``wait`` (seconds), a lock held by another FlexiDesk is waited for that long;
    ``waiting`` is called once, before the wait, so that the person is told why nothing
    seems to happen.
    """
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
        if file_write_error(exc, db_path) is None:
            raise
        raise FolderReadOnly(db_path) from exc
    return InstanceLock(path, lock)
