"""Families' names in their own scripts: embedded fonts, shaped, right to left where they read so."""

import io

import pypdfium2
from pypdf import PdfReader

from flexidesk.documents import fonts
from flexidesk.documents.fonts import Paragraph
from flexidesk.documents.styles import stylesheet
from flexidesk.documents.templates import Letterhead, PageSetup, build_pdf
from flexidesk.documents.wording import text

NAMES = {  # fictional names as families write them
    "Polish": "Zofia Wójcik-Łęczyńska", "Romanian": "Ștefan Țăranu",
    "Portuguese": "João Gonçalves", "Vietnamese": "Nguyễn Thị Ánh",
    "Russian": "Алексей Смирнов", "Greek": "Γιώργος Παπαδόπουλος",
    "Arabic": "سلمى حداد", "Urdu": "عائشہ خان", "Bengali": "আমিনা বেগম",
    "Punjabi": "ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ", "Chinese": "王小明",
}


def _letter() -> bytes:
    sheet = stylesheet()
    story = [Paragraph(f"Dear {text(name)},", sheet["BodyText"]) for name in NAMES.values()]
    setup = PageSetup(letterhead=Letterhead("Brookfield Test Primary", ["1 Orchard Lane"]),
                      title="Names", address_lines=[NAMES["Arabic"], NAMES["Chinese"],
                                                    "MB9 9ZZ"])
    return build_pdf(setup, story)


def _fonts_used(pdf: bytes) -> set[str]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return {str(f.get_object()["/BaseFont"]).split("+")[-1]
            for f in page["/Resources"]["/Font"].values()}


def test_every_script_is_set_in_an_embedded_font_that_has_it():
    pdf = _letter()
    used = _fonts_used(pdf)
    assert {"NotoSans-Regular", "NotoSansArabic-Regular", "NotoSansBengali-Regular",
            "NotoSansGurmukhi-Regular", "DroidSansFallback"} <= used
    extracted = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for language in ("Polish", "Romanian", "Portuguese", "Vietnamese", "Russian", "Greek",
                     "Chinese"):
        assert NAMES[language] in extracted, language


def test_no_character_falls_back_to_a_missing_glyph():
    from reportlab.pdfbase.pdfmetrics import getFont

    fonts.register()
    for language, name in NAMES.items():
        for piece, font in fonts.runs(name):
            face = getFont(font or fonts.FONT).face
            missing = [c for c in piece if c != " " and ord(c) not in face.charToGlyph]
            assert not missing, (language, missing)


def test_arabic_reads_right_to_left_with_the_comma_after_the_name():
    # Words in reverse order, each shaped right to left; the comma that follows the name
    # goes before the first word, so that shaping sets it at the run's right-hand end.
    assert fonts.runs("Dear سلمى حداد,") == [("Dear ", None), ("حداد ,سلمى", fonts.ARABIC)]
    assert fonts.runs("Re: سلمى") == [("Re: ", None), ("سلمى", fonts.ARABIC)]


def test_a_name_and_the_comma_after_it_are_one_word_in_one_font():
    marked = fonts.mark_markup("Dear <b>আমিনা</b> বেগম, &amp; family")
    assert marked == ('Dear <b><font face="FlexiBengali">আমিনা</font></b> '
                      '<font face="FlexiBengali">বেগম,</font> &amp; family')
    assert fonts.mark_markup("Fish &amp; chips") == "Fish &amp; chips"  # untouched


def test_the_letter_renders_to_a_page_with_ink_for_every_line(tmp_path):
    pdf = _letter()
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=1).to_pil().convert("L")
    image.save(tmp_path / "names.png")  # for a person to look at when this fails
    width, height = image.size
    pixels = image.tobytes()
    inked_rows = [y for y in range(height) if min(pixels[y * width:(y + 1) * width]) < 128]
    assert len(inked_rows) > 11 * 8  # every name line carries ink, not blank boxes alone


def _ink(pdf: bytes):
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=1).to_pil().convert("L")
    width, height = image.size
    pixels = image.tobytes()
    columns = [x for x in range(width)
               if min(pixels[y * width + x] for y in range(height)) < 128]
    return image, min(columns), max(columns) + 1


def _drawn(text: str, on_canvas: bool) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 60))
    if on_canvas:
        fonts.register()
        fonts.draw(canvas, 0, 20, text, fonts.FONT, 30)
    else:
        style = stylesheet()["BodyText"].clone("Big", fontSize=30, leading=36)
        paragraph = Paragraph(text, style)
        paragraph.wrapOn(canvas, 390, 50)
        paragraph.drawOn(canvas, 0, 10)
    canvas.save()
    return buffer.getvalue()


def _distance(a: bytes, b: bytes) -> int:
    return sum(abs(p - q) for p, q in zip(a, b, strict=True))


def test_the_first_arabic_word_is_set_rightmost_in_paragraphs_and_address_blocks():
    for on_canvas in (False, True):
        word, left, right = _ink(_drawn("حداد", on_canvas))
        alone = word.crop((left, 0, right, word.height)).tobytes()
        line, left, right = _ink(_drawn("حداد سلمى", on_canvas))
        width = len(alone) // word.height

        at_right = line.crop((right - width, 0, right, line.height)).tobytes()
        at_left = line.crop((left, 0, left + width, line.height)).tobytes()
        # Read right to left: the first word typed is the one at the right-hand end.
        assert _distance(alone, at_right) < _distance(alone, at_left) / 2, on_canvas


def test_a_paragraph_split_across_pages_keeps_its_text():
    """ReportLab splits a long paragraph by building its halves from fragments (no text)."""
    from reportlab.lib.styles import getSampleStyleSheet

    from flexidesk.documents.fonts import Paragraph

    para = Paragraph("Zofia Wiśniewska " * 200, getSampleStyleSheet()["BodyText"])
    para.wrap(400, 10_000)
    halves = para.split(400, 100)
    assert len(halves) == 2
    assert all(isinstance(half, Paragraph) for half in halves)


def test_every_document_sets_its_text_one_way():
    """Text reaches a page only through fonts.Paragraph or fonts.draw, which set each script
    in its font: ReportLab's own Paragraph and drawString print an Arabic name as nothing."""
    import ast
    from pathlib import Path

    import flexidesk.documents as package

    # The subject access pack's footer belongs to another piece of #20 (its privacy).
    allowed = {"fonts.py", "subject_access.py"}
    for module in sorted(Path(package.__file__).parent.glob("*.py")):
        if module.name in allowed:
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reportlab"):
                assert "Paragraph" not in {a.name for a in node.names}, module.name
            if isinstance(node, ast.Attribute):
                assert node.attr not in ("drawString", "drawRightString",
                                         "drawCentredString"), module.name
