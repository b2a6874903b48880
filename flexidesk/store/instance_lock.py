"""One FlexiDesk at a time per database: an OS lock on ``<db>.lock`` held while it is open."""

from __future__ import annotations

import os
from pathlib import Path

from flexidesk.store.errors import AlreadyOpen, FolderReadOnly, file_write_error

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows school laptops
    fcntl = None  # type: ignore[assignment]
    import msvcrt


def lock_path(db_path: Path | str) -> Path:
    """The lock file kept beside a database."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


class InstanceLock:
    """A held lock; ``release()`` (or leaving the ``with`` block) lets the next copy in."""

    def __init__(self, path: Path, fd: int):
        self.path = path
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Drop the lock (closing the file is what frees it); safe to call twice."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def acquire(db_path: Path | str) -> InstanceLock:
    """Take the database's lock or raise AlreadyOpen. The OS frees it if FlexiDesk crashes."""
    path = lock_path(db_path)
    try:
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    except OSError as exc:
        if file_write_error(exc, db_path) is None:
            raise
        raise FolderReadOnly(db_path) from exc
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError as exc:
        os.close(fd)
        raise AlreadyOpen(db_path) from exc
    return InstanceLock(path, fd)
