"""Bounds on the text staff type: no letter or screen can be made unusable by a megabyte of it."""

from __future__ import annotations

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
