"""The provision map in depth: the grid, places and budgets, Forest School coverage, the
family-contact rhythm and the review meeting's one action."""

import datetime as dt
import json

import pytest

from flexidesk.policy.provision.family_contact import families_not_contacted
from flexidesk.policy.provision.forest import coverage, record_session
from flexidesk.policy.provision.grid import provision_grid
from flexidesk.policy.provision.review_meeting import due_reviews, record_meeting_review
from flexidesk.policy.provision.settings import (
    set_contact_weeks,
    set_forest_aim,
    set_places_and_budget,
)
from flexidesk.policy.records.access import PermissionDenied, PolicyError
from flexidesk.policy.school.terms import term_bounds, week_bounds
from flexidesk.store.models import (
    AuditEntry,
    Enrolment,
    EnrolmentReview,
    FamilyContact,
    ForestAttendance,
    Intervention,
)
from tests.clock import NOW, TODAY
from tests.ui.tab_data import days, make_provision


def test_terms_and_weeks():
    assert week_bounds(dt.date(2026, 11, 27)) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    assert term_bounds(dt.date(2026, 11, 27)) == (dt.date(2026, 9, 1), dt.date(2026, 12, 31))
    assert term_bounds(dt.date(2027, 2, 1)) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert term_bounds(dt.date(2027, 6, 1)) == (dt.date(2027, 4, 1), dt.date(2027, 8, 31))


def test_grid_cells_overdue_filters_and_confidential(school, head, office):
    world = make_provision(school)
    grid = provision_grid(head, TODAY)
    names = [c.name for c in grid.columns]
    assert names == ["Lego Therapy", "Nurture Group", "Counselling"]
    nell = next(r for r in grid.rows if r.name == "Nell Ashdown")
    cell = nell.cells[0]
    assert cell.running and cell.overdue and cell.next_review == days(-5)
    assert nell.cells[1] is None
    assert len(grid.rows) == 6
    # Filters: class, year, flags; "with provision" leaves out children with no place.
    assert [r.name for r in provision_grid(head, TODAY, class_name="Ash").rows] == [
        "Omar Fenwick"]
    assert [r.name for r in provision_grid(head, TODAY, year_group=1).rows] == ["Priya Castell"]
    assert {r.name for r in provision_grid(head, TODAY, flags=("LAC",)).rows} == {"Omar Fenwick"}
    assert len(provision_grid(head, TODAY, with_provision=True).rows) == 3
    # The office never sees the confidential column.
    assert [c.name for c in provision_grid(office, TODAY).columns] == [
        "Lego Therapy", "Nurture Group"]
    del world


def test_places_used_and_cost_this_term_against_budget(school, head, pastoral):
    make_provision(school)
    lego = Intervention.get(Intervention.name == "Lego Therapy")
    Intervention.update(cost_per_term_pence=4000).where(Intervention.id == lego.id).execute()
    set_places_and_budget(head, lego.id, capacity=2, budget_per_term_pence=6000)
    column = provision_grid(head, TODAY).columns[0]
    assert (column.places_used, column.capacity, column.full) == (2, 2, True)
    assert column.cost_this_term_pence == 8000 and column.over_budget
    assert AuditEntry.select().where(AuditEntry.action == "intervention.budget").exists()
    with pytest.raises(PolicyError):
        set_places_and_budget(head, lego.id, capacity=-1, budget_per_term_pence=None)


def test_forest_school_coverage_this_week_and_term_by_class(school, head, office):
    world = make_provision(school)
    pupils = world["pupils"]
    before = coverage(head, TODAY)
    assert before.overall.this_week == 0 and before.aim_percent == 100
    record_session(head, TODAY, "Oak", [pupils["Nell"].id], led_by="Mr Reed")
    record_session(head, TODAY - dt.timedelta(days=TODAY.weekday() + 1), "Ash",
                   [pupils["Omar"].id, pupils["Priya"].id])  # last week: this term only
    after = coverage(head, TODAY)
    assert after.overall.on_roll == 6 and after.overall.this_week == 1
    oak = next(c for c in after.classes if c.name == "Oak")
    assert (oak.this_week, oak.week_percent) == (1, 100.0)
    if term_bounds(TODAY)[0] <= TODAY - dt.timedelta(days=TODAY.weekday() + 1):
        assert after.overall.this_term == 3
    assert not after.meets_aim
    set_forest_aim(head, 15)
    assert coverage(head, TODAY).meets_aim
    with pytest.raises(PolicyError):
        record_session(head, TODAY + dt.timedelta(days=1), "Oak", [pupils["Nell"].id])
    with pytest.raises(PolicyError):
        record_session(head, TODAY, "Oak", [])
    with pytest.raises(PermissionDenied):
        record_session(office, TODAY, "Oak", [pupils["Nell"].id])
    assert ForestAttendance.select().count() == 3


