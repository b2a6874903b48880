"""The trust's server this computer connects to: its address and CA file (never a secret)."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from flexidesk.i18n import _
from flexidesk.store.errors import StoreError


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
    """Remember the server's address and CA file; the password goes to the OS keystore only.

    The CA file is kept by its full path: ``--ca-file trust-ca.crt`` typed in one folder must
    still name it when FlexiDesk is started later from another (a shortcut, the menu)."""
    ca_file = str(Path(connection.ca_file).expanduser().resolve())
    _settings_file().write_text(json.dumps({"url": connection.url, "ca_file": ca_file}),
                                encoding="utf-8")


def connection_from(args: argparse.Namespace) -> Connection:
    """The connection the arguments name, or the saved one."""
    saved = saved_connection()
    url = getattr(args, "server", None) or (saved.url if saved else None)
    ca_file = getattr(args, "ca_file", None) or (saved.ca_file if saved else None)
    if not url or not ca_file:
        raise StoreError("", _("Name the server and the trust's CA file: --server URL "
                               "--ca-file PATH (or save a connection in settings)."))
    return Connection(str(url), str(ca_file))
