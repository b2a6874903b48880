"""Bounds on what staff type: no letter or screen can be made unusable by a megabyte of text,
by characters nobody can see, or by a date in year 1 or 9999."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from flexidesk.i18n import _, format_date
from flexidesk.policy.errors import PolicyError

#: A name, a title, a telephone number, a UPN: one short line.
NAME = 100
#: A line of an address, an email, a web address, a short label.
LINE = 200
#: A target, a reason, a summary: a paragraph or two.
PARAGRAPH = 2_000
#: Notes and free text on a review or a consideration.
NOTE = 10_000

#: The earliest and latest day FlexiDesk accepts anywhere: a date of birth of a
#: grandparent, a review years ahead, never year 1 or 9999 (a review after 9999 cannot even
#: be worked out).
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2099, 12, 31)

#: Characters nobody sees that change what a reader sees or a program does: control codes
#: (NUL, escape...), the bidirectional overrides, embeddings and isolates that can show
#: "gpj.exe" as "exe.jpg", a stray byte-order mark, and lone surrogates (not text at all).
#: Line breaks and tabs are handled apart; joiners and the left-to-right and right-to-left
#: marks stay, as some scripts need them.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
                        "\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")

_LINE_BREAKS = ("\n", "\r", "\u2028", "\u2029")

#: How much of a typed value a message repeats: enough to find it, never a megabyte.
SHOWN = 60


def clean(value: str | None) -> str:
    """``value`` without invisible control characters; Windows line ends become ``\\n``."""
    text = value or ""
    text = text.replace("\r\n", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _INVISIBLE.sub("", text)


def visible(text: str) -> bool:
    """Whether ``text`` has a character a reader sees: a name of zero-width spaces and
    joiners (kept, as scripts need them between letters) is no name at all."""
    return any(not unicodedata.category(c).startswith(("C", "Z")) for c in text)


def bounded(value: str | None, label: str, limit: int, *, required: bool = False,
            single_line: bool = False) -> str:
    """``value`` cleaned and stripped, or PolicyError naming ``label`` if it is too long,
    missing or broken.

    ``label`` is the field's name as the form shows it (already translated). Invisible
    control characters are removed (``clean``). A ``single_line`` field refuses line
    breaks (``\\n`` or a lone ``\\r``), which would break a letter's layout; its tabs
    become spaces.
    """
    raw = value or ""
    if single_line and any(c in raw for c in _LINE_BREAKS):
        raise PolicyError(_("{field} must be on one line.").format(field=label))
    text = clean(raw)
    if single_line:
        text = text.replace("\t", " ")
    else:
        text = text.replace("\r", "\n")  # a lone carriage return (old Mac text) is a line end
    text = text.strip()
    if required and not visible(text):
        raise PolicyError(_("{field} is needed.").format(field=label))
    if len(text) > limit:
        raise PolicyError(_("{field} is too long: {n} characters, and at most {limit} fit.")
                          .format(field=label, n=f"{len(text):,}", limit=f"{limit:,}"))
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
        raise PolicyError(_("{field}: “{typed}” is not a UK postcode. Type it as, for example, "
                            "SW1A 1AA; an address outside the UK keeps its postcode in the "
                            "address lines and leaves this empty.").format(
                                field=label, typed=shown(text, 30)))
    return written


def shown(value: object, limit: int = SHOWN) -> str:
    """A typed value as a message repeats it: cleaned, on one line, cut to ``limit``
    characters with an ellipsis and the full length when it is longer."""
    text = " ".join(clean(str(value)).split())
    if len(text) <= limit:
        return text
    return _("{start}… ({n} characters)").format(start=text[:limit], n=f"{len(text):,}")


def date_problem(value: dt.date) -> str | None:
    """Why ``value`` is outside the dates FlexiDesk accepts (None when it is within them)."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return _("{date} is not a date FlexiDesk accepts: dates run from {first} to {last}"
             ).format(date=format_date(day), first=format_date(FIRST_DAY),
                                          last=format_date(LAST_DAY))


def bounded_date(value: dt.date) -> dt.date:
    """``value`` if it is within FIRST_DAY..LAST_DAY, else PolicyError saying so."""
    problem = date_problem(value)
    if problem is not None:
        raise PolicyError(_("{problem}. Nothing was saved.").format(problem=problem))
    return value
