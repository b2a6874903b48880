"""Server commands: sign in to a trust's server, `migrate --server`, `check --server`, the saved connection."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from flexidesk.i18n import _
from flexidesk.store.errors import StoreError

if TYPE_CHECKING:
    from flexidesk.store.audit import ChainReport


@dataclass(frozen=True)
class Connection:
    """A saved server connection: its address and the trust's CA file (no secret)."""

    url: str
    ca_file: str


def _settings_file() -> Path:
    from flexidesk import paths

    return paths.data_dir() / "server.json"


def saved_connection() -> Connection | None:
    """The connection saved in settings, if any."""
    path = _settings_file()
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Connection(data["url"], data["ca_file"])


def save_connection(connection: Connection) -> None:
    """Remember the server's address and CA file; the password goes to the OS keystore only."""
    _settings_file().write_text(json.dumps({"url": connection.url,
                                            "ca_file": connection.ca_file}), encoding="utf-8")


def add_arguments(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    """--server URL and --ca-file PATH on a command."""
    parser.add_argument("--server", metavar="URL", required=required, nargs="?", const="",
                        help=_("a FlexiDesk server, postgresql://HOST/DATABASE (default: the "
                               "saved connection)"))
    parser.add_argument("--ca-file", type=Path, metavar="PATH",
                        help=_("the trust's CA certificate, to check the server is the trust's"))
    parser.add_argument("--remember", action="store_true",
                        help=_("save this server as the computer's connection (the password "
                               "goes to the system's keystore)"))


def connection_from(args: argparse.Namespace) -> Connection:
    """The connection the arguments name, or the saved one."""
    saved = saved_connection()
    url = getattr(args, "server", None) or (saved.url if saved else None)
    ca_file = getattr(args, "ca_file", None) or (saved.ca_file if saved else None)
    if not url or not ca_file:
        raise StoreError("", _("Name the server and the trust's CA file: --server URL "
                               "--ca-file PATH (or save a connection in settings)."))
    return Connection(str(url), str(ca_file))


def sign_in_server(connection: Connection, username: str, password: str | None, *,
                   remember: bool = False):
    """Sign in to the server as a member of staff: their own login, their FlexiDesk account.

    The server checks the password (each member of staff has a login of their FlexiDesk
    username); without one, the OS keystore's is used. Returns (database, actor)."""
    from flexidesk.policy.signin import active_actor
    from flexidesk.store.server import ServerURL, open_server, save_password

    base = ServerURL.parse(connection.url)
    url = ServerURL(username, base.host, base.port, base.dbname)
    try:
        database = open_server(url, ca_file=connection.ca_file, password=password)
    except StoreError as exc:
        if "authentication failed" in str(exc.__cause__ or ""):
            from flexidesk.policy.signin import _mismatch

            raise _mismatch() from exc
        raise
    school = database.execute_sql("SELECT flexidesk_login_school()").fetchone()[0]
    database.use_school(school)
    try:
        actor = active_actor(username)
    except Exception:
        database.close()
        raise
    if remember and password is not None:
        save_password(url, password)
    return database, actor


def _owner(args: argparse.Namespace, *, migrate: bool = False):
    from flexidesk.cli import read_password
    from flexidesk.store.server import open_server

    connection = connection_from(args)
    return open_server(connection.url, ca_file=connection.ca_file,
                       password=read_password(args), migrate=migrate)


def migrate_command(args: argparse.Namespace) -> int:
    """``flexidesk migrate --server URL``: upgrade the server's schema; refuse a newer one."""
    from flexidesk.store import engines

    try:
        database = _owner(args)
        done = engines.migrate_server(database)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    from flexidesk.store.migrations import LATEST_VERSION

    print(_("Server schema is at version {v}; steps run: {n}.").format(
        v=LATEST_VERSION, n=len(done)))
    database.close()
    return 0


def check_server(database) -> list[tuple[int, ChainReport]]:
    """Every school's audit chain (and the trust's own), verified: (school_id, ChainReport)."""
    from flexidesk.store import audit, engines

    reports = []
    for school_id in [0, *engines.school_ids(database)]:
        database.use_school(school_id)
        reports.append((school_id, audit.verify_chain()))
    return reports


def check_command(args: argparse.Namespace) -> int:
    """``flexidesk check --server URL``: verify every school's audit chain; exit 1 on a break."""
    try:
        database = _owner(args)
        reports = check_server(database)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    bad = 0
    for school_id, report in reports:
        if report.ok:
            print(_("School {id}: audit chain intact ({n} rows).").format(id=school_id,
                                                                        n=report.rows))
        else:
            bad += 1
            print(_("School {id}: audit chain BROKEN at row {row}: {why}.").format(
                id=school_id, row=report.broken_at, why=report.reason))
    database.close()
    return 1 if bad else 0
