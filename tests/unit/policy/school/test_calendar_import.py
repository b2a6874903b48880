"""A local authority's calendar of holidays only: the terms are worked out from the gaps, the
confirmation says what became what, and deadlines then skip the summer holiday."""

import datetime as dt
from pathlib import Path

from flexidesk.policy import flexi
from flexidesk.policy.school import calendar_import
from flexidesk.policy.school.holiday_terms import Holiday, terms_from_holidays
from flexidesk.policy.school.working_days import school_calendar
from flexidesk.store.models import ClosureDay, Term
from tests.unit.policy.flexi.flexi_steps import _to_considered

D = dt.date
HOLIDAYS_ONLY = Path(__file__).parents[3] / "data" / "ferngate-holidays-only.ics"


def test_a_holidays_only_calendar_becomes_terms_between_the_holidays():
    found = calendar_import.read_ics(HOLIDAYS_ONLY.read_bytes())
    assert found.derived
    assert len(found.terms) == 12  # six half terms in each of two school years
    assert ("Summer 2 2025/26", D(2026, 6, 1), D(2026, 7, 21)) in found.terms
    assert ("Autumn 1 2026/27", D(2026, 9, 3), D(2026, 10, 23)) in found.terms
    # A holiday ending on a Friday: the next term starts on the Monday.
    assert ("Autumn 2 2026/27", D(2026, 11, 2), D(2026, 12, 18)) in found.terms
    # Bank holidays England already has are not closure days; the INSET day is one.
    assert found.closures == [(D(2027, 1, 4), "INSET day - schools closed to pupils")]


def test_the_confirmation_says_what_became_a_term_a_closure_and_what_was_ignored():
    summary = calendar_import.read_ics(HOLIDAYS_ONLY.read_bytes()).summary()
    assert "worked out as the school days between them" in summary
    assert "12 terms:" in summary and "Summer 2 2025/26: 1 Jun 2026 to 21 Jul 2026" in summary
    assert "1 closure day:" in summary and "4 Jan 2027: INSET day" in summary
    assert "Summer holiday (22 Jul 2026 to 2 Sept 2026): a holiday, between terms" in summary
    assert "Bank holiday - Summer (31 Aug 2026): already a bank holiday in England" in summary
    assert "National offer day for secondary school places (1 Mar 2027): not a term" in summary
    assert "Nothing is saved until you confirm" in summary


def test_reading_the_calendar_saves_nothing(head):
    calendar_import.read_ics(HOLIDAYS_ONLY.read_bytes())
    assert Term.select().count() == 0 and ClosureDay.select().count() == 0


def test_a_deadline_after_a_meeting_on_17_july_runs_into_september(head, family):
    found = calendar_import.read_ics(HOLIDAYS_ONLY.read_bytes())
    assert calendar_import.import_calendar(head, found) == (12, 1)
    assert school_calendar().is_holiday(D(2026, 8, 12))
    request = _to_considered(head, family, meeting=D(2026, 7, 17))  # a Friday
    decision = flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 7, 20),
                            reasons="Needs are met in school.", today=D(2026, 7, 20))
    # Monday 20 and Tuesday 21 July, then Thursday 3, Friday 4 and Monday 7 September.
    assert decision.due_on == D(2026, 9, 7)


def test_gaps_that_cannot_be_a_term_are_said_and_left_out():
    holidays = [Holiday("May half-term", D(2026, 5, 25), D(2026, 5, 29)),
                Holiday("October half-term", D(2026, 10, 26), D(2026, 10, 30)),
                Holiday("Christmas holiday", D(2026, 12, 21), D(2027, 1, 1)),
                Holiday("Summer holiday", D(2027, 7, 22), D(2027, 8, 31))]
    terms, left_aside = terms_from_holidays(holidays, 130)
    # Only the gap between October and Christmas is a term; one year's autumn term alone
    # has no number.
    assert terms == [("Autumn 2026/27", D(2026, 11, 2), D(2026, 12, 18))]
    assert "no summer holiday between them" in left_aside[0][1]  # May to October
    assert "is a holiday missing" in left_aside[1][1]  # January to July


def test_holidays_that_meet_across_a_weekend_are_one_holiday():
    holidays = [Holiday("Easter holiday (week 1)", D(2027, 3, 29), D(2027, 4, 2)),
                Holiday("Easter holiday (week 2)", D(2027, 4, 5), D(2027, 4, 9)),
                Holiday("May half-term", D(2027, 5, 31), D(2027, 6, 4))]
    terms, left_aside = terms_from_holidays(holidays, 130)
    assert terms == [("Summer 2026/27", D(2027, 4, 12), D(2027, 5, 28))] and not left_aside
