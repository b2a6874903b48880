"""Working days for every nation, on every 2026 and 2027 bank holiday, substitute days included."""

import datetime as dt

import pytest

from flexidesk.policy.school.working_days import WorkingCalendar

D = dt.date

# Written out by hand from the published lists, so the test does not trust the library.
BANK_HOLIDAYS = {
    "ENG": [D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4), D(2026, 5, 25),
            D(2026, 8, 31), D(2026, 12, 25), D(2026, 12, 28),
            D(2027, 1, 1), D(2027, 3, 26), D(2027, 3, 29), D(2027, 5, 3), D(2027, 5, 31),
            D(2027, 8, 30), D(2027, 12, 27), D(2027, 12, 28)],
    "SCT": [D(2026, 1, 1), D(2026, 1, 2), D(2026, 4, 3), D(2026, 5, 4), D(2026, 5, 25),
            D(2026, 8, 3), D(2026, 11, 30), D(2026, 12, 25), D(2026, 12, 28),
            D(2027, 1, 1), D(2027, 1, 4), D(2027, 3, 26), D(2027, 5, 3), D(2027, 5, 31),
            D(2027, 8, 2), D(2027, 11, 30), D(2027, 12, 27), D(2027, 12, 28)],
    "NIR": [D(2026, 1, 1), D(2026, 3, 17), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4),
            D(2026, 5, 25), D(2026, 7, 13), D(2026, 8, 31), D(2026, 12, 25), D(2026, 12, 28),
            D(2027, 1, 1), D(2027, 3, 17), D(2027, 3, 26), D(2027, 3, 29), D(2027, 5, 3),
            D(2027, 5, 31), D(2027, 7, 12), D(2027, 8, 30), D(2027, 12, 27), D(2027, 12, 28)],
}
BANK_HOLIDAYS["WLS"] = BANK_HOLIDAYS["ENG"]

CASES = [(region, day) for region, days in BANK_HOLIDAYS.items() for day in days]


@pytest.mark.parametrize(("region", "day"), CASES)
def test_each_weekday_bank_holiday_is_not_a_working_day(region, day):
    assert day.weekday() < 5
    assert not WorkingCalendar(region).is_working_day(day)


@pytest.mark.parametrize(("region", "day"), CASES)
def test_a_deadline_counted_across_a_bank_holiday_steps_over_it(region, day):
    cal = WorkingCalendar(region)
    start = day - dt.timedelta(days=1)
    due = cal.add_working_days(start, 5)
    naive = start
    for _ in range(5):
        naive += dt.timedelta(days=1)
        while naive.weekday() >= 5:
            naive += dt.timedelta(days=1)
    assert due > naive
    assert cal.working_days_between(start, due) == 5


def test_nations_differ():
    st_andrew, easter_monday, boyne = D(2026, 11, 30), D(2026, 4, 6), D(2026, 7, 13)
    assert not WorkingCalendar("SCT").is_working_day(st_andrew)
    assert WorkingCalendar("ENG").is_working_day(st_andrew)
    assert WorkingCalendar("SCT").is_working_day(easter_monday)
    assert not WorkingCalendar("NIR").is_working_day(boyne)
    assert WorkingCalendar("WLS").is_working_day(boyne)


def test_christmas_2026_decision_deadline_in_england():
    # Meeting Tue 22 Dec 2026: 23, 24 Dec count; 25 (Fri), 26-27 weekend, 28 (substitute) do not.
    cal = WorkingCalendar("ENG")
    assert cal.decision_due(D(2026, 12, 22)) == D(2026, 12, 31)


def test_start_day_never_counts_and_weekends_are_skipped():
    cal = WorkingCalendar("ENG")
    assert cal.add_working_days(D(2026, 11, 27), 1) == D(2026, 11, 30)  # Fri -> Mon
    assert cal.add_working_days(D(2026, 11, 28), 1) == D(2026, 11, 30)  # Sat -> Mon
    assert cal.add_working_days(D(2026, 11, 23), 5) == D(2026, 11, 30)
    assert cal.add_working_days(D(2026, 11, 23), 0) == D(2026, 11, 23)


def test_closure_days_are_not_working_days():
    inset = D(2026, 11, 26)
    cal = WorkingCalendar("ENG", closures=[inset])
    assert not cal.is_working_day(inset)
    assert cal.decision_due(D(2026, 11, 23)) == D(2026, 12, 1)
    assert WorkingCalendar("ENG").decision_due(D(2026, 11, 23)) == D(2026, 11, 30)


def test_working_days_between_is_exclusive_of_start_and_inclusive_of_end():
    cal = WorkingCalendar("ENG")
    assert cal.working_days_between(D(2026, 11, 23), D(2026, 11, 27)) == 4
    assert cal.working_days_between(D(2026, 11, 27), D(2026, 11, 27)) == 0
    assert cal.working_days_between(D(2026, 11, 30), D(2026, 11, 27)) == -1


def test_unknown_region_is_refused():
    with pytest.raises(ValueError, match="ENG"):
        WorkingCalendar("XYZ")
