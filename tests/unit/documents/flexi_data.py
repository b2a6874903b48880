"""Fictional flexi requests carried through the policy's own actions, for the document tests."""

from __future__ import annotations

import datetime as dt
import io
import re

from pypdf import PdfReader

from flexidesk.policy import flexi
from flexidesk.policy.records.access import Actor
from flexidesk.policy.vocabulary import FACTORS
from flexidesk.store.models import (
    Adult,
    Intervention,
    Provider,
    Pupil,
    PupilAdult,
    School,
    StaffUser,
)

D = dt.date


def pdf_text(pdf: bytes) -> str:
    """All the text of a PDF with runs of whitespace (line wraps) made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def writer() -> Actor:
    """The Headteacher, who writes the letters (a letter's params are read through an actor)."""
    return Actor.from_user(StaffUser.get(StaffUser.username == "head"))


def page_count(pdf: bytes) -> int:
    """How many pages a PDF has."""
    return len(PdfReader(io.BytesIO(pdf)).pages)
MEETING = D(2026, 11, 16)  # a Monday


def dress_school() -> School:
    """Give the test school the contact details a letterhead shows."""
    school = School.select().first()
    school.phone = "01632 960 111"
    school.email = "office@brookfield.example"
    school.website = "www.brookfield.example"
    school.signatory_title = "Headteacher"
    school.local_authority = "Millshire Council"
    school.la_notify_flexi = True
    school.save()
    return school


def family(upn="T000000000101", first="Rowan", preferred="Ro", last="Ashby", sen=False):
    pupil = Pupil.create(upn=upn, legal_first_name=first, legal_last_name=last,
                         preferred_name=preferred, date_of_birth=D(2018, 3, 4), year_group=3,
                         class_name="Kestrels", sen_support=sen, on_roll_date=D(2022, 9, 1))
    mum = Adult.create(title="Mrs", first_name="Hazel", last_name=last,
                       address="4 Willow Row\nMillbridge", postcode="MB2 3EF")
    dad = Adult.create(title="Mr", first_name="Owen", last_name=last)
    for priority, adult in enumerate((mum, dad), start=1):
        PupilAdult.create(pupil=pupil, adult=adult, priority=priority)
    return pupil, mum, dad


def to_considered(head, pupil, adults, *, ratings=None, needs_met=False, alternatives=(),
                  reasons="Ro loves learning outdoors with his grandfather.", ticked=(),
                  notes_in_letter=False):
    """Up to the considerations; ``ticked`` considerations (and, with ``notes_in_letter``,
    the governing-body notes) are ticked for the letter, as the Headteacher would tick them."""
    request = flexi.receive_request(head, pupil_id=pupil.id, adult_ids=[a.id for a in adults],
                                    received_on=D(2026, 11, 2), sessions=["fri_am", "fri_pm"],
                                    reasons=reasons)
    flexi.arrange_meeting(head, request.id, meeting_date=MEETING, meeting_time=dt.time(15, 30),
                          place="The Headteacher's office")
    flexi.record_meeting(head, request.id, held_on=MEETING, attendees="Mrs Ashby, Ms Quill",
                         notes="Talked through the family's plans.", head_present=True)
    ratings = ratings or {}
    assessments = {code: (ratings.get(code, "neutral"), f"About {FACTORS[code].lower()}.",
                          code in ticked) for code in FACTORS}
    flexi.record_considerations(head, request.id, assessments=assessments,
                                needs_met_in_school=needs_met,
                                needs_met_notes="Our Nurture Group has space this term."
                                if needs_met else "", alternatives=list(alternatives),
                                needs_met_in_letter=notes_in_letter)
    return request


def declined_request(head, pupil, adults):
    nurture = Intervention.create(name="Nurture Group",
                                  description="A small, calm group every morning")
    farm = Provider.create(name="Hollow Oak Farm School", provider_type="Care farm")
    request = to_considered(
        head, pupil, adults, needs_met=True,
        ratings={"safeguarding": "serious_concern", "continuity": "concern",
                 "peers": "supports"},
        alternatives=[("intervention", nurture.id), ("provider", farm.id)],
        reasons="Elowen finds Mondays hard after the weekend.",
        ticked=("safeguarding", "continuity", "peers"), notes_in_letter=True)
    flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 20), today=D(2026, 11, 20),
                 reasons="We can meet Elowen's needs in school through our Nurture Group.")
    return request


def agreed_request(head, pupil, adults, *, draft=True):
    request = to_considered(head, pupil, adults,
                            ratings={"continuity": "supports", "outcomes": "supports",
                                     "resources": "concern"},
                            ticked=("continuity", "outcomes", "resources"))
    flexi.decide(head, request.id, outcome="agreed", decided_on=D(2026, 11, 19), today=D(2026, 11, 19),
                 reasons="A trial of one day a week at home suits Ro's love of the outdoors.")
    if draft:
        flexi.issue_letter(head, request.id, kind="flexi_decision", pdf=b"%PDF-1.4 letter",
                           params={}, document_date=D(2026, 11, 19))
        mum = adults[0]
        flexi.draft_agreement(
            head, request.id, start_date=D(2026, 12, 4), home_sessions=["fri_am", "fri_pm"],
            first_review_date=D(2027, 2, 26), home_educator="Mrs Hazel Ashby",
            special_terms="Ro will join the class for Friday assemblies when parents are invited.",
            parties=[("staff", head.user_id), ("adult", mum.id), ("adult", adults[1].id)])
    return request
