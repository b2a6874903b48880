"""Page templates: a first page with the school's letterhead, address block and date; a continuation page.

Every page carries a small "Page x of y" footer. Documents are built in invariant mode
with fixed metadata, so the same content always gives byte-identical PDFs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from io import BytesIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import Flowable

from flexidesk.documents import fonts
from flexidesk.documents.address import ADDRESS_LEFT, ADDRESS_TOP, fit_address
from flexidesk.documents.styles import BOLD, FONT, INK, MUTED, RULE, stylesheet
from flexidesk.i18n import _, current_locale, using_locale

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 12 * mm
MARGIN_BOTTOM = 18 * mm
BODY_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
LETTERHEAD_HEIGHT = 24 * mm  # from the top margin to the rule under the letterhead
#: The locale each language of a letter is written in.
LETTER_LOCALES = {"en": "en_GB", "cy": "cy_GB"}
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


def contact_lines(head: Letterhead) -> list[tuple[str, str]]:
    """The school's telephone, email and website with their labels: only those it has."""
    return [(label, value.strip()) for label, value in (
        (_("Telephone"), head.phone), (_("Email"), head.email), (_("Website"), head.website))
        if (value or "").strip()]


def _draw_contact(canvas: Canvas, lines: list[tuple[str, str]], style, right: float,
                  top: float, width: float) -> None:
    """Each contact on one line, its label beside it: a long email is set smaller (to 7 pt)
    rather than wrapped away from "Email:", and past that shows without its label."""
    canvas.setFillColor(style.textColor)
    y = top - style.fontSize
    for label, value in lines:
        line, size = f"{label}: {value}", style.fontSize
        while size > 7 and fonts.text_width(line, style.fontName, size) > width:
            size -= 0.25
        if fonts.text_width(line, style.fontName, size) > width:
            line = value
        fonts.draw(canvas, right, y, line, style.fontName, size, align="right")
        y -= style.leading


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
    # The contact column widens (to 90 mm) for a long email rather than split it from "Email:".
    contact_style = sheet["SchoolContact"]
    contact_width = min(max([62 * mm] + [
        fonts.text_width(f"{label}: {value}", contact_style.fontName, contact_style.fontSize)
        for label, value in contact_lines(head)]), 90 * mm)
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
    _draw_contact(canvas, contact_lines(head), sheet["SchoolContact"], right, top - 2,
                  contact_width)
    rule_y = PAGE_HEIGHT - MARGIN_TOP - LETTERHEAD_HEIGHT
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN_LEFT, rule_y, right, rule_y)


def _draw_address_and_date(canvas: Canvas, setup: PageSetup, sheet,
                           address: Sequence[str]) -> None:
    top = PAGE_HEIGHT - ADDRESS_TOP
    if address:
        style = sheet["Address"]
        canvas.setFillColor(style.textColor)
        y = top - style.fontSize
        for line in address:
            fonts.draw(canvas, ADDRESS_LEFT, y, line, style.fontName, style.fontSize)
            y -= style.leading
    if setup.date_text:
        _lines(canvas, [setup.date_text], sheet["Date"], PAGE_WIDTH - MARGIN_RIGHT - 60 * mm,
               top, 60 * mm, align="right")


def first_frame_top(setup: PageSetup, sheet=None, address: Sequence[str] | None = None) -> float:
    """Where the story starts on the first page: under the address block when there is one.

    Counted as drawn, after wrapping: a long line of an address takes two, and the letter
    must start below the postcode, not over it.
    """
    style = (sheet or stylesheet())["Address"]
    drawn = list(address) if address is not None else (
        fit_address(setup.address_lines, style) if setup.address_lines else [])
    if drawn:
        return PAGE_HEIGHT - ADDRESS_TOP - max(len(drawn), 3) * style.leading - style.spaceAfter
    if setup.date_text:
        return PAGE_HEIGHT - ADDRESS_TOP - 8 * mm
    return PAGE_HEIGHT - MARGIN_TOP - LETTERHEAD_HEIGHT - 6 * mm


@dataclass
class Part:
    """One language's half of a copy: its story and its running header."""

    story: list[Flowable]
    language: str = ""  # "en" or "cy"; "" for the language in force
    header_text: str = ""


@dataclass
class Copy:
    """One household's copy of a letter: its address block and its parts (a language each)."""

    address_lines: Sequence[str] = ()
    parts: list[Part] = field(default_factory=list)


class _Mark(ActionFlowable):
    """Where a part begins: the pages from here on belong to this copy and language."""

    def __init__(self, copy: int, part: Part):
        super().__init__()
        self.copy, self.part = copy, part

    def apply(self, doc) -> None:
        doc.current = (self.copy, self.part.language, self.part.header_text)
        doc.shared_header = None


