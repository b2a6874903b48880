"""The Headteacher sees every passage naming someone else or written as an internal note, and
decides each; nothing leaves undecided, and every decision is kept with the request."""

import datetime as dt
import json

import pytest

from flexidesk.policy.records.access import PermissionDenied, PolicyError
from flexidesk.policy.records.redaction import decide_passage, passages
from flexidesk.policy.records.sar_reply import prepare_pack
from flexidesk.store.models import (
    Adult,
    AuditEntry,
    FlexiMeeting,
    SarPassageDecision,
)
from tests.unit.policy.records.sar_helpers import child_naming_others, decide_all

D = dt.date


def _child(head):
    reply = child_naming_others(head)
    return reply.pupil, reply.request, reply.review, reply.dad


def test_passages_naming_others_internal_notes_and_contact_details_are_flagged(head):
    pupil, request, review, dad = _child(head)
    found = {p.key: p for p in passages(head, request)}
    note = found[f"enrolment_review:{review.id}:notes"]
    flags = " ".join(note.flags)
    assert "Harry Pengelly (a child on roll)" in flags  # another child on roll
    assert "\u201cHarry P.\u201d" in flags and "\u201ccourt\u201d" in flags  # and the clues
    assert "Tam" not in flags  # the child's own name is not someone else's
    assert note.where == "Support in school: Lego Therapy, review of 2 Nov 2026"
    # Both parents' contact details, each one passage.
    assert {k for k in found if k.startswith("adult:")} == {
        f"adult:{a}:contact" for a in (dad.id, Adult.get(Adult.first_name == "Maya").id)}
    # Internal notes: the meeting's notes and the Headteacher's weighing.
    meeting = FlexiMeeting.get()
    assert any("internal note" in f for f in found[f"flexi_meeting:{meeting.id}:notes"].flags)
    assert any(k.startswith("factor_assessment:") for k in found)
    # A plain note about the child alone is not shown.
    assert not any("Settled well" in p.text for p in found.values())
    assert all(p.decision is None for p in found.values())


def test_nothing_is_exported_until_every_passage_is_decided_and_each_decision_is_kept(head):
    pupil, request, review, dad = _child(head)
    found = passages(head, request)
    with pytest.raises(PolicyError, match=f"{len(found)} passages still need your decision"):
        prepare_pack(head, request)
    decide_all(head, request, redact={f"enrolment_review:{review.id}:notes": "other_person",
                                      f"adult:{dad.id}:contact": "other_person"})
    pack = prepare_pack(head, request)
    records = json.dumps(pack["records"])
    assert "Harry" not in records and "court case" not in records
    assert "07700 900123" not in records and "Quay Street" not in records
    assert "4 Willow Row" in records  # kept: the requester's own address
    assert [w["reason"] for w in pack["withheld"]] == ["other_person", "other_person"]
    assert "Harry" not in json.dumps(pack["withheld"])  # where, never what
    rows = SarPassageDecision.select().where(SarPassageDecision.request == request)
    assert rows.count() == len(found)
    audits = AuditEntry.select().where(AuditEntry.action == "sar.decide")
    assert audits.count() == len(found) and {a.pupil_id for a in audits} == {pupil.id}


def test_a_passage_edited_after_its_decision_is_asked_again(head):
    pupil, request, review, _dad = _child(head)
    decide_all(head, request)
    prepare_pack(head, request)
    review.notes = "Tam and Harry P. argued again."
    review.save()
    undecided = [p for p in passages(head, request) if not p.decided]
    assert [p.key for p in undecided] == [f"enrolment_review:{review.id}:notes"]
    with pytest.raises(PolicyError, match="1 passage still needs your decision"):
        prepare_pack(head, request)


def test_a_redaction_needs_a_reason_and_only_the_head_decides(head, pastoral):
    pupil, request, review, _dad = _child(head)
    passage = next(p for p in passages(head, request) if p.key.startswith("enrolment_review"))
    with pytest.raises(PolicyError, match="why the passage is withheld"):
        decide_passage(head, request, passage, "redact", "")
    with pytest.raises(PolicyError, match="keep or redact"):
        decide_passage(head, request, passage, "maybe")
    with pytest.raises(PermissionDenied):
        decide_passage(pastoral, request, passage, "keep")
    with pytest.raises(PermissionDenied):
        passages(pastoral, request)
    with pytest.raises(PermissionDenied):
        prepare_pack(pastoral, request)
    assert SarPassageDecision.select().count() == 0


def test_the_cover_letter_facts_come_from_the_school_and_the_child(head, school):
    school.local_authority = "Millbridge Council"
    school.save()
    pupil, request, _review, _dad = _child(head)
    decide_all(head, request)
    cover = prepare_pack(head, request, letter_date=D(2026, 11, 30))["cover"]
    assert cover["dear"] == "Mrs Fernleigh"
    assert cover["address_lines"] == ["Mrs Maya Fernleigh", "4 Willow Row", "Millbridge",
                                      "MB3 9ZZ"]
    assert cover["providers"] == ["Riverside Farm Learning"]
    assert cover["local_authority"] == "Millbridge Council"
    assert {r["kind"] for r in cover["retention"]} >= {"Family contact log", "Audit log"}
    assert cover["letter_date"] == "2026-11-30" and cover["received_on"] == "2026-11-20"
