"""The governors' report on paper: the anonymised tables, no child named."""

import io

import pytest
from pypdf import PdfReader

from flexidesk.documents.governor_report import nice_scale, render_report
from flexidesk.policy.records.access import PolicyError
from flexidesk.policy.records.release import AGREEMENT, release_text
from flexidesk.policy.records.reports import anonymised_report
from tests.rights_data import child_with_records


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_governors_report_pdf_names_no_child(governor, school, today):
    child_with_records()
    text = " ".join(_text(render_report(anonymised_report(governor, today))).split())
    assert "Reports for governors" in text and "fewer than 3" in text
    assert "Lego Therapy" in text and "Riverside Farm Learning" in text
    for personal in ("Tamsin", "Fernleigh", "A123456789012", "4 May 2017"):
        assert personal not in text


def test_governors_report_lists_the_rule_agreements_and_draws_the_score_chart(
        governor, head, school, today):
    import datetime as dt

    from flexidesk.store.models import FlexiDecision, FlexiRequest, Pupil

    child_with_records()
    pupil = Pupil.select().first()
    request = FlexiRequest.create(pupil=pupil, received_on=dt.date(2026, 9, 2), stage="decided",
                                  needs_met_in_school=True,
                                  agree_justification=f"{pupil.legal_first_name} rides at the "
                                                      "farm on Fridays; the benefit outweighs it.")
    FlexiDecision.create(request=request, outcome="agreed", decided_on=dt.date(2026, 10, 2),
                         due_on=dt.date(2026, 10, 5))
    from flexidesk.store.models import Enrolment, EnrolmentReview, Intervention

    games = Intervention.create(name="Games Club")
    for n in range(3):  # three reviews scored +1: enough to be shown, so charted
        kid = Pupil.create(upn=f"G{n:012d}", legal_first_name=f"Kit{n}", legal_last_name="Brook",
                           date_of_birth=dt.date(2018, 1, 1), year_group=3,
                           on_roll_date=dt.date(2022, 9, 1))
        enrolment = Enrolment.create(pupil=kid, intervention=games,
                                     start_date=dt.date(2026, 9, 7))
        EnrolmentReview.create(enrolment=enrolment, review_date=dt.date(2026, 10, 20), score=1)
    text = " ".join(_text(render_report(anonymised_report(governor, today))).split())
    assert "agreed although needs could be met in school" in text
    assert "rides at the farm" not in text and "not yet checked" in text
    # Released as written it is refused (it names the child); reworded, it is printed.
    with pytest.raises(PolicyError, match=pupil.legal_first_name):
        release_text(head, AGREEMENT, request.id, request.agree_justification)
    release_text(head, AGREEMENT, request.id,
                 "The child rides at the farm on Fridays; the benefit outweighs it.")
    pdf = render_report(anonymised_report(governor, today))
    text = " ".join(_text(pdf).split())
    assert "rides at the farm on Fridays" in text and pupil.legal_first_name not in text
    assert "against the governing body's rule since" in text and "fewer than 3" in text
    # The review-score section carries its chart (a legend naming both kinds of review).
    assert text.count("Placement reviews") >= 2
    for section in ("Costs this term against budget", "Forest School coverage (weekly aim 100%)",
                    "Placement outcomes since", "Pupils with provision, by intervention and "
                    "year group"):
        assert section in text


def test_governors_report_prints_the_audit_logs_fingerprint(governor, school, today):
    from flexidesk.store.audit_head import fingerprint, last_link
    from flexidesk.store.database import db

    child_with_records()
    expected = fingerprint(last_link(db.connection()))  # what `flexidesk check` prints
    text = " ".join(_text(render_report(anonymised_report(governor, today))).split())
    assert f"Audit log at printing: entry {expected}" in text


def test_every_page_has_the_letterhead_page_n_of_m_and_a_confidential_marking(
        governor, school, today):
    from flexidesk.store.models import Intervention

    child_with_records()
    for n in range(40):  # enough interventions to run the report over several pages
        Intervention.create(name=f"Group {n:02d}")
    pages = PdfReader(io.BytesIO(render_report(anonymised_report(governor, today)))).pages
    assert len(pages) >= 3
    first = " ".join(pages[0].extract_text().split())
    assert "Brookfield Test Primary" in first and "1 Orchard Lane" in first  # letterhead
    for number, page in enumerate(pages, start=1):
        text = " ".join(page.extract_text().split())
        assert f"Page {number} of {len(pages)}" in text
        assert "CONFIDENTIAL: FOR THE GOVERNING BODY" in text


def _chart_text(drawing) -> str:
    from reportlab.graphics import renderPDF

    return _text(renderPDF.drawToString(drawing))


def test_a_hidden_count_is_marked_in_the_chart_not_drawn_as_zero():
    from flexidesk.documents.governor_report import bar_chart
    from flexidesk.policy.records.reports import Table, Withheld

    table = Table("Outcomes", ["Outcome", "Reviews"],
                  [["+2", 13], ["+1", None], ["0", 0], ["-1", Withheld()]], chart=True)
    words = _chart_text(bar_chart(table)).split()
    # Every bar says its figure, so 0 reads as 0 and a hidden count as "<3", not as 0.
    assert words[:4] == ["13", "<3", "0", "*"]
    assert words[8:12] == ["0", "5", "10", "15"]  # the axis: round steps
    text = " ".join(words)  # and the key says what the marks mean
    assert "<3 fewer than 3 (no bar drawn)" in text and "* withheld" in text


@pytest.mark.parametrize("top, step, axis_max", [
    (1, 1, 1), (4, 1, 4), (7, 2, 8), (13, 5, 15), (52, 20, 60), (100, 20, 100),
    (240, 50, 250)])
def test_axis_ticks_are_round_numbers(top, step, axis_max):
    # Never 13/26/39/52 again: steps of 1, 2 or 5 times a power of ten, at most five of them.
    assert nice_scale(top) == (step, axis_max)