class SharedHeader(ActionFlowable):
    """From the next page on, the running header is ``text`` (a bilingual document's
    signatures, shared by both halves: "Cytundeb … / Agreement …"). The page where it
    stands keeps the header of the text it ends."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def apply(self, doc) -> None:
        doc.shared_header = (doc.page, self.text)


class _NumberedCanvas(Canvas):
    """Holds each page until the end so every footer can say 'Page x of y' (of its copy)."""

    def __init__(self, *args, footer: Callable[[Canvas, int, int, str], None], **kwargs):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict] = []
        self.flexi_page: tuple[int, str] = (0, "")

    def showPage(self):  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        copies = [state["flexi_page"][0] for state in self._pages]
        number: dict[int, int] = {}
        for state in self._pages:
            copy, language = state["flexi_page"]
            number[copy] = number.get(copy, 0) + 1
            self.__dict__.update(state)
            self._footer(self, number[copy], copies.count(copy), language)
            super().showPage()
        super().save()


class SchoolDocTemplate(BaseDocTemplate):
    """A4 with the school's letterhead on page one and a slim header on the pages after it.

    Each household's copy starts on a first page of its own (its address in the window) and
    is numbered on its own; a bilingual copy's pages each carry the header and page word of
    the language they are in.
    """

    def __init__(self, buffer: BytesIO, setup: PageSetup, **kwargs):
        self.setup = setup
        self.sheet = kwargs.pop("sheet", None) or stylesheet()
        copies: Sequence[Copy] = kwargs.pop("copies", None) or [
            Copy(setup.address_lines, [Part([], "", setup.header_text)])]
        super().__init__(
            buffer, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
            title=setup.title, author=setup.letterhead.name, subject=setup.title,
            creator="FlexiDesk", producer="FlexiDesk", keywords="",
            invariant=1,  # fixed dates and document id: the same content, the same bytes
            **kwargs)
        self.current: tuple[int, str, str] = (0, "", setup.header_text)
        self.shared_header: tuple[int, str] | None = None
        style = self.sheet["Address"]
        self.addresses = [fit_address(c.address_lines, style) if c.address_lines else []
                          for c in copies]
        later_top = PAGE_HEIGHT - MARGIN_TOP - CONTINUATION_HEADER
        later = Frame(MARGIN_LEFT, MARGIN_BOTTOM, BODY_WIDTH, later_top - MARGIN_BOTTOM,
                      id="later", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates = []
        for n, address in enumerate(self.addresses):
            first_top = first_frame_top(setup, self.sheet, address)
            first = Frame(MARGIN_LEFT, MARGIN_BOTTOM, BODY_WIDTH, first_top - MARGIN_BOTTOM,
                          id=f"first{n}", leftPadding=0, rightPadding=0, topPadding=0,
                          bottomPadding=0)
            templates.append(PageTemplate(
                id=f"First{n}", frames=[first], autoNextPageTemplate="Later",
                onPage=functools.partial(self._first_page, address=address),
                onPageEnd=self._page_end))
        templates.append(PageTemplate(id="Later", frames=[later], onPageEnd=self._later_page))
        self.addPageTemplates(templates)

    def _first_page(self, canvas: Canvas, _doc, *, address: Sequence[str]) -> None:
        canvas.saveState()
        _draw_letterhead(canvas, self.setup, self.sheet)
        _draw_address_and_date(canvas, self.setup, self.sheet, address)
        canvas.restoreState()

    def _page_end(self, canvas: Canvas, _doc) -> None:
        canvas.flexi_page = self.current[:2]

    def _later_page(self, canvas: Canvas, _doc) -> None:
        self._page_end(canvas, _doc)
        canvas.saveState()
        top = PAGE_HEIGHT - MARGIN_TOP
        text = self.setup.letterhead.name
        header = self.current[2]
        if self.shared_header is not None and self.page > self.shared_header[0]:
            header = self.shared_header[1]
        if header:
            text = f"{text} \u00b7 {header}"
        canvas.setFillColor(MUTED)
        fonts.draw(canvas, MARGIN_LEFT, top - 9, text, FONT, 8.5)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_LEFT, top - 13, PAGE_WIDTH - MARGIN_RIGHT, top - 13)
        canvas.restoreState()

    def _footer(self, canvas: Canvas, number: int, total: int, language: str) -> None:
        canvas.saveState()
        canvas.setFillColor(MUTED)
        with using_locale(LETTER_LOCALES.get(language, current_locale())):
            words = _("Page {page} of {pages}").format(page=number, pages=total)
        fonts.draw(canvas, PAGE_WIDTH - MARGIN_RIGHT, MARGIN_BOTTOM - 9 * mm, words, FONT, 8,
                   align="right")
        if self.setup.marking:
            canvas.setFillColor(INK)
            fonts.draw(canvas, MARGIN_LEFT, MARGIN_BOTTOM - 9 * mm, self.setup.marking.upper(),
                       BOLD, 8)
        canvas.restoreState()

    def build_story(self, story: list[Flowable]) -> None:
        """Lay out ``story`` on the pages (numbered 'x of y' once the count is known)."""
        self.build(story, canvasmaker=functools.partial(_NumberedCanvas, footer=self._footer))


def copies_story(copies: Sequence[Copy]) -> list[Flowable]:
    """The one story of every copy and part: each copy from its own first page, each part
    from a new page, each marked so that its pages carry its header and page word."""
    story: list[Flowable] = []
    for n, copy in enumerate(copies):
        for m, part in enumerate(copy.parts):
            if n or m:
                if not m:
                    story.append(NextPageTemplate(f"First{n}"))
                story.append(PageBreak())
            story.append(_Mark(n, part))
            story += part.story
    return story


def build_copies(setup: PageSetup, copies: Sequence[Copy], sheet=None) -> bytes:
    """The PDF of every household's copy, each with its own address and page numbers."""
    copies = list(copies) or [Copy(setup.address_lines, [])]
    buffer = BytesIO()
    SchoolDocTemplate(buffer, setup, copies=copies, sheet=sheet).build_story(
        copies_story(copies))
    return buffer.getvalue()


def build_pdf(setup: PageSetup, story: list[Flowable]) -> bytes:
    """The PDF bytes of ``story`` on the school's pages (one copy, in the language in force)."""
    return build_copies(setup, [Copy(setup.address_lines, [Part(story, "",
                                                                setup.header_text)])])
