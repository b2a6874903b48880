"""Fictional children, families and provision for the flexi dialog and journey tests."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateEdit

from flexidesk.policy import flexi
from flexidesk.policy.vocabulary import CHECKLIST, FACTORS
from flexidesk.store.models import (
    Adult,
    AgreementParty,
    DueDiligenceItem,
    Intervention,
    Provider,
    Pupil,
    PupilAdult,
    StaffUser,
)
from tests.clock import TODAY


def make_family(first="Wren", last="Hollis", *, upn="H801200000001", year=3):
    """A child with a mother (parental responsibility) and a step-father (none)."""
    pupil = Pupil.create(upn=upn, legal_first_name=first, legal_last_name=last,
                         date_of_birth=dt.date(2018, 2, 14), year_group=year,
                         on_roll_date=dt.date(2022, 9, 5))
    mother = Adult.create(title="Mrs", first_name="Juno", last_name=last,
                          address="4 Kestrel Row\nMillbridge", postcode="MB2 7QT")
    stepdad = Adult.create(title="Mr", first_name="Olin", last_name="Brack",
                           address="4 Kestrel Row\nMillbridge", postcode="MB2 7QT")
    PupilAdult.create(pupil=pupil, adult=mother, relationship="mother", priority=1)
    PupilAdult.create(pupil=pupil, adult=stepdad, relationship="step-father",
                      parental_responsibility=False, priority=2)
    return pupil, mother, stepdad


def make_provision():
    """Two interventions and one provider (its checks all in date) to tick as the provision meant."""
    lego = Intervention.create(name="Lego Therapy", sort_order=1)
    nurture = Intervention.create(name="Nurture Group", sort_order=2)
    farm = Provider.create(name="Thistle Farm Learning")
    for item in CHECKLIST:
        DueDiligenceItem.create(provider=farm, item=item, status="held",
                                expires_on=TODAY + dt.timedelta(days=365))
    return lego, nurture, farm


def type_date(qtbot, field: QDateEdit, value: dt.date) -> None:
    """Type a date into a date field the way a person does: day, month, year digits."""
    field.setFocus()
    field.setSelectedSection(QDateEdit.Section.DaySection)
    qtbot.keyClicks(field, value.strftime("%d%m%Y"))
    assert field.date().toPython() == value, field.text()


def tick(qtbot, list_widget, text: str) -> None:
    """Tick (or untick) the list item whose text contains ``text`` with the space bar."""
    for row in range(list_widget.count()):
        item = list_widget.item(row)
        if text in item.text():
            before = item.checkState()
            list_widget.setFocus()
            list_widget.setCurrentRow(row)
            qtbot.keyClick(list_widget, Qt.Key.Key_Space)
            assert item.checkState() != before, "the space bar did not tick the item"
            return
    raise AssertionError(f"no item with {text!r}")


def head_account() -> StaffUser:
    """The Headteacher's staff account, who signs agreements for the school."""
    return StaffUser.get(StaffUser.role == "headteacher")


def all_neutral(note="") -> dict:
    return {code: ("neutral", note) for code in FACTORS}


def request_at(stage: str, actor, pupil, adults, *, received: dt.date, held: dt.date | None = None,
               outcome: str = "agreed", needs_met: bool = False, alternatives=()):
    """Carry a request through the policy (no dialogs) up to ``stage``; returns its id.

    Set-up only: each step is recorded as on a day late enough for its dates, and weekend
    meetings are confirmed, so the tests can place the journey around today.
    """
    held = held or received + dt.timedelta(days=7)
    later = max(TODAY, held + dt.timedelta(days=10))
    request = flexi.receive_request(actor, pupil_id=pupil.id, adult_ids=[a.id for a in adults],
                                    received_on=received, sessions=["fri_am", "fri_pm"],
                                    reasons="Forest learning with grandparents on Fridays.",
                                    today=later)
    rid = request.id
    if stage == "received":
        return rid
    flexi.arrange_meeting(actor, rid, meeting_date=held, meeting_time=dt.time(15, 30),
                          place="Headteacher's office", confirm_non_school_day=True,
                          today=later)
    if stage == "meeting_arranged":
        return rid
    flexi.record_meeting(actor, rid, held_on=held, attendees="Everyone", notes="Talked it through",
                         head_present=True, confirm_non_school_day=True, today=later)
    if stage == "meeting_held":
        return rid
    flexi.record_considerations(actor, rid, assessments=all_neutral(), needs_met_in_school=needs_met,
                                needs_met_notes="", alternatives=list(alternatives))
    if stage == "considered":
        return rid
    decided = held + dt.timedelta(days=1)
    flexi.decide(actor, rid, outcome=outcome, decided_on=decided,
                 reasons="Weighed carefully.", justification="Because." if needs_met else "",
                 today=decided)  # recorded on the day it was made
    if stage == "decided":
        return rid
    # Set-up only: the letter itself is rendered and checked in the journey test.
    flexi.issue_letter(actor, rid, kind="flexi_decision", pdf=b"%PDF-1.4 set-up",
                       params={"request_id": rid}, document_date=decided, today=later)
    if stage == "letter_issued":
        return rid
    flexi.draft_agreement(actor, rid, start_date=decided + dt.timedelta(days=3),
                          home_sessions=["fri_am", "fri_pm"], first_review_date=None,
                          parties=[("staff", head_account().id)]
                          + [("adult", a.id) for a in adults])
    if stage == "agreement_drafted":
        return rid
    for party in AgreementParty.select():
        flexi.record_signature(actor, party.id, signed_on=decided + dt.timedelta(days=2),
                               today=later)
    assert stage == "active", stage
    return rid
