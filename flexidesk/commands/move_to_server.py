"""``flexidesk move-to-server FILE --server URL --school-role ROLE``: copy a school's file into
the trust's server and verify every count and the audit chain; the file is not changed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flexidesk.commands.common import command_scope, hold_school, read_password
from flexidesk.i18n import _
from flexidesk.store.errors import StoreError
from flexidesk.store.transfer import move_to_server


def run(args: argparse.Namespace) -> int:
    """``flexidesk move-to-server FILE --server URL --school-role NAME``."""
    with command_scope():
        return _move(args)


def _move(args: argparse.Namespace) -> int:
    from flexidesk.policy.records.signin import (
        SignInDelayed,
        SignInFailed,
        SignInThrottle,
        attempt,
    )
    from flexidesk.server_connection import connection_from
    from flexidesk.store.keyslots import KeyFileError
    from flexidesk.store.server import open_server

    path = Path(args.file).absolute()
    try:
        # Signed in through the window's own throttle: wrong passwords here count too.
        key = (attempt(SignInThrottle.for_database(path), path, args.user, read_password(args))
               if args.user else None)
        hold_school(args, path)  # the file is not restored or changed while it is copied
        connection = connection_from(args)
        database = open_server(connection.url, ca_file=connection.ca_file)
        report = move_to_server(path, key, database, role_name=args.school_role)
    except (SignInFailed, SignInDelayed) as exc:
        print(_("{problem} Nothing was copied.").format(problem=exc), file=sys.stderr)
        return 2
    except (StoreError, KeyFileError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    for table, count in sorted(report.copied.items()):
        print(f"{table}: {count}")
    if report.problems:
        print(_("Copied, but verification found:"), *report.problems, sep="\n  ", file=sys.stderr)
        return 1
    print(_("Moved as school {id}: every count matches, the audit chain ({n} rows) verifies "
            "and ends at the file's last hash. The file was not changed.").format(
                id=report.school_id, n=report.audit_rows))
    return 0
