"""Fixtures shared by the policy tests: a fictional family for the flexi journey."""

import datetime as dt

import pytest

from flexidesk.store.models import Adult, Pupil, PupilAdult

D = dt.date


@pytest.fixture
def family(school):
    pupil = Pupil.create(upn="T000000000001", legal_first_name="Rowan", legal_last_name="Ashby",
                         preferred_name="Ro", date_of_birth=D(2018, 3, 4), year_group=3,
                         on_roll_date=D(2022, 9, 1))
    mum = Adult.create(title="Mrs", first_name="Hazel", last_name="Ashby",
                       address="4 Willow Row\nMillbridge", postcode="MB2 3EF")
    dad = Adult.create(title="Mr", first_name="Owen", last_name="Ashby")
    # Both are on Ro's record with parental responsibility, as the MIS's contacts give them.
    PupilAdult.create(pupil=pupil, adult=mum, relationship="Mother", priority=1)
    PupilAdult.create(pupil=pupil, adult=dad, relationship="Father", priority=2)
    return pupil, mum, dad
