"""How a letter ends: its closing paragraphs, the sign-off and the signatory, kept together.

The signature never stands alone at the top of a page. When the close does not quite fit at
the foot of a page, the space left for the handwritten signature gives up a few millimetres
first; failing that, the last paragraph splits so that at least two of its lines go over
with the sign-off, rather than the whole close leaving a gap behind it.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from flexidesk.documents.fonts import Paragraph

#: Lines of the last paragraph that go over to a new page with the signature, at least.
MIN_LINES_WITH_SIGNATURE = 2
#: The space left to sign in, and the least it may shrink to so that a close fits its page.
SIGNATURE_SPACE, SIGNATURE_SPACE_AT_LEAST = 10 * mm, 5 * mm


#: How far short of its page a close may fall and still be brought back by setting the
#: letter a little closer (about what a point less leading and tighter spacing save).
CONDENSING_SAVES = 25 * mm


class SignatureSpace(Spacer):
    """The room for a handwritten signature: it may shrink, down to a point, to save a page."""

    def __init__(self, height: float = SIGNATURE_SPACE):
        super().__init__(1, height)


def _lines(paragraph: Paragraph) -> int:
    blpara = getattr(paragraph, "blPara", None)
    return len(getattr(blpara, "lines", ()) or ())


class WouldStandAlone(Exception):
    """Raised, when asked to, by a close that would go whole onto a page of its own although
    setting the letter a little closer could keep it: the layout stops, to start again."""


class KeepWithLast(Flowable):
    """A paragraph and what follows it (the sign-off), never parted from its last lines.

    With ``give_up``, a close that would go over whole, but by little enough that a closer
    setting could keep it, raises WouldStandAlone instead of laying out the rest."""

    def __init__(self, lead: Paragraph | None, tail: Sequence[Flowable], *,
                 give_up: bool = False):
        super().__init__()
        self.lead, self.tail, self.give_up = lead, list(tail), give_up
        self.pushed = False  # set when the whole close had to go over to the next page
        self.short = 0.0  # by how much it missed the page it went over from
        self._placed: list[tuple[Flowable, float, float, float]] = []

    def _parts(self) -> list[Flowable]:
        return ([self.lead] if self.lead is not None else []) + self.tail

    def wrap(self, available_width, available_height):
        self._placed, height = [], 0.0
        for n, part in enumerate(self._parts()):
            before = part.getSpaceBefore() if n else 0
            _w, h = part.wrap(available_width, available_height)
            after = part.getSpaceAfter()
            self._placed.append((part, before, h, after))
            height += before + h + after
        self.width, self.height = available_width, height
        return available_width, height

    def split(self, available_width, available_height):
        self.wrap(available_width, available_height)
        if self.height <= available_height:
            return [self]
        short = self.height - available_height
        space = next((p for p in self.tail if isinstance(p, SignatureSpace)), None)
        if space is not None and space.height - short >= SIGNATURE_SPACE_AT_LEAST:
            tail = [SignatureSpace(space.height - short) if p is space else p
                    for p in self.tail]
            return [KeepWithLast(self.lead, tail, give_up=self.give_up)]
        pieces = self._parted(available_width, available_height)
        self.pushed = not pieces
        self.short = short if self.pushed else 0.0
        if self.give_up and self.pushed and short <= CONDENSING_SAVES:
            raise WouldStandAlone
        return pieces

    def _parted(self, available_width, available_height) -> list[Flowable]:
        """The last paragraph parted, two lines or more going over with the sign-off; [] when
        it is too short to part (then the whole close goes over)."""
        lead = self.lead
        if lead is None:
            return []
        lead.wrap(available_width, 10_000)
        lines, leading = _lines(lead), lead.style.leading
        if lines < 2 * MIN_LINES_WITH_SIGNATURE:
            return []  # too short to part: all of it goes over with the signature
        # This page takes what fits, leaving at least two lines to go over with the sign-off.
        room = min(available_height, (lines - MIN_LINES_WITH_SIGNATURE) * leading + 1)
        while room >= MIN_LINES_WITH_SIGNATURE * leading:
            pieces = lead.split(available_width, room)
            if len(pieces) != 2:
                return []
            first, rest = pieces
            first.wrap(available_width, available_height)
            rest.wrap(available_width, 10_000)
            if _lines(first) < MIN_LINES_WITH_SIGNATURE:
                return []
            if _lines(rest) >= MIN_LINES_WITH_SIGNATURE:
                return [first, KeepWithLast(rest, self.tail, give_up=self.give_up)]
            room -= leading
        return []

    def draw(self):
        y = self.height
        for part, before, height, after in self._placed:
            y -= before + height
            part.drawOn(self.canv, 0, y)
            y -= after


def closing(paragraphs: Sequence[str], sign_off: str, signatory: Sequence[str], sheet, *,
            give_up: bool = False) -> list[Flowable]:
    """The closing paragraphs, then the sign-off and signatory kept with the last of them.

    With no ``sign_off`` the paragraphs stand alone (the first half of a bilingual letter,
    whose single signature comes at the end of the second).
    """
    body = sheet["BodyText"]
    story: list[Flowable] = [Paragraph(text, body) for text in paragraphs]
    if not sign_off:
        return story
    last = story.pop() if story else None
    tail: list[Flowable] = [Spacer(1, 2), Paragraph(sign_off, body), SignatureSpace()]
    tail += [Paragraph(line, sheet["Signature"]) for line in signatory if line]
    story.append(KeepWithLast(last, tail, give_up=give_up))  # type: ignore[arg-type]
    return story
