"""``flexidesk migrate --server URL``: build or upgrade the trust's server; refuse a newer one."""

from __future__ import annotations

import argparse
import sys

from flexidesk.commands.common import open_server_as_owner
from flexidesk.i18n import _
from flexidesk.store.errors import StoreError
from flexidesk.store.schema import LATEST_VERSION


def run(args: argparse.Namespace) -> int:
    """``flexidesk migrate --server URL``: upgrade the server's schema; refuse a newer one."""
    from flexidesk.policy.records.server_grants import server_policy
    from flexidesk.store import engines

    try:
        database = open_server_as_owner(args)
        done = engines.migrate_server(database, server_policy())
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(_("Server schema is at version {v}; steps run: {n}.").format(
        v=LATEST_VERSION, n=len(done)))
    database.close()
    return 0
