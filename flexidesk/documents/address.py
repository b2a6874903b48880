"""The family's address block, set where a DL window envelope shows it.

A letter folded in three into a DL window envelope shows a window about 25 mm from the
paper's left edge and 45 mm from its top, 85 mm wide and tall enough for six lines. The
block is fitted to it: a long line wraps, and when there are more than six lines the
address's own lines are joined with commas (the shortest pair first). The postcode is never
dropped: an address that cannot fit even joined is refused, with a message saying whose.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit

from flexidesk.i18n import _
from flexidesk.policy.errors import PolicyError

ADDRESS_LEFT = 25 * mm  # from the paper's left edge
ADDRESS_TOP = 45 * mm  # from the paper's top edge to the top of the first line
ADDRESS_WIDTH = 85 * mm
ADDRESS_MAX_LINES = 6


class AddressTooLong(PolicyError):
    """An address that does not fit the envelope window even with its lines joined."""


def _wrapped(line: str, style) -> list[str]:
    from flexidesk.documents import fonts

    words, out, current = line.split(" "), [], ""
    for word in words:
        trial = f"{current} {word}" if current else word
        if fonts.text_width(trial, style.fontName, style.fontSize) <= ADDRESS_WIDTH or not current:
            current = trial
        else:
            out.append(current)
            current = word
    out.append(current)
    # A single word wider than the window (rare) is broken where ReportLab would break it.
    return [piece for part in out for piece in (
        simpleSplit(part, style.fontName, style.fontSize, ADDRESS_WIDTH)
        if fonts.text_width(part, style.fontName, style.fontSize) > ADDRESS_WIDTH
        and not fonts.needs_help(part) else [part])]


def drawn_lines(lines: Sequence[str], style) -> list[str]:
    """``lines`` as the window shows them, each wrapped to its width (nothing cut)."""
    return [piece for line in lines if line.strip() for piece in _wrapped(line.strip(), style)]


def fit_address(lines: Sequence[str], style, *, names: int = 1) -> list[str]:
    """The block as drawn: at most six lines of at most 85 mm, the postcode last.

    ``lines`` are the addressees' names (the first ``names`` lines), the address lines and
    the postcode. Too many lines: adjacent address lines are joined with a comma, the
    shortest pair first; then the town and the postcode share a line. Raises AddressTooLong
    when even that does not fit.
    """
    lines = [line.strip() for line in lines if line and line.strip()]
    head, body = lines[:names], lines[names:]
    postcode = [body.pop()] if len(body) > 1 else []
    while len(drawn_lines(head + body + postcode, style)) > ADDRESS_MAX_LINES:
        if len(body) > 1:
            pairs = range(len(body) - 1)
            n = min(pairs, key=lambda i: len(body[i]) + len(body[i + 1]))
            body[n:n + 2] = [f"{body[n]}, {body[n + 1]}"]
        elif postcode and body:
            body, postcode = [f"{body[0]}  {postcode[0]}"], []
        else:
            raise AddressTooLong(_(
                "The address of {names} is too long for the envelope window, even with its "
                "lines joined: the block may have at most {n} lines, name and postcode "
                "included. Please shorten the address on their record.").format(
                names=", ".join(head) or _("this family"), n=ADDRESS_MAX_LINES))
    return drawn_lines(head + body + postcode, style)
