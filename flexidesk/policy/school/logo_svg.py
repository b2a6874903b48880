"""An SVG logo is a drawing complete in itself: one that refers to another file or a web
address is refused before anything draws it (``<image href="file:///...">`` would put a
local file, or a tracking pixel, on every letter)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from flexidesk.i18n import _
from flexidesk.policy.text import shown

#: References that stay inside the file: a fragment (#shape) or data written into it.
_INSIDE = ("#", "data:")
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE)
_IMPORT = re.compile(r"@import", re.IGNORECASE)


def _local(name: str) -> str:
    """An attribute's or element's name without its namespace ({http://...}href -> href)."""
    return name.rsplit("}", 1)[-1].lower()


def _outside(reference: str) -> bool:
    value = reference.strip()
    return bool(value) and not value.lower().startswith(_INSIDE)


def _references(root: ElementTree.Element):
    """Every reference in the drawing: href and src attributes, and CSS url(...) values."""
    for element in root.iter():
        for name, value in element.attrib.items():
            if _local(name) in ("href", "src"):
                yield value
            elif _local(name) == "style":
                yield from (m.group(2) for m in _URL.finditer(value))
        if _local(element.tag) == "style" and element.text:
            if _IMPORT.search(element.text):
                yield "@import"
            yield from (m.group(2) for m in _URL.finditer(element.text))


def svg_problem(data: bytes) -> str | None:
    """Why an SVG cannot be a logo (it refers outside itself, or declares entities), or None."""
    refused = _("This SVG logo refers to something outside itself ({reference}). FlexiDesk "
                "uses only drawings complete in themselves: save the logo as a PNG and "
                "choose that.")
    head = data[:4096].lower()
    if b"<!entity" in data.lower() or (b"<!doctype" in head and b"[" in head):
        return refused.format(reference="<!ENTITY>")
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError):
        return _("This file is not a picture FlexiDesk can use. Choose a PNG, JPEG or SVG "
                 "file.")
    for reference in _references(root):
        if reference == "@import" or _outside(reference):
            return refused.format(reference=shown(reference))
    return None
