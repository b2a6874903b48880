"""Page templates and the stylesheet: letterhead, page x of y, fixed bytes, awkward schools."""

import datetime as dt
import io

from PIL import Image
from reportlab.platypus import Paragraph

from flexidesk.documents.flexi_letters import LOGO_MAX_PIXELS, letterhead_logo
from flexidesk.documents.render import build_params, render
from flexidesk.documents.styles import stylesheet
from flexidesk.documents.templates import Letterhead, PageSetup, build_pdf
from flexidesk.policy import flexi
from flexidesk.store.models import Adult, FlexiRequestAdult, Pupil, PupilAdult, School
from tests.unit.documents.flexi_data import page_count, pdf_text


def _setup(**changes) -> PageSetup:
    values = dict(letterhead=Letterhead("Brookfield Test Primary", ["1 Orchard Lane", "MB1 2CD"],
                                        phone="01632 960 111"),
                  title="A test", address_lines=["Mrs A Family", "2 Lane"],
                  date_text="Friday 20 November 2026", header_text="A test for Ro")
    values.update(changes)
    return PageSetup(**values)


def _story(paragraphs: int):
    body = stylesheet()["BodyText"]
    return [Paragraph(f"Paragraph {n} of a long fictional letter. " * 6, body)
            for n in range(paragraphs)]


def test_stylesheet_has_the_names_other_documents_ask_for():
    sheet = stylesheet()
    for name in ("Normal", "BodyText", "Body", "Title", "Heading1", "Heading2", "Small"):
        assert name in sheet
    sheet["BodyText"].fontSize = 30  # one document changing its copy...
    assert stylesheet()["BodyText"].fontSize != 30  # ...leaves the next one alone


def test_pages_are_numbered_x_of_y_and_continuations_have_a_header():
    pdf = build_pdf(_setup(), _story(40))
    pages = page_count(pdf)
    assert pages >= 3
    text = pdf_text(pdf)
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text
    assert text.count("Brookfield Test Primary \u00b7 A test for Ro") == pages - 1
    assert text.count("Mrs A Family") == 1  # the address block is on the first page only


def test_building_twice_gives_the_same_bytes():
    assert build_pdf(_setup(), _story(12)) == build_pdf(_setup(), _story(12))


def test_long_school_name_and_address_still_fit():
    long_name = "The Blessed Saint Aldhelm-by-the-Water Church of England Voluntary Aided " \
                "Primary School and Nursery"
    setup = _setup(letterhead=Letterhead(long_name, ["Unit 5", "The Old Mill", "Mill Lane",
                                                     "Upper Wickham", "Northshire", "NS1 1AA"],
                                         phone="01632 960 999", email="office@aldhelm.example",
                                         website="www.aldhelm.example"))
    text = pdf_text(build_pdf(setup, _story(2)))
    assert long_name in text and "NS1 1AA" in text and "office@aldhelm.example" in text


def test_large_logo_is_shrunk_once_and_junk_is_dropped():
    big = io.BytesIO()
    Image.new("RGB", (2400, 1200), "navy").save(big, "BMP")
    small = letterhead_logo(big.getvalue())
    with Image.open(io.BytesIO(small)) as image:
        assert image.format == "JPEG" and max(image.size) == LOGO_MAX_PIXELS
    assert letterhead_logo(b"definitely not an image") == b""
    assert letterhead_logo(None) == b""


def test_a_family_without_an_address_gets_a_letter_to_parent_or_carer(head, school):
    pupil = Pupil.create(upn="T000000000201", legal_first_name="Wren", legal_last_name="Pollard",
                         date_of_birth=dt.date(2019, 1, 5), year_group=2,
                         on_roll_date=dt.date(2023, 9, 1))
    adult = Adult.create(first_name="Kit", last_name="Pollard")  # no title, no address
    # Linked, with parental responsibility, but not to receive letters.
    link = PupilAdult.create(pupil=pupil, adult=adult, receives_letters=False)
    request = flexi.receive_request(head, pupil_id=pupil.id, adult_ids=[adult.id],
                                    received_on=dt.date(2026, 11, 2), sessions=["tue_am"],
                                    reasons="Learning outdoors.")
    flexi.arrange_meeting(head, request.id, meeting_date=dt.date(2026, 11, 24),
                          meeting_time=None, place="")
    params = build_params(head, "flexi_invitation", request_id=request.id,
                          letter_date=dt.date(2026, 11, 20))
    text = pdf_text(render("flexi_invitation", params))
    assert "Dear Kit Pollard," in text and "At the school" in text and "Time" not in text
    FlexiRequestAdult.delete().execute()
    assert link.parental_responsibility
    School.update(letter_signatory="").execute()  # falls back to the headteacher's name
    params = build_params(head, "flexi_invitation", request_id=request.id,
                          letter_date=dt.date(2026, 11, 20))
    text = pdf_text(render("flexi_invitation", params))
    assert "Dear Parent or Carer," in text and "Ms Ada Quill" in text


def _baselines(pdf: bytes) -> dict[str, float]:
    """Each text run on page 1 and the height of its baseline (pypdf's text visitor)."""
    from pypdf import PdfReader

    found: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.setdefault(text.strip(), tm[5] * cm[3] + cm[5])

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return found


def test_a_wrapped_address_line_keeps_the_postcode_above_the_greeting():
    long_line = ("Flat 12, Kingfisher Court, The Old Brewery Development, "
                 "off Long Meadow Road")  # wraps in the envelope window
    setup = _setup(address_lines=["Mrs A Family", long_line, long_line, "Millbridge",
                                  "MB9 9ZZ"])
    body = stylesheet()["BodyText"]
    pdf = build_pdf(setup, [Paragraph("Dear Mrs Family,", body)])
    lines = _baselines(pdf)
    assert lines["MB9 9ZZ"] > lines["Dear Mrs Family,"] + body.leading
