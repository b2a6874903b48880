"""The write helpers hold the role themselves: only inside an action whose permission covers the
table, for that action's own actor; set-up writes go through one named door."""

import ast
import datetime as dt
from pathlib import Path

import pytest

from flexidesk.policy.records import access
from flexidesk.policy.records.access import PERMISSIONS, PermissionDenied, action
from flexidesk.policy.records.table_writes import LAPTOP, write_permissions
from flexidesk.store.models import AuditEntry, ClosureDay, Intervention, Pupil, School

PACKAGE = Path(access.__file__).resolve().parents[2]

CHILD = dict(upn="Z801200000001", legal_first_name="Zephyrine",
             legal_last_name="Quillanthrope", date_of_birth="2019-03-04", year_group=2,
             class_name="Rowan", on_roll_date="2023-09-04")


def test_an_action_writes_the_tables_its_permission_covers(pastoral):
    @action("pupil.edit")
    def add(actor):
        return access.create(actor, "pupil.add", Pupil, **CHILD)

    assert add(pastoral).legal_first_name == "Zephyrine"


def test_outside_any_action_even_the_headteacher_is_refused(head):
    with pytest.raises(PermissionDenied, match="FlexiDesk's own actions"):
        access.create(head, "closure.add", ClosureDay, date=dt.date(2026, 12, 18),
                      reason="INSET")
    assert not ClosureDay.select().exists()
    assert not AuditEntry.select().exists()


def test_an_action_cannot_write_a_table_its_permission_does_not_cover(pastoral):
    # provision.edit is the pastoral lead's; the catalogue (provision.catalogue) is too, but
    # not under this action, and the school's own row is the Headteacher's alone.
    @action("provision.edit")
    def sneak(actor):
        access.update(actor, "school.edit", School.get(), name="Renamed Primary")

    with pytest.raises(PermissionDenied, match="Pastoral"):
        sneak(pastoral)
    assert School.get().name == "Brookfield Test Primary"


def test_an_action_writes_only_for_its_own_actor(pastoral, head):
    # A pastoral lead's action may not write a row that the audit would say the Head made.
    @action("pupil.edit")
    def as_head(actor):
        return access.create(head, "pupil.add", Pupil, **CHILD)

    with pytest.raises(PermissionDenied):
        as_head(pastoral)
    assert not Pupil.select().exists()


def test_a_nested_action_checks_its_own_permission(pastoral, head):
    @action("provision.catalogue")
    def rename(actor, intervention):
        return access.update(actor, "catalogue.edit", intervention, name="Chess Club")

    @action("pupil.edit")
    def outer(actor, intervention):
        access.create(actor, "pupil.add", Pupil, **CHILD)
        return rename(actor, intervention)

    with access.setting_up():
        club = access.create(head, "catalogue.add", Intervention, name="Games Club",
                             kind="group", sort_order=1)
    assert outer(pastoral, club).name == "Chess Club"
    assert Pupil.select().count() == 1


def test_the_set_up_door_lets_a_new_school_be_written_and_closes_after(school, head):
    with access.setting_up():
        access.create(head, "catalogue.add", Intervention, name="Lego Therapy", kind="group",
                      sort_order=1)
    with pytest.raises(PermissionDenied):
        access.create(head, "catalogue.add", Intervention, name="P4C", kind="group",
                      sort_order=2)
    assert [i.name for i in Intervention.select()] == ["Lego Therapy"]


def _uses_setting_up(path: Path) -> bool:
    tree = ast.parse(path.read_text("utf-8"))
    return any(isinstance(node, ast.Attribute | ast.Name | ast.alias)
               and "setting_up" in (getattr(node, "attr", None) or getattr(node, "id", None)
                                    or getattr(node, "name", ""))
               for node in ast.walk(tree))


def test_only_school_set_up_opens_the_set_up_door():
    users = sorted(str(p.relative_to(PACKAGE.parent)) for p in PACKAGE.rglob("*.py")
                   if _uses_setting_up(p))
    assert users == ["flexidesk/policy/records/access.py", "flexidesk/policy/school/setup.py",
                     "flexidesk/policy/school/setup_server.py"]


def test_every_extra_laptop_write_names_a_real_permission_and_kind():
    for (table, kind), permissions in LAPTOP.items():
        assert kind in {"insert", "update", "delete"}
        assert permissions <= set(PERMISSIONS), table
    assert write_permissions("school", "update") == {"school.edit"}
    assert write_permissions("audit_entry", "insert") == frozenset()
