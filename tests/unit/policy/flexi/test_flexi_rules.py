"""The flexi rules a Headteacher relies on: signatures, deadlines, dates, notice, meetings."""

import datetime as dt

import pytest

from flexidesk.policy import flexi
from flexidesk.policy.flexi import NeedsConfirmation, RefusedAction
from flexidesk.policy.records.access import PolicyError
from flexidesk.store.models import (
    AgreementParty,
    ClosureDay,
    FlexiMeeting,
    FlexiRequest,
    PupilAdult,
)
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

TODAY = D(2026, 11, 27)  # a Friday


# --- 1. signatures -------------------------------------------------------------------------


def _parties_draft(head, request, parties):
    return flexi.draft_agreement(head, request.id, start_date=D(2026, 11, 30),
                                 home_sessions=["fri_am"], first_review_date=None,
                                 parties=parties)


def test_two_parents_alone_cannot_make_an_agreement(head, family):
    _pupil, mum, dad = family
    request = _to_agreed_letter(head, family)
    with pytest.raises(RefusedAction, match="signed for the school"):
        _parties_draft(head, request, [("adult", mum.id), ("adult", dad.id)])


def test_the_head_and_the_pupil_alone_cannot_make_an_agreement(head, family):
    request = _to_agreed_letter(head, family)
    with pytest.raises(RefusedAction, match="parental responsibility"):
        _parties_draft(head, request, [("staff", head.user_id), ("pupil", None)])


def test_an_adult_without_parental_responsibility_does_not_count(head, family):
    pupil, mum, _dad = family
    request = _to_agreed_letter(head, family)
    PupilAdult.update(parental_responsibility=False).where(PupilAdult.adult == mum.id).execute()
    with pytest.raises(RefusedAction, match="parental responsibility"):
        _parties_draft(head, request, [("staff", head.user_id), ("adult", mum.id)])


# --- 2. the decision letter is a deadline too ---------------------------------------------


def test_a_decision_without_its_letter_is_owed_then_late(head, family):
    request = _to_considered(head, family)  # meeting Monday 16 Nov: due Monday 23 Nov
    flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 18), today=D(2026, 11, 18), reasons="x")
    owed = flexi.decision_status(head, request.id, D(2026, 11, 20))
    assert owed.letter_owed and not owed.letter_late
    late = flexi.decision_status(head, request.id, D(2026, 11, 24))
    assert late.letter_owed and late.letter_late
    row = flexi.request_rows(head, D(2026, 11, 24))[0]
    assert row.letter_late
    _issue(head, request.id, "flexi_decision", D(2026, 11, 24))
    sent = flexi.decision_status(head, request.id, D(2026, 11, 25))
    assert not sent.letter_owed and not sent.letter_late
    assert not flexi.request_rows(head, D(2026, 11, 25))[0].letter_late


def test_a_decision_letter_is_dated_between_the_decision_and_today(head, family):
    request = _to_considered(head, family)
    flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 18), today=D(2026, 11, 18), reasons="x")
    with pytest.raises(RefusedAction, match="cannot be before the decision"):
        _issue(head, request.id, "flexi_decision", D(2026, 11, 17))
    with pytest.raises(RefusedAction, match="in the future"):
        flexi.issue_letter(head, request.id, kind="flexi_decision", pdf=b"%PDF-1.4",
                           params={}, document_date=D(2026, 11, 28), today=TODAY)
    assert _stage(request) == "decided"


# --- 3. withdrawal -------------------------------------------------------------------------


def test_a_declined_request_cannot_be_withdrawn_before_its_letter_is_sent(head, family):
    request = _to_considered(head, family)
    flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 18), today=D(2026, 11, 18), reasons="x")
    assert "withdraw" not in [code for code, _l in flexi.next_actions(request.id, head)]
    with pytest.raises(RefusedAction, match="must receive the decision letter"):
        flexi.withdraw(head, request.id, withdrawn_on=D(2026, 11, 19))
    assert _stage(request) == "decided"


def test_an_agreed_request_may_still_be_withdrawn_before_its_letter(head, family):
    request = _to_considered(head, family)
    flexi.decide(head, request.id, outcome="agreed", decided_on=D(2026, 11, 18), today=D(2026, 11, 18), reasons="x")
    flexi.withdraw(head, request.id, withdrawn_on=D(2026, 11, 19))
    assert _stage(request) == "withdrawn"


