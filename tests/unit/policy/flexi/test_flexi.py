"""The flexi-schooling journey: stages, refusals, the governing body's rule and the deadline."""

import datetime as dt
import json

import pytest

from flexidesk.policy import flexi
from flexidesk.policy.flexi import RefusedAction
from flexidesk.policy.records.access import PermissionDenied
from flexidesk.policy.vocabulary import CHECKLIST
from flexidesk.store.models import (
    Adult,
    AgreementParty,
    AuditEntry,
    ClosureDay,
    DueDiligenceItem,
    FactorAssessment,
    FlexiAlternative,
    FlexiDecision,
    FlexiRequest,
    FlexiReview,
    Intervention,
    IssuedDocument,
    Provider,
    Pupil,
    School,
)
from tests.unit.policy.flexi.flexi_steps import (
    MEETING,
    D,
    _assessments,
    _audit_count,
    _draft,
    _issue,
    _receive,
    _stage,
    _to_active,
    _to_agreed_letter,
    _to_considered,
)

# --- the whole journey ---------------------------------------------------------------------


def test_journey_to_an_active_signed_agreement(head, family, today):
    request = _receive(head, family)
    assert request.stage == "received"
    assert flexi.next_actions(request.id, head)[0][0] == "arrange_meeting"

    flexi.arrange_meeting(head, request.id, meeting_date=MEETING, meeting_time=dt.time(9),
                          place="Office")
    assert _stage(request) == "meeting_arranged"
    _issue(head, request.id, "flexi_invitation", D(2026, 11, 5))
    flexi.record_meeting(head, request.id, held_on=MEETING, attendees="Mrs Ashby", notes="Fine",
                         head_present=True)
    assert _stage(request) == "meeting_held"
    intervention = Intervention.create(name="Forest School")
    provider = Provider.create(name="Meadow Farm Learning")
    flexi.record_considerations(head, request.id, assessments=_assessments("supports"),
                                needs_met_in_school=False, needs_met_notes="Tried already.",
                                alternatives=[("intervention", intervention.id),
                                              ("provider", provider.id)])
    assert _stage(request) == "considered"
    assert FactorAssessment.select().where(FactorAssessment.request == request.id).count() == 8
    assert FlexiAlternative.select().where(FlexiAlternative.request == request.id).count() == 2

    decision = flexi.decide(head, request.id, outcome="agreed", decided_on=D(2026, 11, 20), today=D(2026, 11, 20),
                            reasons="Good for Ro.")
    assert decision.due_on == D(2026, 11, 23)
    assert _stage(request) == "decided"
    _issue(head, request.id, "flexi_decision", D(2026, 11, 20))
    assert _stage(request) == "letter_issued"
    assert IssuedDocument.select().where(IssuedDocument.request == request.id).count() == 2

    agreement = _draft(head, family, request)
    assert _stage(request) == "agreement_drafted"
    assert agreement.attendance_code == "C"
    flexi.record_la_notified(head, request.id, notified_on=D(2026, 11, 24))
    head_party, parent_party = agreement.parties.order_by(AgreementParty.id)
    flexi.record_signature(head, head_party.id, signed_on=D(2026, 11, 23))
    assert _stage(request) == "agreement_drafted"  # not everyone has signed yet
    flexi.record_signature(head, parent_party.id, signed_on=D(2026, 11, 25))
    assert _stage(request) == "active"
    detail = flexi.request_detail(head, request.id)
    assert detail.active_from == D(2026, 11, 27)  # signed on the 25th, running from the start
    assert detail.la_notified_on == D(2026, 11, 24)
    assert detail.home_sessions_text == "Friday (all day)"
    assert [a[2] for a in detail.alternatives] == ["Forest School", "Meadow Farm Learning"]
    assert {code for code, _label in flexi.next_actions(request.id, head)} >= {"review", "end"}
    states = {m.code: m.state for m in flexi.timeline(head, request.id, today).milestones}
    assert states["active"] == "done" and states["review"] == "next"


