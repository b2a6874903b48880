"""Steps that carry a flexi request along its journey, shared by the flexi policy tests."""

import datetime as dt

from flexidesk.policy import flexi
from flexidesk.policy.vocabulary import FACTORS
from flexidesk.store.models import AuditEntry, FlexiRequest

D = dt.date
MEETING = D(2026, 11, 16)  # a Monday; the decision is due on Monday 23 November
RECEIVED = D(2026, 11, 2)


def _audit_count() -> int:
    return AuditEntry.select().count()


def _receive(actor, family, received_on=RECEIVED, today=None):
    pupil, mum, dad = family
    return flexi.receive_request(actor, pupil_id=pupil.id, adult_ids=[mum.id, dad.id],
                                 received_on=received_on, sessions=["fri_am", "fri_pm"],
                                 reasons="Ro loves learning outdoors with his grandfather.",
                                 today=today)


def _assessments(rating="neutral"):
    return {code: (rating, f"Note on {code}") for code in FACTORS}


def _to_considered(head, family, meeting=MEETING, needs_met=False):
    # The steps are recorded on the day of the meeting (which may be a later day than now).
    request = _receive(head, family, received_on=meeting - dt.timedelta(days=14), today=meeting)
    flexi.arrange_meeting(head, request.id, meeting_date=meeting, meeting_time=dt.time(15, 30),
                          place="Headteacher's office", today=meeting)
    flexi.record_meeting(head, request.id, held_on=meeting, attendees="Mrs Ashby, Ms Quill",
                         notes="Talked through the family's plans.", head_present=True,
                         today=meeting)
    flexi.record_considerations(head, request.id, assessments=_assessments(),
                                needs_met_in_school=needs_met, needs_met_notes="",
                                alternatives=[])
    return request


def _issue(actor, request_id, kind, when):
    return flexi.issue_letter(actor, request_id, kind=kind, pdf=b"%PDF-1.4 fictional letter",
                              params={"kind": kind, "request_id": request_id},
                              document_date=when)


def _to_agreed_letter(head, family):
    request = _to_considered(head, family)
    flexi.decide(head, request.id, outcome="agreed", decided_on=D(2026, 11, 19), today=D(2026, 11, 19),
                 reasons="A short trial fits Ro's needs.")
    _issue(head, request.id, "flexi_decision", D(2026, 11, 19))
    return request


def _draft(head, family, request):
    _pupil, mum, _dad = family
    return flexi.draft_agreement(
        head, request.id, start_date=D(2026, 11, 27), home_sessions=["fri_am", "fri_pm"],
        first_review_date=D(2027, 2, 26), home_educator="Mrs Ashby",
        parties=[("staff", head.user_id), ("adult", mum.id)])


def _stage(request) -> str:
    return FlexiRequest.get_by_id(request.id).stage



def _to_active(head, family):
    request = _to_agreed_letter(head, family)
    agreement = _draft(head, family, request)
    for party in agreement.parties:
        flexi.record_signature(head, party.id, signed_on=D(2026, 11, 26))
    return request

