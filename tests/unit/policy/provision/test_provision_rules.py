"""Where the provision map's rules meet the calendar, the catalogue and the family."""

import datetime as dt

import pytest

from flexidesk.policy.errors import AskFirst
from flexidesk.policy.provision import enrol, record_review
from flexidesk.policy.provision.actions import default_first_review
from flexidesk.policy.provision.family_contact import families_not_contacted
from flexidesk.policy.provision.forest import record_session
from flexidesk.policy.provision.letters import issue_review_letters
from flexidesk.policy.records.access import PolicyError
from flexidesk.store.models import ClosureDay, Enrolment, ForestSession, Intervention
from tests.unit.policy.providers.test_placements import _ready_provider, _terms
from tests.unit.policy.provision.test_provision import make_pupil

D = dt.date
TODAY = D(2026, 11, 30)


def _lego(**kw):
    return Intervention.create(name="Lego Therapy", review_interval_weeks=6, **kw)


@pytest.mark.parametrize("day, why", [
    (D(2027, 1, 10), "not a school day"),  # a Sunday
    (D(2026, 12, 28), "not a school day"),  # the Boxing Day bank holiday, moved to Monday
    (D(2099, 1, 12), "more than a year after"),
])
def test_a_next_review_must_be_a_school_day_within_a_year(pastoral, day, why):
    nell = make_pupil(1)
    lego = _lego()
    with pytest.raises(PolicyError, match=why):
        enrol(pastoral, nell.id, lego.id, TODAY, "Take turns", next_review_date=day,
              today=TODAY)
    enrolment = enrol(pastoral, nell.id, lego.id, TODAY, "Take turns", today=TODAY)
    with pytest.raises(PolicyError, match=why):
        record_review(pastoral, enrolment.id, TODAY, 1, next_review_date=day, today=TODAY)


def test_the_suggested_first_review_is_a_school_day(pastoral):
    ClosureDay.create(date=D(2027, 1, 11), reason="INSET")
    lego = _lego()
    # Six weeks after Monday 30 Nov is Monday 11 Jan, an INSET day: the next school day.
    assert default_first_review(lego.id, TODAY) == D(2027, 1, 12)
    # Six weeks after a Sunday is a Sunday: moved on to Monday.
    assert default_first_review(lego.id, D(2026, 11, 29)) == D(2027, 1, 12)
    enrolment = enrol(pastoral, make_pupil(1).id, lego.id, TODAY, "Turns", today=TODAY)
    assert enrolment.next_review_date == D(2027, 1, 12)


def test_a_full_intervention_asks_before_it_takes_one_more(pastoral):
    lego = _lego(capacity=2)
    for n in (1, 2):
        enrol(pastoral, make_pupil(n, first=f"Kid{n}").id, lego.id, TODAY, "Turns",
              today=TODAY)
    third = make_pupil(3, first="Cal")
    with pytest.raises(AskFirst, match="Lego Therapy has 2 places, 2 taken from 30 Nov 2026"):
        enrol(pastoral, third.id, lego.id, TODAY, "Turns", today=TODAY)
    assert Enrolment.select().count() == 2
    enrol(pastoral, third.id, lego.id, TODAY, "Turns", over_capacity=True, today=TODAY)
    assert Enrolment.select().count() == 3


def test_forest_school_does_not_record_the_same_session_twice(pastoral):
    nell = make_pupil(1)
    record_session(pastoral, TODAY, "Oak", [nell.id], today=TODAY)
    with pytest.raises(PolicyError, match="already recorded"):
        record_session(pastoral, TODAY, "oak ", [nell.id], today=TODAY)
    assert ForestSession.select().count() == 1
    record_session(pastoral, TODAY, "Nurture group", [nell.id], today=TODAY)


def test_a_child_only_in_alternative_provision_is_in_the_contact_rhythm(head):
    provider, site = _ready_provider(head)
    from flexidesk.policy.providers import commission_placement

    ada = make_pupil(1, first="Ada")
    commission_placement(head, ada.id, provider.id, **_terms(site))  # from 2 Nov 2026
    late = families_not_contacted(head, D(2027, 1, 4))
    assert late == {ada.id: D(2026, 12, 21)}  # seven weeks after the placement began


def test_a_review_letter_counts_as_contact_with_the_family(pastoral):
    nell = make_pupil(1)
    enrolment = enrol(pastoral, nell.id, _lego().id, D(2026, 9, 7), "Turns",
                      today=D(2026, 9, 7))
    assert nell.id in families_not_contacted(pastoral, TODAY)
    review = record_review(pastoral, enrolment.id, D(2026, 11, 23), 1, today=TODAY)
    issue_review_letters(pastoral, [(review.id, b"%PDF-1.4 letter", {"review": review.id})],
                         document_date=D(2026, 11, 24))
    assert nell.id not in families_not_contacted(pastoral, TODAY)
