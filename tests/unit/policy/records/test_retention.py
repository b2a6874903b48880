"""Retention: default rules with sources, what is due, and destruction that keeps no names."""

import datetime as dt

import pytest

from flexidesk.policy.records import retention
from flexidesk.policy.records.access import PermissionDenied, PolicyError
from flexidesk.store.models import (
    Adult,
    AuditEntry,
    DestructionLog,
    Enrolment,
    FamilyContact,
    Intervention,
    IssuedDocument,
    Pupil,
    PupilAdult,
    RetentionRule,
)

D = dt.date


def _pupil(upn, first, dob, left=None):
    return Pupil.create(upn=upn, legal_first_name=first, legal_last_name="Ashdown",
                        date_of_birth=dob, year_group=6, on_roll_date=D(2005, 9, 1),
                        left_date=left)


def test_every_kind_has_a_default_with_its_source():
    assert set(retention.KIND_LABELS) == {r.kind for r in retention.DEFAULT_RULES}
    for rule in retention.DEFAULT_RULES:
        assert "IRMS Information Management Toolkit for Schools" in rule.source
        assert rule.counted_from in retention.COUNTED_FROM_LABELS


def test_add_years_handles_leap_day():
    assert retention.add_years(D(2004, 2, 29), 25) == D(2029, 2, 28)
    assert retention.add_years(D(2004, 2, 29), 24) == D(2028, 2, 29)


def test_records_due_lists_only_past_review_date_and_deletes_nothing(head, today):
    old = _pupil("A000000000001", "Olwen", D(2000, 1, 1), left=D(2011, 7, 20))
    young = _pupil("A000000000002", "Yusuf", D(2002, 1, 1), left=D(2013, 7, 20))
    _pupil("A000000000003", "Ruby", D(2000, 1, 1))  # still on roll: never due
    due = retention.records_due(head, today)
    assert [r.id for r in due["pupil_file"]] == [old.id]
    assert due["pupil_file"][0].review_date == D(2025, 1, 1)
    assert Pupil.get_or_none(Pupil.id == young.id) is not None
    assert Pupil.select().count() == 3
    assert "audit_log" not in due


def test_edited_rule_changes_what_is_due(head, today):
    young = _pupil("A000000000002", "Yusuf", D(2002, 1, 1), left=D(2013, 7, 20))
    retention.edit_rule(head, "pupil_file", years=6, counted_from="left_date",
                        source="Our governing body, minute 14 (2026)")
    assert RetentionRule.get(RetentionRule.record_kind == "pupil_file").years == 6
    assert [r.id for r in retention.records_due(head, today)["pupil_file"]] == [young.id]
    with pytest.raises(PolicyError, match="where this period"):
        retention.edit_rule(head, "pupil_file", years=6, counted_from="left_date", source=" ")


def test_destroy_removes_the_file_and_logs_no_personal_data(head, today):
    old = _pupil("A000000000001", "Olwen", D(2000, 1, 1), left=D(2011, 7, 20))
    adult = Adult.create(first_name="Gwendolyn", last_name="Ashdown")
    PupilAdult.create(pupil=old, adult=adult)
    lego = Intervention.create(name="Lego Therapy")
    Enrolment.create(pupil=old, intervention=lego, start_date=D(2009, 9, 1), target="Secret")
    FamilyContact.create(pupil=old, contact_at=dt.datetime(2010, 1, 1, 9, 0), summary="Call")
    IssuedDocument.create(kind="letter", title="Letter", pupil=old, document_date=D(2010, 1, 1),
                          issued_by="head", sha256="0" * 64)
    entry = retention.destroy(head, "pupil_file", [old.id], today)

    assert Pupil.select().count() == 0 and Enrolment.select().count() == 0
    assert FamilyContact.select().count() == 0 and IssuedDocument.select().count() == 0
    assert Adult.select().count() == 0
    log = DestructionLog.get_by_id(entry.id)
    assert (log.record_kind, log.record_count, log.authorised_role) == ("pupil_file", 1,
                                                                        "headteacher")
    assert log.destroyed_at == today.isoformat()
    for text in (log.rule, log.record_kind, log.destroyed_at,
                 AuditEntry.select().order_by(AuditEntry.id.desc()).get().after):
        for personal in ("Olwen", "Ashdown", "A000000000001", "2000-01-01", "Gwendolyn"):
            assert personal not in text


def test_destroy_refuses_records_not_due(head, today):
    keep = _pupil("A000000000003", "Ruby", D(2015, 1, 1), left=D(2022, 7, 20))
    with pytest.raises(PolicyError, match="not past their review date"):
        retention.destroy(head, "pupil_file", [keep.id], today)
    assert Pupil.get_or_none(Pupil.id == keep.id) is not None
    assert DestructionLog.select().count() == 0
    with pytest.raises(PolicyError, match="audit log"):
        retention.destroy(head, "audit_log", [1], today)


def test_only_the_head_destroys(pastoral, today):
    with pytest.raises(PermissionDenied):
        retention.destroy(pastoral, "pupil_file", [1], today)
    with pytest.raises(PermissionDenied):
        retention.records_due(pastoral, today)
