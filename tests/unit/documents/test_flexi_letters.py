"""The flexi documents as a family would read them: text checked with pypdf, reprints identical."""

import datetime as dt
import hashlib
import io
import json

import pytest

from flexidesk.documents.render import build_params, render, rerender
from flexidesk.documents.wording import NO_APPEAL
from flexidesk.policy import flexi
from flexidesk.policy.records import documents
from flexidesk.policy.records.access import PermissionDenied, PolicyError
from flexidesk.store.models import AuditEntry, IssuedDocument, Pupil, School
from tests.unit.documents import flexi_data as fd
from tests.unit.documents.flexi_data import page_count, pdf_text

LETTER_DAY = dt.date(2026, 11, 20)


@pytest.fixture
def ashby(school, head):
    fd.dress_school()
    return fd.family()


@pytest.fixture
def agreed(head, ashby):
    pupil, mum, dad = ashby
    return fd.agreed_request(head, pupil, [mum, dad])


@pytest.fixture
def declined(head, ashby):
    pupil, mum, dad = ashby
    return fd.declined_request(head, pupil, [mum, dad])


def _make(kind, request):
    params = build_params(fd.writer(), kind, request_id=request.id, letter_date=LETTER_DAY)
    return params, render(kind, params)


def test_invitation_names_the_meeting_and_who_may_come(head, ashby):
    pupil, mum, dad = ashby
    request = flexi.receive_request(head, pupil_id=pupil.id, adult_ids=[mum.id, dad.id],
                                    received_on=dt.date(2026, 11, 2), sessions=["mon_pm"],
                                    reasons="Learning outdoors.")
    flexi.arrange_meeting(head, request.id, meeting_date=dt.date(2026, 11, 24),
                          meeting_time=dt.time(9, 15), place="Room 4")
    _params, pdf = _make("flexi_invitation", request)
    text = pdf_text(pdf)
    assert "Brookfield Test Primary" in text and "01632 960 111" in text
    assert "Mrs Hazel Ashby and Mr Owen Ashby" in text and "4 Willow Row" in text
    assert "MB2 3EF" in text
    assert "Friday 20 November 2026" in text  # the letter's date
    assert "Tuesday 24 November 2026" in text and "9.15am" in text and "Room 4" in text
    assert "Monday 2 November 2026" in text  # when the request came in
    assert "Dear Mrs and Mr Ashby," in text  # one surname, written once
    assert "Re: Rowan Ashby (Year 3)" in text  # legal name on the reference line
    assert "flexi-schooling for Ro." in text  # preferred name in the text
    assert "Monday afternoon" in text
    assert "Who may come" in text and "parental responsibility" in text
    assert "Ms Ada Quill" in text and "Headteacher" in text
    assert page_count(pdf) == 1


def test_invitation_needs_a_meeting(head, ashby):
    pupil, mum, _dad = ashby
    request = flexi.receive_request(head, pupil_id=pupil.id, adult_ids=[mum.id],
                                    received_on=dt.date(2026, 11, 2), sessions=["mon_pm"],
                                    reasons="Learning outdoors.")
    with pytest.raises(PolicyError, match="arrange the meeting"):
        build_params(head, "flexi_invitation", request_id=request.id, letter_date=LETTER_DAY)


def test_declined_letter_gives_reasons_alternatives_and_no_appeal(declined):
    params, pdf = _make("flexi_decision", declined)
    text = pdf_text(pdf)
    assert "Decision: your request is declined" in text
    assert "Monday 16 November 2026" in text  # the meeting
    assert "Friday 20 November 2026" in text
    assert "Re: Rowan Ashby (Year 3)" in text and "not to agree" in text
    assert "We can meet Elowen's needs in school" in text  # the Headteacher's own reasons
    # The considerations rated as concerns are the reasons drawn from them; others are not.
    assert "Safeguarding (a serious concern)" in text
    assert "Continuity of teaching and learning between home and school (a concern)" in text
    assert "Peer relationships" not in text
    assert text.index("Safeguarding (a serious") < text.index("Continuity of teaching")
    assert "Our governing body asks" in text and "Our Nurture Group has space" in text
    assert "What we will offer instead" in text
    assert "Nurture Group: A small, calm group every morning" in text
    assert "Hollow Oak Farm School: Care farm" in text
    assert NO_APPEAL in text
    assert "code C" not in text  # a declined letter says nothing about the register pattern
    assert params["decision"]["outcome"] == "declined"


