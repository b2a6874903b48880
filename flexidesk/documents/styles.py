"""The one stylesheet every FlexiDesk document uses (Noto Sans, shipped inside the package)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm

from flexidesk.documents import fonts

#: The school's ink: headings, rules and table heads share it so letters look of a piece.
INK = colors.HexColor("#1F3A5F")
#: A quiet tint for table heads and the home sessions of a pattern.
TINT = colors.HexColor("#E6EDF5")
RULE = colors.HexColor("#9AAABB")
MUTED = colors.HexColor("#555F6B")

FONT, BOLD, ITALIC = fonts.FONT, fonts.BOLD, fonts.ITALIC


def stylesheet(*, condensed: bool = False) -> StyleSheet1:
    """A fresh stylesheet (styles are mutable, so every document gets its own copy).

    The usual ReportLab names (Normal, BodyText, Title, Heading1, Heading2) are kept so
    other documents can ask for them; letter-specific styles carry descriptive names.
    ``condensed`` sets the text a little closer (a point less leading, less space between
    paragraphs): for a letter whose signature would otherwise stand on a page of its own.
    """
    fonts.register()
    sheet = StyleSheet1()
    # shaping: uharfbuzz joins Arabic letters and forms Bengali and Gurmukhi conjuncts.
    close = 0.6 if condensed else 1.0  # how much of the usual space between paragraphs
    normal = ParagraphStyle("Normal", fontName=FONT, fontSize=10.5,
                            leading=12.75 if condensed else 13.5, textColor=colors.black,
                            shaping=1)
    sheet.add(normal)
    sheet.add(ParagraphStyle("BodyText", parent=normal, spaceAfter=5 * close), alias="Body")
    # Headings keep with what follows them: none is left alone at the foot of a page.
    sheet.add(ParagraphStyle("Title", parent=normal, fontName=BOLD, fontSize=17, leading=21,
                             textColor=INK, spaceAfter=8, alignment=TA_LEFT, keepWithNext=1))
    sheet.add(ParagraphStyle("Heading1", parent=normal, fontName=BOLD, fontSize=13.5,
                             leading=17, textColor=INK, spaceBefore=8, spaceAfter=5,
                             keepWithNext=1), alias="h1")
    sheet.add(ParagraphStyle("Heading2", parent=normal, fontName=BOLD, fontSize=11,
                             leading=14.5, textColor=INK, spaceBefore=7 * close, spaceAfter=3,
                             keepWithNext=1), alias="h2")
    sheet.add(ParagraphStyle("Reference", parent=normal, fontName=BOLD, spaceBefore=2,
                             spaceAfter=9 * close))
    sheet.add(ParagraphStyle("Bullet", parent=sheet["BodyText"], leftIndent=14, bulletIndent=3,
                             bulletColor=INK, bulletFontSize=9, spaceAfter=3 * close))
    sheet.add(ParagraphStyle("Clause", parent=sheet["BodyText"], leftIndent=18,
                             firstLineIndent=0, spaceAfter=5))
    sheet.add(ParagraphStyle("ClauseHeading", parent=sheet["Heading2"], leftIndent=0))
    sheet.add(ParagraphStyle("ClauseBullet", parent=sheet["Bullet"], leftIndent=32,
                             bulletIndent=21))
    sheet.add(ParagraphStyle("Quote", parent=sheet["BodyText"], leftIndent=14,
                             fontName=ITALIC, textColor=MUTED))
    sheet.add(ParagraphStyle("Cell", parent=normal, fontSize=9.5, leading=12.5))
    # A label never breaks inside a word ("Swyddoga-eth"): its column is made wide enough.
    sheet.add(ParagraphStyle("CellHead", parent=normal, fontName=BOLD, fontSize=9.5,
                             leading=12.5, textColor=INK, splitLongWords=0))
    sheet.add(ParagraphStyle("CellCentre", parent=normal, fontSize=9.5, leading=12.5,
                             alignment=TA_CENTER))
    sheet.add(ParagraphStyle("CellHeadCentre", parent=sheet["CellHead"], alignment=TA_CENTER))
    sheet.add(ParagraphStyle("Signature", parent=normal, spaceBefore=2, spaceAfter=0))
    # Letterhead, address block and date are drawn by the page template with these.
    sheet.add(ParagraphStyle("SchoolName", parent=normal, fontName=BOLD, fontSize=16,
                             leading=19, textColor=INK))
    sheet.add(ParagraphStyle("SchoolDetail", parent=normal, fontSize=8.5, leading=11,
                             textColor=MUTED))
    sheet.add(ParagraphStyle("SchoolContact", parent=sheet["SchoolDetail"], alignment=TA_RIGHT))
    # spaceAfter: the gap between the address block and the start of the letter.
    sheet.add(ParagraphStyle("Address", parent=normal, fontSize=10.5, leading=13.5,
                             spaceAfter=(5 if condensed else 8) * mm))
    sheet.add(ParagraphStyle("Date", parent=normal, alignment=TA_RIGHT))
    sheet.add(ParagraphStyle("Small", parent=normal, fontSize=8, leading=10, textColor=MUTED))
    return sheet
