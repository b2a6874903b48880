"""One notion of a term: the school's own, for costs, Forest School and deadlines alike."""

import datetime as dt

from flexidesk.policy.provision.forest import coverage, record_session
from flexidesk.policy.provision.grid import provision_grid
from flexidesk.policy.school.term_dates import add_term
from flexidesk.policy.school.terms import join_half_terms, term_bounds, term_holding
from flexidesk.policy.school.working_days import school_calendar
from flexidesk.store.models import Enrolment, Intervention, Pupil
from tests.clock import travel_to

D = dt.date
HALVES = [(D(2026, 9, 2), D(2026, 10, 23)), (D(2026, 11, 2), D(2026, 12, 18)),
          (D(2027, 1, 5), D(2027, 2, 12)), (D(2027, 2, 22), D(2027, 3, 26)),
          (D(2027, 4, 12), D(2027, 5, 28)), (D(2027, 6, 7), D(2027, 7, 21))]


def _enter(head):
    for n, (start, end) in enumerate(HALVES, start=1):
        add_term(head, f"Half term {n}", start, end)


def test_half_terms_a_week_apart_are_one_term():
    terms = join_half_terms(HALVES)
    assert [t.bounds for t in terms] == [(D(2026, 9, 2), D(2026, 12, 18)),
                                         (D(2027, 1, 5), D(2027, 3, 26)),
                                         (D(2027, 4, 12), D(2027, 7, 21))]


def test_with_no_terms_entered_the_usual_seasons_stand_in(database):
    assert term_bounds(D(2026, 11, 30)) == (D(2026, 9, 1), D(2026, 12, 31))
    assert not term_holding(D(2026, 11, 30)).entered


def test_the_schools_terms_decide_and_a_holiday_counts_with_the_term_before(head):
    _enter(head)
    assert term_bounds(D(2026, 11, 30)) == (D(2026, 9, 2), D(2026, 12, 18))
    assert term_bounds(D(2027, 1, 3)) == (D(2026, 9, 2), D(2026, 12, 18))  # Christmas
    assert term_bounds(D(2027, 4, 1)) == (D(2027, 1, 5), D(2027, 3, 26))  # Easter
    assert term_bounds(D(2027, 8, 10)) == (D(2027, 4, 12), D(2027, 7, 21))  # summer holiday
    # Past the last term entered, and before the first, the season stands in, never
    # overlapping an entered term.
    assert term_bounds(D(2027, 9, 10)) == (D(2027, 9, 1), D(2027, 12, 31))
    assert term_bounds(D(2026, 8, 10)) == (D(2026, 4, 1), D(2026, 8, 31))
    # Deadlines read the same terms: the Christmas holiday is no working day.
    assert not school_calendar().is_working_day(D(2027, 1, 4))


def test_costs_and_forest_school_this_term_follow_the_schools_terms(head):
    _enter(head)
    lego = Intervention.create(name="Lego Therapy", cost_per_term_pence=1000)
    ada = Pupil.create(upn="T000000000001", legal_first_name="Ada", legal_last_name="Fenwick",
                       date_of_birth=D(2018, 3, 1), year_group=3, class_name="Oak",
                       on_roll_date=D(2022, 9, 1))
    Enrolment.create(pupil=ada, intervention=lego, start_date=D(2026, 9, 7),
                     end_date=D(2026, 12, 11), target="Turns")
    with travel_to(D(2026, 12, 7)):
        record_session(head, D(2026, 12, 7), "Oak", [ada.id])
    # On 3 January, in the Christmas holiday, "this term" is still the autumn term: the
    # enrolment and the session count, as they would not in a January-to-March term.
    grid = provision_grid(head, D(2027, 1, 3))
    assert grid.term == (D(2026, 9, 2), D(2026, 12, 18))
    assert grid.columns[0].cost_this_term_pence == 1000
    covered = coverage(head, D(2027, 1, 3))
    assert covered.term == (D(2026, 9, 2), D(2026, 12, 18))
    assert covered.sessions_this_term == 1
