"""The flexi holes a real school fell through: typed parties, private notes in letters,
notice out of time, the Headteacher's absence, earlier decisions, hidden lateness,
uncorrectable requests, arrangements still running out their notice, the local authority."""


import pytest

from flexidesk.documents.render import build_params
from flexidesk.i18n import _
from flexidesk.policy import flexi
from flexidesk.policy.flexi import NeedsLateReason, RefusedAction
from flexidesk.policy.records.access import PolicyError
from flexidesk.policy.records.release import MEETING as MEETING_TEXT
from flexidesk.policy.records.release import NOT_CHECKED, release_text
from flexidesk.policy.records.reports import anonymised_report
from flexidesk.policy.today import today_items
from flexidesk.policy.vocabulary import FACTORS
from flexidesk.store.models import (
    Adult,
    AgreementParty,
    AuditEntry,
    FlexiMeeting,
    FlexiRequest,
    FlexiRequestAdult,
    PupilAdult,
    School,
)
from tests.clock import TODAY
from tests.unit.policy.flexi.flexi_steps import (
    MEETING,
    D,
    _draft,
    _issue,
    _receive,
    _stage,
    _to_active,
    _to_agreed_letter,
    _to_considered,
)


def _draft_with(head, request, parties):
    return flexi.draft_agreement(head, request.id, start_date=D(2026, 11, 30),
                                 home_sessions=["fri_am"], first_review_date=None,
                                 parties=parties)


# --- parties are chosen, not typed ---------------------------------------------------------


def test_typed_parties_are_refused_and_capacities_come_from_the_records(head, family):
    _pupil, mum, _dad = family
    request = _to_agreed_letter(head, family)
    # The mother "typed as headteacher" and a party with no record are no longer possible.
    with pytest.raises(RefusedAction, match="chosen from the school's staff"):
        _draft_with(head, request, [("Mrs Hazel Ashby", "headteacher", mum.id),
                                    ("Ro Ashby", "parent", None)])
    agreement = _draft_with(head, request, [("staff", head.user_id), ("adult", mum.id)])
    parties = {(p.name, p.capacity, p.staff_id, p.adult_id) for p in agreement.parties}
    assert parties == {("Ms Ada Quill", "headteacher", head.user_id, None),
                       ("Mrs Hazel Ashby", "parent", None, mum.id)}


def test_only_a_staff_account_that_may_sign_signs_for_the_school(head, pastoral, family):
    _pupil, mum, _dad = family
    request = _to_agreed_letter(head, family)
    with pytest.raises(RefusedAction, match="may sign for the school"):
        _draft_with(head, request, [("staff", pastoral.user_id), ("adult", mum.id)])
    School.update(letter_signatory="Ben Marsh").execute()  # the school names them signatory
    assert [s.name for s in flexi.school_signatories(head)] == ["Ms Ada Quill", "Ben Marsh"]
    agreement = _draft_with(head, request, [("staff", pastoral.user_id), ("adult", mum.id)])
    assert {p.capacity for p in agreement.parties} == {"signatory", "parent"}


def test_an_adult_not_linked_to_the_child_is_no_party_and_makes_no_request(head, family):
    pupil, mum, _dad = family
    stranger = Adult.create(title="Ms", first_name="Ro", last_name="Ashby")
    request = _to_agreed_letter(head, family)
    with pytest.raises(RefusedAction, match="Only adults linked"):
        _draft_with(head, request, [("staff", head.user_id), ("adult", stranger.id)])
    with pytest.raises(RefusedAction, match="Only adults linked"):
        flexi.receive_request(head, pupil_id=pupil.id, adult_ids=[stranger.id],
                              received_on=D(2026, 11, 2), sessions=["mon_am"],
                              reasons="Outdoor learning.")


def test_a_request_needs_an_adult_with_parental_responsibility(head, family):
    pupil, mum, dad = family
    PupilAdult.update(parental_responsibility=False).execute()
    with pytest.raises(RefusedAction, match="parental responsibility"):
        _receive(head, family)
    assert FlexiRequest.select().count() == 0


