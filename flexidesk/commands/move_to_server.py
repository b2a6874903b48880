"""``flexidesk move-to-server FILE --server URL --school-role ROLE``: copy a school's file into
the trust's server and verify every count and the audit chain; the file is not changed."""

from __future__ import annotations

import argparse
import sys

from flexidesk.commands.common import read_password
from flexidesk.i18n import _
from flexidesk.store.errors import StoreError
from flexidesk.store.transfer import move_to_server


def run(args: argparse.Namespace) -> int:
    """``flexidesk move-to-server FILE --server URL --school-role NAME``."""
    from flexidesk.policy.records.signin import unlock_key
    from flexidesk.server_connection import connection_from
    from flexidesk.store.server import open_server

    try:
        key = unlock_key(args.file, args.user, read_password(args)) if args.user else None
        connection = connection_from(args)
        database = open_server(connection.url, ca_file=connection.ca_file)
        report = move_to_server(args.file, key, database, role_name=args.school_role)
    except StoreError as exc:
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
