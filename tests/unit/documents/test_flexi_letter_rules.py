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


def _ended(head, ashby, reason, short_notice_reason):
    pupil, mum, dad = ashby
    request = fd.agreed_request(head, pupil, [mum, dad])
    for party in flexi.request_detail(head, request.id).parties:
        flexi.record_signature(head, party.id, signed_on=D(2026, 11, 25))
    flexi.end_arrangement(head, request.id, ended_on=D(2027, 1, 15), reason=reason,
                          notice_given_on=D(2026, 12, 30), today=D(2027, 1, 4),
                          short_notice_reason=short_notice_reason)
    return _letter(request, "flexi_end", D(2027, 1, 4))


def test_the_end_letter_says_which_side_gave_the_shorter_notice(head, ashby):
    text = _ended(head, ashby, "notice_school", "The class moves to a new building.")
    assert "As I explained when I gave notice on Wednesday 30 December 2026, the school is " \
        "bringing Ro's flexi-schooling arrangement to an end." in text
    assert "I am sorry that the school is giving you less notice than that. This is because: " \
        "The class moves to a new building." in text
    assert "I have agreed to a shorter notice" not in text


def test_the_family_notice_letter_agrees_to_their_shorter_notice(head, ashby):
    text = _ended(head, ashby, "notice_family", "The family moves to Wales in January.")
    assert "Thank you for letting us know on Wednesday 30 December 2026" in text
    assert "I have agreed to a shorter notice because: The family moves to Wales" in text
    assert "the school is giving you less notice" not in text


def test_every_planned_review_date_is_a_school_day(head, ashby):
    from flexidesk.policy.school.working_days import school_calendar
    from flexidesk.store.models import Term

    for start, end in ((D(2026, 9, 2), D(2026, 12, 18)), (D(2027, 1, 5), D(2027, 3, 26)),
                       (D(2027, 4, 12), D(2027, 7, 21))):
        Term.create(start_date=start, end_date=end)
    pupil, mum, dad = ashby
    request = fd.agreed_request(head, pupil, [mum, dad], draft=False)
    flexi.issue_letter(head, request.id, kind="flexi_decision", pdf=b"%PDF-1.4 letter",
                       params={}, document_date=D(2026, 11, 19))
    # Every 13 weeks from Monday 28 September: 28 December (the Boxing Day bank holiday, in
    # the Christmas holidays) and 29 March 2027 (Easter Monday) on a plain count.
    flexi.draft_agreement(head, request.id, start_date=D(2026, 12, 4),
                          home_sessions=["fri_am"], first_review_date=D(2027, 1, 8),
                          review_interval_weeks=13,
                          parties=[("staff", head.user_id), ("adult", mum.id)])
    params = build_params(head, "flexi_agreement", request_id=request.id, letter_date=ON_TIME)
    calendar = school_calendar()
    printed = [D.fromisoformat(d) for d in params["agreement"]["review_dates"]]
    assert all(calendar.is_working_day(d) for d in printed), printed
    assert printed == [D(2027, 1, 8), D(2027, 4, 12), D(2027, 7, 12)]  # 9 April: holidays
    text = pdf_text(render("flexi_agreement", params))
    assert "Friday 8 January 2027, Monday 12 April 2027 and Monday 12 July 2027" in text


def test_the_child_signs_as_one_who_is_told_not_a_party_who_agrees(head, ashby):
    pupil, mum, dad = ashby
    request = fd.agreed_request(head, pupil, [mum, dad], draft=False)
    flexi.issue_letter(head, request.id, kind="flexi_decision", pdf=b"%PDF-1.4 letter",
                       params={}, document_date=D(2026, 11, 19))
    flexi.draft_agreement(head, request.id, start_date=D(2026, 12, 4), home_sessions=["fri_am"],
                          first_review_date=D(2027, 2, 26),
                          parties=[("staff", head.user_id), ("adult", mum.id),
                                   ("pupil", None)])
    text = _letter(request, "flexi_agreement")
    parties = text.split("The parties")[1].split("The weekly pattern")[0]
    assert "Ms Ada Quill" in parties and "Mrs Hazel Ashby" in parties
    assert "Ro Ashby, pupil" not in parties  # not listed among those who agree
    assert "Ro Ashby has been told about this agreement" in text
    assert "not as a party to the agreement" in text
    assert "the school and the parents confirm" in text and "each party confirms" not in text
    assert "Told about this agreement Name Ro Ashby" in text
    assert text.count("Agrees to this agreement") == 2


def test_the_letterhead_prints_only_what_the_school_has_and_keeps_email_with_its_address(
        head, ashby):
    School.update(website="", email="office@brookfield-church-of-england-primary.example"
                  ).execute()
    pupil, mum, dad = ashby
    request = fd.to_considered(head, pupil, [mum, dad])
    flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 20),
                 today=D(2026, 11, 20), reasons="x")
    text = _letter(request)
    assert "Website" not in text
    assert "Email: office@brookfield-church-of-england-primary.example" in text  # one line
