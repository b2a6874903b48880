"""The sign-off is kept with the paragraph before it, and never leaves page one for want of a
few millimetres."""

from reportlab.lib.units import mm

from flexidesk.documents import closing
from flexidesk.documents.closing import KeepWithLast, SignatureSpace
from flexidesk.documents.render import render
from flexidesk.documents.styles import stylesheet
from flexidesk.documents.templates import BODY_WIDTH
from tests.unit.documents import world as w
from tests.unit.documents.flexi_data import page_count, pdf_text


def _close(lines_of_text: int) -> KeepWithLast:
    sheet = stylesheet()
    words = "We will be glad to talk about it whenever suits you, by phone or in person. "
    paragraph = words * max(1, lines_of_text * 11 // 14)
    story = closing.closing([paragraph], "Yours sincerely,", ["Ms Ada Quill", "Headteacher"],
                            sheet)
    assert isinstance(story[-1], KeepWithLast)
    return story[-1]


def _height(flowable) -> float:
    return flowable.wrap(BODY_WIDTH, 10_000)[1]


def test_a_close_a_few_millimetres_short_gives_up_signature_space_not_the_page():
    close = _close(2)
    needed = _height(close)
    pieces = close.split(BODY_WIDTH, needed - 3 * mm)
    assert len(pieces) == 1 and _height(pieces[0]) <= needed - 3 * mm + 0.01
    space = next(p for p in pieces[0].tail if isinstance(p, SignatureSpace))
    assert space.height >= closing.SIGNATURE_SPACE_AT_LEAST  # still room to sign


def test_a_long_last_paragraph_splits_and_two_lines_go_over_with_the_signature():
    close = _close(6)
    pieces = close.split(BODY_WIDTH, _height(close) - 25 * mm)
    assert len(pieces) == 2
    first, rest = pieces
    assert isinstance(rest, KeepWithLast)
    rest.wrap(BODY_WIDTH, 10_000)
    assert len(rest.lead.blPara.lines) >= closing.MIN_LINES_WITH_SIGNATURE
    assert len(first.blPara.lines) >= 2


def test_a_short_close_that_cannot_fit_goes_over_whole():
    close = _close(2)
    assert close.split(BODY_WIDTH, _height(close) - 25 * mm) == []


def test_a_letter_a_line_too_long_still_signs_on_its_first_page(head):
    # The second household's address is a line longer: once, that sent the last paragraph
    # and the signature alone to a second page with 40 mm of the first left empty.
    world = w.make_world(head, "arabic")
    pdf = render("flexi_decision", w.params_of("flexi_decision", world, head))
    assert page_count(pdf) == 2  # two households, a page each
    assert pdf_text(pdf).count("Page 1 of 1") == 2


def test_a_letter_whose_close_would_stand_alone_is_set_a_little_closer(head):
    from flexidesk.policy.school.preferences import set_letter_language

    world = w.make_world(head, "arabic")
    set_letter_language(head, "cy")  # the Welsh runs longer: its close went over alone
    for kind in ("flexi_invitation", "flexi_decision"):
        pdf = render(kind, w.params_of(kind, world, head))
        assert pdf_text(pdf).count("Tudalen 1 o 1") == 2, kind  # a page for each household