def test_journey_to_a_declined_decision_closes_the_request(head, family, today):
    request = _to_considered(head, family, needs_met=True)
    flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 18), today=D(2026, 11, 18),
                 reasons="Nurture Group can meet Ro's needs in school.")
    _issue(head, request.id, "flexi_decision", D(2026, 11, 18))
    assert _stage(request) == "letter_issued"
    assert flexi.next_actions(request.id, head) == []
    with pytest.raises(RefusedAction, match="declined"):
        _draft(head, family, request)
    with pytest.raises(RefusedAction, match="declined"):
        flexi.withdraw(head, request.id, withdrawn_on=D(2026, 11, 25))
    codes = [m.code for m in flexi.timeline(head, request.id, today).milestones]
    assert codes[-1] == "letter_issued"  # a decline ends with its letter
    row = flexi.request_rows(head, today)[0]
    assert row.outcome == "declined" and not row.overdue
    # the family may ask again once the declined request is closed
    again = _receive(head, family, received_on=D(2026, 11, 26))
    assert again.stage == "received"


# --- out-of-stage actions ------------------------------------------------------------------


def _attempts(head, family, request_id):
    _pupil, mum, _dad = family
    return {
        "record_meeting": lambda: flexi.record_meeting(head, request_id, held_on=MEETING,
                                                       attendees="Mrs Ashby", notes="",
                                                       head_present=True),
        "considerations": lambda: flexi.record_considerations(
            head, request_id, assessments=_assessments(), needs_met_in_school=False,
            needs_met_notes="", alternatives=[]),
        "decide": lambda: flexi.decide(head, request_id, outcome="agreed",
                                       decided_on=MEETING, today=MEETING, reasons="x"),
        "decision letter": lambda: _issue(head, request_id, "flexi_decision", MEETING),
        "draft": lambda: flexi.draft_agreement(
            head, request_id, start_date=MEETING, home_sessions=["fri_am"],
            first_review_date=None, parties=[("A", "headteacher", None), ("B", "parent", mum.id)]),
        "la": lambda: flexi.record_la_notified(head, request_id, notified_on=MEETING),
        "review": lambda: flexi.review_arrangement(head, request_id, review_date=MEETING,
                                                   outcome="continue", notes=""),
        "end": lambda: flexi.end_arrangement(head, request_id, ended_on=MEETING,
                                             reason="notice_family", notice_given_on=MEETING),
    }


def test_every_out_of_stage_action_on_a_new_request_is_refused_and_writes_nothing(head, family):
    request = _receive(head, family)
    before = _audit_count()
    for name, attempt in _attempts(head, family, request.id).items():
        with pytest.raises(RefusedAction) as refused:
            attempt()
        assert len(str(refused.value)) > 20, name
    assert _audit_count() == before
    assert _stage(request) == "received"


def test_refusal_reasons_name_the_missing_step(head, family):
    request = _receive(head, family)
    with pytest.raises(RefusedAction, match="meeting has not been held yet, so a decision"):
        flexi.decide(head, request.id, outcome="agreed", decided_on=MEETING, today=MEETING, reasons="x")
    with pytest.raises(RefusedAction, match="No meeting has been arranged"):
        flexi.record_meeting(head, request.id, held_on=MEETING, attendees="Mrs Ashby", notes="",
                             head_present=True)
    flexi.arrange_meeting(head, request.id, meeting_date=MEETING, meeting_time=None, place="")
    flexi.record_meeting(head, request.id, held_on=MEETING, attendees="Mrs Ashby", notes="",
                         head_present=True)
    with pytest.raises(RefusedAction, match="considerations have not been recorded"):
        flexi.decide(head, request.id, outcome="agreed", decided_on=MEETING, today=MEETING, reasons="x")
    with pytest.raises(RefusedAction, match="already been held"):
        flexi.arrange_meeting(head, request.id, meeting_date=MEETING, meeting_time=None,
                              place="")


def test_a_decided_request_refuses_a_second_decision_and_new_considerations(head, family):
    request = _to_considered(head, family)
    flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 17), today=D(2026, 11, 17), reasons="x")
    with pytest.raises(RefusedAction, match="already been recorded"):
        flexi.decide(head, request.id, outcome="agreed", decided_on=D(2026, 11, 17), today=D(2026, 11, 17),
                     reasons="x")
    with pytest.raises(RefusedAction, match="can no longer be changed"):
        flexi.record_considerations(head, request.id, assessments=_assessments(),
                                    needs_met_in_school=False, needs_met_notes="",
                                    alternatives=[])
    assert FlexiDecision.select().count() == 1


