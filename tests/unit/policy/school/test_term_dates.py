"""The school calendar: terms and closures as staff enter them, the .ics import, and what
school holidays do to deadlines and reviews."""

import datetime as dt
from pathlib import Path

import pytest

from flexidesk.policy import flexi
from flexidesk.policy.records.access import PermissionDenied, PolicyError
from flexidesk.policy.school import calendar_import, term_dates
from flexidesk.policy.school.working_days import WorkingCalendar, school_calendar
from flexidesk.store.models import AuditEntry, ClosureDay, Intervention, Term
from tests.unit.policy.flexi.flexi_steps import _to_considered
from tests.unit.policy.provision.test_provision import make_pupil

D = dt.date
ICS = Path(__file__).parents[3] / "data" / "millbridge-term-dates.ics"


def _last_audit():
    return AuditEntry.select().order_by(AuditEntry.id.desc()).first()


def test_days_between_terms_are_holidays_once_terms_are_entered():
    summer = (D(2026, 6, 1), D(2026, 7, 22))
    autumn = (D(2026, 9, 3), D(2026, 10, 23))
    plain = WorkingCalendar("ENG", [])  # as today: two arguments, no terms
    cal = WorkingCalendar("ENG", [], [summer, autumn])
    assert plain.is_working_day(D(2026, 8, 12)) and not cal.is_working_day(D(2026, 8, 12))
    assert cal.is_working_day(D(2026, 7, 22)) and cal.is_working_day(D(2026, 9, 3))
    assert cal.is_holiday(D(2026, 7, 23)) and not cal.is_holiday(D(2026, 5, 4))  # before any


def test_on_or_after_is_the_first_working_day_from_a_date():
    cal = WorkingCalendar("ENG", [D(2026, 9, 3)], [(D(2026, 6, 1), D(2026, 7, 22)),
                                                 (D(2026, 9, 3), D(2026, 10, 23))])
    assert cal.on_or_after(D(2026, 7, 22)) == D(2026, 7, 22)  # already a working day
    assert cal.on_or_after(D(2026, 8, 1)) == D(2026, 9, 4)  # holiday, then an INSET day
    assert WorkingCalendar("ENG").on_or_after(D(2026, 11, 28)) == D(2026, 11, 30)  # Saturday


def test_the_decision_deadline_skips_the_summer_holiday(head, family):  # noqa: F811
    term_dates.add_term(head, "Summer 2", D(2026, 6, 1), D(2026, 7, 22))
    term_dates.add_term(head, "Autumn 1", D(2026, 9, 3), D(2026, 10, 23))
    request = _to_considered(head, family, meeting=D(2026, 7, 20))  # Monday, term ends Wed
    decision = flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 7, 21), today=D(2026, 7, 21),
                            reasons="Needs are met in school.")
    # 21, 22 July, then Thursday 3, Friday 4 and Monday 7 September.
    assert decision.due_on == D(2026, 9, 7)


def test_a_review_due_in_a_holiday_moves_to_the_next_working_day(head, pastoral):
    from flexidesk.policy.provision import enrol, record_review

    term_dates.add_term(head, "Autumn 1", D(2026, 9, 3), D(2026, 10, 23))
    term_dates.add_term(head, "Autumn 2", D(2026, 11, 2), D(2026, 12, 18))
    nurture = Intervention.create(name="Nurture Group", review_interval_weeks=6)
    pupil = make_pupil(1)
    # Six weeks after 16 September is 28 October, in the half-term holiday.
    enrolment = enrol(pastoral, pupil.id, nurture.id, D(2026, 9, 16), "Joins in",
                      today=D(2026, 9, 16))
    assert enrolment.next_review_date == D(2026, 11, 2)
    review = record_review(pastoral, enrolment.id, D(2026, 11, 6), 1, "Better",
                           today=D(2026, 11, 6))  # six weeks on: 18 December, in term
    assert review.next_review_date == D(2026, 12, 18)
    review = record_review(pastoral, enrolment.id, D(2026, 11, 13), 1, "Better",
                           today=D(2026, 11, 13))  # 25 December, after the last term entered
    assert review.next_review_date == D(2026, 12, 29)  # past Christmas and its substitute day


def test_terms_and_closures_are_audited_and_checked(head, office):
    term = term_dates.add_term(office, "Autumn 1", D(2026, 9, 3), D(2026, 10, 23))
    assert (_last_audit().action, _last_audit().username) == ("term.add", "office")
    with pytest.raises(PolicyError, match="overlap Autumn 1"):
        term_dates.add_term(head, "Autumn 1b", D(2026, 10, 20), D(2026, 10, 30))
    with pytest.raises(PolicyError, match="cannot end"):
        term_dates.add_term(head, "Backwards", D(2026, 11, 20), D(2026, 11, 2))
    with pytest.raises(PolicyError, match="too long"):
        term_dates.add_term(head, "x" * 500, D(2026, 11, 2), D(2026, 12, 18))
    term_dates.edit_term(head, term.id, "Autumn first half", D(2026, 9, 2), D(2026, 10, 23))
    assert Term.get_by_id(term.id).start_date == D(2026, 9, 2)
    closure = term_dates.add_closure(office, D(2026, 11, 11), "Staff training day")
    assert not school_calendar().is_working_day(D(2026, 11, 11))
    with pytest.raises(PolicyError, match="already a closure day"):
        term_dates.add_closure(office, D(2026, 11, 11), "Again")
    term_dates.remove_closure(office, closure.id)
    assert _last_audit().action == "closure.remove" and ClosureDay.select().count() == 0


def test_pastoral_lead_and_governor_may_not_edit_the_calendar(pastoral, governor):
    for actor in (pastoral, governor):
        with pytest.raises(PermissionDenied):
            term_dates.add_term(actor, "Autumn 1", D(2026, 9, 3), D(2026, 10, 23))
    assert Term.select().count() == 0


def test_a_local_authority_ics_file_is_imported_once(head):
    found = calendar_import.read_ics(ICS.read_bytes())
    assert [t[0] for t in found.terms][:2] == ["Summer Term 2", "Autumn Term 1"]
    assert (D(2026, 9, 3), D(2026, 10, 23)) in [(t[1], t[2]) for t in found.terms]
    assert (D(2027, 5, 6), "Polling day - school closed") in found.closures
    assert "October Half Term" in found.skipped
    assert calendar_import.import_calendar(head, found) == (7, 2)
    assert calendar_import.import_calendar(head, found) == (0, 0)  # nothing twice
    cal = school_calendar()
    assert cal.is_holiday(D(2026, 10, 28)) and not cal.is_working_day(D(2027, 5, 6))


def test_a_file_that_is_not_a_calendar_is_refused_plainly():
    with pytest.raises(PolicyError, match="not a calendar"):
        calendar_import.read_ics(b"UPN,Name\n1,2\n")
    with pytest.raises(PolicyError, match="No term dates"):
        calendar_import.read_ics(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
