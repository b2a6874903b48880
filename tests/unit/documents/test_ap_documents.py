"""AP on paper: the placement agreement, the family's review letter, the register, the governors' section."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from flexidesk.documents.ap_documents import (
    ap_register_report,
    family_feedback_letter,
    placement_agreement,
)
from flexidesk.documents.governor_report import render_report
from flexidesk.i18n import format_long_date
from flexidesk.policy.providers import (
    add_provider,
    add_site,
    commission_placement,
    placement_overrides,
    review_placement,
)
from flexidesk.policy.records.access import PolicyError
from flexidesk.policy.records.release import OVERRIDE, release_text
from flexidesk.policy.records.reports import anonymised_report
from flexidesk.store.models import Adult, PupilAdult
from tests.unit.policy.providers.test_placements import TODAY, _pupil, _ready_provider, _terms


def _text(pdf: bytes) -> str:
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def _placed(head):
    provider, site = _ready_provider(head)
    pupil = _pupil()
    adult = Adult.create(first_name="Mara", last_name="Fenwick", title="Mrs",
                         address="4 Willow Row\nMillbridge", postcode="MB2 9ZZ")
    PupilAdult.create(pupil=pupil, adult=adult, receives_letters=True)
    return commission_placement(head, pupil.id, provider.id, **_terms(site))


def test_the_placement_agreement_sets_out_every_term(head):
    placed = _placed(head)
    text = _text(placement_agreement(head, placed.id, TODAY))
    for expected in ("Alternative provision placement agreement", "Brookfield Test Primary",
                     "Hilltop Farm Learning", "Ada Fenwick", "Lower Meadow yard",
                     "Tuesday", "Provider", "6 hours a week (part time)",
                     "£45.00 per session (Pupil premium £40.00, School budget £5.00)",
                     "Attend every session",
                     "One more afternoon in class each half term", "Safeguarding",
                     "Farm office sends the child's attendance", "same morning",
                     "at least every half term", "Signatures"):
        assert expected in text, expected
    # Tuesday and Thursday mornings from 2 November 2026 to 25 January 2027 (no terms are
    # entered, so only the Christmas bank holidays fall out): 24 sessions at £45.
    assert "24 sessions from the start to the planned end (school days only): £1,080.00 in " \
        "total (Pupil premium £960.00, School budget £120.00)" in text


def test_the_family_letter_tells_them_how_the_review_went(head):
    placed = _placed(head)
    day = TODAY + dt.timedelta(weeks=5)
    review_placement(head, placed.id, day, 2, attendance_percent=96, family_feedback_on=day,
                     family_feedback="Ada has led the feeding round twice.",
                     family_told_how="phone", today=day)
    text = _text(family_feedback_letter(head, placed.id, day))
    for expected in ("Dear Mrs Fenwick", "4 Willow Row", "Ada Fenwick: placement with Hilltop Farm "
                     "Learning", "It is going very well: we can see a clear difference.", "96%",
                     "Ada has led the feeding round twice.", "Ms Ada Quill"):
        assert expected in text, expected
    assert "+2" not in text and "clear benefit" not in text  # no score codes for a family
    # What the school typed is labelled as what it told the family, and when.
    assert f"What we told you on {format_long_date(day)}" in text
    assert "What we talked about" not in text


def test_the_register_lists_each_placement_with_its_state_review_and_override(head):
    _placed(head)
    other = add_provider(head, "Riverside Boxing Academy", today=TODAY)
    site = add_site(head, other.id, "Gym")
    pupil = _pupil("B000000000009", "Cal")
    commission_placement(head, pupil.id, other.id, override_reason="Nearest club to home", checks_due_on=TODAY,
                         **_terms(site))
    text = _text(ap_register_report(head, TODAY))
    for expected in ("Alternative provision register", "2 in all", "Hilltop Farm Learning",
                     "Ready", "Riverside Boxing Academy", "Not ready",
                     "Override: Nearest club to home", "Cal Fenwick"):
        assert expected in text, expected


def test_the_governors_report_shows_overrides_without_naming_the_child(head, governor):
    other = add_provider(head, "Riverside Boxing Academy", today=TODAY)
    site = add_site(head, other.id, "Gym")
    placed = commission_placement(head, _pupil().id, other.id,
                                  override_reason="Ada Fenwick's mother asked: nearest club "
                                                  "to home", checks_due_on=TODAY, **_terms(site))
    since = TODAY - dt.timedelta(days=90)

    def report_text():
        overrides = placement_overrides(governor, since, TODAY)
        return _text(render_report(anonymised_report(governor, TODAY), overrides=overrides))

    text = report_text()
    assert "placements made by the Headteacher's override" in text
    assert "Riverside Boxing Academy" in text and "Nearest club" not in text
    assert "not yet checked" in text
    # The Headteacher's reason names the child: refused until it is reworded.
    with pytest.raises(PolicyError, match="Ada"):
        release_text(head, OVERRIDE, placed.id, placed.override_justification)
    release_text(head, OVERRIDE, placed.id, "A parent asked: the nearest club to home.")
    text = report_text()
    assert "the nearest club to home" in text
    assert "Fenwick" not in text and "Ada" not in text.replace("Ada Quill", "")