def test_considerations_need_all_eight_factors(head, family):
    request = _receive(head, family)
    flexi.arrange_meeting(head, request.id, meeting_date=MEETING, meeting_time=None, place="")
    flexi.record_meeting(head, request.id, held_on=MEETING, attendees="Mrs Ashby", notes="",
                         head_present=True)
    partial = _assessments()
    del partial["safeguarding"]
    with pytest.raises(RefusedAction, match="Safeguarding"):
        flexi.record_considerations(head, request.id, assessments=partial,
                                    needs_met_in_school=False, needs_met_notes="",
                                    alternatives=[])
    assert FactorAssessment.select().count() == 0


def test_receiving_needs_adults_sessions_and_no_open_request(head, family):
    pupil, mum, _dad = family
    with pytest.raises(RefusedAction, match="adult"):
        flexi.receive_request(head, pupil_id=pupil.id, adult_ids=[], received_on=MEETING,
                              sessions=["mon_am"], reasons="Outdoor learning.")
    with pytest.raises(RefusedAction, match="sessions"):
        flexi.receive_request(head, pupil_id=pupil.id, adult_ids=[mum.id], received_on=MEETING,
                              sessions=[], reasons="Outdoor learning.")
    with pytest.raises(RefusedAction, match="why they ask"):  # reasons are part of a request
        flexi.receive_request(head, pupil_id=pupil.id, adult_ids=[mum.id], received_on=MEETING,
                              sessions=["mon_am"], reasons="  ")
    _receive(head, family)
    with pytest.raises(RefusedAction, match="already has an open"):
        _receive(head, family)


def test_a_meeting_can_be_rearranged_until_it_is_held(head, family):
    request = _receive(head, family)
    flexi.arrange_meeting(head, request.id, meeting_date=D(2026, 11, 10), meeting_time=None,
                          place="Office")
    flexi.arrange_meeting(head, request.id, meeting_date=MEETING, meeting_time=dt.time(14),
                          place="Library")
    detail = flexi.request_detail(head, request.id)
    assert (detail.meeting_date, detail.meeting_place) == (MEETING, "Library")
    assert [code for code, _l in flexi.next_actions(request.id, head)][:2] == [
        "record_meeting", "issue_invitation"]


# --- the deadline --------------------------------------------------------------------------


def _due(head, family, meeting):
    request = _to_considered(head, family, meeting=meeting)
    return flexi.decide(head, request.id, outcome="declined", decided_on=meeting,
                        reasons="x", today=meeting).due_on


def test_deadline_skips_a_bank_holiday_after_the_meeting(head, family):
    # Friday 22 May 2026; Monday 25 May is the spring bank holiday in England.
    assert _due(head, family, D(2026, 5, 22)) == D(2026, 6, 1)


def test_deadline_across_christmas_2026_in_england(head, family):
    # 25 Dec (Friday) and the Boxing Day substitute (Monday 28 Dec) do not count.
    assert _due(head, family, D(2026, 12, 22)) == D(2026, 12, 31)


def test_deadline_skips_a_school_closure_day(head, family):
    ClosureDay.create(date=D(2026, 11, 11), reason="Staff training day")
    assert _due(head, family, D(2026, 11, 9)) == D(2026, 11, 17)  # not 16 Nov


def test_deadline_in_scotland_skips_st_andrews_day(head, family):
    School.update(nation="SCT").execute()
    assert _due(head, family, D(2026, 11, 24)) == D(2026, 12, 2)


def test_the_same_meeting_in_england_is_due_a_day_sooner(head, family):
    assert _due(head, family, D(2026, 11, 24)) == D(2026, 12, 1)


def test_working_days_left_and_overdue(head, family):
    request = _to_considered(head, family)  # meeting Monday 16 Nov, due Monday 23 Nov
    friday_before = flexi.decision_status(head, request.id, D(2026, 11, 20))
    assert (friday_before.due_on, friday_before.working_days_left) == (D(2026, 11, 23), 1)
    assert not friday_before.overdue
    due_day = flexi.decision_status(head, request.id, D(2026, 11, 23))
    assert due_day.working_days_left == 0 and not due_day.overdue
    late = flexi.decision_status(head, request.id, D(2026, 11, 27))
    assert late.overdue and late.working_days_left == -4
    row = flexi.request_rows(head, D(2026, 11, 27))[0]
    assert row.overdue and row.decision_due == D(2026, 11, 23) and row.working_days_left == -4
    decided_state = {m.code: m.state for m in flexi.timeline(head, request.id, D(2026, 11, 27))
                     .milestones}["decided"]
    assert decided_state == "late"


