"""Hostile or sloppy input through the actions themselves: exact limits, invisible characters,
dates outside the one bound, and values cut when a message repeats them. Nothing is saved."""

import datetime as dt

import pytest
from stdnum.gb import upn as upn_number

from flexidesk.policy.errors import PolicyError
from flexidesk.policy.provision import enrol, log_contact, record_review
from flexidesk.policy.roster.by_hand import AdultDetails, PupilDetails, add_adult, add_pupil
from flexidesk.policy.school.term_dates import add_closure
from flexidesk.policy.text import LINE, NAME, NOTE, PARAGRAPH
from flexidesk.store.models import (
    Adult,
    AuditEntry,
    ClosureDay,
    Enrolment,
    EnrolmentReview,
    FamilyContact,
    Intervention,
    Pupil,
)
from tests.unit.policy.provision.test_provision import TODAY, make_pupil

D = dt.date
BAD_DATES = [D(1, 1, 1), D(1899, 12, 31), D(2100, 1, 1), D(9999, 12, 31)]


def _upn(serial: int) -> str:
    body = f"9362999{25:02d}{serial:03d}"
    return upn_number.calc_check_digit(body) + body


def _details(**changes) -> PupilDetails:
    fields = dict(upn=_upn(1), legal_first_name="Ada", legal_last_name="Fenwick",
                  preferred_name="", date_of_birth=D(2018, 3, 4), year_group=3)
    fields.update(changes)
    return PupilDetails(**fields)


def _nothing_saved(call, model, match):
    rows, audits = model.select().count(), AuditEntry.select().count()
    with pytest.raises(PolicyError, match=match):
        call()
    assert model.select().count() == rows
    assert AuditEntry.select().count() == audits


@pytest.fixture
def place(school):
    pupil = make_pupil(1)
    lego = Intervention.create(name="Lego Therapy")
    enrolment = Enrolment.create(pupil=pupil, intervention=lego, start_date=D(2026, 9, 7),
                                 next_review_date=D(2026, 11, 20), target="Turn-taking")
    return pupil, lego, enrolment


# --- each field keeps its named limit, exactly -------------------------------------------------


def test_a_legal_name_of_exactly_name_characters_fits_and_one_more_is_refused(head):
    add_pupil(head, _details(legal_first_name="A" * NAME), TODAY)
    assert Pupil.get().legal_first_name == "A" * NAME
    _nothing_saved(lambda: add_pupil(head, _details(upn=_upn(2),
                                                    legal_first_name="A" * (NAME + 1)), TODAY),
                   Pupil, f"Legal first name is too long: {NAME + 1} characters, and at most "
                          f"{NAME} fit")


def test_an_email_takes_a_line_and_a_target_a_paragraph(place, head, pastoral):
    pupil, lego, _enrolment = place
    add_adult(head, pupil.id, AdultDetails("Ms", "Hazel", "Ashby", email="e" * LINE), "mother",
              True)
    _nothing_saved(lambda: add_adult(head, pupil.id, AdultDetails(
        "Ms", "Hazel", "Ashby", email="e" * (LINE + 1)), "mother", True), Adult,
        f"Email is too long: {LINE + 1} characters, and at most {LINE} fit")
    other = make_pupil(2, last="Birch")
    enrol(pastoral, other.id, lego.id, TODAY, "t" * PARAGRAPH, today=TODAY)
    third = make_pupil(3, last="Cole")
    _nothing_saved(lambda: enrol(pastoral, third.id, lego.id, TODAY, "t" * (PARAGRAPH + 1),
                                 today=TODAY), Enrolment,
                   f"Target is too long: {PARAGRAPH + 1:,} characters, and at most "
                   f"{PARAGRAPH:,} fit")


def test_review_notes_take_exactly_a_note(place, pastoral):
    _pupil, _lego, enrolment = place
    record_review(pastoral, enrolment.id, TODAY, 1, "n" * NOTE, today=TODAY)
    _nothing_saved(lambda: record_review(pastoral, enrolment.id, TODAY, 1, "n" * (NOTE + 1),
                                         today=TODAY), EnrolmentReview,
                   f"Notes is too long: {NOTE + 1:,} characters, and at most {NOTE:,} fit")


# --- characters nobody sees ---------------------------------------------------------------------


def test_nul_control_and_right_to_left_override_characters_never_reach_a_name(head):
    add_pupil(head, _details(legal_first_name="\u202eAda\x00", legal_last_name="Fen\x1bwick",
                             preferred_name="\u2066Ro\u2069"), TODAY)
    pupil = Pupil.get()
    assert (pupil.legal_first_name, pupil.legal_last_name, pupil.preferred_name) == (
        "Ada", "Fenwick", "Ro")


def test_a_carriage_return_in_a_single_line_field_is_refused(head):
    _nothing_saved(lambda: add_pupil(head, _details(legal_last_name="Fen\rwick"), TODAY),
                   Pupil, "Legal surname must be on one line")


# --- one date bound ----------------------------------------------------------------------------


@pytest.mark.parametrize("day", BAD_DATES)
def test_a_date_of_birth_outside_the_bound_is_refused(head, day):
    _nothing_saved(lambda: add_pupil(head, _details(date_of_birth=day), TODAY), Pupil,
                   "is not a date FlexiDesk accepts: dates run from 1 Jan 1900 to 31 Dec 2099."
                   " Nothing was saved.")


@pytest.mark.parametrize("day", BAD_DATES)
def test_provision_starts_reviews_contacts_and_closures_share_the_bound(place, head, pastoral,
                                                                       day):
    pupil, lego, enrolment = place
    other = make_pupil(2, last="Birch")
    refused = "is not a date FlexiDesk accepts"
    _nothing_saved(lambda: enrol(pastoral, other.id, lego.id, day, "Turn-taking", today=TODAY),
                   Enrolment, refused)
    # A review in 9999 used to overflow as its next date was counted: now a plain refusal.
    _nothing_saved(lambda: record_review(pastoral, enrolment.id, day, 1, "", today=TODAY),
                   EnrolmentReview, refused)
    _nothing_saved(lambda: record_review(pastoral, enrolment.id, TODAY, 1, "",
                                         next_review_date=day, today=TODAY),
                   EnrolmentReview, refused)
    _nothing_saved(lambda: log_contact(pastoral, pupil.id, dt.datetime.combine(day, dt.time(9)),
                                       "phone", "Called", now=dt.datetime(2026, 11, 27, 10)),
                   FamilyContact, refused)
    _nothing_saved(lambda: add_closure(head, day, "INSET"), ClosureDay, refused)


def test_the_bound_itself_is_accepted(head):
    add_closure(head, D(1900, 1, 1), "First day FlexiDesk knows")
    add_closure(head, D(2099, 12, 31), "Last day FlexiDesk knows")
    assert ClosureDay.select().count() == 2


# --- values cut in messages ---------------------------------------------------------------------


def test_a_megabyte_upn_is_not_repeated_back_in_full(head):
    with pytest.raises(PolicyError) as refused:
        add_pupil(head, _details(upn="G" * 1_000_000), TODAY)
    message = str(refused.value)
    assert len(message) < 200
    assert "G" * 60 + "… (1,000,000 characters)" in message
    assert Pupil.select().count() == 0
