"""The family letter after a provision review, and a batch recorded as issued."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from flexidesk.documents.provision_letter import render_review_letter, review_letter_params
from flexidesk.policy.provision.letters import KIND, issue_review_letters, reviews_between
from flexidesk.policy.records.access import PermissionDenied
from flexidesk.policy.records.documents import pdf_sha256
from flexidesk.store.models import Adult, AuditEntry, EnrolmentReview, IssuedDocument, PupilAdult
from tests.clock import TODAY
from tests.ui.tab_data import days, make_provision


def _text(pdf: bytes) -> str:
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def _family(world):
    dad = Adult.create(title="Mr", first_name="Rory", last_name="Ashdown",
                       address="7 Wren Close\nMillbridge", postcode="MB4 1AA")
    PupilAdult.create(pupil=world["pupils"]["Nell"], adult=dad, relationship="father")


def test_letter_says_what_how_and_next(school, pastoral):
    world = make_provision(school)
    _family(world)
    review = EnrolmentReview.get()
    params = review_letter_params(pastoral, review.id, dt.date(2026, 11, 27))
    text = _text(render_review_letter(params))
    assert "Dear Mr Ashdown," in text
    assert "Nell Ashdown: Lego Therapy, review of" in text
    assert "What Nell has been doing" in text and "Take turns in a group" in text
    assert "How it is going" in text and "It is going well: we can see some progress." in text
    assert "What happens next" in text and "Nell will carry on with Lego Therapy" in text
    assert "7 Wren Close" in text and "MB4 1AA" in text
    assert "Ms Ada Quill" in text  # the school's signatory
    # The staff's review notes stay in the record: not in the letter.
    assert "Joins in without prompting" not in text
    # Rebuilt from its params alone, the same PDF (its hash can be checked on a reprint).
    assert pdf_sha256(render_review_letter(params)) == pdf_sha256(render_review_letter(params))


def test_a_welsh_school_sends_the_review_letter_in_welsh_or_both(school, pastoral, head):
    from flexidesk.policy.school.preferences import set_letter_language

    world = make_provision(school)
    _family(world)
    review = EnrolmentReview.get()
    set_letter_language(head, "cy")
    text = _text(render_review_letter(review_letter_params(pastoral, review.id, dt.date(2026, 11, 27))))
    assert "Annwyl Mr Ashdown," in text
    assert "Beth mae Nell wedi bod yn ei wneud" in text
    assert "Mae'n mynd yn dda: gallwn weld rhywfaint o gynnydd." in text  # the score, too
    assert "Yn gywir," in text and "Tudalen 1 o" in text
    assert "Dear " not in text and "It is going" not in text
    set_letter_language(head, "cy+en")
    both = _text(render_review_letter(review_letter_params(pastoral, review.id, dt.date(2026, 11, 27))))
    assert both.index("Annwyl Mr Ashdown,") < both.index("Dear Mr Ashdown,")


def test_a_batch_is_recorded_as_issued_for_each_review(school, pastoral, office):
    world = make_provision(school)
    EnrolmentReview.create(enrolment=world["lego_nell"], review_date=days(-2), score=2,
                           next_review_date=days(40))
    ids = reviews_between(pastoral, days(-60), days(0))
    assert len(ids) == 2
    letters = [(rid, render_review_letter(review_letter_params(pastoral, rid)),
                review_letter_params(pastoral, rid)) for rid in ids]
    issued = issue_review_letters(pastoral, letters, document_date=TODAY)
    assert [d.kind for d in issued] == [KIND, KIND]
    assert IssuedDocument.select().where(IssuedDocument.kind == KIND).count() == 2
    assert issued[0].title == "Provision review letter: Nell Ashdown"
    assert issued[0].pupil_id == world["pupils"]["Nell"].id
    with pytest.raises(PermissionDenied):
        reviews_between(office, days(-60), days(0))


@pytest.mark.parametrize("who", ["office", "governor"])
def test_a_role_that_writes_no_letters_reads_no_family(request, school, who):
    """The letter's params name the family and their address: the role is checked first."""
    make_provision(school)
    actor = request.getfixturevalue(who)
    review = EnrolmentReview.get()
    last = AuditEntry.select().count()
    with pytest.raises(PermissionDenied):
        review_letter_params(actor, review.id, TODAY)
    assert AuditEntry.select().count() == last
