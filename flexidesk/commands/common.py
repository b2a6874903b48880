"""What every admin command shares: the password on standard input, signing in through the
window's own throttle, the school's lock, opening the school (a damaged one is refused), and
turning known problems into exit codes.

A command that writes calls ``open_school`` (or ``hold_school`` first, for a file it opens
itself): it then holds the same lock as the window until ``run`` returns, so that a restore
never swaps the file under it and it never writes while another FlexiDesk does.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import sys
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path

from flexidesk.i18n import _

OK, PROBLEM, USAGE = 0, 1, 2

#: How long a command waits, by default, for the window or another command to finish with
#: the school's file before refusing (``--wait SECONDS`` changes it).
DEFAULT_WAIT = 30.0

#: The locks the running command holds, released when ``run`` returns.
_held: ContextVar[contextlib.ExitStack | None] = ContextVar("held", default=None)


class Usage(Exception):
    """Bad arguments or credentials: exit code 2 with this message."""


def read_password(args: argparse.Namespace) -> str | None:
    """The password given on standard input, if --password-stdin was used."""
    if not getattr(args, "password_stdin", False):
        return None
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


def say(message: str) -> None:
    print(message, flush=True)


def warn(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def db_path(args: argparse.Namespace) -> Path:
    """The database the command works on: --db, or this computer's school."""
    from flexidesk.paths import default_database

    return Path(args.db).absolute() if getattr(args, "db", None) else default_database()


def unlock_for(args: argparse.Namespace, path: Path):
    """What the user's password opens in their slot (store.keyslots.Unlocked); None for a
    plain database without a key file.

    Every admin command signs in here, through the sign-in window's own throttle: failed
    attempts at the command line count towards the same delay.
    """
    from flexidesk.policy.records.signin import (
        SignInDelayed,
        SignInFailed,
        SignInThrottle,
        attempt_unlock,
    )
    from flexidesk.store.keyslots import check_keyfile_present, keyfile_path

    if not keyfile_path(path).exists():
        check_keyfile_present(path)
        return None
    if not args.user or not args.password_stdin:
        raise Usage(_("This database is encrypted: give --user NAME and --password-stdin, "
                      "and type the password on standard input."))
    password = read_password(args) or ""
    try:
        return attempt_unlock(SignInThrottle.for_database(path), path, args.user, password)
    except (SignInFailed, SignInDelayed) as exc:
        raise Usage(str(exc)) from exc


def key_for(args: argparse.Namespace, path: Path) -> bytes | None:
    """The database key from the user's slot; None for a plain database without a key file.
    A governor's password opens no database key: Usage."""
    opened = unlock_for(args, path)
    if opened is None:
        return None
    if opened.key is None:
        raise Usage(_("A governor's password opens the governors' report only, not the "
                      "school's database."))
    return opened.key


def actor_for(username: str | None):
    """The signed-in staff member; on a plain file without --user, the computer's own user.

    On a laptop with a key file, use ``open_school`` (the role is the signed one)."""
    from flexidesk.policy.records.access import HEAD, Actor
    from flexidesk.store.models import StaffUser

    if username is None:
        # A plain (unencrypted) file protects nothing anyway: its owner may do everything.
        return Actor(getpass.getuser() or "admin", HEAD, _("Command line"))
    user = StaffUser.get_or_none((StaffUser.username == username) & (StaffUser.active == True))  # noqa: E712
    if user is None:
        raise Usage(_("That name and password do not match. Please try again."))
    return Actor.from_user(user)