def test_a_decision_made_after_the_deadline_is_late_but_not_overdue(head, family, today):
    request = _to_considered(head, family)
    flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 25), today=D(2026, 11, 25), reasons="x")
    status = flexi.decision_status(head, request.id, today)
    assert status.decided and status.late and not status.overdue
    line = flexi.timeline(head, request.id, today)
    assert line.deadline == D(2026, 11, 23)
    assert {m.code: m.state for m in line.milestones}["decided"] == "late"


def test_no_deadline_before_the_meeting_is_held(head, family, today):
    request = _receive(head, family)
    status = flexi.decision_status(head, request.id, today)
    assert status.due_on is None and not status.overdue
    line = flexi.timeline(head, request.id, today)
    states = [(m.code, m.state) for m in line.milestones]
    assert states[:3] == [("received", "done"), ("meeting_arranged", "next"),
                          ("meeting_held", "future")]
    assert line.deadline is None


# --- roles ---------------------------------------------------------------------------------


def test_pastoral_lead_cannot_decide_and_nothing_is_written(head, pastoral, family):
    request = _to_considered(head, family)
    before = _audit_count()
    with pytest.raises(PermissionDenied):
        flexi.decide(pastoral, request.id, outcome="agreed", decided_on=D(2026, 11, 18), today=D(2026, 11, 18),
                     reasons="x")
    with pytest.raises(PermissionDenied):
        flexi.record_considerations(pastoral, request.id, assessments=_assessments(),
                                    needs_met_in_school=False, needs_met_notes="",
                                    alternatives=[])
    assert _audit_count() == before
    assert FlexiDecision.select().count() == 0
    assert _stage(request) == "considered"
    codes = [code for code, _label in flexi.next_actions(request.id, pastoral)]
    assert "decide" not in codes and "record_considerations" not in codes
    assert "withdraw" in codes


def test_pastoral_lead_sees_the_list_but_a_governor_does_not(pastoral, governor, head, family,
                                                             today):
    _receive(head, family)
    assert [r.child for r in flexi.request_rows(pastoral, today)] == ["Ro Ashby"]
    with pytest.raises(PermissionDenied):
        flexi.request_rows(governor, today)


# --- the governing body's rule -------------------------------------------------------------


def test_agreeing_when_needs_can_be_met_needs_a_written_justification(head, family):
    request = _to_considered(head, family, needs_met=True)
    with pytest.raises(RefusedAction, match="governing body"):
        flexi.decide(head, request.id, outcome="agreed", decided_on=D(2026, 11, 18), today=D(2026, 11, 18),
                     reasons="The family's plan is strong.")
    assert FlexiDecision.select().count() == 0
    why = "Ro's medical needs mean a shorter week is kinder for now."
    flexi.decide(head, request.id, outcome="agreed", decided_on=D(2026, 11, 18), today=D(2026, 11, 18),
                 reasons="The family's plan is strong.", justification=why)
    assert FlexiRequest.get_by_id(request.id).agree_justification == why
    audited = [json.loads(e.after or "{}") for e in AuditEntry.select()
               .where(AuditEntry.table_name == "flexi_request",
                      AuditEntry.record_id == request.id)]
    assert any(a.get("agree_justification") == why for a in audited)
    assert flexi.request_detail(head, request.id).agree_justification == why


def test_declining_needs_no_justification_when_needs_can_be_met(head, family):
    request = _to_considered(head, family, needs_met=True)
    decision = flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 18), today=D(2026, 11, 18),
                            reasons="Nurture Group meets Ro's needs.")
    assert decision.outcome == "declined"
    assert FlexiRequest.get_by_id(request.id).agree_justification == ""


# --- agreement, signatures, reviews, ending ------------------------------------------------


def test_signatures_activate_only_when_every_party_has_signed(head, family):
    request = _to_agreed_letter(head, family)
    agreement = _draft(head, family, request)
    parties = list(agreement.parties.order_by(AgreementParty.id))
    flexi.record_signature(head, parties[1].id, signed_on=D(2026, 11, 24))
    assert flexi.request_detail(head, request.id).active_from is None
    with pytest.raises(RefusedAction, match="already signed"):
        _draft(head, family, request)  # no re-drafting once someone has signed
    flexi.record_signature(head, parties[0].id, signed_on=D(2026, 11, 22))
    assert _stage(request) == "active"
    # signed by the 24th; it runs from the agreed start, never before it
    assert flexi.request_detail(head, request.id).active_from == D(2026, 11, 27)
    with pytest.raises(RefusedAction):
        flexi.record_signature(head, parties[0].id, signed_on=D(2026, 11, 25))


