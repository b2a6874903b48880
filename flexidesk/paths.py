"""Where FlexiDesk keeps its database, backups and logs (owner-only folders)."""

from __future__ import annotations

import os
from pathlib import Path

from flexidesk.identity import APP_NAME


def _platform_dir(kind: str) -> Path:
    """The system's usual per-user folder of this kind ("data", "log", "config").

    platformdirs is loaded only here: with FLEXIDESK_HOME, start-up never needs it.
    appauthor=False: the folders are named after the application alone (on Windows
    %LOCALAPPDATA%\\FlexiDesk), so a change of organisation never strands a school's data.
    """
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False))


def _private_dir(path: Path) -> Path:
    """Create ``path`` readable by its owner alone (0700) and return it."""
    path.mkdir(parents=True, exist_ok=True)
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass  # a folder on a share may refuse; the files inside stay encrypted
    return path


def data_dir() -> Path:
    """The per-user data folder (override with FLEXIDESK_HOME)."""
    override = os.environ.get("FLEXIDESK_HOME")
    base = Path(override) if override else _platform_dir("data")
    return _private_dir(base)


def default_database() -> Path:
    """The school's database when no --db is given."""
    return data_dir() / "flexidesk.db"


def demo_database() -> Path:
    """The demo school's database, recreated on request."""
    return data_dir() / "demo.db"


def log_dir() -> Path:
    """Where the application log is written (no child's data goes in it)."""
    override = os.environ.get("FLEXIDESK_HOME")
    base = Path(override) / "logs" if override else _platform_dir("log")
    return _private_dir(base)


def config_dir() -> Path:
    """This person's own settings on this computer, outside any school's folder: what the
    computer remembers of each school (``store.seen``). FLEXIDESK_CONFIG overrides it;
    with FLEXIDESK_HOME (tests, a scripted setup) it is that folder's ``config``."""
    override = os.environ.get("FLEXIDESK_CONFIG")
    if override:
        return _private_dir(Path(override))
    home = os.environ.get("FLEXIDESK_HOME")
    base = Path(home) / "config" if home else _platform_dir("config")
    return _private_dir(base)
