"""Backups through SQLite's online backup API (never a file copy), each reopened and verified."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from flexidesk.i18n import _
from flexidesk.store.database import FlexiDatabase, apply_key, sqlcipher_driver
from flexidesk.store.errors import access_error
from flexidesk.store.files import atomic_write, private_temp
from flexidesk.store.log_check import carry_head

# Backups copy keyed files page by page: SQLCipher is needed as soon as this module is.
sqlcipher = sqlcipher_driver()

#: How many backups rotation keeps: the newest of each of so many days, weeks and months.
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9
STATE_FILE = "backup-state.json"
_STAMP = "%Y%m%d-%H%M%S"
_DRIVER_ERRORS = (sqlite3.Error, sqlcipher.Error)

Progress = Callable[[int, int], None]


class BackupError(Exception):
    """A backup could not be written or did not verify; the message is fit for the user."""


def _private_folder(folder: Path) -> Path:
    """Create ``folder`` owner-only (0700); a share or USB stick may refuse chmod, which is fine."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.chmod(folder, 0o700)
    except OSError:
        pass  # FAT-formatted sticks have no modes; the backups on them are encrypted anyway
    return folder


def backup_folder_for(database: FlexiDatabase | Path | str) -> Path:
    """The folder of automatic backups kept beside a database file (created owner-only)."""
    path = database.path if isinstance(database, FlexiDatabase) else Path(database)
    return _private_folder(path.parent / "backups")


def _open_raw(path: Path, key):
    driver = sqlcipher if key is not None else sqlite3
    conn = driver.connect(str(path), isolation_level=None)
    if key is not None:
        apply_key(conn, key)
    return conn


def integrity_problems(conn, encrypted: bool) -> list[str]:
    """What ``quick_check`` (and, when encrypted, ``cipher_integrity_check``) found; empty if sound."""
    rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    problems = [] if rows == ["ok"] else rows
    if encrypted:
        problems += [r[0] for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    return problems


def file_problems(path: Path, key, *, world_errors: bool = False) -> list[str]:
    """Open a closed database file with ``key`` and check it; empty when sound.

    A file that cannot be read at all (damaged header, wrong key) is one problem; so is an
    empty file or one without FlexiDesk's tables, which SQLite alone would call sound.
    """
    path = Path(path)
    try:
        if not path.is_file():
            return [_("it is not a file")]
        if path.stat().st_size == 0:
            return [_("the file is empty (0 bytes)")]
    except OSError as exc:
        return [exc.strerror or str(exc)]
    try:
        conn = _open_raw(path, key)
        try:
            problems = integrity_problems(conn, key is not None)
            if not problems and not conn.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                    "AND name = 'audit_entry'").fetchone()[0]:
                problems = [_("it holds no FlexiDesk records")]
            return problems
        finally:
            conn.close()
    except _DRIVER_ERRORS as exc:
        if world_errors:  # a read-only folder or a busy file is not damage: say which
            known = access_error(exc, path)
            if known is not None:
                raise known from exc
        return [str(exc)]


def verify_backup(path: Path, key) -> None:
    """Reopen a backup and run SQLite's integrity check; raise BackupError if it is not sound."""
    problems = file_problems(path, key)
    if problems:
        raise BackupError(_("The backup {path} could not be read back, or failed its "
                            "integrity check ({problems}).").format(
                                path=path, problems="; ".join(problems[:3])))


