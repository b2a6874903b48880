"""Promise 4: every read of a child goes through the actor, and no write bypasses the role.
Called as an insider with Python would: directly, as a governor, and with no actor at all."""

import datetime as dt

import pytest

from flexidesk.policy.records import access
from flexidesk.policy.records.access import Actor, PermissionDenied
from flexidesk.policy.roster.apply import apply_pupil_plan
from flexidesk.policy.roster.choices import pupil_choices
from flexidesk.policy.roster.pupils import PupilPlan
from flexidesk.policy.today import today_items
from flexidesk.policy.week.register import register_sheet
from flexidesk.store.models import AuditEntry, Pupil, StaffUser
from tests.clock import TODAY

CHILD = dict(upn="Z801200000001", legal_first_name="Zephyrine",
             legal_last_name="Quillanthrope", date_of_birth="2019-03-04", year_group=2,
             class_name="Rowan", on_roll_date="2023-09-04")


@pytest.fixture
def child(head):
    @access.action("pupil.edit")
    def add(actor):
        return access.create(actor, "pupil.add", Pupil, **CHILD)

    return add(head)


def _reads():
    from flexidesk.documents.provision_letter import review_letter_params

    return {
        "today": lambda actor: today_items(actor, TODAY),
        "pupil picker": lambda actor: pupil_choices(actor),
        "week register": lambda actor: register_sheet(actor, TODAY),
        "review letter": lambda actor: review_letter_params(actor, 1),
    }


@pytest.mark.parametrize("read", ["today", "pupil picker", "week register", "review letter"])
def test_a_governor_reads_no_child_through_the_policy(child, governor, read):
    before = AuditEntry.select().count()
    try:
        found = _reads()[read](governor)
    except PermissionDenied:
        found = None
    assert "Zephyrine" not in repr(found)
    assert not AuditEntry.select().where(AuditEntry.pupil_id == child.id,
                                         AuditEntry.username == "governor").exists()
    assert AuditEntry.select().count() - before <= 1  # at most Today's one list row


@pytest.mark.parametrize("read", ["today", "pupil picker", "week register", "review letter"])
def test_no_actor_reads_nothing(child, read):
    with pytest.raises((PermissionDenied, AttributeError, TypeError)):
        _reads()[read](None)


def test_a_pupil_plan_handed_straight_to_the_import_adds_nobody_for_a_governor(school,
                                                                              governor):
    plan = PupilPlan()
    with pytest.raises(PermissionDenied):
        apply_pupil_plan(governor, plan, TODAY, "utf-8")


def test_the_write_path_refuses_a_staff_row_to_anyone_outside_the_staff_actions(pastoral):
    me = StaffUser.get(StaffUser.username == "pastoral")
    with pytest.raises(PermissionDenied):
        access.update(pastoral, "staff.role", me, role="headteacher")
    with pytest.raises(PermissionDenied):
        access.create(pastoral, "staff.add", StaffUser, username="eve", display_name="Eve",
                      role="headteacher")
    with pytest.raises(PermissionDenied):
        access.delete(pastoral, "staff.remove", StaffUser.get(StaffUser.username == "head"))
    assert StaffUser.get(StaffUser.username == "pastoral").role == "pastoral_lead"


def test_the_write_path_refuses_a_child_to_a_governor_outside_any_action(school, governor):
    with pytest.raises(PermissionDenied):
        access.create(governor, "pupil.add", Pupil, **CHILD)
    assert not Pupil.select().exists()


def test_a_pastoral_lead_cannot_write_the_headteachers_table_through_the_helper(school,
                                                                             pastoral):
    from flexidesk.store.models import School

    mine = School.get()
    # Straight to the helper, outside any action.
    with pytest.raises(PermissionDenied):
        access.update(pastoral, "school.edit", mine, name="Renamed Primary")
    # Inside an action the pastoral lead may run, writing a table it does not cover.

    @access.action("provision.edit")
    def rename(actor):
        return access.update(actor, "school.edit", School.get(), name="Renamed Primary")

    with pytest.raises(PermissionDenied):
        rename(pastoral)
    assert School.get().name == mine.name
    assert not AuditEntry.select().where(AuditEntry.action == "school.edit").exists()


def test_a_made_up_actor_is_refused_by_every_action(child):
    # An Actor is only a name and a role: on a laptop the role comes from the signed grant
    # at sign-in (test_signed_roles); in-process anyone may build one, and gains only what the
    # role allows.
    nobody = Actor("nobody", "no_such_role", "Nobody")
    for read in _reads().values():
        with pytest.raises(PermissionDenied):
            read(nobody)
    assert dt  # dates come from tests.clock only
