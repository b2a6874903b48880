"""Subject access: the one-month deadline, the request log, and the collected records."""

import datetime as dt
import json

import pytest

from flexidesk.policy.access import PermissionDenied, PolicyError, viewed
from flexidesk.policy.rights import (
    collect_subject_data,
    complete_request,
    list_requests,
    record_export,
    record_request,
    sar_due_date,
)
from flexidesk.store.models import (
    Adult,
    AuditEntry,
    Enrolment,
    EnrolmentReview,
    FamilyContact,
    FlexiDecision,
    FlexiMeeting,
    FlexiRequest,
    Intervention,
    IssuedDocument,
    Placement,
    Provider,
    Pupil,
    PupilAdult,
    SubjectAccessRequest,
)

D = dt.date


@pytest.mark.parametrize("received, due", [
    (D(2026, 1, 3), D(2026, 2, 2)),     # the brief's example: day of receipt is day 1
    (D(2026, 1, 1), D(2026, 1, 31)),
    (D(2026, 1, 31), D(2026, 2, 28)),   # no 31 February: the month's last day
    (D(2028, 1, 31), D(2028, 2, 29)),   # leap year
    (D(2026, 1, 30), D(2026, 2, 28)),
    (D(2028, 1, 29), D(2028, 2, 28)),   # 29 February exists in 2028, so the day before
    (D(2026, 1, 29), D(2026, 2, 28)),   # ...and does not in 2026
    (D(2026, 3, 31), D(2026, 4, 30)),
    (D(2026, 4, 30), D(2026, 5, 29)),
    (D(2026, 12, 31), D(2027, 1, 30)),  # across the year end
    (D(2026, 12, 1), D(2026, 12, 31)),
])
def test_due_date_counts_day_of_receipt_as_day_one(received, due):
    assert sar_due_date(received) == due


def _pupil(first="Tamsin", last="Fernleigh", upn="A123456789012"):
    return Pupil.create(upn=upn, legal_first_name=first, legal_last_name=last,
                        date_of_birth=D(2017, 5, 4), year_group=4, on_roll_date=D(2021, 9, 1))


def test_request_log_shows_days_left_and_overdue(head, today):
    pupil = _pupil()
    late = record_request(head, pupil_id=pupil.id, requester="Mrs Fernleigh",
                          received_on=D(2026, 10, 1))
    soon = record_request(head, pupil_id=pupil.id, requester="Mr Fernleigh",
                          received_on=D(2026, 11, 20))
    assert soon.due_on == D(2026, 12, 19)
    rows = list_requests(head, today)
    assert [r.request.id for r in rows] == [late.id, soon.id]  # most urgent first
    assert rows[0].overdue and rows[0].status_text() == "27 days overdue"
    assert rows[1].status_text() == "22 days left"
    complete_request(head, late, today)
    rows = list_requests(head, today)
    assert rows[-1].request.id == late.id and rows[-1].days_left is None
    assert rows[-1].status_text().startswith("Completed")


def test_request_needs_a_requester_and_the_head(head, pastoral):
    with pytest.raises(PolicyError, match="who made"):
        record_request(head, pupil_id=None, requester="  ", received_on=D(2026, 1, 3))
    with pytest.raises(PermissionDenied):
        record_request(pastoral, pupil_id=None, requester="X", received_on=D(2026, 1, 3))


def test_collect_gathers_every_record_and_who_looked(head, pastoral, school):
    pupil = _pupil()
    other = _pupil("Noah", "Quillby", "B123456789012")
    adult = Adult.create(first_name="Maya", last_name="Fernleigh")
    PupilAdult.create(pupil=pupil, adult=adult)
    lego = Intervention.create(name="Lego Therapy")
    enrol = Enrolment.create(pupil=pupil, intervention=lego, start_date=D(2026, 9, 7),
                             target="Turn-taking")
    EnrolmentReview.create(enrolment=enrol, review_date=D(2026, 10, 19), score=1, notes="Calmer")
    Enrolment.create(pupil=other, intervention=lego, start_date=D(2026, 9, 7), target="Other child")
    FamilyContact.create(pupil=pupil, contact_at=dt.datetime(2026, 10, 2, 9, 0),
                         summary="Phoned about Lego")
    provider = Provider.create(name="Riverside Farm Learning")
    Placement.create(pupil=pupil, provider=provider, start_date=D(2026, 9, 14),
                     objectives="Confidence")
    req = FlexiRequest.create(pupil=pupil, received_on=D(2026, 9, 1), reasons="Music lessons")
    FlexiMeeting.create(request=req, meeting_date=D(2026, 9, 10), held=True)
    FlexiDecision.create(request=req, outcome="declined", decided_on=D(2026, 9, 15),
                         due_on=D(2026, 9, 17))
    IssuedDocument.create(kind="flexi_decision", title="Decision letter", request=req,
                          document_date=D(2026, 9, 15), issued_by="head", sha256="0" * 64)
    viewed(pastoral, "pupil", pupil.id)

    data = collect_subject_data(head, pupil.id)
    text = json.dumps(data)  # it must be JSON-safe as it is
    assert data["pupil"]["legal_first_name"] == "Tamsin"
    assert data["adults"][0]["first_name"] == "Maya"
    assert data["enrolments"][0]["intervention"] == "Lego Therapy"
    assert data["enrolments"][0]["reviews"][0]["notes"] == "Calmer"
    assert data["family_contacts"][0]["summary"] == "Phoned about Lego"
    assert data["placements"][0]["provider"] == "Riverside Farm Learning"
    assert data["flexi_requests"][0]["meetings"][0]["held"] is True
    assert data["flexi_requests"][0]["decisions"][0]["outcome"] == "declined"
    assert data["issued_documents"][0]["title"] == "Decision letter"
    assert any(a["user"] == "Ben Marsh" and a["action"] == "view.pupil" for a in data["access_log"])
    assert "Other child" not in text and "Quillby" not in text


def test_export_is_audited_and_completes_the_request(head, today):
    pupil = _pupil()
    req = record_request(head, pupil_id=pupil.id, requester="Mrs Fernleigh",
                         received_on=D(2026, 11, 2))
    record_export(head, pupil.id, pdf_sha256="a" * 64, json_sha256="b" * 64, request=req,
                  completed_on=today)
    row = AuditEntry.select().where(AuditEntry.action == "export.subject_access").get()
    assert row.pupil_id == pupil.id and "a" * 64 in row.after
    assert SubjectAccessRequest.get_by_id(req.id).completed_on == today


def test_only_the_head_may_collect(pastoral, school):
    pupil = _pupil()
    with pytest.raises(PermissionDenied):
        collect_subject_data(pastoral, pupil.id)
