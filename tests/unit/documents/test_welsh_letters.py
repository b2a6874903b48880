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
    import io

    from pypdf import PdfReader

    set_letter_language(head, "cy")
    params = build_params(head, "flexi_invitation", request_id=invited.id, letter_date=LETTER_DAY)
    pdf = render("flexi_invitation", params)
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "Gwahoddiad i gyfarfod"
    text = " ".join(_invitation(invited).split())
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


# --- Welsh a Welsh-speaking parent would not wince at -------------------------------------


@pytest.fixture
def zofia(head):
    """The Wójcik family (Latin script), with every kind of document to write."""
    from tests.unit.documents import world as w

    return w.make_world(head, "latin")


def _pdf(head, world, kind, language="cy") -> bytes:
    from tests.unit.documents import world as w

    set_letter_language(head, language)
    return render(kind, w.params_of(kind, world, head))


def _welsh(head, world, kind, language="cy") -> str:
    return pdf_text(_pdf(head, world, kind, language))


def _pages(pdf: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_values_after_ar_o_i_and_gyda_mutate_and_dydd_is_lower_case(head, zofia):
    invitation = _welsh(head, zofia, "flexi_invitation")
    assert "Cawsom eich cais ar ddydd Llun 2 Tachwedd 2026" in invitation
    assert "gael dysgu gartref ar ddydd Llun (prynhawn)" in invitation
    assert "ar Dydd" not in invitation and "ar dydd" not in invitation
    agreement = _welsh(head, zofia, "ap_placement_agreement")
    assert "O ddydd Llun 2 Tachwedd 2026 i ddydd Gwener 29 Ionawr 2027" in agreement


def test_a_catalogue_name_is_in_welsh_and_mutates_after_gyda(head, school):
    from flexidesk.documents.provision_letter import next_step

    set_locale("cy")
    params = {"child": {"first_name": "Tomasz"}, "intervention": "Games Club", "ended": False,
              "score": 1, "next_review": "2027-01-08"}
    assert next_step(params) == ("Bydd Tomasz yn parhau gyda Chlwb Gemau, a byddwn yn ei "
                                 "adolygu eto ar ddydd Gwener 8 Ionawr 2027.")
    declined = {**params, "score": -2}
    assert "i Glwb Gemau am y tro" in next_step(declined)
    set_locale("en")


def test_a_name_starting_with_a_vowel_takes_ag_and_keeps_its_letter(head):
    from flexidesk.i18n.welsh import gettext

    set_locale("cy")
    clause = gettext("The school will tell the family in good time about trips, performances, "
                     "visitors and other special events, and about statutory assessments and "
                     "tests. When one of these falls on a home session, the family will bring "
                     "{child} into school for it wherever possible.")
    assert "bydd y teulu'n dod ag Emre i'r ysgol" in clause.format(child="Emre")
    assert "yn digwydd ar sesiwn gartref" in clause.format(child="Emre")
    set_locale("en")


def test_pennaeth_catalogue_names_and_a_in_welsh_letters(head, zofia):
    letter = _welsh(head, zofia, "flexi_invitation")
    assert "Mrs Anna Wójcik" in letter and "Pennaeth" in letter
    assert "Headteacher" not in letter  # under the signature and in the details table
    assert "drwy e-bost at office@brookfield.example" in letter
    pupil, mum, dad = fd.family(upn="T000000000999", first="Elin", preferred=None)
    request = fd.declined_request(head, pupil, [mum, dad])
    params = build_params(head, "flexi_decision", request_id=request.id, letter_date=LETTER_DAY)
    declined = pdf_text(render("flexi_decision", params))
    assert "Grŵp Meithrin: A small, calm group every morning" in declined
    assert "Mrs Hazel Ashby a Mr Owen Ashby" in declined  # "a", not "and", in the address
    assert " and " not in declined.split("Annwyl")[0]


def test_the_reviewers_wording(head, zofia):
    agreed = _welsh(head, zofia, "flexi_decision")
    assert "byddwn yn holi amdano'r un diwrnod" in agreed
    assert "bydd yn yr ysgol ar bob adeg arall" in agreed
    from tests.unit.documents import world as w

    w.ready_provider(head, zofia)
    agreement = _welsh(head, zofia, "ap_placement_agreement")
    assert "wedi'u gwirio" in agreement and "fetio" not in agreement
    set_locale("cy")
    assert "addysg hyblyg ar gyfer" in _("Thank you for writing to us about flexi-schooling "
                                         "for {child}. We received your request on {date}: "
                                         "you asked for {child} to learn at home on "
                                         "{sessions}.")
    set_locale("en")


def test_no_welsh_word_is_broken_across_a_line_in_a_label(head, zofia):
    agreement = _welsh(head, zofia, "flexi_agreement")
    assert "Swyddoga" not in agreement.replace("Swyddogaeth", "")
    assert "Swydd" in agreement


def test_a_bilingual_document_is_signed_once_and_each_half_has_its_own_header(head, zofia):
    text = _welsh(head, zofia, "flexi_agreement", language="cy+en")
    assert text.count("Llofnodion / Signatures") == 1
    assert text.count("Enw / Name") == 4  # the Head, two parents and the child, once each
    assert "Cytundeb addysg hyblyg ar gyfer Zofia Wójcik" in text  # the Welsh half's header
    assert "Flexi-schooling agreement for Zofia Wójcik" in text  # the English half's
    assert "Tudalen 1 o" in text and "Page " in text
    # The signatures' own page belongs to both halves, and its header says so.
    pages = _pages(_pdf(head, zofia, "flexi_agreement", language="cy+en"))
    signing = next(page for page in pages if "Llofnodion / Signatures" in page)
    assert ("Cytundeb addysg hyblyg ar gyfer Zofia Wójcik / Flexi-schooling agreement for "
            "Zofia Wójcik") in " ".join(signing.split())
    letter = _welsh(head, zofia, "flexi_end", language="cy+en")
    assert letter.count("Yn gywir, / Yours sincerely,") == 2  # once a household, not twice
    assert letter.count("Yn gywir,") == letter.count("Yours sincerely,") == 2
