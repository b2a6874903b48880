"""Letter rules: who decided signs, private notes stay private, late letters apologise, the end."""

import datetime as dt

import pytest

from flexidesk.documents.render import build_params, render
from flexidesk.documents.wording import NO_APPEAL
from flexidesk.policy import flexi
from flexidesk.policy.records.access import Actor
from flexidesk.policy.vocabulary import FACTORS
from flexidesk.store.models import FactorAssessment, School, StaffUser
from tests.unit.documents import flexi_data as fd
from tests.unit.documents.flexi_data import pdf_text

D = dt.date
ON_TIME = D(2026, 11, 20)


@pytest.fixture
def ashby(school, head):
    fd.dress_school()
    return fd.family()


def _letter(request, kind="flexi_decision", day=ON_TIME):
    params = build_params(fd.writer(), kind, request_id=request.id, letter_date=day)
    return pdf_text(render(kind, params))


def test_an_acting_head_signs_with_their_own_name_and_title(head, ashby):
    pupil, mum, dad = ashby
    acting = Actor.from_user(StaffUser.create(username="acting", display_name="Mr Idris Vale",
                                              role="headteacher"))
    request = fd.to_considered(head, pupil, [mum, dad])
    flexi.decide(acting, request.id, outcome="declined", decided_on=D(2026, 11, 20), today=D(2026, 11, 20),
                 reasons="Ro's needs can be met in school.")
    text = _letter(request)
    assert "Mr Idris Vale Acting Headteacher" in text
    assert "Ms Ada Quill" not in text.split("Yours sincerely")[-1]


def test_a_deputy_signatory_never_signs_the_heads_decision_or_invitation(head, ashby):
    School.update(letter_signatory="Mrs Pia Lund", signatory_title="Deputy Headteacher").execute()
    pupil, mum, dad = ashby
    request = fd.to_considered(head, pupil, [mum, dad])
    invitation = pdf_text(render("flexi_invitation", build_params(
        head, "flexi_invitation", request_id=request.id, letter_date=D(2026, 11, 10))))
    # The Head meets the family, so the invitation names and is signed by the Head.
    assert "With Ms Ada Quill, Headteacher" in invitation
    assert "Yours sincerely, Ms Ada Quill Headteacher" in invitation
    assert "Pia Lund" not in invitation
    flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 20),
                 today=D(2026, 11, 20), reasons="x")
    letter = _letter(request)
    assert "Yours sincerely, Ms Ada Quill Headteacher" in letter and "Pia Lund" not in letter


def test_consideration_notes_stay_private_unless_ticked_for_the_letter(head, ashby):
    pupil, mum, dad = ashby
    request = fd.to_considered(head, pupil, [mum, dad],
                               ratings={"safeguarding": "serious_concern",
                                        "continuity": "concern"})
    assessments = {code: ("neutral", f"Private thought on {code}.") for code in FACTORS}
    assessments["safeguarding"] = ("serious_concern", "Private: the grandfather's house.")
    assessments["continuity"] = ("concern", "Phonics would fall behind.", True)
    flexi.record_considerations(head, request.id, assessments=assessments,
                                needs_met_in_school=False, needs_met_notes="",
                                alternatives=[])
    assert FactorAssessment.get(FactorAssessment.factor == "continuity").in_letter
    flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 20), today=D(2026, 11, 20),
                 reasons="We can support Ro fully in school.")
    text = _letter(request)
    assert "We can support Ro fully in school." in text
    assert "Phonics would fall behind." in text
    assert "grandfather's house" not in text and "Private thought" not in text


def test_a_late_letter_apologises_and_the_no_appeal_sentence_follows_the_decision(head, ashby):
    pupil, mum, dad = ashby
    request = fd.to_considered(head, pupil, [mum, dad])  # meeting 16 Nov: due 23 Nov
    flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 20), today=D(2026, 11, 20), reasons="x")
    on_time = _letter(request, day=D(2026, 11, 20))
    assert "I am sorry that this letter reaches you later" not in on_time
    late = _letter(request, day=D(2026, 11, 25))
    assert "I am sorry that this letter reaches you later" in late
    outcome = late.index("Decision: your request is declined")
    assert outcome < late.index(NO_APPEAL) < late.index("The main reasons for my decision")


def test_the_end_of_an_arrangement_is_confirmed_by_letter(head, ashby):
    pupil, mum, dad = ashby
    request = fd.agreed_request(head, pupil, [mum, dad])
    for party in flexi.request_detail(head, request.id).parties:
        flexi.record_signature(head, party.id, signed_on=D(2026, 11, 25))
    flexi.end_arrangement(head, request.id, ended_on=D(2027, 1, 15), reason="notice_family",
                          notice_given_on=D(2026, 12, 30), today=D(2027, 1, 4),
                          short_notice_reason="The family moves to Wales in January.")
    params = build_params(head, "flexi_end", request_id=request.id, letter_date=D(2027, 1, 4))
    pdf = render("flexi_end", params)
    text = pdf_text(pdf)
    assert "Dear Mrs and Mr Ashby," in text
    assert "Wednesday 30 December 2026" in text and "Friday 15 January 2027" in text
    assert "The family moves to Wales in January." in text
    flexi.issue_letter(head, request.id, kind="flexi_end", pdf=pdf, params=params,
                       document_date=D(2027, 1, 4), today=D(2027, 1, 4))
    assert flexi.next_actions(request.id, head) == []  # sent once


def test_the_sign_off_never_sits_alone_on_a_page(head, ashby):
    from io import BytesIO

    from pypdf import PdfReader

    pupil, mum, dad = ashby
    request = fd.to_considered(head, pupil, [mum, dad])
    long_reasons = " ".join(["We weighed every part of the family's plan with care."] * 60)
    flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 20), today=D(2026, 11, 20),
                 reasons=long_reasons)
    params = build_params(head, "flexi_decision", request_id=request.id,
                          letter_date=ON_TIME)
    pages = [page.extract_text() for page in PdfReader(BytesIO(render(
        "flexi_decision", params))).pages]
    assert len(pages) >= 2
    signed = next(text for text in pages if "Yours sincerely" in text)
    before = signed.split("Yours sincerely")[0]
    assert "I know this is not the answer you hoped for" in " ".join(before.split())
