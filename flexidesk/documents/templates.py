"""Page templates: a first page with the school's letterhead, address block and date; a continuation page.

Every page carries a small "Page x of y" footer. Documents are built in invariant mode
with fixed metadata, so the same content always gives byte-identical PDFs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.flowables import Flowable

from flexidesk.documents import fonts
from flexidesk.documents.styles import BOLD, FONT, INK, MUTED, RULE, stylesheet
from flexidesk.i18n import _

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 12 * mm
MARGIN_BOTTOM = 18 * mm
BODY_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
LETTERHEAD_HEIGHT = 24 * mm  # from the top margin to the rule under the letterhead
ADDRESS_TOP = 44 * mm  # from the page's top edge: where a windowed envelope shows it
ADDRESS_WIDTH = 95 * mm  # the envelope window
CONTINUATION_HEADER = 14 * mm
LOGO_MAX_W, LOGO_MAX_H = 42 * mm, 22 * mm


@dataclass(frozen=True)
class Letterhead:
    """What the top of the first page shows about the school."""

    name: str
    address_lines: Sequence[str] = ()
    phone: str = ""
    email: str = ""
    website: str = ""
    logo: bytes | None = None


@dataclass
class PageSetup:
    """Everything the page templates draw around the story (already plain text, not markup)."""

    letterhead: Letterhead
    title: str  # the PDF's title and the continuation header
    address_lines: Sequence[str] = ()  # the family's address block; empty for no block
    date_text: str = ""
    header_text: str = ""  # shown after the school's name on continuation pages
    marking: str = ""  # a protective marking ("Confidential: ...") at the foot of every page


def _wrap(lines: Sequence[str], style, width: float, max_lines: int = 8) -> list[str]:
    """The lines as drawn: each wrapped to ``width``, at most ``max_lines`` in all."""
    wrapped: list[str] = []
    for line in lines:
        wrapped += simpleSplit(line, style.fontName, style.fontSize, width) or [""]
    return wrapped[:max_lines]


def _lines(canvas: Canvas, lines: Sequence[str], style, x: float, top: float, width: float,
           *, align: str = "left", max_lines: int = 8) -> float:
    """Draw plain text lines (wrapped to ``width``) with the first baseline under ``top``.

    Plain canvas text, not Paragraphs: the letterhead is drawn on every letter and this is
    several times faster, with nothing in it to interpret as markup.
    """
    wrapped = _wrap(lines, style, width, max_lines)
    canvas.setFillColor(style.textColor)
    y = top - style.fontSize
    for line in wrapped:
        fonts.draw(canvas, x + width if align == "right" else x, y, line, style.fontName,
                   style.fontSize, align=align)
        y -= style.leading
    return len(wrapped) * style.leading


def _logo_reader(data: bytes | None) -> ImageReader | None:
    """The logo as ReportLab can draw it, or None when there is none or it cannot be read."""
    if not data:
        return None
    try:
        reader = ImageReader(BytesIO(data))
        reader.getSize()
    except Exception:  # noqa: BLE001 - a damaged logo must never stop a letter
        return None
    return reader


def _draw_letterhead(canvas: Canvas, setup: PageSetup, sheet) -> None:
    head = setup.letterhead
    top = PAGE_HEIGHT - MARGIN_TOP
    right = PAGE_WIDTH - MARGIN_RIGHT
    left = MARGIN_LEFT
    logo = _logo_reader(head.logo)
    if logo is not None:  # the logo leads on the left; the school's name sits beside it
        width, height = logo.getSize()
        scale = min(LOGO_MAX_W / width, LOGO_MAX_H / height)
        logo_w, logo_h = width * scale, height * scale
        canvas.drawImage(logo, left, top - logo_h, logo_w, logo_h, mask="auto")
        left += logo_w + 5 * mm
    contact_width = 62 * mm
    name_width = right - contact_width - 4 * mm - left
    name_style = sheet["SchoolName"]
    size = name_style.fontSize
    # A long name is set smaller (one line down to 13 pt, then two lines down to 10 pt)
    # rather than run into the contact details or lose its end.
    while size > 13 and stringWidth(head.name, name_style.fontName, size) > name_width:
        size -= 0.5
    while size > 10 and len(simpleSplit(head.name, name_style.fontName, size, name_width)) > 2:
        size -= 0.5
    name_style = ParagraphStyle("SchoolNameFitted", parent=name_style, fontSize=size,
                                leading=size * 1.2)
    used = _lines(canvas, [head.name], name_style, left, top, name_width, max_lines=3)
    address = [line for line in head.address_lines if line]
    if len(address) > 3:  # a long address runs on, so the letterhead keeps its height
        address = [", ".join(address)]
    _lines(canvas, address, sheet["SchoolDetail"], left, top - used - 1, name_width,
           max_lines=3)
    contact = [f"{label}: {value}" for label, value in (
        (_("Telephone"), head.phone), (_("Email"), head.email), (_("Website"), head.website))
        if value]
    _lines(canvas, contact, sheet["SchoolContact"], right - contact_width, top - 2,
           contact_width, align="right", max_lines=4)
    rule_y = PAGE_HEIGHT - MARGIN_TOP - LETTERHEAD_HEIGHT
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN_LEFT, rule_y, right, rule_y)


def _draw_address_and_date(canvas: Canvas, setup: PageSetup, sheet) -> None:
    top = PAGE_HEIGHT - ADDRESS_TOP
    if setup.address_lines:
        _lines(canvas, [line for line in setup.address_lines if line], sheet["Address"],
               MARGIN_LEFT, top, ADDRESS_WIDTH)
    if setup.date_text:
        _lines(canvas, [setup.date_text], sheet["Date"], PAGE_WIDTH - MARGIN_RIGHT - 70 * mm,
               top, 70 * mm, align="right")


def first_frame_top(setup: PageSetup, sheet=None) -> float:
    """Where the story starts on the first page: under the address block when there is one.

    Counted as drawn, after wrapping: a long line of an address takes two, and the letter
    must start below the postcode, not over it.
    """
    if setup.address_lines:
        style = (sheet or stylesheet())["Address"]
        drawn = _wrap([line for line in setup.address_lines if line], style, ADDRESS_WIDTH)
        return PAGE_HEIGHT - ADDRESS_TOP - max(len(drawn), 3) * style.leading - 8 * mm
    if setup.date_text:
        return PAGE_HEIGHT - ADDRESS_TOP - 8 * mm
    return PAGE_HEIGHT - MARGIN_TOP - LETTERHEAD_HEIGHT - 6 * mm


class _NumberedCanvas(Canvas):
    """Holds each page until the end so every footer can say 'Page x of y'."""

    def __init__(self, *args, footer: Callable[[Canvas, int, int], None], **kwargs):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._footer(self, number, total)
            super().showPage()
        super().save()


class SchoolDocTemplate(BaseDocTemplate):
    """A4 with the school's letterhead on page one and a slim header on the pages after it."""

    def __init__(self, buffer: BytesIO, setup: PageSetup, **kwargs):
        self.setup = setup
        self.sheet = kwargs.pop("sheet", None) or stylesheet()
        super().__init__(
            buffer, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
            title=setup.title, author=setup.letterhead.name, subject=setup.title,
            creator="FlexiDesk", producer="FlexiDesk", keywords="",
            invariant=1,  # fixed dates and document id: the same content, the same bytes
            **kwargs)
        first_top = first_frame_top(setup, self.sheet)
        first = Frame(MARGIN_LEFT, MARGIN_BOTTOM, BODY_WIDTH, first_top - MARGIN_BOTTOM,
                      id="first", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        later_top = PAGE_HEIGHT - MARGIN_TOP - CONTINUATION_HEADER
        later = Frame(MARGIN_LEFT, MARGIN_BOTTOM, BODY_WIDTH, later_top - MARGIN_BOTTOM,
                      id="later", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate(id="First", frames=[first], onPage=self._first_page,
                         autoNextPageTemplate="Later"),
            PageTemplate(id="Later", frames=[later], onPage=self._later_page),
        ])

    def _first_page(self, canvas: Canvas, _doc) -> None:
        canvas.saveState()
        _draw_letterhead(canvas, self.setup, self.sheet)
        _draw_address_and_date(canvas, self.setup, self.sheet)
        canvas.restoreState()

    def _later_page(self, canvas: Canvas, _doc) -> None:
        canvas.saveState()
        top = PAGE_HEIGHT - MARGIN_TOP
        text = self.setup.letterhead.name
        if self.setup.header_text:
            text = f"{text} \u00b7 {self.setup.header_text}"
        canvas.setFillColor(MUTED)
        fonts.draw(canvas, MARGIN_LEFT, top - 9, text, FONT, 8.5)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_LEFT, top - 13, PAGE_WIDTH - MARGIN_RIGHT, top - 13)
        canvas.restoreState()

    def _footer(self, canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, MARGIN_BOTTOM - 9 * mm,
                               _("Page {page} of {pages}").format(page=number, pages=total))
        if self.setup.marking:
            canvas.setFillColor(INK)
            fonts.draw(canvas, MARGIN_LEFT, MARGIN_BOTTOM - 9 * mm, self.setup.marking.upper(),
                       BOLD, 8)
        canvas.restoreState()

    def build_story(self, story: list[Flowable]) -> None:
        """Lay out ``story`` on the pages (numbered 'x of y' once the count is known)."""
        self.build(story, canvasmaker=functools.partial(_NumberedCanvas, footer=self._footer))


def build_pdf(setup: PageSetup, story: list[Flowable]) -> bytes:
    """The PDF bytes of ``story`` on the school's pages."""
    buffer = BytesIO()
    SchoolDocTemplate(buffer, setup).build_story(story)
    return buffer.getvalue()