def test_an_agreement_can_be_redrafted_before_anyone_signs(head, family):
    request = _to_agreed_letter(head, family)
    _draft(head, family, request)
    flexi.draft_agreement(head, request.id, start_date=D(2026, 11, 30),
                          home_sessions=["mon_am", "mon_pm"], first_review_date=None,
                          parties=[("staff", head.user_id), ("adult", family[1].id),
                                   ("adult", family[2].id)])
    detail = flexi.request_detail(head, request.id)
    assert detail.home_sessions == "mon_am,mon_pm" and len(detail.parties) == 3



def test_reviews_continue_change_and_end(head, family):
    request = _to_active(head, family)
    first = flexi.review_arrangement(head, request.id, review_date=D(2027, 2, 26),
                                     outcome="continue", notes="Going well.")
    assert first.next_review_date == D(2027, 2, 26) + dt.timedelta(weeks=13)
    with pytest.raises(RefusedAction, match="same"):
        flexi.review_arrangement(head, request.id, review_date=D(2027, 5, 28),
                                 outcome="change", notes="", new_sessions=["fri_am", "fri_pm"])
    flexi.review_arrangement(head, request.id, review_date=D(2027, 5, 28), outcome="change",
                             notes="Mornings only.", new_sessions=["fri_am"],
                             next_review_date=D(2027, 7, 16))
    assert flexi.request_detail(head, request.id).home_sessions == "fri_am"
    assert flexi.request_detail(head, request.id).next_review_date == D(2027, 7, 16)
    flexi.review_arrangement(head, request.id, review_date=D(2027, 7, 16), outcome="end",
                             notes="Back full time in September.")
    fresh = FlexiRequest.get_by_id(request.id)
    assert (fresh.stage, fresh.end_reason, fresh.ended_on) == ("ended", "review", D(2027, 7, 16))
    assert FlexiReview.select().count() == 3
    with pytest.raises(RefusedAction, match="ended"):
        flexi.review_arrangement(head, request.id, review_date=D(2027, 9, 1),
                                 outcome="continue", notes="")


def test_a_review_before_the_arrangement_began_is_refused(head, family):
    request = _to_active(head, family)
    with pytest.raises(RefusedAction, match="cannot be before"):
        flexi.review_arrangement(head, request.id, review_date=D(2026, 11, 1),
                                 outcome="continue", notes="")


def test_ending_with_notice_from_the_family(head, family, today):
    request = _to_active(head, family)
    flexi.end_arrangement(head, request.id, ended_on=D(2027, 1, 29), reason="notice_family",
                          notice_given_on=D(2026, 12, 30), today=D(2027, 1, 4))
    fresh = FlexiRequest.get_by_id(request.id)
    assert (fresh.stage, fresh.end_reason, fresh.notice_weeks) == ("ended", "notice_family", 4)
    assert fresh.notice_given_on == D(2026, 12, 30)
    assert [code for code, _label in flexi.next_actions(request.id, head)] == ["issue_end_letter"]
    milestones = flexi.timeline(head, request.id, today).milestones
    assert (milestones[-1].code, milestones[-1].date) == ("ended", D(2027, 1, 29))
    assert "4 weeks' notice" in milestones[-1].detail


def test_ending_needs_a_running_arrangement(head, family):
    request = _to_agreed_letter(head, family)
    with pytest.raises(RefusedAction, match="running arrangement"):
        flexi.end_arrangement(head, request.id, ended_on=D(2027, 1, 29),
                              reason="notice_school", notice_given_on=D(2026, 11, 20))


# --- withdrawal ----------------------------------------------------------------------------