def test_agreed_letter_gives_next_steps_register_and_first_review(agreed):
    _params, pdf = _make("flexi_decision", agreed)
    text = pdf_text(pdf)
    assert "Decision: your request is agreed" in text
    assert "Ro may learn at home on Friday (all day)" in text
    assert "What happens next" in text
    assert "code C" in text and "authorised absence" in text
    assert "Friday 26 February 2027" in text  # the first review
    assert "Friday 4 December 2026" in text  # the planned start
    assert "Millshire Council" in text  # the school tells its local authority
    assert "Continuity of teaching and learning between home and school (supports the request)" \
        in text
    assert "(a concern)" not in text
    assert NO_APPEAL in text
    assert "What we will offer instead" not in text


def test_agreement_has_pattern_table_clauses_and_every_party(agreed):
    _params, pdf = _make("flexi_agreement", agreed)
    text = pdf_text(pdf)
    assert "Flexi-schooling agreement" in text
    assert "Rowan Ashby (known as Ro Ashby)" in text
    assert "4 March 2018" in text and "Friday 4 December 2026" in text
    # The pattern table: a header of weekdays, then morning and afternoon rows.
    assert "Monday Tuesday Wednesday Thursday Friday" in text
    assert "Morning School School School School Home (code C)" in text
    assert "Afternoon School School School School Home (code C)" in text
    for heading in ("interests", "Special events and assessments", "Marking the register",
                    "Unexplained absence", "Welfare and learning on home days",
                    "Curriculum and assessment", "The cost of learning at home",
                    "Special educational needs", "Planning and review meetings",
                    "Ending the arrangement"):
        assert heading in text, heading
    assert "4 weeks' notice" in text
    assert "Friday 26 February 2027, Friday 28 May 2027" in text  # review dates
    assert "Friday assemblies" in text  # the special terms
    assert "Mrs Hazel Ashby is responsible for Ro's welfare" in text
    for name in ("Ms Ada Quill", "Mrs Hazel Ashby", "Mr Owen Ashby"):
        assert text.count(name) >= 2, name  # listed as a party and in a signature block
    assert text.count("Signature") >= 3
    assert "Page 1 of" in text


def test_agreement_shows_recorded_signature_dates(head, agreed):
    party = flexi.request_detail(head, agreed.id).parties[1]
    flexi.record_signature(head, party.id, signed_on=dt.date(2026, 11, 30))
    _params, pdf = _make("flexi_agreement", agreed)
    assert "Monday 30 November 2026" in pdf_text(pdf)


def test_same_params_give_identical_bytes_and_hash(agreed):
    for kind in ("flexi_decision", "flexi_agreement", "flexi_invitation"):
        params = build_params(fd.writer(), kind, request_id=agreed.id, letter_date=LETTER_DAY)
        first, second = render(kind, params), render(kind, json.loads(json.dumps(params)))
        assert first == second
        assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


def test_issue_and_reprint_from_stored_params_match(head, office, declined):
    params, pdf = _make("flexi_decision", declined)
    issued = flexi.issue_letter(head, declined.id, kind="flexi_decision", pdf=pdf,
                                params=params, document_date=LETTER_DAY)
    stored = IssuedDocument.get_by_id(issued.id)
    reprint = rerender(stored.kind, stored.params)
    assert hashlib.sha256(reprint).hexdigest() == stored.sha256
    documents.reprinted(office, stored.id, reprint)
    assert AuditEntry.select().where(AuditEntry.action == "document.print").count() == 1


