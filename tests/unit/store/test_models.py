"""The schema refuses nonsense on its own, whatever the code above it does."""

import datetime as dt

import pytest
from peewee import IntegrityError

from flexidesk.store.models import (
    Enrolment,
    EnrolmentReview,
    FlexiAlternative,
    FlexiRequest,
    Intervention,
    Placement,
    PlacementReview,
    Provider,
    Pupil,
)

D = dt.date


def make_pupil(upn="A123456789012", **kw):
    fields = dict(upn=upn, legal_first_name="Nell", legal_last_name="Ashdown",
                  date_of_birth=D(2018, 3, 1), year_group=3, on_roll_date=D(2022, 9, 1))
    fields.update(kw)
    return Pupil.create(**fields)


def test_duplicate_upn_is_refused(database):
    make_pupil()
    with pytest.raises(IntegrityError):
        make_pupil(legal_first_name="Other")


def test_upn_must_be_thirteen_characters(database):
    with pytest.raises(IntegrityError):
        make_pupil(upn="SHORT")


def test_year_group_outside_reception_to_year_6_is_refused(database):
    with pytest.raises(IntegrityError):
        make_pupil(year_group=7)


def test_left_date_before_on_roll_date_is_refused(database):
    with pytest.raises(IntegrityError):
        make_pupil(left_date=D(2021, 1, 1))


def test_enrolment_ending_before_it_starts_is_refused(database):
    pupil = make_pupil()
    lego = Intervention.create(name="Lego Therapy")
    with pytest.raises(IntegrityError):
        Enrolment.create(pupil=pupil, intervention=lego, start_date=D(2026, 10, 1),
                         end_date=D(2026, 9, 1))


@pytest.mark.parametrize("score", [-3, 3, 10])
def test_review_score_outside_minus_two_to_plus_two_is_refused(database, score):
    pupil = make_pupil()
    enrolment = Enrolment.create(pupil=pupil, intervention=Intervention.create(name="Games Club"),
                                 start_date=D(2026, 9, 7))
    with pytest.raises(IntegrityError):
        EnrolmentReview.create(enrolment=enrolment, review_date=D(2026, 10, 19), score=score)


def test_review_scores_at_the_ends_of_the_scale_are_kept(database):
    pupil = make_pupil()
    enrolment = Enrolment.create(pupil=pupil, intervention=Intervention.create(name="Games Club"),
                                 start_date=D(2026, 9, 7))
    for score in (-2, 2):
        EnrolmentReview.create(enrolment=enrolment, review_date=D(2026, 10, 19), score=score)
    assert [r.score for r in enrolment.reviews.order_by(EnrolmentReview.id)] == [-2, 2]


def test_placement_constraints(database):
    pupil = make_pupil()
    provider = Provider.create(name="Hilltop Farm Learning")
    with pytest.raises(IntegrityError):
        Placement.create(pupil=pupil, provider=provider, start_date=D(2026, 9, 1),
                         end_date=D(2026, 8, 1))
    with pytest.raises(IntegrityError):
        Placement.create(pupil=pupil, provider=provider, start_date=D(2026, 9, 1),
                         attendance_code="C")
    placement = Placement.create(pupil=pupil, provider=provider, start_date=D(2026, 9, 1))
    with pytest.raises(IntegrityError):
        PlacementReview.create(placement=placement, review_date=D(2026, 10, 1), score=0,
                               attendance_percent=120)


def test_foreign_keys_are_enforced(database):
    with pytest.raises(IntegrityError):
        FlexiRequest.create(pupil=9999, received_on=D(2026, 11, 2))


def test_flexi_alternative_names_exactly_one_kind_of_provision(database):
    request = FlexiRequest.create(pupil=make_pupil(), received_on=D(2026, 11, 2))
    with pytest.raises(IntegrityError):
        FlexiAlternative.create(request=request)


def test_flexi_stage_must_be_known(database):
    with pytest.raises(IntegrityError):
        FlexiRequest.create(pupil=make_pupil(), received_on=D(2026, 11, 2), stage="approved")


def test_deleting_a_pupil_removes_their_records(database):
    pupil = make_pupil()
    FlexiRequest.create(pupil=pupil, received_on=D(2026, 11, 2))
    pupil.delete_instance()
    assert FlexiRequest.select().count() == 0