# --- 4. dates are checked in the policy layer ---------------------------------------------


def test_a_request_received_in_2030_is_refused(head, family):
    with pytest.raises(RefusedAction, match="too far from today"):
        _receive(head, family, received_on=D(2030, 1, 7), today=TODAY)
    with pytest.raises(RefusedAction, match="in the future"):
        _receive(head, family, received_on=D(2026, 11, 30), today=TODAY)
    assert FlexiRequest.select().count() == 0


def test_a_meeting_on_a_weekend_or_closure_day_needs_a_confirmation(head, family):
    request = _receive(head, family)
    ClosureDay.create(date=D(2026, 11, 18), reason="Staff training day")
    for day in (D(2026, 11, 14), D(2026, 11, 18)):  # a Saturday; a closure day
        with pytest.raises(NeedsConfirmation, match="not a school day"):
            flexi.arrange_meeting(head, request.id, meeting_date=day, meeting_time=None,
                                  place="Office", today=TODAY)
    assert FlexiMeeting.select().count() == 0
    flexi.arrange_meeting(head, request.id, meeting_date=D(2026, 11, 14), meeting_time=None,
                          place="Office", confirm_non_school_day=True, today=TODAY)
    assert FlexiMeeting.get().meeting_date == D(2026, 11, 14)


def test_a_meeting_is_held_on_or_after_the_day_it_was_arranged_for(head, family):
    request = _receive(head, family)
    flexi.arrange_meeting(head, request.id, meeting_date=MEETING, meeting_time=None,
                          place="Office", today=TODAY)
    with pytest.raises(RefusedAction, match="before the day it was arranged for"):
        flexi.record_meeting(head, request.id, held_on=MEETING - dt.timedelta(days=4),
                             attendees="Mrs Ashby", notes="", head_present=True, today=TODAY)
    with pytest.raises(RefusedAction, match="in the future"):
        flexi.record_meeting(head, request.id, held_on=D(2026, 11, 30), attendees="Mrs Ashby",
                             notes="", head_present=True, today=TODAY)
    assert _stage(request) == "meeting_arranged"


def test_a_signature_dated_in_the_future_is_refused(head, family):
    request = _to_agreed_letter(head, family)
    party = _draft(head, family, request).parties.order_by(AgreementParty.id).first()
    with pytest.raises(RefusedAction, match="in the future"):
        flexi.record_signature(head, party.id, signed_on=D(2026, 11, 28), today=TODAY)
    assert AgreementParty.get_by_id(party.id).signed_on is None


def test_an_arrangement_never_runs_from_before_its_agreed_start(head, family):
    request = _to_active(head, family)  # signed on 26 Nov, agreed start 27 Nov
    assert flexi.request_detail(head, request.id).active_from == D(2026, 11, 27)


def test_review_dates_fall_on_working_days(head, family):
    request = _to_agreed_letter(head, family)
    _pupil, mum, _dad = family
    with pytest.raises(RefusedAction, match="not a school day.*The next school day is"):
        flexi.draft_agreement(head, request.id, start_date=D(2026, 11, 27),
                              home_sessions=["fri_am"], first_review_date=D(2027, 2, 27),
                              parties=[("Ms Ada Quill", "headteacher", None),
                                       ("Mrs Hazel Ashby", "parent", mum.id)])
    request = _to_active_from(head, family, request)
    # 13 weeks after Friday 25 Dec 2026 is Good Friday, 26 Mar 2027: the next working day.
    review = flexi.review_arrangement(head, request.id, review_date=D(2026, 12, 25),
                                      outcome="continue", notes="")
    assert review.next_review_date == D(2027, 3, 30)  # Easter Monday is a bank holiday too
    with pytest.raises(RefusedAction, match="not a school day"):
        flexi.review_arrangement(head, request.id, review_date=D(2027, 1, 8),
                                 outcome="continue", notes="",
                                 next_review_date=D(2027, 3, 26))  # Good Friday


def _to_active_from(head, family, request):
    agreement = _draft(head, family, request)
    for party in agreement.parties:
        flexi.record_signature(head, party.id, signed_on=D(2026, 11, 26))
    return request


