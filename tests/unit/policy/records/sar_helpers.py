"""The issue's child for subject access tests, and deciding every flagged passage of a reply."""

import datetime as dt
from dataclasses import dataclass

from flexidesk.policy.records.redaction import decide_passage, passages
from flexidesk.policy.records.rights import record_request
from flexidesk.store.models import (
    Adult,
    EnrolmentReview,
    Pupil,
    PupilAdult,
    SubjectAccessRequest,
)
from tests.rights_data import child_with_records, make_pupil

NOTE = "Tam pushed another boy, Harry P. Mum says the court case is next week."


@dataclass
class Reply:
    """A child whose records name others, and the request for them."""

    pupil: Pupil
    request: SubjectAccessRequest
    review: EnrolmentReview  # its notes name another boy and a court case
    dad: Adult  # a second parent, at another address


def child_naming_others(head, viewer=None) -> Reply:
    """Tamsin Fernleigh's records with a note naming Harry Pengelly (on roll) and a court case,
    her father at another address, and Mrs Fernleigh's request for them."""
    pupil = child_with_records(viewer=viewer)
    make_pupil("Harry", "Pengelly", "H123456789012")
    dad = Adult.create(title="Mr", first_name="Tom", last_name="Fernleigh", phone="07700 900123",
                       address="9 Quay Street\nPorthbridge", postcode="PB1 1AA")
    PupilAdult.create(pupil=pupil, adult=dad, relationship="father")
    review = EnrolmentReview.create(enrolment=pupil.enrolments.get(),
                                    review_date=dt.date(2026, 11, 2), score=-1, notes=NOTE)
    request = record_request(head, pupil_id=pupil.id, requester="Mrs Maya Fernleigh (mother)",
                             received_on=dt.date(2026, 11, 20))
    return Reply(pupil, request, review, dad)


def decide_all(head, request, *, redact: dict[str, str] | None = None) -> list:
    """Keep every flagged passage except those whose key is in ``redact`` (key: reason)."""
    found = passages(head, request)
    for passage in found:
        reason = (redact or {}).get(passage.key)
        decide_passage(head, request, passage, "redact" if reason else "keep", reason or "")
    return found
