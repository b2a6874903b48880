"""A child's week: placements and flexi agreements book into one week, and a clash names both."""

import datetime as dt

import pytest

from flexidesk.policy import flexi
from flexidesk.policy.providers import (
    add_provider,
    commission_placement,
    provider_detail,
    registration_warnings,
)
from flexidesk.policy.provision import pupil_page
from flexidesk.policy.records.access import PolicyError
from flexidesk.policy.week import AT_HOME, AT_PROVIDER, IN_SCHOOL, week_of
from flexidesk.store.models import FlexiAgreement, Placement
from tests.unit.policy.flexi.flexi_steps import _draft, _to_agreed_letter
from tests.unit.policy.providers.test_placements import TODAY, _pupil, _ready_provider, _terms

D = dt.date
DAYS = ("mon", "tue", "wed", "thu", "fri")


def _place(head, pupil, provider_name, sessions, **changes):
    provider, site = _ready_provider(head, provider_name)
    return commission_placement(head, pupil.id, provider.id,
                                **_terms(site, sessions=sessions, **changes))


def test_an_agreement_refuses_a_session_the_child_spends_at_a_provider(head, family):
    ro = family[0]
    _place(head, ro, "Kestrel Vale Centre", ["fri_am"], start_date=D(2026, 11, 20),
           family_agreed_on=D(2026, 11, 18), today=D(2026, 11, 20))
    request = _to_agreed_letter(head, family)
    with pytest.raises(flexi.RefusedAction) as refused:
        _draft(head, family, request)  # home on Friday morning and afternoon
    message = str(refused.value)
    assert "Ro Ashby cannot be in two places at once" in message
    assert "Friday morning" in message and "Friday afternoon" not in message
    assert "at Kestrel Vale Centre (a placement from 20 Nov 2026, code B)" in message
    assert "at home under the flexi-schooling agreement (from 27 Nov 2026, code C)" in message
    assert FlexiAgreement.select().count() == 0


def test_a_placement_refuses_a_session_the_child_spends_at_home(head, family):
    ro = family[0]
    request = _to_agreed_letter(head, family)
    _draft(head, family, request)  # at home every Friday from 27 November
    provider, site = _ready_provider(head, "Hilltop Farm Learning")
    with pytest.raises(PolicyError) as refused:
        commission_placement(head, ro.id, provider.id, **_terms(
            site, start_date=D(2026, 11, 30), sessions=["wed_am", "fri_pm"], today=TODAY))
    message = str(refused.value)
    assert "on Friday afternoon they are already at home under the flexi-schooling " \
           "agreement" in message
    assert "this would put them at Hilltop Farm Learning" in message
    assert Placement.select().count() == 0


def test_two_providers_cannot_have_the_child_on_the_same_wednesday_morning(head):
    ada = _pupil()
    _place(head, ada, "Hilltop Farm Learning", ["wed_am", "thu_am"])
    with pytest.raises(PolicyError, match="Wednesday morning they are already at Hilltop"):
        _place(head, ada, "Riverside Boxing Academy", ["wed_am"])
    # Another session, or the same one after the first placement has ended, is free.
    _place(head, ada, "Brook Tutors", ["wed_pm"])
    _place(head, ada, "Oakmere Music Therapy", ["wed_am"],
           start_date=TODAY + dt.timedelta(weeks=13), family_agreed_on=TODAY,
           planned_end_date=TODAY + dt.timedelta(weeks=20))
    assert Placement.select().count() == 3


def test_a_change_of_home_sessions_at_a_review_is_booked_too(head, family):
    from tests.unit.policy.flexi.flexi_steps import _to_active

    ro = family[0]
    request = _to_active(head, family)
    _place(head, ro, "Hilltop Farm Learning", ["mon_am"], start_date=D(2026, 11, 30),
           family_agreed_on=D(2026, 11, 27), today=D(2026, 11, 30))
    with pytest.raises(flexi.RefusedAction, match="Monday morning they are already at Hilltop"):
        flexi.review_arrangement(head, request.id, review_date=D(2026, 11, 30),
                                 outcome="change", notes="", new_sessions=["mon_am", "fri_am"])


def test_full_time_is_judged_on_the_whole_week_not_one_placement(head):
    ada = _pupil()
    twelve = ["mon_am", "tue_am", "wed_am", "thu_am"]  # 12 hours
    ten = ["mon_pm", "tue_pm", "wed_pm", "thu_pm"]  # 10 hours
    _place(head, ada, "Hilltop Farm Learning", twelve)
    placement = _place(head, ada, "Riverside Boxing Academy", ten)
    line = provider_detail(head, placement.provider_id, TODAY).placements[0]
    assert any("their week holds 22 hours of alternative provision, more than 18" in w
               for w in line.warnings)
    # The form's warning, before commissioning a third, says so too.
    other = add_provider(head, "Brook Tutors", today=TODAY)
    assert "25 hours" in registration_warnings(other.id, ada.id, 3)[0]


def test_registration_is_judged_on_the_provider_across_children(head):
    provider, site = _ready_provider(head)
    long_week = [f"{d}_{p}" for d in DAYS[:4] for p in ("am", "pm")]  # 22 hours
    pupils = [_pupil(f"B00000000001{n}", f"Kid{n}") for n in range(5)]
    for pupil in pupils[:4]:
        commission_placement(head, pupil.id, provider.id, **_terms(site, sessions=long_week))
    # Four children full time: no registration needed yet; a fifth makes five.
    assert not any("register" in w for w in
                   registration_warnings(provider.id, None, 0, start=TODAY))
    assert any("register as an independent school: it would educate 5 pupils" in w for w in
               registration_warnings(provider.id, pupils[4].id, 22, start=TODAY))
    # A child whose 22 hours are split between two providers is full time at neither.
    split = _pupil("B000000000020", "Sol")
    other, other_site = _ready_provider(head, "Brook Tutors")
    commission_placement(head, split.id, other.id,
                         **_terms(other_site, sessions=["fri_am", "fri_pm"]))
    assert not any("register" in w for w in
                   registration_warnings(provider.id, split.id, 16.5, start=TODAY))


def test_the_week_says_where_the_child_is_each_session(head, family):
    ro = family[0]
    _place(head, ro, "Kestrel Vale Centre", ["tue_am", "tue_pm"], start_date=D(2026, 11, 24),
           family_agreed_on=D(2026, 11, 20), today=D(2026, 11, 24))
    request = _to_agreed_letter(head, family)
    _draft(head, family, request)
    week = week_of(ro.id, D(2026, 11, 30))
    assert week.monday == D(2026, 11, 30)
    assert week.at("tue_am").place == AT_PROVIDER and week.at("tue_am").code == "B"
    assert week.at("fri_pm").place == AT_HOME and week.at("fri_pm").code == "C"
    assert week.at("mon_am").place == IN_SCHOOL and week.at("mon_am").code == ""
    assert week.provider_hours == 5.5
    # Before the agreement started, Friday was in school.
    assert week_of(ro.id, D(2026, 11, 20)).at("fri_am").place == IN_SCHOOL
    page = pupil_page(head, ro.id, D(2026, 11, 30))
    assert page.week is not None and page.week.at("fri_am").code == "C"
