"""At open: check the file; a damaged one is moved aside (never deleted) and a good backup offered."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flexidesk.i18n import _
from flexidesk.store import audit_head
from flexidesk.store.backup import (
    _DRIVER_ERRORS,
    BackupError,
    _copy_pages,
    _open_raw,
    backup_folder_for,
    file_problems,
    second_folder,
    verify_backup,
)
from flexidesk.store.errors import (
    DatabaseReadOnly,
    FolderReadOnly,
    StoreError,
    file_write_error,
    refuse_non_file,
)
from flexidesk.store.files import private_temp
from flexidesk.store.keyslots import KeyFileError, KeySlots
from flexidesk.store.log_check import backup_log_problems

_SIDE_FILES = ("-wal", "-shm")

log = logging.getLogger(__name__)


class DatabaseDamaged(StoreError):
    """The database failed its integrity check; it has been (or is to be) moved aside."""

    def __init__(self, path, problems: list[str] | None = None, *, aside: Path | None = None,
                 backup: Path | None = None):
        self.problems = problems or []
        self.aside = aside
        if aside is not None:  # say "kept aside" only when the file really was moved
            message = _("The database {path} is damaged. FlexiDesk has kept it aside, "
                        "untouched, as {aside}.").format(path=path, aside=aside)
        elif backup is not None:
            message = _("The database {path} is damaged. It has not been changed. To put "
                        "back the newest good backup, run: flexidesk restore {backup}").format(
                            path=path, backup=backup)
        else:
            message = _("The database {path} is damaged, and no good backup of it was "
                        "found. It has not been changed; keep a copy of it and ask whoever "
                        "looks after FlexiDesk.").format(path=path)
        super().__init__(path, message)


@dataclass(frozen=True)
class IntegrityReport:
    """What the integrity checks found in one file."""

    path: Path
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def inspect(db_path: Path | str, key) -> IntegrityReport:
    """Run ``quick_check`` and, when encrypted, ``cipher_integrity_check`` on a closed file.

    Call it with the right key (already proved by the key slots): a file that then cannot
    be read at all is reported as damaged, not as a wrong password.
    """
    refuse_non_file(db_path)
    return IntegrityReport(Path(db_path), file_problems(Path(db_path), key, world_errors=True))


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


def checkpoint(db_path: Path | str, key) -> bool:
    """Copy every change still in the -wal file into the database file itself.

    Done before the database is moved, so that a change that was only in the log cannot
    be parted from it. False when the file cannot be opened or checkpointed (a damaged
    one): its log is then moved with it, as it is.
    """
    try:
        conn = _open_raw(Path(db_path), key)
        try:
            busy, _log, _moved = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            conn.close()
    except _DRIVER_ERRORS:
        return False
    return busy == 0


def move_aside(db_path: Path | str, label: str = "damaged") -> Path:
    """Rename the file with its -wal/-shm, as one step, to a timestamped name.

    Nothing is overwritten or deleted. If any rename fails (a read-only or locked file),
    the files already renamed are put back and OSError is raised: a database is never
    parted from its log.
    """
    db_path = Path(db_path)
    aside = _aside_name(db_path, label)
    _move_together([(p, Path(str(aside) + p.name[len(db_path.name):]))
                    for p in _companions(db_path)])
    return aside


def _put_back(aside: Path, db_path: Path) -> None:
    """Undo ``move_aside``: the kept file (and its log) back in the database's place."""
    _move_together([(p, Path(str(db_path) + p.name[len(aside.name):]))
                    for p in _companions(aside)])


def candidate_backups(db_path: Path | str) -> list[Path]:
    """Every backup of this database in the backup folder(s), newest first (unchecked)."""
    db_path = Path(db_path)
    folders = [backup_folder_for(db_path)]
    other = second_folder(db_path)
    if other is not None and other.is_dir():
        folders.append(other)
    found = []
    for folder in folders:
        for path in folder.glob(f"{db_path.stem}-*.db"):
            if path.is_file():
                found.append(path)
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def keys_for_backups(db_path: Path | str, key) -> list:
    """The keys a backup of this database may have: the current one, then (newest first)
    each the database had before a re-key, as the key file keeps them sealed under it."""
    if key is None:
        return [None]
    try:
        ring = KeySlots.load(db_path)
    except KeyFileError:
        return [key]
    return [key, *ring.previous_keys(key)]


def backup_key(backup_path: Path | str, db_path: Path | str, key):
    """The key that opens ``backup_path`` and finds it sound: the database's current key, or
    one it had before a re-key. BackupError (the current key's) if none does."""
    first_problem = None
    for candidate in keys_for_backups(db_path, key):
        try:
            verify_backup(Path(backup_path), candidate)
        except BackupError as exc:
            first_problem = first_problem or exc
            continue
        return candidate
    assert first_problem is not None  # keys_for_backups always gives at least one key
    raise first_problem


def _rekey(path: Path, old_key: bytes, new_key: bytes) -> None:
    """Give a restored copy the database's current key, then check it reads with that key."""
    try:
        conn = _open_raw(path, old_key)
        try:
            conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
        finally:
            conn.close()
        verify_backup(path, new_key)
    except (*_DRIVER_ERRORS, BackupError) as exc:
        path.unlink(missing_ok=True)
        raise BackupError(_("The backup could not be given the database's current key. "
                            "Your database has not been changed.")) from exc


