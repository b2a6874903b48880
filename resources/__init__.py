"""FlexiDesk's shipped files (icons, logo, translations, fonts), found beside this module.

In the source tree this is the top-level ``resources/`` folder; it is installed as the
package ``flexidesk.resources`` (pyproject's package-dir), so an editable install, an
installed copy and the PyInstaller bundle all find the files here, by kind, never by path.
"""

from __future__ import annotations

from pathlib import Path

#: The folder holding every kind of resource, wherever the package was installed or bundled.
ROOT = Path(__file__).resolve().parent

#: Each kind of resource and its folder; other code asks by kind, never by path.
KINDS = ("icons", "logo", "translations", "fonts")


def folder(kind: str) -> Path:
    """The folder of one kind of resource (``icons``, ``logo``, ``translations``, ``fonts``)."""
    if kind not in KINDS:
        raise ValueError(f"unknown resource kind {kind!r}")
    return ROOT / kind


def app_icon_files() -> list[Path]:
    """The application's icon files, best first: SVG (any size), then PNG (where Qt's SVG
    plugin is missing, as in a trimmed bundle)."""
    return [path for name in ("flexidesk.svg", "flexidesk.png")
            if (path := folder("icons") / name).exists()]
