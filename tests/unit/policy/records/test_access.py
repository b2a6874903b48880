"""The write path: role checked, one transaction, an audit row chained to the one before."""

import datetime as dt
import json

import pytest

from flexidesk.policy.records import access
from flexidesk.policy.records.access import PERMISSIONS, PermissionDenied, action, can
from flexidesk.store import audit
from flexidesk.store.codes import TRUST_ROLES
from flexidesk.store.models import ROLES, AuditEntry, ClosureDay


@action("closures.edit")
def add_closure(actor, day, reason):
    return access.create(actor, "closure.add", ClosureDay, date=day, reason=reason)


@action("closures.edit")
def rename_closure(actor, closure, reason):
    return access.update(actor, "closure.edit", closure, reason=reason)


@action("closures.edit")
def add_then_fail(actor, day):
    access.create(actor, "closure.add", ClosureDay, date=day, reason="INSET")
    raise RuntimeError("something broke half way")


def test_change_writes_an_audit_row_with_after(head):
    closure = add_closure(head, dt.date(2026, 12, 18), "INSET day")
    row = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (row.username, row.action, row.table_name, row.record_id) == (
        "head", "closure.add", "closure_day", closure.id)
    assert json.loads(row.after)["reason"] == "INSET day"


def test_update_audits_before_and_after_of_changed_fields_only(head):
    closure = add_closure(head, dt.date(2026, 12, 18), "INSET day")
    rename_closure(head, closure, "Polling day")
    row = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert json.loads(row.before) == {"reason": "INSET day"}
    assert json.loads(row.after) == {"reason": "Polling day"}


def test_role_without_permission_is_refused_and_nothing_written(governor):
    with pytest.raises(PermissionDenied, match="Governor"):
        add_closure(governor, dt.date(2026, 12, 18), "INSET day")
    assert ClosureDay.select().count() == 0
    assert AuditEntry.select().count() == 0


def test_failure_half_way_rolls_back_change_and_audit(head):
    with pytest.raises(RuntimeError):
        add_then_fail(head, dt.date(2026, 12, 18))
    assert ClosureDay.select().count() == 0
    assert AuditEntry.select().count() == 0


def test_chain_verifies_and_detects_tampering(head, database):
    for n in range(5):
        add_closure(head, dt.date(2026, 12, 1) + dt.timedelta(days=n), f"Closure {n}")
    assert audit.verify_chain().ok
    assert audit.verify_chain().rows == 5
    # Someone with raw access drops the triggers and edits a row.
    database.execute_sql('DROP TRIGGER "audit_entry_no_update"')
    third = AuditEntry.select().order_by(AuditEntry.id).offset(2).get()
    AuditEntry.update(username="intruder").where(AuditEntry.id == third.id).execute()
    report = audit.verify_chain()
    assert not report.ok and report.broken_at == third.id


def test_removed_row_breaks_the_chain(head, database):
    for n in range(3):
        add_closure(head, dt.date(2026, 12, 1) + dt.timedelta(days=n), f"Closure {n}")
    database.execute_sql('DROP TRIGGER "audit_entry_no_delete"')
    second = AuditEntry.select().order_by(AuditEntry.id).offset(1).get()
    AuditEntry.delete().where(AuditEntry.id == second.id).execute()
    assert not audit.verify_chain().ok


def test_permission_matrix_names_only_known_roles():
    for permission, roles in PERMISSIONS.items():
        assert roles <= set(ROLES) | set(TRUST_ROLES), permission
    assert can("headteacher", "flexi.decide")
    assert not can("pastoral_lead", "flexi.decide")
    assert not can("office", "review.notes")
    assert can("governor", "report.anonymised") and not can("governor", "pupil.view")
