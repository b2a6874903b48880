"""Fonts shipped inside the package, so that families' names print in their own scripts.

Noto Sans covers Latin with every diacritic (Polish, Romanian, Portuguese, Vietnamese),
Cyrillic and Greek; Noto Sans Arabic (Arabic and Urdu), Bengali and Gurmukhi, and Droid
Sans Fallback (Chinese) take the runs in their scripts. ReportLab embeds TrueType-outline
fonts and shapes them with uharfbuzz (joining Arabic letters, Bengali conjuncts); Chinese
needs no shaping, so it is set unshaped and English punctuation beside a Chinese name stays
English, in the Latin font (",", not "，"). Arabic
and Urdu read right to left: within a line, a run of such words is set in reverse word
order, each word shaped as written, which is what the reader sees in a left-to-right
letter. Licences: resources/fonts/OFL-1.1-Noto.txt, Apache-2.0-DroidSansFallback.txt.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from xml.sax.saxutils import escape, unescape

from reportlab import platypus
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont, shapeStr

from flexidesk import resources

FOLDER = resources.folder("fonts")

FONT, BOLD, ITALIC = "FlexiSans", "FlexiSans-Bold", "FlexiSans-Italic"
ARABIC, BENGALI, GURMUKHI, CJK = "FlexiArabic", "FlexiBengali", "FlexiGurmukhi", "FlexiCJK"

#: Each registered name and its file (the bold of a script font falls back to its regular).
FILES = {
    FONT: "NotoSans-Regular.ttf", BOLD: "NotoSans-Bold.ttf", ITALIC: "NotoSans-Italic.ttf",
    ARABIC: "NotoSansArabic-Regular.ttf", ARABIC + "-Bold": "NotoSansArabic-Bold.ttf",
    BENGALI: "NotoSansBengali-Regular.ttf", BENGALI + "-Bold": "NotoSansBengali-Bold.ttf",
    GURMUKHI: "NotoSansGurmukhi-Regular.ttf", GURMUKHI + "-Bold": "NotoSansGurmukhi-Bold.ttf",
    CJK: "DroidSansFallbackFull.ttf",
}

#: Code point ranges of the scripts Noto Sans does not cover, and their font.
_RANGES = (
    (0x0600, 0x06FF, ARABIC), (0x0750, 0x077F, ARABIC), (0x08A0, 0x08FF, ARABIC),
    (0xFB50, 0xFDFF, ARABIC), (0xFE70, 0xFEFF, ARABIC),
    (0x0980, 0x09FF, BENGALI), (0x0A00, 0x0A7F, GURMUKHI),
    (0x2E80, 0x2FDF, CJK), (0x3000, 0x30FF, CJK), (0x3100, 0x31FF, CJK),
    (0x3400, 0x4DBF, CJK), (0x4E00, 0x9FFF, CJK), (0xF900, 0xFAFF, CJK), (0xFF00, 0xFFEF, CJK),
)
_RTL = frozenset({ARABIC})
#: Fonts set as they are, never shaped: a word may then mix them ("王," is a Chinese
#: character and an English comma), which a shaped word cannot.
UNSHAPED = frozenset({FONT, BOLD, ITALIC, CJK})


class _PlainTTFont(TTFont):
    """A font never shaped. Noto Sans: Latin, Cyrillic and Greek need no shaping, and shaping
    would set "fi" as one ligature glyph, which a reader's copy and search then miss. Chinese:
    no shaping needed, and unshaped a word may carry an English comma in the Latin font."""

    def hbFont(self, fontSize=10):  # noqa: N802 - ReportLab's name
        raise AttributeError("not shaped")  # ReportLab then sets the word as it is


@functools.cache
def register() -> None:
    """Register the fonts with ReportLab once (each document calls this first)."""
    for name, filename in FILES.items():
        kind = _PlainTTFont if name in UNSHAPED else TTFont
        pdfmetrics.registerFont(kind(name, str(FOLDER / filename)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, BOLD)
    addMapping(FONT, 0, 1, ITALIC)
    addMapping(FONT, 1, 1, BOLD)
    for script in (ARABIC, BENGALI, GURMUKHI):
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(script, bold, italic, script + "-Bold" if bold else script)
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(CJK, bold, italic, CJK)


def script_font(char: str) -> str | None:
    """The font for a character outside Noto Sans's scripts, or None for the base font."""
    code = ord(char)
    if code < 0x0600:
        return None
    for low, high, font in _RANGES:
        if low <= code <= high:
            return font
    return None


def _neutral(char: str) -> bool:
    return unicodedata.category(char)[0] in "ZPSN" or char in "\u200c\u200d"


@functools.cache
def _has_glyph(font: str, char: str) -> bool:
    register()
    return ord(char) in pdfmetrics.getFont(font).face.charToGlyph



def runs(text: str) -> list[tuple[str, str | None]]:
    """``text`` cut into runs of one font each.

    Spaces between two letters of one script stay with that script (a two-word Arabic name
    is one run), and punctuation touching a run of a shaped script joins it: ReportLab shapes
    a word in its first font, so a shaped word must never mix two (the comma in "Dear
    <name>," would print as a wrong glyph). Beside Chinese, which is not shaped, punctuation
    stays in the Latin font, as English.
    """
    fonts: list[str | None] = []
    for i, char in enumerate(text):
        if not _neutral(char):
            fonts.append(script_font(char))
            continue
        before = fonts[-1] if fonts else None
        after = next((script_font(c) for c in text[i + 1:] if not _neutral(c)), None)
        if char != " " and (before or after):
            # Only a direct neighbour counts: "Dear: <name>" keeps its colon in Latin.
            nxt = script_font(text[i + 1]) if i + 1 < len(text) else None
            touching = before if before is not None and not text[i - 1].isspace() else nxt
            if touching is not None and touching not in UNSHAPED and _has_glyph(
                    touching, char) and (
                    touching not in _RTL or _trailing(text, i)):
                fonts.append(touching)
                continue
        fonts.append(before if before is not None and before == after else None)
    out: list[tuple[str, str | None]] = []
    for char, font in zip(text, fonts, strict=True):
        if out and out[-1][1] == font:
            out[-1] = (out[-1][0] + char, font)
        else:
            out.append((char, font))
    return [(_visual(piece) if font in _RTL else piece, font) for piece, font in out]