def hold_school(args: argparse.Namespace, path: Path) -> None:
    """Take the school's lock (the window's own) for the rest of the command.

    Another FlexiDesk holding it (the window, an import, a restore) is waited for up to
    ``--wait`` seconds, saying so once; then the command is refused and nothing changes.
    """
    from flexidesk.store.errors import AlreadyOpen, InUseElsewhere
    from flexidesk.store.instance_lock import acquire

    wait = getattr(args, "wait", None)
    wait = DEFAULT_WAIT if wait is None else max(0.0, float(wait))
    try:
        lock = acquire(path, wait=wait, waiting=lambda: warn(_(
            "Another FlexiDesk (the window, or another command) is using {path}; waiting up "
            "to {seconds} seconds for it to finish…").format(path=path, seconds=f"{wait:g}")))
    except AlreadyOpen as exc:
        raise InUseElsewhere(path) from exc
    stack = _held.get()
    if stack is None:
        lock.release()
        raise RuntimeError("hold_school() runs inside run() or command_scope()")
    stack.callback(lock.release)


@contextlib.contextmanager
def command_scope() -> Iterator[None]:
    """The life of one command: the locks it takes are let go when it ends (``run`` opens
    one; a command that does not go through ``run`` opens its own)."""
    stack = contextlib.ExitStack()
    token = _held.set(stack)
    try:
        with stack:
            yield
    finally:
        _held.reset(token)


def refuse_if_damaged(path: Path, key: bytes | None) -> None:
    """Refuse a file that fails its integrity checks, as the window does (naming the newest
    good backup to restore); nothing is written to it."""
    from flexidesk.store import recovery

    report = recovery.inspect(path, key)
    if report.ok:
        return
    good = recovery.find_good_backups(path, key, limit=1)
    raise recovery.DatabaseDamaged(path, report.problems, backup=good[0] if good else None)


def open_school(args: argparse.Namespace, path: Path):
    """Sign in, take the school's lock, check the file and open it: (database, actor), the
    role the signed one.

    What signing in found wrong (a log behind this computer's memory, a role in doubt) is
    said on standard error; the command goes on, as the window does."""
    from flexidesk.policy.records.signin import open_as
    from flexidesk.store.errors import refuse_non_file
    from flexidesk.store.opening import open_database

    refuse_non_file(path)
    opened = unlock_for(args, path)  # the password first: nothing is read for a wrong one
    if opened is not None and opened.key is None:
        raise Usage(_("A governor's password opens the governors' report only, not the "
                      "school's database."))
    hold_school(args, path)
    if path.exists():
        refuse_if_damaged(path, opened.key if opened is not None else None)
    if opened is None:
        return open_database(path, None), actor_for(args.user)
    database, actor = open_as(path, args.user, opened)
    for line in getattr(database, "warnings", []):
        warn(line)
    return database, actor


def progress_printer(label: str) -> Callable[[int, int], None]:
    """Print a percentage on standard error as a long job goes (each tenth, once)."""
    shown = {-1}

    def report(done: int, total: int) -> None:
        tenth = (10 * done) // total if total else 10
        if tenth not in shown:
            shown.add(tenth)
            end = "\n" if tenth >= 10 else "\r"
            print(f"{label} {tenth * 10}%", end=end, file=sys.stderr, flush=True)

    return report


def run(body: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command body; known problems become plain messages and exit codes, never
    tracebacks. The database is closed, and then the school's lock let go, as it returns."""
    with command_scope():  # the school's lock, if the command took it, is let go last
        return _run_body(body, args)


def _run_body(body: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    from flexidesk.policy.errors import PolicyError
    from flexidesk.store.backup import BackupError
    from flexidesk.store.database import close_database
    from flexidesk.store.errors import StoreError
    from flexidesk.store.keyslots import KeyFileError

    try:
        return body(args)
    except Usage as exc:
        warn(str(exc))
        return USAGE
    except PolicyError as exc:
        warn(str(exc))
        return USAGE
    except (StoreError, BackupError, KeyFileError) as exc:
        warn(str(exc))
        return PROBLEM
    finally:
        close_database()


def open_server_as_owner(args: argparse.Namespace, *, migrate: bool = False):
    """The trust's server, opened with the owner's login (migrate and check)."""
    from flexidesk.server_connection import connection_from
    from flexidesk.store.server import open_server

    connection = connection_from(args)
    return open_server(connection.url, ca_file=connection.ca_file,
                       password=read_password(args), migrate=migrate)