def test_user_text_is_escaped_not_obeyed(head, school):
    fd.dress_school()
    School.update(name="Tom & Jerry's <Primary>").execute()
    pupil, mum, dad = fd.family(first="<b>Tom & Jerry</b>", preferred=None)
    request = fd.to_considered(head, pupil, [mum, dad],
                               ratings={"safeguarding": "concern"},
                               reasons="<i>not</i> & <unclosed")
    flexi.decide(head, request.id, outcome="declined", decided_on=dt.date(2026, 11, 20), today=dt.date(2026, 11, 20),
                 reasons="Because <b>Tom & Jerry</b> said so <br/> & more")
    for kind in ("flexi_invitation", "flexi_decision"):
        text = pdf_text(_make(kind, request)[1])
        assert "<b>Tom & Jerry</b>" in text
        assert "Tom & Jerry's <Primary>" in text
    assert "Because <b>Tom & Jerry</b> said so <br/> & more" in pdf_text(
        _make("flexi_decision", request)[1])


def test_letters_go_to_adults_who_receive_letters_when_the_request_names_none(head, agreed):
    from flexidesk.store.models import FlexiRequestAdult

    FlexiRequestAdult.delete().where(FlexiRequestAdult.request == agreed.id).execute()
    params = build_params(head, "flexi_decision", request_id=agreed.id, letter_date=LETTER_DAY)
    assert params["family"]["names"] == ["Mrs Hazel Ashby", "Mr Owen Ashby"]
    assert params["family"]["address_lines"][1:] == ["4 Willow Row", "Millbridge", "MB2 3EF"]


def test_params_are_plain_json_and_render_needs_no_database(agreed, database):
    params = build_params(fd.writer(), "flexi_agreement", request_id=agreed.id,
                          letter_date=LETTER_DAY)
    assert json.loads(json.dumps(params)) == params
    before = render("flexi_agreement", params)
    Pupil.update(preferred_name="Changed").execute()  # the record changes after issue...
    assert render("flexi_agreement", params) == before  # ...the issued document does not


def test_logo_is_drawn_and_a_broken_logo_is_ignored(agreed):
    from PIL import Image  # ReportLab's own dependency, used here only to make a picture

    picture = io.BytesIO()
    Image.new("RGB", (120, 60), "green").save(picture, "PNG")
    School.update(logo=picture.getvalue()).execute()
    with_logo = _make("flexi_decision", agreed)[1]
    School.update(logo=b"not a picture").execute()
    broken = _make("flexi_decision", agreed)[1]
    School.update(logo=None).execute()
    plain = _make("flexi_decision", agreed)[1]
    assert b"/Subtype /Image" in with_logo and b"/Subtype /Image" not in plain
    assert "Decision: your request is agreed" in pdf_text(broken)


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        render("no_such_letter", {})


def test_agreed_letter_before_any_agreement_is_drafted(head, ashby):
    pupil, mum, dad = ashby
    request = fd.agreed_request(head, pupil, [mum, dad], draft=False)
    params, pdf = _make("flexi_decision", request)
    assert params["agreement"] is None
    text = pdf_text(pdf)
    assert "Ro may learn at home on Friday (all day)" in text  # the pattern asked for
    assert "about a term after the arrangement begins" in text
    assert "It is planned to begin" not in text
    assert NO_APPEAL in text


@pytest.mark.parametrize("who", ["office", "governor"])
def test_a_letter_is_read_only_for_a_role_that_writes_letters(request, agreed, who):
    """The family's names and address are read after the check, never before."""
    actor = request.getfixturevalue(who)
    last = AuditEntry.select().count()
    with pytest.raises(PermissionDenied):
        build_params(actor, "flexi_decision", request_id=agreed.id, letter_date=LETTER_DAY)
    assert AuditEntry.select().count() == last


def test_writing_a_letter_records_the_view_of_the_child(head, agreed):
    last = AuditEntry.select().count()
    build_params(head, "flexi_decision", request_id=agreed.id, letter_date=LETTER_DAY)
    views = [(e.action, e.pupil_id, e.record_id) for e in
             AuditEntry.select().where(AuditEntry.id > last)]
    assert views == [("view.letter", agreed.pupil_id, agreed.id)]
