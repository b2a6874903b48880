"""Small files beside the database (key slots, sealed head, backup state) written atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def private_temp(path: Path | str, suffix: str = ".tmp") -> Path:
    """A new, empty, owner-only file beside ``path`` with a name no other writer has.

    Two processes (the window and a command) may write the same file at once: a shared
    temporary name lets one rename the other's half-written file, or find it gone.
    """
    path = Path(path)
    fd, name = tempfile.mkstemp(prefix=path.name + ".", suffix=suffix, dir=path.parent)
    os.close(fd)
    return Path(name)


def atomic_write(path: Path | str, data: bytes | str) -> None:
    """Write ``data`` to ``path`` owner-only through a temporary file and a rename.

    A failure (full disk, read-only folder) raises OSError and leaves neither a temporary
    file nor a half-written ``path`` behind: the old file, if any, is untouched. Each call
    has its own temporary file, so two writers never share one.
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    tmp = Path(name)  # mkstemp makes it 0600, whatever the umask
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
