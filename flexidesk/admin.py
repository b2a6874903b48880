"""The admin commands: ``flexidesk backup``, ``restore``, ``check`` and ``export-calendar``."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

from flexidesk.cli import read_password
from flexidesk.i18n import _
from flexidesk.paths import default_database
from flexidesk.policy.access import HEAD, Actor, PolicyError, require
from flexidesk.policy.backups import note_backup, note_restore
from flexidesk.policy.signin import SignInDelayed, SignInFailed, SignInThrottle, attempt
from flexidesk.store import audit, audit_head
from flexidesk.store.backup import (
    _DRIVER_ERRORS,
    BackupError,
    BackupOutcome,
    _copy_key_file,
    _open_raw,
    backup_database,
    remember_backup,
    write_backups,
)
from flexidesk.store.database import FlexiDatabase, close_database, open_database
from flexidesk.store.errors import StoreError, refuse_non_file
from flexidesk.store.instance_lock import acquire
from flexidesk.store.keyring import KeyringError, check_keyfile_present, keyfile_path
from flexidesk.store.log_check import log_problems
from flexidesk.store.models import StaffUser
from flexidesk.store.recovery import backup_key, inspect, keys_for_backups, restore_backup

OK, PROBLEM, USAGE = 0, 1, 2


class _Usage(Exception):
    """Bad arguments or credentials: exit code 2 with this message."""


def _say(message: str) -> None:
    print(message, flush=True)


def _warn(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db).absolute() if getattr(args, "db", None) else default_database()


def _key(args: argparse.Namespace, db_path: Path) -> bytes | None:
    """The database key from the user's slot; None for a plain database without a key file.

    Every admin command signs in here, through the sign-in window's own throttle: failed
    attempts at the command line count towards the same delay.
    """
    if not keyfile_path(db_path).exists():
        check_keyfile_present(db_path)
        return None
    if not args.user or not args.password_stdin:
        raise _Usage(_("This database is encrypted: give --user NAME and --password-stdin, "
                       "and type the password on standard input."))
    password = read_password(args) or ""
    try:
        return attempt(SignInThrottle.for_database(db_path), db_path, args.user, password)
    except (SignInFailed, SignInDelayed) as exc:
        raise _Usage(str(exc)) from exc


def _actor(username: str | None) -> Actor:
    """The signed-in staff member; on a plain file without --user, the computer's own user."""
    if username is None:
        # A plain (unencrypted) file protects nothing anyway: its owner may do everything.
        return Actor(getpass.getuser() or "admin", HEAD, _("Command line"))
    user = StaffUser.get_or_none((StaffUser.username == username) & (StaffUser.active == True))  # noqa: E712
    if user is None:
        raise _Usage(_("That name and password do not match. Please try again."))
    return Actor.from_user(user)


def _role_in(path: Path, key, username: str) -> str | None:
    """A user's role as written in a database file, read without binding the models."""
    try:
        conn = _open_raw(path, key)
        try:
            row = conn.execute("SELECT role FROM staff_user WHERE username = ? AND active",
                               (username,)).fetchone()
        finally:
            conn.close()
    except _DRIVER_ERRORS:
        return None
    return row[0] if row else None


def _progress_printer(label: str):
    """Print a percentage on standard error as a long backup goes (each tenth, once)."""
    shown = {-1}

    def report(done: int, total: int) -> None:
        tenth = (10 * done) // total if total else 10
        if tenth not in shown:
            shown.add(tenth)
            end = "\n" if tenth >= 10 else "\r"
            print(f"{label} {tenth * 10}%", end=end, file=sys.stderr, flush=True)

    return report


def _run(body, args: argparse.Namespace) -> int:
    """Run a command body; known problems become plain messages and exit codes, never tracebacks."""
    try:
        return body(args)
    except _Usage as exc:
        _warn(str(exc))
        return USAGE
    except PolicyError as exc:
        _warn(str(exc))
        return USAGE
    except (StoreError, BackupError, KeyringError) as exc:
        _warn(str(exc))
        return PROBLEM
    finally:
        close_database()


def _open(args: argparse.Namespace, db_path: Path) -> tuple[FlexiDatabase, Actor]:
    key = _key(args, db_path)
    database = open_database(db_path, key)
    return database, _actor(args.user)


def _backup(args: argparse.Namespace) -> int:
    db_path = _db_path(args)
    refuse_non_file(db_path)
    database, actor = _open(args, db_path)
    require(actor, "backup.run")
    report = _progress_printer(_("Backing up:"))
    if args.to:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        dest = backup_database(database, Path(args.to) / f"{db_path.stem}-{stamp}.db", report)
        _copy_key_file(db_path, dest.parent)
        outcome = BackupOutcome(dest)
    else:
        outcome = write_backups(db_path, database.key, progress=report, source=database)
    note_backup(actor, outcome)
    remember_backup(database)
    _say(_("Backup written and checked: {path}").format(path=outcome.primary))
    if outcome.second is not None:
        _say(_("Second copy written and checked: {path}").format(path=outcome.second))
    if outcome.second_problem:
        _warn(outcome.second_problem)
        return PROBLEM
    return OK