def _trailing(text: str, i: int) -> bool:
    """Whether the punctuation at ``i`` ends a word (a comma after a name, not an opening
    bracket): only such punctuation joins a right-to-left run."""
    return i == len(text) - 1 or text[i + 1] == " " or _neutral(text[i + 1])


def _visual(run: str) -> str:
    """A right-to-left run as a left-to-right line shows it: its words in reverse order.

    Each word is shaped right to left on its own. Punctuation that ends the run (the comma
    after a name) belongs to the right of the whole run, so it is put before the run's
    first word, which is set rightmost: shaped right to left, it lands at its right.
    """
    words = run.split(" ")
    last = words[-1]
    core = last.rstrip("".join(c for c in last if _neutral(c)))
    if core and core != last:  # to the right of the whole run: before its first word
        words[-1] = core
        words[0] = last[len(core):] + words[0]
    return " ".join(reversed(words))


def needs_help(text: str) -> bool:
    """Whether any character needs a script font (most text does not: skip the work)."""
    return any(ord(c) >= 0x0600 and script_font(c) for c in text)


#: Set between a shaped run and a letter of another font that touches it ("يوسف's"): a
#: word ReportLab shapes must hold one font only, and a hair space makes two words of it.
SEPARATOR = "\u200a"


def _apart(pieces: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """The runs with a separator wherever a shaped script touches another font's letter."""
    out = list(pieces)
    for n in range(len(out) - 1):
        (left, left_font), (right, right_font) = out[n], out[n + 1]
        shaped = {f for f in (left_font, right_font) if f is not None and f not in UNSHAPED}
        if shaped and left and right and not left[-1].isspace() and not right[0].isspace():
            out[n + 1] = (SEPARATOR + right, right_font)
    return out


def markup(text: str) -> str:
    """Plain text as Paragraph markup: escaped, each script run in its own font."""
    if not needs_help(text):
        return escape(text)
    return "".join(escape(piece) if font is None else
                   f'<font face="{font}">{escape(piece)}</font>'
                   for piece, font in _apart(runs(text)))


_TAG = re.compile(r"(<[^>]*>)")


def mark_markup(markup_text: str) -> str:
    """Paragraph markup with the text between its tags set by script (``markup`` per piece).

    Done for the whole paragraph, not for each name alone: a name and the comma after it
    are one word to ReportLab, which shapes a word in a single font.
    """
    if not needs_help(markup_text):
        return markup_text
    return "".join(part if part.startswith("<") else markup(unescape(part))
                   for part in _TAG.split(markup_text))


#: Characters none of the bundled fonts has, and what is printed in their place (the arrow
#: of "5 school days → 10 school days" would otherwise print as nothing).
STAND_INS = str.maketrans({"\u2192": "->"})


class Paragraph(platypus.Paragraph):
    """ReportLab's Paragraph, with each script in its font (every document uses this one)."""

    def __init__(self, text: str | None, style=None, *args, **kwargs):
        # ReportLab builds the halves of a split paragraph from fragments, with no text.
        super().__init__(text if text is None else mark_markup(text.translate(STAND_INS)),
                         style, *args, **kwargs)


def _words(piece: str, font: str, size: float) -> list[tuple[str, float]]:
    """A script run as words shaped one by one (as a Paragraph sets them) with their widths.

    Shaped here, not by the canvas: without a bidi library ReportLab's canvas would draw
    Arabic letters unjoined and in typing order.
    """
    out = []
    for word in piece.split(" "):
        shaped = shapeStr(word, font, size) if word else word
        data = getattr(shaped, "__shapeData__", None)
        width = (sum(g.x_advance for g in data) * size / 1000 if data
                 else stringWidth(word, font, size))
        out.append((shaped, width))
    return out


def text_width(text: str, font: str, size: float) -> float:
    """The width of a line drawn with ``draw``: each run in its own font."""
    if not needs_help(text):
        return stringWidth(text, font, size)
    total = 0.0
    for piece, run_font in runs(text):
        if run_font is None or run_font in UNSHAPED:
            total += stringWidth(piece, run_font or font, size)
        else:
            words = _words(piece, run_font, size)
            total += sum(w for _, w in words) + (len(words) - 1) * stringWidth(" ", font, size)
    return total


def draw(canvas, x: float, y: float, text: str, font: str, size: float, *,
         align: str = "left") -> None:
    """Draw one line on a canvas, each script in its font, shaped; ``align`` left or right."""
    if align == "right":
        x -= text_width(text, font, size)
    if not needs_help(text):
        canvas.setFont(font, size)
        canvas.drawString(x, y, text)
        return
    space = stringWidth(" ", font, size)
    for piece, run_font in runs(text):
        if run_font is None or run_font in UNSHAPED:
            canvas.setFont(run_font or font, size)
            canvas.drawString(x, y, piece)
            x += stringWidth(piece, run_font or font, size)
            continue
        canvas.setFont(run_font, size)
        for n, (shaped, width) in enumerate(_words(piece, run_font, size)):
            if n:
                x += space
            canvas.drawString(x, y, shaped)
            x += width
    canvas.setFont(font, size)
