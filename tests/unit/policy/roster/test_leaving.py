"""A child who leaves: what of theirs ends is said first, then ended the same day."""

import datetime as dt

import pytest

from flexidesk.policy.errors import AskFirst
from flexidesk.policy.providers import commission_placement
from flexidesk.policy.provision import enrol, pupil_rows
from flexidesk.policy.roster.by_hand import mark_left
from flexidesk.policy.roster.leaving import what_ends
from flexidesk.policy.today import today_items
from flexidesk.store.models import Enrolment, FlexiRequest, Intervention, Placement, Pupil
from tests.unit.policy.flexi.flexi_steps import _to_active
from tests.unit.policy.providers.test_placements import _ready_provider, _terms

D = dt.date
TODAY = D(2026, 11, 30)


def test_leaving_asks_what_ends_then_ends_it_all(head, family):
    ro = family[0]
    request = _to_active(head, family)  # at home on Fridays
    lego = Intervention.create(name="Lego Therapy")
    enrol(head, ro.id, lego.id, D(2026, 11, 2), "Take turns", today=TODAY)
    provider, site = _ready_provider(head)
    commission_placement(head, ro.id, provider.id, **_terms(site))  # Tuesday and Thursday
    ends = what_ends(head, ro.id, TODAY)
    assert ends.lines() == ["Lego Therapy (in-school provision)",
                            "the placement at Hilltop Farm Learning",
                            "the flexi-schooling request (arrangement running)"]
    with pytest.raises(AskFirst, match="If Ro Ashby leaves on 30 Nov 2026, these end"):
        mark_left(head, ro.id, TODAY)
    assert Pupil.get_by_id(ro.id).left_date is None
    mark_left(head, ro.id, TODAY, end_what_runs=True)
    assert Pupil.get_by_id(ro.id).left_date == TODAY
    enrolment = Enrolment.get(Enrolment.pupil == ro.id)
    assert (enrolment.end_date, enrolment.next_review_date) == (TODAY, None)
    placement = Placement.get(Placement.pupil == ro.id)
    assert (placement.status, placement.end_date, placement.next_review_date) == (
        "ended", TODAY, None)
    assert FlexiRequest.get_by_id(request.id).stage == "ended"
    # Nothing of theirs falls due any more.
    later = TODAY + dt.timedelta(weeks=30)
    assert not [i for i in today_items(head, later) if i.who == "Ro Ashby"]
    assert ro.id not in {r.id for r in pupil_rows(head, TODAY + dt.timedelta(days=1))}


def test_a_placement_still_to_start_is_cancelled_and_a_child_with_nothing_just_leaves(head):
    provider, site = _ready_provider(head)
    ada = Pupil.create(upn="B000000000001", legal_first_name="Ada", legal_last_name="Fenwick",
                       date_of_birth=D(2017, 3, 1), year_group=4, on_roll_date=D(2021, 9, 1))
    commission_placement(head, ada.id, provider.id, **_terms(
        site, start_date=D(2027, 1, 11), planned_end_date=D(2027, 3, 1),
        family_agreed_on=D(2026, 11, 2)))
    mark_left(head, ada.id, D(2026, 12, 18), end_what_runs=True)
    assert Placement.get().status == "cancelled"
    bea = Pupil.create(upn="B000000000002", legal_first_name="Bea", legal_last_name="Fenwick",
                       date_of_birth=D(2017, 3, 1), year_group=4, on_roll_date=D(2021, 9, 1))
    mark_left(head, bea.id, TODAY)  # nothing to end: nothing to ask
    assert Pupil.get_by_id(bea.id).left_date == TODAY