def test_forest_school_attendance_is_audited_one_row_a_child(school, head):
    """Marking a child at a session changes that child's record: their own audit trail
    shows it (not only a row for the session)."""
    pupils = make_provision(school)["pupils"]
    went = [pupils["Nell"].id, pupils["Omar"].id, pupils["Priya"].id]
    last = AuditEntry.select().count()
    session = record_session(head, TODAY, "Oak", went)
    rows = list(AuditEntry.select().where(AuditEntry.id > last).order_by(AuditEntry.id))
    assert [(e.action, e.record_id) for e in rows[:1]] == [("forest.session", session.id)]
    marked = [e for e in rows if e.action == "forest.attendance"]
    assert sorted(e.pupil_id for e in marked) == sorted(went)
    assert all(e.username == "head" and e.table_name == "forest_attendance" for e in marked)
    # A file's entry names the model's field; a server's trigger, the column (session_id).
    assert {json.loads(e.after).get("session", json.loads(e.after).get("session_id"))
            for e in marked} == {session.id}


def test_family_not_contacted_within_the_rhythm_is_flagged(school, head):
    world = make_provision(school)
    pupils = world["pupils"]
    # Nell's family last heard 46 days ago; Omar and Priya's never (started 40 and 10 ago).
    set_contact_weeks(head, 6)
    flagged = families_not_contacted(head, TODAY)
    assert set(flagged) == {pupils["Nell"].id}
    assert flagged[pupils["Nell"].id] == days(-46) + dt.timedelta(weeks=6)
    set_contact_weeks(head, 4)
    assert set(families_not_contacted(head, TODAY)) == {pupils["Nell"].id, pupils["Omar"].id}
    FamilyContact.create(pupil=pupils["Omar"], contact_at=NOW.replace(tzinfo=None), method="phone",
                         summary="Chat")
    assert pupils["Omar"].id not in families_not_contacted(head, TODAY)
    with pytest.raises(PolicyError):
        set_contact_weeks(head, 0)


def test_due_reviews_and_recording_one_with_the_family_told(school, pastoral):
    world = make_provision(school)
    due = due_reviews(pastoral, TODAY)
    assert [(d.child, d.intervention, d.overdue) for d in due] == [
        ("Nell Ashdown", "Lego Therapy", True), ("Omar Fenwick", "Nurture Group", False)]
    assert due[0].earlier[0].notes == "Joins in without prompting"
    assert due[0].target == "Take turns in a group"
    review = record_meeting_review(
        pastoral, due[0].enrolment_id, review_date=TODAY, score=2, notes="Leads the build",
        decision="continue", next_review_date=days(42), family_told_how="phone")
    assert (review.family_told_how, review.family_told_on) == ("phone", TODAY)
    assert Enrolment.get_by_id(world["lego_nell"].id).next_review_date == days(42)
    # Ending at the review: no next review, the provision ends that day.
    omar = due_reviews(pastoral, TODAY)[0]
    record_meeting_review(pastoral, omar.enrolment_id, review_date=TODAY, score=0, notes="",
                          decision="end", next_review_date=None)
    ended = Enrolment.get_by_id(omar.enrolment_id)
    assert ended.end_date == TODAY and ended.next_review_date is None
    assert due_reviews(pastoral, TODAY) == []
    with pytest.raises(PolicyError):
        record_meeting_review(pastoral, world["lego_nell"].id, review_date=TODAY, score=1,
                              notes="", decision="continue", next_review_date=days(50),
                              family_told_how="pigeon")
    assert EnrolmentReview.select().count() == 3
