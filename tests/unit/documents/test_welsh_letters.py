"""Letters to families in Welsh, in English, or both (Welsh first), as the school chooses."""

import datetime as dt

import pytest

from flexidesk.documents.render import build_params, render
from flexidesk.i18n import _, current_locale, format_money, set_locale
from flexidesk.policy import flexi
from flexidesk.policy.records.access import PolicyError
from flexidesk.policy.school.preferences import set_letter_language
from tests.unit.documents import flexi_data as fd
from tests.unit.documents.flexi_data import pdf_text

LETTER_DAY = dt.date(2026, 11, 20)


@pytest.fixture
def invited(school, head):
    fd.dress_school()
    pupil, mum, dad = fd.family()
    request = flexi.receive_request(head, pupil_id=pupil.id, adult_ids=[mum.id, dad.id],
                                    received_on=dt.date(2026, 11, 2), sessions=["mon_pm"],
                                    reasons="Learning outdoors.")
    flexi.arrange_meeting(head, request.id, meeting_date=dt.date(2026, 11, 24),
                          meeting_time=dt.time(9, 15), place="Room 4")
    return request


def _invitation(request) -> str:
    params = build_params(fd.writer(), "flexi_invitation", request_id=request.id,
                          letter_date=LETTER_DAY)
    return pdf_text(render("flexi_invitation", params))


def test_a_welsh_school_sends_the_invitation_in_welsh(head, invited):
    set_letter_language(head, "cy")
    text = " ".join(_invitation(invited).split())
    assert "Gwahoddiad i gyfarfod" in text
    assert "Annwyl" in text
    assert "addysg hyblyg" in text
    assert "Dydd Gwener 20 Tachwedd 2026" in text  # the letter's date, by Babel for cy_GB
    assert "Dydd Mawrth 24 Tachwedd 2026" in text  # the meeting
    assert "Yn gywir," in text
    assert "Annwyl Mrs a Mr Ashby," in text  # one surname, the names joined in Welsh too
    assert "Yours sincerely" not in text
    assert "Tudalen 1 o" in text and "Page 1 of" not in text
    assert current_locale() == "en_GB"  # the screen stays in the user's language


def test_a_bilingual_letter_gives_the_welsh_first_then_the_english(head, invited):
    set_letter_language(head, "cy+en")
    text = " ".join(_invitation(invited).split())
    assert text.index("Annwyl") < text.index("Dear ")
    assert text.index("Yn gywir,") < text.index("Yours sincerely,")
    assert "Tuesday 24 November 2026" in text  # the English half, dates in English


def test_english_stays_the_default(head, invited):
    text = _invitation(invited)
    assert "Dear " in text and "Annwyl" not in text


def test_the_letter_language_must_be_one_the_school_can_send(head):
    with pytest.raises(PolicyError, match="English, in Welsh, or in both"):
        set_letter_language(head, "fr")


def test_money_and_dates_follow_babel_for_welsh():
    set_locale("cy")
    assert current_locale() == "cy_GB"
    assert format_money(123456) == "£1,234.56"
    assert _("Yours sincerely,") == "Yn gywir,"


def _drawable(font_name: str) -> set[str]:
    """The characters ReportLab can draw in ``font_name`` (a TrueType font or a standard one)."""
    from reportlab.pdfbase.pdfmetrics import getFont

    font = getFont(font_name)
    face = getattr(font, "face", None)
    if hasattr(face, "charToGlyph"):  # an embedded TrueType font: its own character map
        return {chr(code) for code in face.charToGlyph}
    # The standard 14 fonts draw WinAnsi (cp1252) only.
    return {chr(code) for code in range(0x20, 0x250)
            if chr(code).encode("cp1252", errors="ignore")}


def test_the_letter_fonts_draw_every_welsh_letter():
    from flexidesk.documents import styles

    welsh = set("ŵŷŴŶâêîôûÂÊÎÔÛäëïöüáéíóú")
    for name in (styles.FONT, styles.BOLD):
        missing = welsh - _drawable(name)
        assert not missing, f"{name} cannot draw: {''.join(sorted(missing))}"


def test_names_are_joined_the_welsh_way_ac_before_a_vowel():
    from flexidesk.documents.wording import names_list

    set_locale("cy")
    assert names_list(["Mrs Ashby", "Mr Ashby"]) == "Mrs Ashby a Mr Ashby"
    assert names_list(["Mrs Ashby", "Anna Jones"]) == "Mrs Ashby ac Anna Jones"
    set_locale("en")
    assert names_list(["Mrs Ashby", "Anna Jones", "Owen Ashby"]) == \
        "Mrs Ashby, Anna Jones and Owen Ashby"