def test_no_date_the_policy_accepts_breaks_the_request_list(head, family):
    request = _receive(head, family)
    # The one date bound every action applies refuses it before the meeting rule is asked.
    with pytest.raises(PolicyError, match="31 Dec 9999 is not a date FlexiDesk accepts"):
        flexi.arrange_meeting(head, request.id, meeting_date=D(9999, 12, 31), meeting_time=None,
                              place="Office", today=TODAY)
    with pytest.raises(RefusedAction, match="too far from today"):
        flexi.arrange_meeting(head, request.id, meeting_date=D(2099, 12, 31), meeting_time=None,
                              place="Office", today=TODAY)
    # Even a date written by an older version (or by hand) cannot break the list.
    FlexiMeeting.create(request=request, meeting_date=D(9999, 12, 31), held=True)
    FlexiRequest.update(stage="meeting_held").where(FlexiRequest.id == request.id).execute()
    row = flexi.request_rows(head, TODAY)[0]
    assert row.decision_due is None and not row.overdue


# --- 5. flexi means some time in school ---------------------------------------------------


def test_every_session_at_home_is_refused_and_points_to_elective_home_education(head, family):
    pupil, mum, _dad = family
    every = [f"{day}_{part}" for day in ("mon", "tue", "wed", "thu", "fri")
             for part in ("am", "pm")]
    with pytest.raises(RefusedAction, match="elective home education"):
        flexi.receive_request(head, pupil_id=pupil.id, adult_ids=[mum.id],
                              received_on=D(2026, 11, 2), sessions=every,
                              reasons="Outdoor learning.")
    assert FlexiRequest.select().count() == 0


# --- 6. notice -----------------------------------------------------------------------------


def test_ending_with_notice_respects_the_agreed_period(head, pastoral, family):
    request = _to_active(head, family)  # four weeks' notice agreed
    with pytest.raises(RefusedAction, match="Only the Headteacher"):
        flexi.end_arrangement(pastoral, request.id, ended_on=D(2027, 1, 8),
                              reason="notice_family", notice_given_on=D(2026, 12, 30),
                              today=D(2027, 1, 4))
    with pytest.raises(RefusedAction, match="record the Headteacher's reason"):
        flexi.end_arrangement(head, request.id, ended_on=D(2027, 1, 8), reason="notice_family",
                              notice_given_on=D(2026, 12, 30), today=D(2027, 1, 4))
    assert _stage(request) == "active"
    flexi.end_arrangement(head, request.id, ended_on=D(2027, 1, 8), reason="notice_family",
                          notice_given_on=D(2026, 12, 30), today=D(2027, 1, 4),
                          short_notice_reason="The family moves abroad on 9 January.")
    ended = FlexiRequest.get_by_id(request.id)
    assert (ended.stage, ended.notice_given_on, ended.notice_weeks, ended.short_notice_reason) == (
        "ended", D(2026, 12, 30), 1, "The family moves abroad on 9 January.")
    assert [code for code, _l in flexi.next_actions(request.id, head)] == ["issue_end_letter"]


def test_full_notice_needs_no_reason_and_keeps_none(head, pastoral, family):
    request = _to_active(head, family)
    flexi.end_arrangement(pastoral, request.id, ended_on=D(2027, 1, 29), reason="notice_school",
                          notice_given_on=D(2026, 12, 30), short_notice_reason="ignored",
                          today=D(2027, 1, 4))
    assert FlexiRequest.get_by_id(request.id).short_notice_reason == ""


# --- 7. overdue arrangement reviews --------------------------------------------------------


def test_an_overdue_review_shows_in_the_request_list(head, family):
    request = _to_active(head, family)  # first review Friday 26 Feb 2027
    before = flexi.request_rows(head, D(2027, 2, 26))[0]
    assert before.next_review == D(2027, 2, 26) and not before.review_overdue
    after = flexi.request_rows(head, D(2027, 3, 1))[0]
    assert after.id == request.id and after.review_overdue


# --- 11. meeting with the Headteacher ------------------------------------------------------


