"""The application's name, organisation and version, set once in pyproject.toml.

Qt (application name, organisation, version), the data folders and the bundle all read
them from here. An installed copy (editable, wheel or PyInstaller bundle) has the package
metadata; a bare source checkout falls back to reading pyproject.toml itself.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

DISTRIBUTION = "flexidesk"


@dataclass(frozen=True)
class Identity:
    """What the application calls itself."""

    name: str          # "FlexiDesk": window titles, Qt's applicationName, folder names
    organisation: str  # Qt's organizationName (the first author in pyproject)
    version: str


def _from_pyproject() -> Identity:
    import tomllib

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return Identity(project["name"], project["authors"][0]["name"], project["version"])


@functools.cache
def identity() -> Identity:
    """The application's identity, from the installed metadata (or pyproject.toml)."""
    try:
        meta = metadata.metadata(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return _from_pyproject()
    # At run time the metadata is an email.message.Message; typeshed's protocol omits .get.
    author = meta.get("Author") or ""  # type: ignore[attr-defined]
    if not author:  # authors given as a name alone are written as "Author-email" or "Author"
        author = (meta.get("Author-email") or "").split("<")[0].strip().strip('"')  # type: ignore[attr-defined]
    return Identity(meta["Name"], author or meta["Name"], meta["Version"])


APP_NAME = identity().name
ORGANISATION = identity().organisation
VERSION = identity().version
