"""A fictional child with a record of every kind, for the subject access and retention tests."""

import datetime as dt

from flexidesk.policy.records.access import viewed
from flexidesk.store.models import (
    Adult,
    Enrolment,
    EnrolmentReview,
    FactorAssessment,
    FamilyContact,
    FlexiDecision,
    FlexiMeeting,
    FlexiRequest,
    FlexiRequestAdult,
    Intervention,
    IssuedDocument,
    Placement,
    PlacementReview,
    Provider,
    Pupil,
    PupilAdult,
)

D = dt.date


def make_pupil(first="Tamsin", last="Fernleigh", upn="A123456789012", **extra) -> Pupil:
    """A child on roll in Year 4."""
    fields = dict(upn=upn, legal_first_name=first, legal_last_name=last,
                  date_of_birth=D(2017, 5, 4), year_group=4, on_roll_date=D(2021, 9, 1))
    fields.update(extra)
    return Pupil.create(**fields)


def child_with_records(viewer=None) -> Pupil:
    """Tamsin Fernleigh with family, provision, contacts, a placement and a flexi request."""
    pupil = make_pupil(preferred_name="Tam", class_name="Kestrels", sen_support=True)
    other = make_pupil("Noah", "Quillby", "B123456789012")
    adult = Adult.create(title="Mrs", first_name="Maya", last_name="Fernleigh",
                         address="4 Willow Row\nMillbridge", postcode="MB3 9ZZ")
    PupilAdult.create(pupil=pupil, adult=adult)
    lego = Intervention.create(name="Lego Therapy")
    enrol = Enrolment.create(pupil=pupil, intervention=lego, start_date=D(2026, 9, 7),
                             target="Turn-taking in a group of three", staff="Mr Penhallow")
    EnrolmentReview.create(enrolment=enrol, review_date=D(2026, 10, 19), score=1,
                           notes="Calmer at the start of sessions")
    Enrolment.create(pupil=other, intervention=lego, start_date=D(2026, 9, 7),
                     target="Another child's target")
    FamilyContact.create(pupil=pupil, adult=adult, contact_at=dt.datetime(2026, 10, 2, 9, 0),
                         summary="Phoned Mrs Fernleigh about Lego Therapy progress")
    provider = Provider.create(name="Riverside Farm Learning")
    placement = Placement.create(pupil=pupil, provider=provider, start_date=D(2026, 9, 14),
                                 objectives="Confidence outdoors", sessions="wed_pm",
                                 status="active")
    PlacementReview.create(placement=placement, review_date=D(2026, 10, 21), score=2,
                           attendance_percent=100, notes="Settled well")
    req = FlexiRequest.create(pupil=pupil, received_on=D(2026, 9, 1), reasons="Music lessons",
                              requested_sessions="fri_am,fri_pm", stage="letter_issued")
    FlexiRequestAdult.create(request=req, adult=adult)
    FlexiMeeting.create(request=req, meeting_date=D(2026, 9, 10), held=True,
                        notes="Talked through the weekly pattern")
    FactorAssessment.create(request=req, factor="continuity", rating="concern",
                            note="Fridays carry the weekly assessment")
    FlexiDecision.create(request=req, outcome="declined", decided_on=D(2026, 9, 15),
                         due_on=D(2026, 9, 17), reasons="Needs can be met in school")
    IssuedDocument.create(kind="flexi_decision", title="Decision on flexi-schooling request",
                          request=req, pupil=pupil, document_date=D(2026, 9, 15),
                          issued_by="head", sha256="0" * 64)
    if viewer is not None:
        viewed(viewer, "pupil", pupil.id)
    return pupil


HEAD_PASSWORD = "orchard gate at dawn"


def encrypted_school(path):
    """A real encrypted school at ``path``: a key file with one Headteacher slot (her role
    signed), opened as her.

    Returns (database, actor, recovery key); the caller closes the database.
    """
    from flexidesk.policy.records.access import Actor
    from flexidesk.store import open_database
    from flexidesk.store.authority import Signer
    from flexidesk.store.keyslots import KeySlots
    from flexidesk.store.models import School, StaffUser

    signer = Signer.generate()  # her sign-in would open it from her slot
    _ring, key, recovery = KeySlots.create(path, [("ada", "Ada Quill", HEAD_PASSWORD)],
                                           roles={"ada": "headteacher"},
                                           today="2026-09-01", signer=signer)
    database = open_database(path, key, create=True)
    database.signer = signer
    School.create(name="Brookfield Test Primary", headteacher_name="Ada Quill")
    user = StaffUser.create(username="ada", display_name="Ada Quill", role="headteacher")
    return database, Actor.from_user(user), recovery


#: The Headteacher of ``signed_school`` (Mrs Talia Brook, "tbrook").
SIGNED_HEAD_PASSWORD = "lantern moss violin"


def signed_school(path, *accounts, keep_open: bool = False):
    """A school made as this release makes one (first run), roles signed, at ``path``: its
    Headteacher "tbrook" and each (username, display name, role, password) added through the
    Staff actions. Closed unless ``keep_open`` (then the Headteacher's session is returned
    too, as (path, head))."""
    from flexidesk.policy.school import staff
    from flexidesk.policy.school.setup import NewSchool, create_school
    from flexidesk.store import close_database

    _db, head, _recovery = create_school(path, NewSchool(
        "Ferngate Primary", "Mrs Talia Brook", "ENG", "tbrook", SIGNED_HEAD_PASSWORD,
        SIGNED_HEAD_PASSWORD))
    for username, name, role, password in accounts:
        staff.add_user(head, username=username, display_name=name, role=role,
                       password=password)
    if keep_open:
        return path, head
    close_database()
    return path
