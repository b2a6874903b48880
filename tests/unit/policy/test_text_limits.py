"""A megabyte typed into any older form is refused by the policy layer, and nothing is saved."""

import datetime as dt

import pytest

from flexidesk.policy.errors import PolicyError
from flexidesk.policy.provision import enrol, log_contact, record_review
from flexidesk.policy.records.retention import edit_rule
from flexidesk.policy.records.rights import record_request
from flexidesk.store.models import (
    AuditEntry,
    Enrolment,
    EnrolmentReview,
    FamilyContact,
    Intervention,
    RetentionRule,
    SubjectAccessRequest,
)
from tests.unit.policy.provision.test_provision import TODAY, make_pupil

MEGABYTE = "x" * 1_000_000


@pytest.fixture
def place(school):
    pupil = make_pupil(1)
    lego = Intervention.create(name="Lego Therapy")
    enrolment = Enrolment.create(pupil=pupil, intervention=lego, start_date=dt.date(2026, 9, 7),
                                 next_review_date=dt.date(2026, 11, 20), target="Turn-taking")
    return pupil, lego, enrolment


def _refused(call, model, field):
    rows, audits = model.select().count(), AuditEntry.select().count()
    with pytest.raises(PolicyError, match=f"{field} is too long: 1,000,000 characters"):
        call()
    assert model.select().count() == rows
    assert AuditEntry.select().count() == audits


def test_review_notes_contact_summary_and_target_are_bounded(place, pastoral):
    pupil, lego, enrolment = place
    _refused(lambda: record_review(pastoral, enrolment.id, TODAY, 1, MEGABYTE, today=TODAY),
             EnrolmentReview, "Notes")
    _refused(lambda: log_contact(pastoral, pupil.id, dt.datetime(2026, 11, 27, 9), "phone",
                                 MEGABYTE, now=dt.datetime(2026, 11, 27, 10)),
             FamilyContact, "Summary")
    other = make_pupil(2, last="Fenwick")
    _refused(lambda: enrol(pastoral, other.id, lego.id, TODAY, MEGABYTE, today=TODAY),
             Enrolment, "Target")


def test_subject_access_request_and_retention_source_are_bounded(school, head):
    pupil = make_pupil(3)
    _refused(lambda: record_request(head, pupil_id=pupil.id, requester=MEGABYTE,
                                    received_on=TODAY), SubjectAccessRequest,
             "Who made the request")
    _refused(lambda: edit_rule(head, "pupil_file", years=6, counted_from="left_date",
                               source=MEGABYTE),
             RetentionRule, "Source")