@dataclass(frozen=True)
class Counts:
    """How much a file holds, so that a person can compare two before choosing."""

    pupils: int
    requests: int
    audit_rows: int

    def describe(self) -> str:
        return _("{pupils} pupils, {requests} flexi requests, {audit} audit entries").format(
            pupils=self.pupils, requests=self.requests, audit=self.audit_rows)

    def smaller_than(self, other: Counts | None) -> bool:
        """Fewer children or requests than ``other``: an older backup has fewer audit
        entries anyway, but children and requests are rarely removed."""
        return other is not None and (self.pupils < other.pupils
                                      or self.requests < other.requests)


def record_counts(path: Path | str, key) -> Counts | None:
    """Pupils, flexi requests and audit entries in a closed file; None if it cannot be read."""
    try:
        if Path(path).stat().st_size == 0:
            return Counts(0, 0, 0)
        conn = _open_raw(Path(path), key)
        try:
            return Counts(*(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                            for table in ("pupil", "flexi_request", "audit_entry")))
        finally:
            conn.close()
    except (OSError, *_DRIVER_ERRORS):
        return None


def describe_counts(counts: Counts | None) -> str:
    """Counts as a person reads them, or that the file could not be read at all."""
    return counts.describe() if counts is not None else _("cannot be read")


def find_good_backups(db_path: Path | str, key, limit: int | None = None) -> list[Path]:
    """The backups that open (with ``key`` or a key from before a re-key) and pass their
    integrity check, newest first."""
    good = []
    for path in candidate_backups(db_path):
        try:
            backup_key(path, db_path, key)
        except BackupError:
            continue
        good.append(path)
        if limit is not None and len(good) >= limit:
            break
    return good


def restore_backup(backup_path: Path | str, db_path: Path | str, key,
                   progress: Callable[[int, int], None] | None = None) -> Path | None:
    """Put a backup in the database's place; returns where the current file was kept aside.

    The backup is checked, copied page by page into a fresh file beside the database and
    checked again; then the current file is checkpointed (its log emptied into it), moved
    aside with its companions as one step, and the fresh copy moved into its place. If any
    step fails, everything is put back as it was and BackupError (or the StoreError of a
    read-only file or folder) says so. Close the database first. ``key`` is the database's
    current key: a backup made before a re-key is opened with the key it had and given the
    current one as it is copied, so everyone signs in to it as before.
    """
    backup_path, db_path = Path(backup_path), Path(db_path)
    refuse_same_file(backup_path, db_path)
    refuse_unwritable(db_path)
    source_key = backup_key(backup_path, db_path, key)
    fresh = private_temp(db_path, ".restoring")
    try:
        try:
            source = _open_raw(backup_path, source_key)
        except _DRIVER_ERRORS as exc:
            raise BackupError(_("The backup {path} could not be opened.").format(
                path=backup_path)) from exc
        try:
            problems = backup_log_problems(source, [source_key])
            if problems:
                raise BackupError(_("The backup {path} cannot be trusted: {problem}. Nothing "
                                    "has been replaced.").format(path=backup_path,
                                                                 problem=problems[0]))
            _copy_pages(source, fresh, source_key, progress)
        finally:
            source.close()
        if source_key != key:
            _rekey(fresh, source_key, key)
        aside = _swap_in(fresh, db_path, key)
    finally:
        fresh.unlink(missing_ok=True)
    _reseal_after_restore(db_path, key, aside)
    return aside


def _swap_in(fresh: Path, db_path: Path, key) -> Path | None:
    """Move the current file aside and ``fresh`` into its place, or leave both as they were."""
    aside = None
    try:
        if db_path.exists():
            checkpoint(db_path, key)
            aside = move_aside(db_path, "before-restore")
        os.replace(fresh, db_path)
    except OSError as exc:
        if aside is not None:
            _put_back(aside, db_path)
        known = file_write_error(exc, db_path)
        reason = exc.strerror or str(exc)
        raise known or BackupError(_(
            "The backup could not be put in place ({reason}). Your database is where it "
            "was, unchanged.").format(reason=reason)) from exc
    return aside


def refuse_same_file(backup_path: Path, db_path: Path) -> None:
    """A backup is a copy kept elsewhere: the live database (or its own log) is not one."""
    try:
        same = db_path.exists() and backup_path.exists() and os.path.samefile(backup_path,
                                                                               db_path)
    except OSError:
        same = False
    if same or backup_path.resolve() == db_path.resolve():
        raise BackupError(_("{path} is the database itself, not a backup of it. Nothing has "
                            "been replaced; choose a file from the backup folder.").format(
                                path=backup_path))


def refuse_unwritable(db_path: Path) -> None:
    """A read-only folder or database file is refused before anything is copied."""
    if not os.access(db_path.parent, os.W_OK):
        raise FolderReadOnly(db_path)
    if db_path.exists() and not os.access(db_path, os.W_OK):
        raise DatabaseReadOnly(db_path)


def _reseal_after_restore(db_path: Path, key, aside: Path | None) -> None:
    """The restored log is the log now: seal its head, keeping the old seal beside the old file."""
    old = audit_head.head_path(db_path)
    try:
        if aside is not None and old.exists():
            os.replace(old, audit_head.head_path(aside))
        conn = _open_raw(db_path, key)
        try:
            head = audit_head.last_link(conn)
        finally:
            conn.close()
        audit_head.write_head(db_path, key, audit_head.SealedHead(head))
    except (OSError, *_DRIVER_ERRORS):
        # The backup is in place: that is what the user asked for. The head is written at
        # the next change, with a note that it had to be started again.
        log.warning("The sealed audit head could not be written after a restore",
                    exc_info=True)