def test_withdraw_closes_the_request_and_skips_what_is_left(head, family, today):
    request = _receive(head, family)
    flexi.arrange_meeting(head, request.id, meeting_date=MEETING, meeting_time=None, place="")
    flexi.withdraw(head, request.id, withdrawn_on=D(2026, 11, 12), note="Moving house.")
    fresh = FlexiRequest.get_by_id(request.id)
    assert (fresh.stage, fresh.withdrawn_on, fresh.end_reason) == (
        "withdrawn", D(2026, 11, 12), "withdrawn")
    assert "Moving house." in fresh.reasons
    assert flexi.next_actions(request.id, head) == []
    with pytest.raises(RefusedAction, match="withdrew"):
        flexi.record_meeting(head, request.id, held_on=MEETING, attendees="Mrs Ashby", notes="",
                             head_present=True)
    with pytest.raises(RefusedAction, match="withdrew"):
        flexi.withdraw(head, request.id, withdrawn_on=D(2026, 11, 13))
    states = {m.code: m.state for m in flexi.timeline(head, request.id, today).milestones}
    assert states["meeting_arranged"] == "done"
    assert states["meeting_held"] == "skipped" and states["withdrawn"] == "done"
    assert not flexi.request_rows(head, today)[0].overdue


def test_a_running_arrangement_is_not_withdrawn_but_ended_with_notice(head, family):
    request = _to_active(head, family)
    assert "withdraw" not in [code for code, _l in flexi.next_actions(request.id, head)]
    with pytest.raises(RefusedAction, match="ends with notice"):
        flexi.withdraw(head, request.id, withdrawn_on=D(2026, 12, 4))
    fresh = FlexiRequest.get_by_id(request.id)
    assert (fresh.stage, fresh.ended_on) == ("active", None)


def test_a_withdrawal_dated_before_the_request_is_refused(head, family):
    request = _receive(head, family)
    with pytest.raises(RefusedAction, match="cannot be before"):
        flexi.withdraw(head, request.id, withdrawn_on=D(2026, 10, 1))
    assert _stage(request) == "received"



def test_record_signatures_keeps_all_or_none(head, family):
    """A refused signature in a batch leaves the others in that batch unsaved too."""
    request = _to_agreed_letter(head, family)
    agreement = _draft(head, family, request)
    parties = list(AgreementParty.select().where(AgreementParty.agreement == agreement))
    with pytest.raises(flexi.RefusedAction, match="signature date"):
        flexi.record_signatures(head, {parties[0].id: D(2026, 11, 24),
                                       parties[1].id: D(2026, 1, 1)})  # before the decision
    assert all(p.signed_on is None for p in AgreementParty.select())
    assert _stage(request) == "agreement_drafted"
    flexi.record_signatures(head, {p.id: D(2026, 11, 24) for p in parties})
    assert _stage(request) == "active"


def test_the_forms_read_the_family_the_provision_and_the_school_from_policy(school, head):
    from flexidesk.policy.school.setup import profile
    from flexidesk.store.models import PupilAdult

    pupil = Pupil.create(upn="T000000000009", legal_first_name="Ivo", legal_last_name="Penn",
                         date_of_birth=D(2019, 1, 2), year_group=1, on_roll_date=D(2023, 9, 4))
    gran = Adult.create(title="Mrs", first_name="Alma", last_name="Penn")
    mum = Adult.create(title="Ms", first_name="Clea", last_name="Penn")
    PupilAdult.create(pupil=pupil, adult=gran, relationship="grandmother",
                      parental_responsibility=False, priority=2)
    PupilAdult.create(pupil=pupil, adult=mum, relationship="mother", priority=1)
    from flexidesk.policy.provision import adults_of

    family = adults_of(head, pupil.id)
    assert [(a.name, a.relationship, a.parental_responsibility) for a in family] == [
        ("Ms Clea Penn", "mother", True), ("Mrs Alma Penn", "grandmother", False)]

    Intervention.create(name="Nurture Group", sort_order=2)
    Intervention.create(name="Lego Therapy", sort_order=1)
    Intervention.create(name="Old Club", sort_order=0, active=False)
    ready = Provider.create(name="Thistle Farm Learning")
    for item in CHECKLIST:
        DueDiligenceItem.create(provider=ready, item=item, status="held",
                                expires_on=D(2027, 9, 1))
    Provider.create(name="Unchecked Stables")  # no checks yet: not one the school checks
    Provider.create(name="Closed Centre", active=False)
    assert [(c.kind, c.name) for c in flexi.provision_choices(head, today=D(2026, 11, 27))] == [
        ("intervention", "Lego Therapy"), ("intervention", "Nurture Group"),
        ("provider", "Thistle Farm Learning")]

    school_row = School.get()
    assert profile().headteacher_name == school_row.headteacher_name
