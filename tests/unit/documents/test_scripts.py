"""Families' names in their own scripts: embedded fonts, shaped, right to left where they read so."""

import io

import pypdfium2
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from flexidesk.documents import fonts
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


def test_arabic_reads_right_to_left_and_punctuation_stays_outside_the_shaped_word():
    assert fonts.runs("Dear سلمى حداد,") == [("Dear ", None), ("حداد سلمى", fonts.ARABIC),
                                              (",", None)]
    marked = fonts.markup("سلمى حداد")
    assert marked == '\u200a<font face="FlexiArabic">حداد سلمى</font>\u200a'
    assert fonts.markup("Fish & <chips>") == "Fish &amp; &lt;chips&gt;"  # still escaped


def test_the_letter_renders_to_a_page_with_ink_for_every_line(tmp_path):
    pdf = _letter()
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=1).to_pil().convert("L")
    image.save(tmp_path / "names.png")  # for a person to look at when this fails
    width, height = image.size
    pixels = image.tobytes()
    inked_rows = [y for y in range(height) if min(pixels[y * width:(y + 1) * width]) < 128]
    assert len(inked_rows) > 11 * 8  # every name line carries ink, not blank boxes alone