def test_a_meeting_without_the_headteacher_needs_a_reason(head, family):
    request = _receive(head, family)
    flexi.arrange_meeting(head, request.id, meeting_date=MEETING, meeting_time=None,
                          place="Office", today=TODAY)
    with pytest.raises(PolicyError, match="Why the Headteacher was not there"):
        flexi.record_meeting(head, request.id, held_on=MEETING, attendees="Mrs Ashby, Mr Marsh",
                             notes="", head_present=False, today=TODAY)
    with pytest.raises(PolicyError, match="Who attended"):
        flexi.record_meeting(head, request.id, held_on=MEETING, attendees=" ", notes="",
                             head_present=True, today=TODAY)
    flexi.record_meeting(head, request.id, held_on=MEETING, attendees="Mrs Ashby, Mr Marsh",
                         notes="", head_present=False, today=TODAY,
                         head_absent_reason="The Head was ill; the family did not want to wait.")
    detail = flexi.request_detail(head, request.id)
    assert (detail.attendees, detail.head_present) == ("Mrs Ashby, Mr Marsh", False)
    assert detail.head_absent_reason.startswith("The Head was ill")


# --- 12. a new request after a decline -----------------------------------------------------


def test_a_new_request_after_a_decline_shows_the_earlier_decision(head, family):
    pupil = family[0]
    request = _to_considered(head, family)
    flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 18), today=D(2026, 11, 18), reasons="x")
    _issue(head, request.id, "flexi_decision", D(2026, 11, 18))
    earlier = flexi.earlier_decisions(head, pupil.id)
    assert [(e.outcome, e.decided_on) for e in earlier] == [("declined", D(2026, 11, 18))]
    again = _receive(head, family, received_on=D(2026, 11, 26))
    assert again.stage == "received"


# --- on screen: no repeated invitation -----------------------------------------------------


def test_send_invitation_is_not_offered_again_until_the_meeting_changes(head, family):
    request = _receive(head, family)
    flexi.arrange_meeting(head, request.id, meeting_date=MEETING, meeting_time=dt.time(9),
                          place="Office", today=TODAY)

    def offered():
        return "issue_invitation" in [code for code, _l in flexi.next_actions(request.id, head)]

    assert offered()
    meeting = {"date": MEETING.isoformat(), "time": "09:00", "place": "Office"}
    flexi.issue_letter(head, request.id, kind="flexi_invitation", pdf=b"%PDF-1.4",
                       params={"meeting": meeting}, document_date=D(2026, 11, 5), today=TODAY)
    assert not offered()
    with pytest.raises(RefusedAction, match="already been sent"):
        flexi.issue_letter(head, request.id, kind="flexi_invitation", pdf=b"%PDF-1.4",
                           params={"meeting": meeting}, document_date=D(2026, 11, 5),
                           today=TODAY)
    flexi.arrange_meeting(head, request.id, meeting_date=MEETING, meeting_time=dt.time(14),
                          place="Office", today=TODAY)
    assert offered()  # a re-arranged meeting needs a new invitation


def test_every_review_date_an_agreement_prints_is_a_school_day(head, family):
    from flexidesk.documents.flexi_letters import _agreement_params
    from flexidesk.documents.wording import review_dates

    request = _to_agreed_letter(head, family)
    _pupil, mum, _dad = family
    with pytest.raises(RefusedAction, match="more than a year after"):
        flexi.draft_agreement(head, request.id, start_date=D(2026, 11, 27),
                              home_sessions=["fri_am"], first_review_date=D(2099, 2, 26),
                              parties=[("staff", head.user_id), ("adult", mum.id)])
    agreement = flexi.draft_agreement(
        head, request.id, start_date=D(2026, 11, 27), home_sessions=["fri_am"],
        first_review_date=D(2027, 2, 26), review_interval_weeks=4,
        parties=[("staff", head.user_id), ("adult", mum.id)])
    # 26 Feb, then four weeks on: Friday 26 March 2027 is Good Friday, so Tuesday 30 March
    # (Easter Monday a bank holiday too); then 27 April.
    dates = flexi.agreement_review_dates(agreement)
    assert dates == [D(2027, 2, 26), D(2027, 3, 30), D(2027, 4, 27)]
    printed = review_dates(_agreement_params(FlexiRequest.get_by_id(request.id)))
    assert printed == [d.isoformat() for d in dates]
