"""Small files beside the database (key slots, sealed head, backup state) written atomically."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def atomic_write(path: Path | str, data: bytes | str) -> None:
    """Write ``data`` to ``path`` owner-only through a temporary file and a rename.

    A failure (full disk, read-only folder) raises OSError and leaves neither a temporary
    file nor a half-written ``path`` behind: the old file, if any, is untouched.
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    tmp = path.with_name(path.name + ".tmp")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
