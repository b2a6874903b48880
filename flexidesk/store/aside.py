"""Moving the database aside with its -wal and -shm as one step, and putting it back: what a
restore, the start-up recovery and an unfinished restore's undoing share."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

_SIDE_FILES = ("-wal", "-shm")

log = logging.getLogger(__name__)


def _aside_name(db_path: Path, label: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = db_path.with_name(f"{db_path.name}.{label}-{stamp}")
    n = 1
    while any(Path(str(candidate) + s).exists() for s in ("", *_SIDE_FILES)):
        n += 1
        candidate = db_path.with_name(f"{db_path.name}.{label}-{stamp}-{n}")
    return candidate


def _companions(path: Path) -> list[Path]:
    """The database and whichever of its -wal and -shm files exist, the database first."""
    return [path, *(p for p in (Path(str(path) + s) for s in _SIDE_FILES) if p.exists())]


def _move_together(moves: list[tuple[Path, Path]]) -> None:
    """Rename each (from, to) in turn; if one fails, rename back those already moved and
    raise, so the files are either all moved or all where they were."""
    done: list[tuple[Path, Path]] = []
    try:
        for source, target in moves:
            os.rename(source, target)
            done.append((source, target))
    except OSError:
        for source, target in reversed(done):
            try:
                os.rename(target, source)
            except OSError:  # pragma: no cover - the folder went away mid-step
                log.error("Could not put %s back after a failed move", source.name)
        raise


def move_aside(db_path: Path | str, label: str = "damaged", aside: Path | None = None) -> Path:
    """Rename the file with its -wal/-shm, as one step, to a timestamped name (or ``aside``).

    Nothing is overwritten or deleted. If any rename fails (a read-only or locked file),
    the files already renamed are put back and OSError is raised: a database is never
    parted from its log.
    """
    db_path = Path(db_path)
    aside = aside or _aside_name(db_path, label)
    _move_together([(p, Path(str(aside) + p.name[len(db_path.name):]))
                    for p in _companions(db_path)])
    return aside


def _put_back(aside: Path, db_path: Path) -> None:
    """Undo ``move_aside``: the kept file (and its log) back in the database's place."""
    _move_together([(p, Path(str(db_path) + p.name[len(aside.name):]))
                    for p in _companions(aside)])