def test_parental_responsibility_removed_before_signing_stops_the_agreement_running(head,
                                                                                 family):
    pupil, mum, _dad = family
    request = _to_agreed_letter(head, family)
    agreement = _draft(head, family, request)  # the head and the mother, who has PR
    # The mother's record changes between the draft and the signatures.
    PupilAdult.update(parental_responsibility=False).where(
        PupilAdult.pupil == pupil.id, PupilAdult.adult == mum.id).execute()
    for party in agreement.parties:
        flexi.record_signature(head, party.id, signed_on=D(2026, 11, 26))
    assert _stage(request) == "agreement_drafted"  # everyone signed, yet it does not run
    detail = flexi.request_detail(head, request.id)
    assert detail.active_from is None
    assert "parental responsibility" in detail.not_running_reason


# --- nothing internal reaches a letter unless ticked ----------------------------------------


def test_only_ticked_considerations_and_notes_reach_the_decision_letter(head, family):
    request = _to_considered(head, family, needs_met=True)
    assessments = {code: ("neutral", f"Private note on {code}.") for code in FACTORS}
    assessments["safeguarding"] = ("serious_concern", "Private: the home visit.")
    assessments["continuity"] = ("concern", "Phonics would fall behind.")
    flexi.record_considerations(head, request.id, assessments=assessments,
                                needs_met_in_school=True,
                                needs_met_notes="Internal: we are short of staff.",
                                alternatives=[])
    flexi.decide(head, request.id, outcome="declined", decided_on=MEETING, today=MEETING,
                 reasons="We can support Ro in school.")
    params = build_params(head, "flexi_decision", request_id=request.id, letter_date=MEETING)
    # Nothing ticked: no concern listed automatically, safeguarding least of all.
    assert params["factors"] == [] and params["needs_met_notes"] == ""


def test_a_ticked_consideration_and_ticked_notes_go_into_the_letter(head, family):
    request = _to_considered(head, family, needs_met=True)
    assessments = {code: ("neutral", "") for code in FACTORS}
    assessments["continuity"] = ("concern", "Phonics would fall behind.", True)
    flexi.record_considerations(head, request.id, assessments=assessments,
                                needs_met_in_school=True, needs_met_in_letter=True,
                                needs_met_notes="Our Nurture Group has a place.",
                                alternatives=[])
    flexi.decide(head, request.id, outcome="declined", decided_on=MEETING, today=MEETING,
                 reasons="We can support Ro in school.")
    params = build_params(head, "flexi_decision", request_id=request.id, letter_date=MEETING)
    assert params["factors"] == [{"code": "continuity", "rating": "concern",
                                  "note": "Phonics would fall behind."}]
    assert params["needs_met_notes"] == "Our Nurture Group has a place."


# --- notice and withdrawal -------------------------------------------------------------------


def test_notice_before_the_agreement_started_is_refused(head, family):
    request = _to_active(head, family)  # the agreement starts on 27 November 2026
    with pytest.raises(RefusedAction, match="cannot be before the agreement's start"):
        flexi.end_arrangement(head, request.id, ended_on=D(2027, 1, 8), reason="notice_family",
                              notice_given_on=D(2026, 1, 1), today=TODAY)
    assert _stage(request) == "active"


# --- the Headteacher's absence ---------------------------------------------------------------


def _without_the_head(head, family):
    request = _receive(head, family, received_on=D(2026, 11, 2), today=MEETING)
    flexi.arrange_meeting(head, request.id, meeting_date=MEETING, meeting_time=None,
                          place="Office", today=MEETING)
    flexi.record_meeting(head, request.id, held_on=MEETING, attendees="Mrs Ashby, Mr Marsh",
                         notes="Talked it through.", head_present=False,
                         head_absent_reason="Called to an emergency at the Ashby's farm.",
                         today=MEETING)
    return request


