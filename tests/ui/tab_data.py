"""Small fictional worlds for the tab tests, dated relative to today (the tabs read today)."""

from __future__ import annotations

import datetime as dt

from flexidesk.policy.vocabulary import CHECKLIST
from flexidesk.store.models import (
    DueDiligenceItem,
    Enrolment,
    EnrolmentReview,
    FamilyContact,
    Intervention,
    Placement,
    PlacementReview,
    Provider,
    ProviderSite,
    Pupil,
    StaffUser,
)
from tests.clock import TODAY

PUPILS = (  # first, last, year, class, flags
    ("Nell", "Ashdown", 3, "Oak", dict(sen_support=True)),
    ("Omar", "Fenwick", 5, "Ash", dict(looked_after=True, pupil_premium=True)),
    ("Priya", "Castell", 1, "Elm", {}),
    ("Tomasz", "Brightwater", 6, "Yew", dict(ehc_plan=True)),
    ("Ivy", "Lindqvist", 0, "Acorn", {}),
    ("Kwame", "Osei-Hart", 2, "Birch", {}),
)


def show(qtbot, widget, size=(1300, 700)):
    """Show ``widget`` as its own active window, as a person would meet it."""
    qtbot.addWidget(widget)
    widget.resize(*size)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def make_pupils() -> dict[str, Pupil]:
    pupils = {}
    for n, (first, last, year, class_name, flags) in enumerate(PUPILS, start=1):
        pupils[first] = Pupil.create(
            upn=f"T{n:012d}", legal_first_name=first, legal_last_name=last,
            date_of_birth=dt.date(2019 - year, 3, n), year_group=year, class_name=class_name,
            on_roll_date=dt.date(2022, 9, 1), **flags)
    return pupils


def make_provision(school) -> dict:
    """Six pupils: Nell overdue, Omar due in 3 days (and confidential counselling), Priya later."""
    pupils = make_pupils()
    lego = Intervention.create(name="Lego Therapy", sort_order=1)
    nurture = Intervention.create(name="Nurture Group", sort_order=2)
    counselling = Intervention.create(name="Counselling", confidential=True, sort_order=3)
    lego_nell = Enrolment.create(pupil=pupils["Nell"], intervention=lego, start_date=days(-60),
                                 next_review_date=days(-5), target="Take turns in a group",
                                 staff="Mr Reed")
    Enrolment.create(pupil=pupils["Omar"], intervention=nurture, start_date=days(-40),
                     next_review_date=days(3))
    Enrolment.create(pupil=pupils["Omar"], intervention=counselling, start_date=days(-20),
                     next_review_date=days(30))
    Enrolment.create(pupil=pupils["Priya"], intervention=lego, start_date=days(-10),
                     next_review_date=days(40))
    ben = StaffUser.get(StaffUser.username == "pastoral")
    EnrolmentReview.create(enrolment=lego_nell, review_date=days(-47), score=1,
                           notes="Joins in without prompting", reviewed_by=ben,
                           next_review_date=days(-5))
    FamilyContact.create(pupil=pupils["Nell"], enrolment=lego_nell, staff=ben,
                         contact_at=dt.datetime.combine(days(-46), dt.time(15, 20)),
                         method="phone", summary="Shared the good review with dad")
    return dict(pupils=pupils, lego_nell=lego_nell)


def make_providers(school) -> dict:
    """Two providers: Hilltop ready with one placement, Riverside with items missing."""
    ben = StaffUser.get(StaffUser.username == "pastoral")
    hilltop = Provider.create(name="Hilltop Farm Learning", provider_type="Farm",
                              la_approved=True, contact_name="Jo Penrose")
    riverside = Provider.create(name="Riverside Boxing Academy", provider_type="Sport")
    for code in CHECKLIST:
        DueDiligenceItem.create(provider=hilltop, item=code, status="held",
                                evidence="Seen on visit", checked_on=days(-30), checked_by=ben,
                                expires_on=days(300))
    DueDiligenceItem.create(provider=riverside, item="insurance", status="held",
                            expires_on=days(-2), checked_on=days(-400), checked_by=ben)
    site = ProviderSite.create(provider=hilltop, name="Lower Meadow yard", postcode="MB3 4EF")
    pupil = Pupil.create(upn="P000000000001", legal_first_name="Zara", legal_last_name="Quinlan",
                         date_of_birth=dt.date(2016, 6, 6), year_group=5,
                         on_roll_date=dt.date(2021, 9, 1))
    placement = Placement.create(pupil=pupil, provider=hilltop, site=site, status="active",
                                 start_date=days(-50), next_review_date=days(-1))
    PlacementReview.create(placement=placement, review_date=days(-20), score=2,
                           family_feedback_on=days(-18))
    return dict(hilltop=hilltop, riverside=riverside, placement=placement)
