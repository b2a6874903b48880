"""Subject access: the one-month deadline, the request log, and the collected records."""

import datetime as dt
import json

import pytest

from flexidesk.policy.records.access import PermissionDenied, PolicyError
from flexidesk.policy.records.rights import (
    collect_subject_data,
    complete_request,
    list_requests,
    record_export,
    record_request,
    sar_due_date,
)
from flexidesk.store.models import AuditEntry, SubjectAccessRequest
from tests.rights_data import child_with_records, make_pupil

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


def test_request_log_shows_days_left_and_overdue(head, today):
    pupil = make_pupil()
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
    pupil = child_with_records(viewer=pastoral)
    data = collect_subject_data(head, pupil.id)
    text = json.dumps(data)  # it must be JSON-safe as it is
    assert data["pupil"]["legal_first_name"] == "Tamsin"
    assert data["adults"][0]["first_name"] == "Maya"
    assert data["flexi_requests"][0]["factors"][0]["rating"] == "concern"
    assert data["enrolments"][0]["intervention"] == "Lego Therapy"
    assert data["enrolments"][0]["reviews"][0]["notes"] == "Calmer at the start of sessions"
    assert data["family_contacts"][0]["summary"] == "Phoned Mrs Fernleigh about Lego Therapy progress"
    assert data["placements"][0]["provider"] == "Riverside Farm Learning"
    assert data["flexi_requests"][0]["meetings"][0]["held"] is True
    assert data["flexi_requests"][0]["decisions"][0]["outcome"] == "declined"
    assert data["issued_documents"][0]["title"] == "Decision on flexi-schooling request"
    assert any(a["user"] == "Ben Marsh" and a["action"] == "view.pupil" for a in data["access_log"])
    assert "Another child" not in text and "Quillby" not in text


def test_export_is_audited_and_completes_the_request(head, today):
    pupil = make_pupil()
    req = record_request(head, pupil_id=pupil.id, requester="Mrs Fernleigh",
                         received_on=D(2026, 11, 2))
    record_export(head, pupil.id, pdf_sha256="a" * 64, json_sha256="b" * 64, request=req,
                  completed_on=today)
    row = AuditEntry.select().where(AuditEntry.action == "export.subject_access").get()
    assert row.pupil_id == pupil.id and "a" * 64 in row.after
    assert SubjectAccessRequest.get_by_id(req.id).completed_on == today


def test_only_the_head_may_collect(pastoral, school):
    pupil = make_pupil()
    with pytest.raises(PermissionDenied):
        collect_subject_data(pastoral, pupil.id)