def test_the_heads_absence_is_in_the_timeline_the_report_and_the_letter(head, family,
                                                                        governor):
    request = _without_the_head(head, family)
    line = flexi.timeline(head, request.id, MEETING)
    held = next(m for m in line.milestones if m.code == "meeting_held")
    assert "Without the Headteacher: Called to an emergency" in held.detail
    report = anonymised_report(governor, TODAY)
    table = next(t for t in report.tables if "without the Headteacher" in t.title)
    # The reason names a family: the governors read it only once the Headteacher has
    # checked it, and a wording that still names someone on roll is refused.
    assert table.rows == [["Meeting 1, November 2026", _(NOT_CHECKED)]]
    assert "without the Headteacher: fewer than 3" in table.note
    meeting = FlexiMeeting.get(FlexiMeeting.request == request.id)
    with pytest.raises(PolicyError, match="Ashby"):
        release_text(head, MEETING_TEXT, meeting.id, meeting.head_absent_reason)
    release_text(head, MEETING_TEXT, meeting.id, "Called to an emergency at a family's farm.")
    table = next(t for t in anonymised_report(governor, TODAY).tables
                 if "without the Headteacher" in t.title)
    assert table.rows == [["Meeting 1, November 2026",
                           "Called to an emergency at a family's farm."]]
    flexi.record_considerations(head, request.id, assessments={
        code: ("neutral", "") for code in FACTORS}, needs_met_in_school=False,
        needs_met_notes="", alternatives=[])
    flexi.decide(head, request.id, outcome="declined", decided_on=MEETING, today=MEETING,
                 reasons="x")
    from flexidesk.documents import wording

    words = wording.decision(build_params(head, "flexi_decision", request_id=request.id,
                                          letter_date=MEETING))
    assert "coming to meet me" not in words.opening
    assert "I was not able to be at that meeting myself" in words.opening


# --- an earlier decision ---------------------------------------------------------------------


def test_a_new_request_after_a_decline_shows_it_in_the_detail_and_timeline(head, family):
    first = _to_considered(head, family)
    flexi.decide(head, first.id, outcome="declined", decided_on=D(2026, 11, 18),
                 today=D(2026, 11, 18), reasons="x")
    _issue(head, first.id, "flexi_decision", D(2026, 11, 18))
    again = _receive(head, family, received_on=D(2026, 11, 25), today=TODAY)
    detail = flexi.request_detail(head, again.id)
    assert [(e.request_id, e.outcome) for e in detail.earlier] == [(first.id, "declined")]
    assert flexi.request_detail(head, first.id).earlier == []  # nothing before the first
    received = flexi.timeline(head, again.id, TODAY).milestones[0]
    assert "Earlier request (received 2 Nov 2026): Declined on 18 Nov 2026" in received.detail


# --- lateness --------------------------------------------------------------------------------


def test_a_decision_recorded_long_after_its_date_asks_why_and_keeps_it(head, family):
    request = _to_considered(head, family)  # meeting Monday 16 November
    with pytest.raises(NeedsLateReason, match="dated 17 Nov 2026 but recorded on 30 Nov"):
        flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 17),
                     reasons="x", today=TODAY)
    assert _stage(request) == "considered"
    decision = flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 17),
                            reasons="x", today=TODAY,
                            late_entry_reason="Decided at the meeting; the office was closed.")
    assert decision.late_entry_reason == "Decided at the meeting; the office was closed."
    assert flexi.request_detail(head, request.id).late_entry_reason.startswith("Decided")


def test_a_decision_recorded_within_two_working_days_needs_no_reason(head, family):
    request = _to_considered(head, family)
    decision = flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 18),
                            reasons="x", late_entry_reason="ignored", today=D(2026, 11, 20))
    assert decision.late_entry_reason == ""


def test_a_letter_after_the_deadline_makes_the_decision_late_for_the_governors(head, family,
                                                                             governor):
    request = _to_considered(head, family)  # due Monday 23 November
    flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 18),
                 today=D(2026, 11, 18), reasons="x")
    _issue(head, request.id, "flexi_decision", D(2026, 11, 27))  # the family hears late
    status = flexi.decision_status(head, request.id, TODAY)
    assert not status.late and status.letter_sent_late and status.family_heard_late
    decisions = next(t for t in anonymised_report(governor, TODAY).tables
                     if t.title.startswith("Flexi-schooling decisions"))
    assert decisions.rows[1][1:] == [0, None]  # declined: none on time, one (suppressed) late
    line = flexi.timeline(head, request.id, TODAY)
    letter = next(m for m in line.milestones if m.code == "letter_issued")
    assert letter.state == "late" and "After the deadline" in letter.detail


