"""The application's name, organisation and version, set once in pyproject.toml.

Qt (application name, organisation, version), the data folders and the bundle all read
them from here. An installed copy (editable, wheel or PyInstaller bundle) has the package
metadata; a bare source checkout falls back to reading pyproject.toml itself.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
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


def _dist_info_headers() -> dict[str, str] | None:
    """The installed METADATA's headers, found on sys.path without importlib.metadata.

    That module and the email parser it loads cost about 30 ms at every start, before the
    sign-in form can paint; a METADATA file's headers are plain "Key: value" lines.
    """
    prefix = DISTRIBUTION.casefold() + "-"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.casefold().startswith(prefix) and name.endswith(".dist-info"):
                try:
                    text = Path(entry or ".", name, "METADATA").read_text(encoding="utf-8")
                except OSError:
                    continue
                headers: dict[str, str] = {}
                for line in text.split("\n\n", 1)[0].splitlines():
                    key, sep, value = line.partition(": ")
                    if sep and not line[:1].isspace():
                        headers.setdefault(key, value.strip())
                return headers
    return None


@functools.cache
def identity() -> Identity:
    """The application's identity, from the installed metadata (or pyproject.toml)."""
    meta: Mapping[str, str] | None = _dist_info_headers()
    if meta is None:
        from importlib import metadata

        try:
            meta = metadata.metadata(DISTRIBUTION)  # type: ignore[assignment]
        except metadata.PackageNotFoundError:
            return _from_pyproject()
    assert meta is not None
    author = meta.get("Author") or ""
    if not author:  # authors given as a name alone are written as "Author-email" or "Author"
        author = (meta.get("Author-email") or "").split("<")[0].strip().strip('"')
    return Identity(meta["Name"], author or meta["Name"], meta["Version"])


APP_NAME = identity().name
ORGANISATION = identity().organisation
VERSION = identity().version
