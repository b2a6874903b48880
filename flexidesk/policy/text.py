"""Bounds on the text staff type: no letter or screen can be made unusable by a megabyte of it."""

from __future__ import annotations

import re

from flexidesk.i18n import _
from flexidesk.policy.errors import PolicyError

#: A name, a title, a telephone number, a UPN: one short line.
NAME = 100
#: A line of an address, an email, a web address, a short label.
LINE = 200
#: A target, a reason, a summary: a paragraph or two.
PARAGRAPH = 2_000
#: Notes and free text on a review or a consideration.
NOTE = 10_000


def bounded(value: str | None, label: str, limit: int, *, required: bool = False,
            single_line: bool = False) -> str:
    """``value`` stripped, or PolicyError naming ``label`` if it is too long, missing or broken.

    ``label`` is the field's name as the form shows it (already translated). A
    ``single_line`` field refuses line breaks, which would break a letter's layout.
    """
    text = (value or "").strip()
    if required and not text:
        raise PolicyError(_("{field} is needed.").format(field=label))
    if len(text) > limit:
        raise PolicyError(_("{field} is too long: {n} characters, and at most {limit} fit.")
                          .format(field=label, n=f"{len(text):,}", limit=f"{limit:,}"))
    if single_line and ("\n" in text or "\r" in text):
        raise PolicyError(_("{field} must be on one line.").format(field=label))
    return text


# A UK postcode: the outward code (one or two area letters, the district's digit and perhaps
# a letter or digit), then the inward code (a digit and two letters). The finer rules (which
# letters go where) are left to the Royal Mail: the shape is what catches a street typed here.
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][A-Z]{2}$")


def normalised_postcode(value: str | None) -> str | None:
    """``value`` as a UK postcode is written ('s62xp' -> 'S6 2XP'); None if it is not one."""
    squashed = re.sub(r"\s+", "", value or "").upper()
    if not _POSTCODE.match(squashed):
        return None
    return f"{squashed[:-3]} {squashed[-3:]}"


def postcode(value: str | None, label: str) -> str:
    """A typed postcode checked and written the UK way ('' stays ''); PolicyError if it is
    not a UK postcode, naming ``label`` (the field as the form shows it)."""
    text = (value or "").strip()
    if not text:
        return ""
    written = normalised_postcode(text)
    if written is None:
        shown = text if len(text) <= 30 else text[:30] + "…"
        raise PolicyError(_("{field}: “{typed}” is not a UK postcode. Type it as, for example, "
                            "SW1A 1AA; an address outside the UK keeps its postcode in the "
                            "address lines and leaves this empty.").format(field=label,
                                                                           typed=shown))
    return written
