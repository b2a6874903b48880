"""What every admin command shares: the password on standard input, signing in through the
window's own throttle, opening the school, and turning known problems into exit codes."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from flexidesk.i18n import _

OK, PROBLEM, USAGE = 0, 1, 2


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


def open_school(args: argparse.Namespace, path: Path):
    """Sign in and open the school's file: (database, actor), the role the signed one.

    What signing in found wrong (a log behind this computer's memory, a role in doubt) is
    said on standard error; the command goes on, as the window does."""
    from flexidesk.policy.records.signin import open_as
    from flexidesk.store.opening import open_database

    opened = unlock_for(args, path)
    if opened is None:
        database = open_database(path, None)
        return database, actor_for(args.user)
    if opened.key is None:
        raise Usage(_("A governor's password opens the governors' report only, not the "
                      "school's database."))
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
    """Run a command body; known problems become plain messages and exit codes, never tracebacks."""
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
