"""The governors' report on paper: the anonymised tables, no child named."""

import io

from pypdf import PdfReader

from flexidesk.documents.governor_report import render_report
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
        governor, school, today):
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
    pdf = render_report(anonymised_report(governor, today))
    text = " ".join(_text(pdf).split())
    assert "agreed although needs could be met in school" in text
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