def _discard(path: Path) -> None:
    """Remove a half-written file, if it can be reached at all."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def _copy_pages(source, dest: Path, key, progress: Progress | None) -> Path:
    """Write ``source`` (an open driver connection) into ``dest`` through the backup API, verified."""
    dest = Path(dest)
    tmp = dest.with_name(dest.name + ".partial")  # named for the message, made unique below
    try:
        _private_folder(dest.parent)
        tmp = private_temp(dest, ".partial")  # two writers never share a half-written copy
        target = _open_raw(tmp, key)
        try:
            def _report(status, remaining, total):
                if progress:
                    progress(total - remaining, total)

            source.backup(target, pages=256, progress=_report)
            carry_head(target, key)
        finally:
            target.close()
        verify_backup(tmp, key)
        os.replace(tmp, dest)
    except (OSError, *_DRIVER_ERRORS) as exc:
        _discard(tmp)
        reason = getattr(exc, "strerror", None) or str(exc)
        raise BackupError(_("The backup to {path} could not be written ({reason}). The "
                            "database itself is unchanged.").format(path=dest, reason=reason)
                          ) from exc
    except BackupError:
        _discard(tmp)
        raise
    return dest


def backup_database(database: FlexiDatabase, dest: Path,
                    progress: Progress | None = None) -> Path:
    """Copy the open database to ``dest`` page by page, keyed as the source is, then verify it."""
    return _copy_pages(database.connection(), dest, database.key, progress)


def backup_file(db_path: Path, key, dest: Path, progress: Progress | None = None) -> Path:
    """Like backup_database, from a connection of its own (for a worker thread), same key."""
    try:
        source = _open_raw(Path(db_path), key)
    except _DRIVER_ERRORS as exc:
        raise BackupError(_("The database {path} could not be opened to back it up.").format(
            path=db_path)) from exc
    try:
        return _copy_pages(source, dest, key, progress)
    finally:
        source.close()


def pre_migration_backup(database: FlexiDatabase, version: int) -> Path:
    """The verified backup taken before a schema migration."""
    stamp = dt.datetime.now().strftime(_STAMP)
    name = f"{database.path.stem}-before-v{version + 1}-{stamp}.db"
    return backup_database(database, backup_folder_for(database) / name)


# --- rotation ------------------------------------------------------------------------------


def plan_rotation(times: Iterable[dt.datetime], daily: int = KEEP_DAILY,
                  weekly: int = KEEP_WEEKLY, monthly: int = KEEP_MONTHLY) -> set[dt.datetime]:
    """Which backups to keep: the newest of each of the last ``daily`` days that have one,
    of the last ``weekly`` ISO weeks, and of the last ``monthly`` months. Pure; the rest may go.
    """
    ordered = sorted(set(times), reverse=True)
    keep: set[dt.datetime] = set(ordered[:1])
    for limit, bucket in ((daily, lambda t: t.date()),
                          (weekly, lambda t: t.isocalendar()[:2]),
                          (monthly, lambda t: (t.year, t.month))):
        seen: set = set()
        for when in ordered:
            b = bucket(when)
            if b in seen:
                continue
            if len(seen) == limit:
                break
            seen.add(b)
            keep.add(when)
    return keep


def _automatic_name(db_path: Path, when: dt.datetime) -> str:
    return f"{db_path.stem}-{when.strftime(_STAMP)}.db"


def automatic_backups(folder: Path, db_path: Path) -> dict[Path, dt.datetime]:
    """The automatic backups of ``db_path`` in ``folder`` with the time in their names."""
    pattern = re.compile(re.escape(db_path.stem) + r"-(\d{8}-\d{6})\.db$")
    found = {}
    if folder.is_dir():
        for path in folder.iterdir():
            match = pattern.match(path.name)
            if match:
                found[path] = dt.datetime.strptime(match.group(1), _STAMP)
    return found


def rotate(folder: Path, db_path: Path) -> list[Path]:
    """Remove the automatic backups rotation no longer keeps; returns what was removed.

    Backups taken before a migration and files of other names are never touched.
    """
    found = automatic_backups(folder, db_path)
    keep = plan_rotation(found.values())
    removed = []
    for path, when in found.items():
        if when not in keep:
            path.unlink(missing_ok=True)
            removed.append(path)
    return sorted(removed)


# --- what the last backup saw, and the second folder ----------------------------------------


def _state_path(db_path: Path) -> Path:
    return backup_folder_for(db_path) / STATE_FILE


def _read_state(db_path: Path) -> dict:
    try:
        return json.loads(_state_path(db_path).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _write_state(db_path: Path, state: dict) -> None:
    atomic_write(_state_path(db_path), json.dumps(state, indent=1))


def change_mark(database: FlexiDatabase) -> list:
    """Where the data stands: the audit log's last id and hash (every change writes one row).

    The rows noting backups themselves are left out, or each backup would call for another.
    """
    row = database.execute_sql(
        "SELECT id, hash FROM audit_entry WHERE action != 'backup.write' "
        "ORDER BY id DESC LIMIT 1").fetchone()
    return list(row) if row else [0, ""]


def remember_backup(database: FlexiDatabase, when: dt.datetime | None = None,
                    mark: list | None = None) -> None:
    """Note that the data as it stood at ``mark`` (default: now) is safely backed up."""
    state = _read_state(database.path)
    state["mark"] = mark if mark is not None else change_mark(database)
    state["last_backup"] = (when or dt.datetime.now()).isoformat(timespec="seconds")
    _write_state(database.path, state)


def needs_backup(database: FlexiDatabase) -> bool:
    """Whether anything changed since the last automatic or manual backup."""
    return _read_state(database.path).get("mark") != change_mark(database)


def second_folder(db_path: Path | str) -> Path | None:
    """The second backup folder (USB stick or network share) set for this database, if any."""
    value = _read_state(Path(db_path)).get("second_folder")
    return Path(value) if value else None


def set_second_folder(db_path: Path | str, folder: Path | str | None) -> None:
    """Choose (or with None forget) the second backup folder."""
    state = _read_state(Path(db_path))
    state["second_folder"] = str(folder) if folder else None
    _write_state(Path(db_path), state)


@dataclass
class BackupOutcome:
    """What one backup run wrote: the primary file, the second copy (or why not), what rotated."""

    primary: Path
    second: Path | None = None
    second_problem: str = ""
    removed: list[Path] = field(default_factory=list)


def _copy_key_file(db_path: Path, folder: Path) -> None:
    """Keep the key slots beside the backups: without them nobody could open a backup."""
    keys = db_path.with_name(db_path.name + ".keys")
    if keys.exists():
        atomic_write(folder / keys.name, keys.read_bytes())


def write_backups(db_path: Path | str, key, *, when: dt.datetime | None = None,
                  progress: Progress | None = None, second: Path | None | bool = True,
                  source: FlexiDatabase | None = None) -> BackupOutcome:
    """Back up to the primary folder, then to the second folder if one is set; rotate both.

    ``source`` (an open FlexiDatabase) is used when given; otherwise a connection of this
    call's own is opened with ``key``, so a worker thread can run it. The primary failing
    raises BackupError; the second folder failing (a USB stick taken out) is reported in
    ``second_problem`` and the primary is still written.
    """
    db_path = Path(db_path)
    when = when or dt.datetime.now()
    name = _automatic_name(db_path, when)

    def _one(folder: Path, report: Progress | None) -> Path:
        if source is not None:
            return backup_database(source, folder / name, report)
        return backup_file(db_path, key, folder / name, report)

    folder = backup_folder_for(db_path)
    outcome = BackupOutcome(_one(folder, progress))
    _copy_key_file(db_path, folder)
    outcome.removed = rotate(folder, db_path)
    other = second_folder(db_path) if second is True else (second or None)
    if other is not None:
        if not Path(other).is_dir():
            outcome.second_problem = _(
                "The second backup folder {path} cannot be found (is the USB stick or "
                "network drive connected?). The backup in the main folder was written.").format(
                    path=other)
            return outcome
        try:
            outcome.second = _one(Path(other), None)
            _copy_key_file(db_path, Path(other))
            outcome.removed += rotate(Path(other), db_path)
        except (BackupError, OSError) as exc:
            outcome.second_problem = _(
                "The copy in the second backup folder {path} could not be written ({reason}). "
                "The backup in the main folder was written.").format(path=other, reason=exc)
    return outcome