def _restore(args: argparse.Namespace) -> int:
    db_path = _db_path(args)
    source = Path(args.backup_file)
    if not source.exists():
        raise _Usage(_("There is no backup file at {path}.").format(path=source))
    refuse_non_file(source)  # a folder or an empty file is never a backup
    if db_path.is_dir():
        refuse_non_file(db_path)
    key = _key(args, db_path)
    if args.user is not None:
        # Check the role where it can be read: the current file, or (if that is damaged) the backup.
        role = _role_in(db_path, key, args.user) if db_path.exists() else None
        if role is None:
            try:  # the backup may be from before a re-key: read it with the key it had
                role = _role_in(source, backup_key(source, db_path, key), args.user)
            except BackupError:
                role = None
        if role is None:
            raise _Usage(_("That name and password do not match. Please try again."))
        require(Actor(args.user, role), "backup.restore")
    with acquire(db_path):
        aside = restore_backup(source, db_path, key)
        open_database(db_path, key)
        note_restore(_actor(args.user), source, aside)
    _say(_("Restored the database from {backup}.").format(backup=source))
    if aside is not None:
        _say(_("The file it replaced is kept, unchanged, as {path}").format(path=aside))
    return OK


def _check(args: argparse.Namespace) -> int:
    db_path = _db_path(args)
    if not db_path.exists():
        raise _Usage(_("There is no database at {path}.").format(path=db_path))
    refuse_non_file(db_path)
    key = _key(args, db_path)
    found = inspect(db_path, key)
    checks = _("quick_check and cipher_integrity_check") if key else _("quick_check")
    if not found.ok:
        _say(_("Database file: DAMAGED ({checks} found problems):").format(checks=checks))
        for line in found.problems[:20]:
            _say(f"  {line}")
        _say(_("Restore the newest good backup with: flexidesk restore BACKUP"))
        return PROBLEM
    _say(_("Database file: ok ({checks})").format(checks=checks))
    database = open_database(db_path, key, migrate=False)
    chain = audit.verify_chain()
    if not chain.ok:
        _say(_("Audit log: BROKEN at entry {id} ({reason}); {rows} entries read.").format(
            id=chain.broken_at, reason=_(chain.reason), rows=chain.rows))
        return PROBLEM
    problems = log_problems(database, keys_for_backups(db_path, key))
    if problems:
        _say(_("Audit log: ALTERED ({rows} entries; the chain itself is intact):").format(
            rows=chain.rows))
        for line in problems:
            _say(f"  {line}")
        return PROBLEM
    _say(_("Audit log: ok ({rows} entries, chain intact)").format(rows=chain.rows))
    _say(_("Sealed head: entry {fingerprint}").format(
        fingerprint=audit_head.fingerprint(audit_head.last_link(database.connection()))))
    return OK


def _export_calendar(args: argparse.Namespace) -> int:
    from flexidesk.documents.calendar_file import to_ics
    from flexidesk.policy.calendar_export import calendar_events
    from flexidesk.store.models import School

    db_path = _db_path(args)
    if not db_path.exists():
        raise _Usage(_("There is no database at {path}.").format(path=db_path))
    _database, actor = _open(args, db_path)
    events = calendar_events(actor, dt.date.today())
    school = School.select(School.name).first()
    out = Path(args.out)
    try:
        out.write_bytes(to_ics(events, school.name if school else ""))
    except OSError as exc:
        raise _Usage(_("Could not write {path}: {reason}").format(
            path=out, reason=exc.strerror or exc)) from exc
    _say(_("{n} events written to {path}").format(n=len(events), path=out))
    return OK


def export_calendar_command(args: argparse.Namespace) -> int:
    """``flexidesk export-calendar OUT.ics``: the diary as an RFC 5545 file, no child named."""
    return _run(_export_calendar, args)


def backup_command(args: argparse.Namespace) -> int:
    """``flexidesk backup``: a verified, encrypted backup now (and to the second folder)."""
    return _run(_backup, args)


def restore_command(args: argparse.Namespace) -> int:
    """``flexidesk restore BACKUP``: put a backup in place; the current file is kept aside."""
    return _run(_restore, args)


def check_command(args: argparse.Namespace) -> int:
    """``flexidesk check``: integrity and encryption checks and the audit chain; exit 1 on trouble."""
    return _run(_check, args)