# --- corrections -----------------------------------------------------------------------------


def test_a_recorded_request_is_corrected_and_audited_until_the_decision(head, family):
    _pupil, mum, dad = family
    request = _receive(head, family)
    flexi.correct_request(head, request.id, adult_ids=[mum.id], received_on=D(2026, 11, 3),
                          sessions=["fri_pm"], reasons="Forest school with grandad.")
    fresh = FlexiRequest.get_by_id(request.id)
    assert (fresh.received_on, fresh.requested_sessions, fresh.reasons) == (
        D(2026, 11, 3), "fri_pm", "Forest school with grandad.")
    assert [a.adult_id for a in FlexiRequestAdult.select().where(
        FlexiRequestAdult.request == request.id)] == [mum.id]
    entry = AuditEntry.get(AuditEntry.action == "flexi.correct")
    assert "2026-11-02" in entry.before and "2026-11-03" in entry.after
    assert AuditEntry.select().where(AuditEntry.action == "flexi.correct.adult").count() == 1
    assert "correct_request" in [c for c, _l in flexi.next_actions(request.id, head)]


def test_a_correction_is_refused_after_the_decision_or_after_the_meeting(head, family):
    _pupil, mum, _dad = family
    request = _to_considered(head, family)  # meeting 16 November
    with pytest.raises(RefusedAction, match="after the meeting"):
        flexi.correct_request(head, request.id, adult_ids=[mum.id], received_on=D(2026, 11, 20),
                              sessions=["fri_pm"], reasons="x", today=TODAY)
    flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 18),
                 today=D(2026, 11, 18), reasons="x")
    with pytest.raises(RefusedAction, match="can no longer be corrected"):
        flexi.correct_request(head, request.id, adult_ids=[mum.id], received_on=D(2026, 11, 2),
                              sessions=["fri_pm"], reasons="x")


# --- an arrangement running out its notice ---------------------------------------------------


def test_an_ended_arrangement_reads_ending_on_while_its_notice_runs(head, family):
    request = _to_active(head, family)
    flexi.end_arrangement(head, request.id, ended_on=D(2027, 1, 8), reason="notice_family",
                          notice_given_on=TODAY, today=TODAY)
    row = flexi.request_rows(head, TODAY)[0]
    assert row.stage_label == "Ending on 8 Jan 2027"
    assert flexi.request_detail(head, request.id, TODAY).stage_label == "Ending on 8 Jan 2027"
    ending = flexi.timeline(head, request.id, TODAY).milestones[-1]
    assert (ending.label, ending.state, ending.done) == ("Ending", "next", False)
    after = D(2027, 1, 11)
    assert flexi.request_rows(head, after)[0].stage_label == "Ended"
    assert flexi.timeline(head, request.id, after).milestones[-1].state == "done"


# --- the local authority ---------------------------------------------------------------------


def test_today_reminds_to_tell_the_la_until_it_is_recorded(head, family):
    request = _to_agreed_letter(head, family)
    _draft(head, family, request)
    assert not [i for i in today_items(head, TODAY) if i.kind == "la_notice"]  # not asked
    School.update(la_notify_flexi=True, local_authority="Millshire Council").execute()
    [item] = [i for i in today_items(head, TODAY) if i.kind == "la_notice"]
    assert item.what == "Tell Millshire Council about the flexi arrangement"
    assert (item.who, item.due_on, item.late, item.tab) == ("Ro Ashby", D(2026, 11, 27), True,
                                                            "flexi")
    flexi.record_la_notified(head, request.id, notified_on=D(2026, 11, 27))
    assert not [i for i in today_items(head, TODAY) if i.kind == "la_notice"]
    assert AgreementParty.select().count() == 2
