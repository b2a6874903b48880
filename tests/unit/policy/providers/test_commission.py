"""Commissioning's rules where they meet: retired providers, code D, the terms every placement
needs, an override's follow-up, and the census's facts."""

import datetime as dt

import pytest

from flexidesk.policy.providers import (
    add_provider,
    add_site,
    commission_placement,
    edit_provider,
    retire_provider,
    review_placement,
)
from flexidesk.policy.providers.census import census_days, census_list, census_periods
from flexidesk.policy.records.access import PolicyError
from flexidesk.store.models import ClosureDay, Placement, Provider
from tests.unit.policy.providers.test_placements import TODAY, _pupil, _ready_provider, _terms


def test_a_retired_provider_takes_no_placement_even_with_the_heads_reason(head):
    provider, site = _ready_provider(head)
    retire_provider(head, provider.id)
    with pytest.raises(PolicyError, match="taken off the school's register"):
        commission_placement(head, _pupil().id, provider.id, override_reason="Only place near",
                             checks_due_on=TODAY, **_terms(site))
    assert Placement.select().count() == 0


def test_code_d_only_at_a_registered_school(head):
    provider, site = _ready_provider(head)
    ada = _pupil()
    with pytest.raises(PolicyError, match="not a registered school"):
        commission_placement(head, ada.id, provider.id, **_terms(site, attendance_code="D"))
    Provider.update(registered_school=True).where(Provider.id == provider.id).execute()
    placed = commission_placement(head, ada.id, provider.id,
                                  **_terms(site, attendance_code="D"))
    assert placed.attendance_code == "D"


@pytest.mark.parametrize("changes, message", [
    (dict(family_agreed_on=None), "day the family agreed"),
    (dict(planned_end_date=None), "Give the planned end"),
    (dict(max_weeks=None), "maximum length in weeks"),
    (dict(primary_reason=""), "primary reason"),
])
def test_the_family_a_planned_end_a_maximum_and_a_reason_are_required(head, changes, message):
    provider, site = _ready_provider(head)
    with pytest.raises(PolicyError, match=message):
        commission_placement(head, _pupil().id, provider.id, **_terms(site, **changes))
    assert Placement.select().count() == 0


def test_an_override_carries_the_day_its_missing_checks_are_due(head):
    provider = add_provider(head, "Riverside Boxing Academy", today=TODAY)
    site = add_site(head, provider.id, "Gym")
    ada = _pupil()
    with pytest.raises(PolicyError, match="missing checks will be held"):
        commission_placement(head, ada.id, provider.id, override_reason="Nearest club",
                             **_terms(site))
    with pytest.raises(PolicyError, match="from today to"):
        commission_placement(head, ada.id, provider.id, override_reason="Nearest club",
                             checks_due_on=TODAY + dt.timedelta(weeks=30), **_terms(site))
    placed = commission_placement(head, ada.id, provider.id, override_reason="Nearest club",
                                  checks_due_on=TODAY + dt.timedelta(weeks=2), **_terms(site))
    assert placed.checks_due_on == TODAY + dt.timedelta(weeks=2)


def test_a_placements_next_review_falls_on_a_school_day(head):
    provider, site = _ready_provider(head)
    placed = commission_placement(head, _pupil().id, provider.id, **_terms(site))
    ClosureDay.create(date=dt.date(2026, 11, 25), reason="INSET")
    for bad, why in ((dt.date(2026, 11, 29), "not a school day"),  # a Sunday
                     (dt.date(2026, 11, 25), "not a school day")):  # a closure day
        with pytest.raises(PolicyError, match=why):
            review_placement(head, placed.id, review_date=TODAY, score=1,
                             next_review_date=bad, today=TODAY)
    review = review_placement(head, placed.id, review_date=TODAY, score=1,
                              next_review_date=dt.date(2026, 11, 26), today=TODAY)
    assert review.next_review_date == dt.date(2026, 11, 26)


def test_a_setting_type_only_for_a_provider_without_urn_or_ukprn(head):
    tutor = add_provider(head, "Brook Tutors", ap_setting_type="oot", today=TODAY)
    assert Provider.get_by_id(tutor.id).ap_setting_type == "OOT"
    with pytest.raises(PolicyError, match="only one of the three"):
        edit_provider(head, tutor.id, "Brook Tutors", ukprn="10012345", today=TODAY)
    with pytest.raises(PolicyError, match="only one of the three"):
        add_provider(head, "Kestrel Vale", ofsted_urn="149902", ap_setting_type="OTH",
                     today=TODAY)
    with pytest.raises(PolicyError, match="NFE, OOT, WBP or OTH"):
        add_provider(head, "Farm", ap_setting_type="FARM", today=TODAY)


def test_census_days_and_periods():
    assert census_days(2026) == (dt.date(2026, 10, 1), dt.date(2027, 1, 21),
                                 dt.date(2027, 5, 20))
    spring = census_periods(TODAY)[0]
    assert (spring.name, spring.start, spring.end) == (
        "Spring census 2027", dt.date(2026, 10, 2), dt.date(2027, 1, 21))


def test_the_census_lists_each_placement_and_refuses_one_missing_an_item(head, office):
    provider, site = _ready_provider(head)  # no URN, no UKPRN, no setting type yet
    ada = _pupil()
    commission_placement(head, ada.id, provider.id, **_terms(site))
    late = commission_placement(head, _pupil("B000000000002", "Bea").id, provider.id,
                                **_terms(site, sessions=["mon_am", "mon_pm", "fri_am"]))
    Placement.update(primary_reason="").where(Placement.id == late.id).execute()
    listed = census_list(office, dt.date(2026, 10, 2), dt.date(2027, 1, 21))
    assert listed.lines == ()
    assert [(g.pupil, g.missing) for g in listed.incomplete] == [
        ("Ada Fenwick", ("URN, UKPRN or setting type",)),
        ("Bea Fenwick", ("URN, UKPRN or setting type", "primary reason"))]
    edit_provider(head, provider.id, provider.name, ap_setting_type="OTH", today=TODAY)
    listed = census_list(office, dt.date(2026, 10, 2), dt.date(2027, 1, 21))
    line = listed.lines[0]
    assert (line.pupil, line.identity_kind, line.identity, line.entry_date, line.leaving_date,
            line.reason, line.sessions_a_week) == (
        "Fenwick, Ada", "Setting type", "OTH", TODAY,
        TODAY + dt.timedelta(weeks=12), "To improve behaviour off site", 2)
    assert [g.missing for g in listed.incomplete] == [("primary reason",)]
    # A period before any placement began lists nothing.
    assert census_list(office, dt.date(2026, 1, 16), dt.date(2026, 5, 21)).lines == ()
