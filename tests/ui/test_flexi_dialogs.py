"""Each flexi action dialog driven as a person would: defaults, validation, refusals, saved rows."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel

from flexidesk.demo.common import working_day_before
from flexidesk.i18n import format_date
from flexidesk.policy import flexi
from flexidesk.policy.school.working_days import school_calendar
from flexidesk.store.models import (
    AgreementParty,
    AuditEntry,
    FactorAssessment,
    FlexiAgreement,
    FlexiAlternative,
    FlexiDecision,
    FlexiMeeting,
    FlexiRequest,
    FlexiRequestAdult,
    FlexiReview,
    StaffUser,
)
from flexidesk.ui.flexi.dialogs import make_dialog
from flexidesk.ui.models.rows import LATE
from flexidesk.ui.widgets.date_field import DateField
from tests.clock import TODAY
from tests.ui.flexi_fixtures import (
    head_account,
    make_family,
    make_provision,
    request_at,
    tick,
    type_date,
)

PICKER_NOISE = pytest.mark.qt_log_ignore("This plugin does not support")


def open_dialog(qtbot, actor, request_id, code):
    dialog = make_dialog(None, actor, request_id, code)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def press_ok(qtbot, dialog):
    assert dialog.ok_button.isEnabled(), dialog.reason_label.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


@pytest.fixture
def family(school):
    return make_family()


@PICKER_NOISE
def test_receive_request_picks_the_child_and_ticks_adults_with_responsibility(
        qtbot, head, family):
    pupil, mother, stepdad = family
    dialog = open_dialog(qtbot, head, None, "receive_request")
    assert not dialog.ok_button.isEnabled()
    assert "child's name" in dialog.reason_label.text()
    qtbot.keyClicks(dialog.pupil, "holl")
    assert dialog.pupil.pupil_id() == pupil.id
    items = {dialog.adults.item(i).text(): dialog.adults.item(i).checkState()
             for i in range(dialog.adults.count())}
    assert items == {
        "Mrs Juno Hollis (mother, parental responsibility)": Qt.CheckState.Checked,
        "Mr Olin Brack (step-father, no parental responsibility)": Qt.CheckState.Unchecked}
    assert dialog.received.value() == TODAY
    tick(qtbot, dialog.adults, "Juno Hollis")  # untick the only adult asking
    assert dialog.reason_label.text() == "Tick at least one adult making the request."
    tick(qtbot, dialog.adults, "Juno Hollis")
    assert "sessions" in dialog.reason_label.text() and not dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.sessions.boxes["wed_pm"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.sessions.boxes["fri_am"], Qt.MouseButton.LeftButton)
    type_date(qtbot, dialog.received, TODAY - dt.timedelta(days=3))
    # "Record request" waits for the family's reasons: they are part of the request.
    assert not dialog.ok_button.isEnabled() and "why they ask" in dialog.reason_label.text()
    qtbot.keyClicks(dialog.reasons, "Wren learns best outdoors with her grandmother.")
    press_ok(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    request = FlexiRequest.get()
    assert (request.pupil_id, request.received_on, request.requested_sessions, request.stage) == (
        pupil.id, TODAY - dt.timedelta(days=3), "wed_pm,fri_am", "received")
    assert request.reasons == "Wren learns best outdoors with her grandmother."
    assert [link.adult_id for link in FlexiRequestAdult.select()] == [mother.id]


@PICKER_NOISE
def test_receive_request_refusal_is_shown_in_the_dialog_and_keeps_the_input(qtbot, head, family):
    pupil, mother, _stepdad = family
    request_at("received", head, pupil, [mother], received=TODAY - dt.timedelta(days=9))
    dialog = open_dialog(qtbot, head, None, "receive_request")
    qtbot.keyClicks(dialog.pupil, "Wren")
    qtbot.mouseClick(dialog.sessions.boxes["mon_am"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.reasons, "Outdoor learning.")
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_label.isVisible()
    assert "already has an open flexi-schooling request" in dialog.error_label.text()
    assert dialog.sessions.sessions() == ["mon_am"]
    qtbot.mouseClick(dialog.sessions.boxes["mon_pm"], Qt.MouseButton.LeftButton)
    assert not dialog.error_label.isVisible()  # changing the form clears the old refusal
    assert FlexiRequest.select().count() == 1


@PICKER_NOISE
def test_receive_request_for_a_child_with_no_adults_explains_why_it_cannot_be_saved(
        qtbot, head, family):
    from flexidesk.store.models import Pupil

    Pupil.create(upn="H801200000009", legal_first_name="Tansy", legal_last_name="Orme",
                 date_of_birth=dt.date(2019, 1, 1), year_group=2, on_roll_date=dt.date(2023, 9, 4))
    dialog = open_dialog(qtbot, head, None, "receive_request")
    qtbot.keyClicks(dialog.pupil, "Tansy")
    assert "No adults are recorded" in dialog.reason_label.text()
    assert not dialog.ok_button.isEnabled()


def test_arrange_meeting_defaults_validates_the_place_and_enter_saves(qtbot, head, family):
    pupil, mother, _ = family
    rid = request_at("received", head, pupil, [mother], received=TODAY - dt.timedelta(days=2))
    dialog = open_dialog(qtbot, head, rid, "arrange_meeting")
    assert dialog.place.text() == "Headteacher's office"
    assert dialog.time.time().toString("HH:mm") == "15:30"
    assert dialog.date.value() > TODAY
    dialog.letter.setChecked(False)
    dialog.place.clear()
    assert not dialog.ok_button.isEnabled()
    assert dialog.reason_label.text() == "Say where the meeting will be."
    qtbot.keyClicks(dialog.place, "Library")
    meeting_day = school_calendar().add_working_days(TODAY, 4)  # a school day: no question
    type_date(qtbot, dialog.date, meeting_day)
    dialog.time.setFocus()
    dialog.time.setSelectedSection(dialog.time.Section.HourSection)
    qtbot.keyClicks(dialog.time, "0845")
    qtbot.keyClick(dialog.place, Qt.Key.Key_Return)  # Enter accepts
    assert dialog.result() == QDialog.DialogCode.Accepted
    meeting = FlexiMeeting.get()
    assert (meeting.meeting_date, meeting.meeting_time, meeting.place) == (
        meeting_day, dt.time(8, 45), "Library")
    assert FlexiRequest.get_by_id(rid).stage == "meeting_arranged"


def test_escape_asks_before_losing_what_was_typed_then_saves_nothing(qtbot, head, family,
                                                                    monkeypatch):
    from flexidesk.ui.widgets import keyboard

    pupil, mother, _ = family
    rid = request_at("received", head, pupil, [mother], received=TODAY - dt.timedelta(days=2))
    dialog = open_dialog(qtbot, head, rid, "arrange_meeting")
    answers = [False, True]  # Keep editing, then Close and lose it
    asked = []
    monkeypatch.setattr(keyboard, "ask_to_discard",
                        lambda parent: asked.append(parent) or answers.pop(0))
    qtbot.keyClicks(dialog.place, " (upstairs)")
    qtbot.keyClick(dialog.place, Qt.Key.Key_Escape)
    assert asked == [dialog] and dialog.isVisible()
    assert dialog.place.text().endswith(" (upstairs)")
    qtbot.keyClick(dialog.place, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    assert FlexiMeeting.select().count() == 0


def test_escape_on_a_form_nobody_has_touched_closes_it_without_asking(qtbot, head, family,
                                                                      monkeypatch):
    from flexidesk.ui.widgets import keyboard

    pupil, mother, _ = family
    rid = request_at("received", head, pupil, [mother], received=TODAY - dt.timedelta(days=2))
    dialog = open_dialog(qtbot, head, rid, "arrange_meeting")
    monkeypatch.setattr(keyboard, "ask_to_discard", lambda parent: pytest.fail("asked"))
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_record_meeting_prefills_who_came(qtbot, head, family):
    pupil, mother, _ = family
    planned = working_day_before(school_calendar(), TODAY, 1)
    rid = request_at("meeting_arranged", head, pupil, [mother], received=TODAY - dt.timedelta(10),
                     held=planned)
    dialog = open_dialog(qtbot, head, rid, "record_meeting")
    assert dialog.attendees.text() == "Ms Ada Quill, Mrs Juno Hollis"
    assert dialog.held.value() == planned  # the planned day is the default
    dialog.attendees.clear()
    assert "who came" in dialog.reason_label.text()
    qtbot.keyClicks(dialog.attendees, "Ms Ada Quill, Mrs Juno Hollis, Wren")
    qtbot.keyClicks(dialog.notes, "Wren showed us her nature diary.")
    press_ok(qtbot, dialog)
    meeting = FlexiMeeting.get()
    assert meeting.held and meeting.attendees.endswith("Wren")
    assert meeting.notes == "Wren showed us her nature diary."
    assert FlexiRequest.get_by_id(rid).stage == "meeting_held"


def test_considerations_need_every_rating_the_question_and_the_provision_meant(
        qtbot, head, family):
    pupil, mother, _ = family
    lego, _nurture, farm = make_provision()
    rid = request_at("meeting_held", head, pupil, [mother], received=TODAY - dt.timedelta(10),
                     held=TODAY - dt.timedelta(days=1))
    dialog = open_dialog(qtbot, head, rid, "record_considerations")
    assert dialog.reason_label.text() == "Rate every consideration (8 still to rate)."
    for n, combo in enumerate(dialog.ratings.values()):
        combo.setFocus()
        # Down once = "Supports the request"; the last two are rated "A serious concern".
        for _i in range(4 if n >= 6 else 1):
            qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClicks(dialog.notes["safeguarding"], "Home days unsupervised at times.")
    assert dialog.reason_label.text() == "Answer the governing body's question: Yes or No."
    qtbot.mouseClick(dialog.needs["yes"], Qt.MouseButton.LeftButton)
    assert not dialog.ok_button.isEnabled()
    assert "Tick the provision" in dialog.reason_label.text()
    tick(qtbot, dialog.provision, "Lego Therapy")
    tick(qtbot, dialog.provision, "Thistle Farm")
    qtbot.keyClicks(dialog.needs_notes, "Lego Therapy and a farm day would meet her needs.")
    press_ok(qtbot, dialog)

    ratings = {f.factor: f.rating for f in FactorAssessment.select()}
    assert len(ratings) == 8
    assert ratings["provision"] == "supports"
    assert ratings["safeguarding"] == ratings["outcomes"] == "serious_concern"
    assert FactorAssessment.get(FactorAssessment.factor == "safeguarding").note.startswith("Home")
    request = FlexiRequest.get_by_id(rid)
    assert request.stage == "considered" and request.needs_met_in_school is True
    assert {(a.intervention_id, a.provider_id) for a in FlexiAlternative.select()} == {
        (lego.id, None), (None, farm.id)}


def test_considerations_refused_for_a_pastoral_lead_inside_the_dialog(
        qtbot, head, pastoral, family):
    pupil, mother, _ = family
    rid = request_at("meeting_held", head, pupil, [mother], received=TODAY - dt.timedelta(10),
                     held=TODAY - dt.timedelta(days=1))
    dialog = open_dialog(qtbot, pastoral, rid, "record_considerations")
    for combo in dialog.ratings.values():
        combo.setCurrentIndex(2)
    qtbot.mouseClick(dialog.needs["no"], Qt.MouseButton.LeftButton)
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "does not allow" in dialog.error_label.text()
    assert all(c.currentIndex() == 2 for c in dialog.ratings.values())  # nothing typed is lost
    assert FactorAssessment.select().count() == 0


def test_decide_shows_the_deadline_and_days_left(qtbot, head, family):
    pupil, mother, _ = family
    rid = request_at("considered", head, pupil, [mother], received=TODAY - dt.timedelta(10),
                     held=TODAY - dt.timedelta(days=1))
    dialog = open_dialog(qtbot, head, rid, "decide")
    status = flexi.decision_status(head, rid, TODAY)
    assert f"{status.working_days_left} working day" in dialog.due.text()
    assert "overdue" not in dialog.due.text()
    assert LATE.name() not in dialog.due.styleSheet()
    assert dialog.reason_label.text() == "Choose Agreed or Declined."
    assert not dialog.justification.isVisible()  # needs cannot be met: no justification asked
    qtbot.mouseClick(dialog.outcome["declined"], Qt.MouseButton.LeftButton)
    assert "main reasons" in dialog.reason_label.text()
    qtbot.keyClicks(dialog.reasons, "The class's Friday project work could not be caught up.")
    press_ok(qtbot, dialog)
    decision = FlexiDecision.get()
    assert (decision.outcome, decision.decided_on, decision.due_on) == (
        "declined", TODAY, status.due_on)
    assert FlexiRequest.get_by_id(rid).stage == "decided"


def test_overdue_decision_is_red_and_agreeing_when_needs_are_met_needs_a_justification(
        qtbot, head, family):
    pupil, mother, _ = family
    lego, _n, _f = make_provision()
    rid = request_at("considered", head, pupil, [mother], received=TODAY - dt.timedelta(40),
                     held=TODAY - dt.timedelta(days=30), needs_met=True,
                     alternatives=[("intervention", lego.id)])
    dialog = open_dialog(qtbot, head, rid, "decide")
    assert "overdue by" in dialog.due.text()
    assert LATE.name() in dialog.due.styleSheet()
    assert dialog.outcome["declined"].isChecked()  # what the governing body expects
    assert not dialog.justification.isVisible()
    qtbot.mouseClick(dialog.outcome["agreed"], Qt.MouseButton.LeftButton)
    assert dialog.justification.isVisible()
    qtbot.keyClicks(dialog.reasons, "A trial of one day a week.")
    assert not dialog.ok_button.isEnabled()
    assert "why you agree" in dialog.reason_label.text()
    qtbot.keyClicks(dialog.justification, "Her anxiety in large groups is easing only at home.")
    press_ok(qtbot, dialog)
    request = FlexiRequest.get_by_id(rid)
    assert request.agree_justification == "Her anxiety in large groups is easing only at home."
    assert FlexiDecision.get().outcome == "agreed"
    audited = AuditEntry.select().where(AuditEntry.action == "flexi.stage.decided").get()
    assert "anxiety in large groups" in audited.after


def test_a_late_decision_letter_is_confirmed_and_never_back_dated(qtbot, head, family):
    pupil, mother, _ = family
    rid = request_at("decided", head, pupil, [mother], received=TODAY - dt.timedelta(40),
                     held=TODAY - dt.timedelta(days=30), outcome="declined")
    due = FlexiDecision.get().due_on
    dialog = open_dialog(qtbot, head, rid, "issue_decision_letter")
    assert dialog.date.value() == TODAY
    assert dialog.late.isVisible() and dialog.confirm_late.isVisible()
    assert not dialog.ok_button.isEnabled()
    assert "Confirm that the letter goes out late" in dialog.reason_label.text()
    assert "change its date" not in dialog.reason_label.text()
    assert "apologises" in dialog.late.text()
    qtbot.keyClick(dialog.confirm_late, Qt.Key.Key_Space)
    assert dialog.ok_button.isEnabled()
    # Back-dating a late letter to the deadline is not offered: today is the earliest date.
    assert dialog.date.minimumDate().toPython() == TODAY > due
    assert dialog.late.isVisible() and dialog.ok_button.isEnabled()


def test_withdraw_closes_the_request(qtbot, head, family):
    pupil, mother, _ = family
    rid = request_at("meeting_arranged", head, pupil, [mother], received=TODAY - dt.timedelta(9),
                     held=TODAY + dt.timedelta(days=2))
    dialog = open_dialog(qtbot, head, rid, "withdraw")
    assert dialog.ok_button.text() == "Withdraw request"
    assert "cannot be reopened" in " ".join(label.text() for label in dialog.findChildren(QLabel))
    qtbot.keyClicks(dialog.note, "They moved house.")
    dialog.date.setFocus()
    qtbot.keyClick(dialog.date, Qt.Key.Key_Return)  # this dialog is the confirmation
    request = FlexiRequest.get_by_id(rid)
    assert (request.stage, request.withdrawn_on) == ("withdrawn", TODAY)
    assert "They moved house." in request.reasons


def test_a_refusal_from_a_changed_stage_is_shown_not_crashed(qtbot, head, family):
    pupil, mother, _ = family
    rid = request_at("considered", head, pupil, [mother], received=TODAY - dt.timedelta(10),
                     held=TODAY - dt.timedelta(days=1))
    dialog = open_dialog(qtbot, head, rid, "decide")
    qtbot.mouseClick(dialog.outcome["declined"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.reasons, "Not now.")
    flexi.withdraw(head, rid, withdrawn_on=TODAY)  # meanwhile, elsewhere
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "withdrew" in dialog.error_label.text()
    assert dialog.reasons.toPlainText() == "Not now."
    assert FlexiDecision.select().count() == 0


def test_draft_agreement_prefills_pattern_parties_and_a_review_that_follows_the_start(
        qtbot, head, family):
    pupil, mother, _ = family
    rid = request_at("letter_issued", head, pupil, [mother], received=TODAY - dt.timedelta(30),
                     held=TODAY - dt.timedelta(days=20))
    dialog = open_dialog(qtbot, head, rid, "draft_agreement")
    assert dialog.sessions.sessions() == ["fri_am", "fri_pm"]  # as the family asked
    # Parties are chosen: the Head's account signs for the school; the adults who asked are
    # ticked, each saying whether their record gives them parental responsibility.
    head_id = StaffUser.get(StaffUser.username == "head").id
    assert dialog.signatory.currentText() == "Ms Ada Quill, Headteacher"
    assert dialog.party_rows() == [("staff", head_id), ("adult", mother.id)]
    assert [dialog.family.item(i).text() for i in range(dialog.family.count())] == [
        "Mrs Juno Hollis (mother, parental responsibility)",
        "Mr Olin Brack (step-father, no parental responsibility)"]
    tick(qtbot, dialog.family, "Juno Hollis")  # only the step-father, who has none, is left
    tick(qtbot, dialog.family, "Olin Brack")
    assert "parental responsibility" in dialog.reason_label.text()
    assert not dialog.ok_button.isEnabled()
    tick(qtbot, dialog.family, "Juno Hollis")
    tick(qtbot, dialog.family, "Olin Brack")
    assert dialog.educator.text() == "Mrs Juno Hollis"
    assert dialog.start.value().weekday() == 0 and dialog.start.value() > TODAY
    assert dialog.first_review.value() == dialog.start.value() + dt.timedelta(weeks=13)
    start = TODAY + dt.timedelta(days=10)
    type_date(qtbot, dialog.start, start)
    assert dialog.first_review.value() == start + dt.timedelta(weeks=13)
    dialog.interval.setFocus()
    dialog.interval.selectAll()
    qtbot.keyClicks(dialog.interval, "6")
    assert dialog.first_review.value() == start + dt.timedelta(weeks=6)
    qtbot.mouseClick(dialog.sessions.boxes["fri_pm"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.sessions.boxes["fri_am"], Qt.MouseButton.LeftButton)
    assert "Tick the sessions" in dialog.reason_label.text()
    qtbot.mouseClick(dialog.sessions.boxes["wed_pm"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.terms, "Wren joins the class trip days in full.")
    press_ok(qtbot, dialog)

    agreement = FlexiAgreement.get()
    assert (agreement.start_date, agreement.home_sessions, agreement.review_interval_weeks,
            agreement.first_review_date, agreement.notice_weeks) == (
        start, "wed_pm", 6, start + dt.timedelta(weeks=6), 4)
    assert agreement.special_terms == "Wren joins the class trip days in full."
    assert [(p.name, p.capacity, p.adult_id, p.staff_id) for p in AgreementParty.select()] == [
        ("Ms Ada Quill", "headteacher", None, head_id),
        ("Mrs Juno Hollis", "parent", mother.id, None)]
    assert FlexiRequest.get_by_id(rid).stage == "agreement_drafted"


def test_signatures_one_at_a_time_then_the_arrangement_runs(qtbot, head, family):
    pupil, mother, _ = family
    rid = request_at("agreement_drafted", head, pupil, [mother],
                     received=TODAY - dt.timedelta(30), held=TODAY - dt.timedelta(days=20))
    head_party, parent_party = AgreementParty.select().order_by(AgreementParty.id)
    dialog = open_dialog(qtbot, head, rid, "record_signature")
    assert dialog.reason_label.text() == "Tick at least one party who has signed."
    box = dialog.findChild(QCheckBox, f"signed_{head_party.id}")
    qtbot.keyClick(box, Qt.Key.Key_Space)
    type_date(qtbot, dialog.findChild(DateField, f"signed_on_{head_party.id}"),
              TODAY - dt.timedelta(days=2))
    press_ok(qtbot, dialog)
    assert AgreementParty.get_by_id(head_party.id).signed_on == TODAY - dt.timedelta(days=2)
    assert FlexiRequest.get_by_id(rid).stage == "agreement_drafted"

    dialog = open_dialog(qtbot, head, rid, "record_signature")
    assert dialog.findChild(QCheckBox, f"signed_{head_party.id}") is None  # already signed
    qtbot.keyClick(dialog.findChild(QCheckBox, f"signed_{parent_party.id}"), Qt.Key.Key_Space)
    press_ok(qtbot, dialog)
    assert FlexiRequest.get_by_id(rid).stage == "active"
    assert FlexiAgreement.get().active_from == TODAY


def test_local_authority_notified_date(qtbot, head, family):
    pupil, mother, _ = family
    rid = request_at("active", head, pupil, [mother], received=TODAY - dt.timedelta(30),
                     held=TODAY - dt.timedelta(days=20))
    dialog = open_dialog(qtbot, head, rid, "record_la_notified")
    type_date(qtbot, dialog.date, TODAY - dt.timedelta(days=1))
    press_ok(qtbot, dialog)
    assert FlexiAgreement.get().la_notified_on == TODAY - dt.timedelta(days=1)


def test_review_changes_the_pattern_only_with_a_new_pattern(qtbot, head, family):
    pupil, mother, _ = family
    rid = request_at("active", head, pupil, [mother], received=TODAY - dt.timedelta(30),
                     held=TODAY - dt.timedelta(days=20))
    dialog = open_dialog(qtbot, head, rid, "review")
    assert dialog.outcome["continue"].isChecked()
    assert not dialog.sessions.isVisible()
    assert dialog.next_review.value() == TODAY + dt.timedelta(weeks=13)
    qtbot.mouseClick(dialog.outcome["change"], Qt.MouseButton.LeftButton)
    assert dialog.sessions.isVisible()
    assert dialog.sessions.sessions() == ["fri_am", "fri_pm"]
    assert "The pattern is the same as now" in dialog.reason_label.text()
    qtbot.mouseClick(dialog.sessions.boxes["fri_pm"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.notes, "Friday afternoons back in class for PE.")
    press_ok(qtbot, dialog)
    review = FlexiReview.get()
    assert (review.outcome, review.new_sessions, review.next_review_date) == (
        "change", "fri_am", TODAY + dt.timedelta(weeks=13))
    assert FlexiAgreement.get().home_sessions == "fri_am"


def test_review_can_end_the_arrangement(qtbot, head, family):
    pupil, mother, _ = family
    rid = request_at("active", head, pupil, [mother], received=TODAY - dt.timedelta(30),
                     held=TODAY - dt.timedelta(days=20))
    dialog = open_dialog(qtbot, head, rid, "review")
    qtbot.mouseClick(dialog.outcome["end"], Qt.MouseButton.LeftButton)
    assert not dialog.next_review.isVisible()
    press_ok(qtbot, dialog)
    request = FlexiRequest.get_by_id(rid)
    assert (request.stage, request.end_reason, request.ended_on) == ("ended", "review", TODAY)


def test_end_with_notice_respects_the_agreed_notice_or_asks_the_head_why(qtbot, head, family):
    pupil, mother, _ = family
    rid = request_at("active", head, pupil, [mother], received=TODAY - dt.timedelta(30),
                     held=TODAY - dt.timedelta(days=20))
    dialog = open_dialog(qtbot, head, rid, "end")
    assert dialog.given.value() == TODAY
    # The agreed 4 weeks end on Monday 28 Dec, a bank holiday: the first school day after.
    assert dialog.ended.value() == dt.date(2026, 12, 29)
    assert not dialog.short_reason.isEnabled()
    qtbot.mouseClick(dialog.by["notice_school"], Qt.MouseButton.LeftButton)
    christmas = dt.date(TODAY.year + (TODAY.month == 12 and TODAY.day >= 25), 12, 25)
    type_date(qtbot, dialog.ended, christmas)
    assert "is not a school day" in dialog.day_note.text()
    assert LATE.name() in dialog.day_note.styleSheet()
    type_date(qtbot, dialog.ended, TODAY + dt.timedelta(weeks=2))
    assert "the earliest last day is" in dialog.day_note.text()
    assert not dialog.ok_button.isEnabled()
    assert "Headteacher's reason" in dialog.reason_label.text()
    qtbot.keyClicks(dialog.short_reason, "The family moves away at half term.")
    press_ok(qtbot, dialog)
    request = FlexiRequest.get_by_id(rid)
    assert (request.stage, request.end_reason, request.notice_weeks, request.ended_on,
            request.notice_given_on, request.short_notice_reason) == (
        "ended", "notice_school", 2, TODAY + dt.timedelta(weeks=2), TODAY,
        "The family moves away at half term.")


def test_revising_a_draft_starts_from_the_draft_not_the_request(qtbot, head, family):
    pupil, mother, _ = family
    rid = request_at("agreement_drafted", head, pupil, [mother],
                     received=TODAY - dt.timedelta(30), held=TODAY - dt.timedelta(days=20))
    draft = FlexiAgreement.get()
    review_day = school_calendar().on_or_after(draft.start_date + dt.timedelta(weeks=8))
    flexi.draft_agreement(head, rid, start_date=draft.start_date, home_sessions=["mon_pm"],
                          first_review_date=review_day,
                          review_interval_weeks=8, notice_weeks=6, home_educator="Grandma Hollis",
                          special_terms="Wellies in school on Mondays.",
                          parties=[("staff", head_account().id), ("adult", mother.id),
                                   ("pupil", None)])
    dialog = open_dialog(qtbot, head, rid, "draft_agreement")
    assert dialog.start.value() == draft.start_date
    assert dialog.sessions.sessions() == ["mon_pm"]
    assert (dialog.interval.value(), dialog.notice.value()) == (8, 6)
    assert dialog.first_review.value() == review_day
    assert dialog.educator.text() == "Grandma Hollis"
    assert dialog.terms.toPlainText() == "Wellies in school on Mondays."
    assert dialog.party_rows() == [("staff", head_account().id), ("adult", mother.id),
                                   ("pupil", None)]  # the child signs too, as drafted
    assert dialog.child_signs.isChecked()
    press_ok(qtbot, dialog)
    assert FlexiAgreement.get().home_sessions == "mon_pm"


def test_a_decision_can_be_made_with_the_keyboard_alone(qtbot, head, family):
    pupil, mother, _ = family
    rid = request_at("considered", head, pupil, [mother], received=TODAY - dt.timedelta(10),
                     held=TODAY - dt.timedelta(days=1))
    dialog = make_dialog(None, head, rid, "decide")
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # &Declined
    qtbot.waitUntil(dialog.outcome["declined"].isChecked)  # a mnemonic clicks after a moment
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # &Reasons
    assert dialog.reasons.hasFocus()
    qtbot.keyClicks(dialog.reasons, "Fridays are our whole-class project days.")
    qtbot.keyClick(dialog.reasons, Qt.Key.Key_Tab)  # Tab leaves the box, it is not typed
    assert "\t" not in dialog.reasons.toPlainText()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert FlexiDecision.get().reasons == "Fridays are our whole-class project days."


def test_a_request_removed_meanwhile_is_explained(qtbot, head, school, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from flexidesk.ui.flexi.dialogs import run_action

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: said.append(text))
    assert run_action(None, head, 999, "decide") is False
    assert said == ["This request could not be found. It may have been removed."]


def test_considerations_escape_asks_keeps_a_draft_and_notes_are_private_unless_ticked(
        qtbot, head, family, monkeypatch):
    from PySide6.QtWidgets import QMessageBox, QPlainTextEdit

    pupil, mother, _ = family
    rid = request_at("meeting_held", head, pupil, [mother], received=TODAY - dt.timedelta(10),
                     held=TODAY - dt.timedelta(days=1))
    dialog = open_dialog(qtbot, head, rid, "record_considerations")
    assert isinstance(dialog.notes["continuity"], QPlainTextEdit)  # room for a real note
    assert "not sent to the family" in dialog.findChild(QLabel, "privacy_note").text()
    qtbot.keyClicks(dialog.notes["continuity"], "Phonics on Fridays.")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or
                        QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()  # Cancel: the form stays, the note too
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert FactorAssessment.select().count() == 0

    again = open_dialog(qtbot, head, rid, "record_considerations")
    assert again.notes["continuity"].toPlainText() == "Phonics on Fridays."  # the draft
    for combo in again.ratings.values():
        combo.setCurrentIndex(1)
    qtbot.mouseClick(again.in_letter["continuity"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(again.needs["no"], Qt.MouseButton.LeftButton)
    press_ok(qtbot, again)
    saved = FactorAssessment.get(FactorAssessment.factor == "continuity")
    assert (saved.note, saved.in_letter) == ("Phonics on Fridays.", True)
    assert not FactorAssessment.get(FactorAssessment.factor == "safeguarding").in_letter


@PICKER_NOISE
def test_a_new_request_after_a_decline_shows_the_earlier_decision(qtbot, head, family):
    pupil, mother, _ = family
    request_at("letter_issued", head, pupil, [mother], received=TODAY - dt.timedelta(40),
               held=TODAY - dt.timedelta(days=30), outcome="declined")
    decided = FlexiDecision.get().decided_on
    dialog = open_dialog(qtbot, head, None, "receive_request")
    assert not dialog.earlier.isVisible()
    qtbot.keyClicks(dialog.pupil, "holl")
    assert dialog.pupil.pupil_id() == pupil.id
    assert dialog.earlier.isVisible()
    assert f"was declined on {format_date(decided)}" in dialog.earlier.text()


def test_considerations_by_keyboard_go_rating_note_then_the_tick(qtbot, head, family):
    pupil, mother, _ = family
    rid = request_at("meeting_held", head, pupil, [mother], received=TODAY - dt.timedelta(10),
                     held=TODAY - dt.timedelta(days=1))
    dialog = open_dialog(qtbot, head, rid, "record_considerations")
    dialog.activateWindow()
    code = "provision"  # the first of the eight
    first = dialog.ratings[code]
    qtbot.waitUntil(lambda: dialog.focusWidget() is first)  # the first field, not Save
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.notes[code]
    qtbot.keyClicks(dialog.notes[code], "Only for the file, not the family")
    qtbot.keyClick(dialog.notes[code], Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.in_letter[code]
    assert not dialog.in_letter[code].isChecked()  # the spaces typed went into the note
    qtbot.keyClick(dialog.in_letter[code], Qt.Key.Key_Tab)
    second = list(dialog.ratings.values())[1]
    assert dialog.focusWidget() is second


def test_the_decision_letter_preview_names_each_private_note_it_prints(qtbot, head, family,
                                                                       monkeypatch):
    from flexidesk.ui.flexi import forms

    pupil, mother, _ = family
    rid = request_at("decided", head, pupil, [mother], received=TODAY - dt.timedelta(10),
                     held=TODAY - dt.timedelta(days=3))
    from flexidesk.policy.vocabulary import FACTORS

    notes = {"safeguarding": ("Dad's new partner <unknown> to us", True),
             "peers": ("Kept private", False)}
    FactorAssessment.delete().execute()
    for code in FACTORS:
        note, ticked = notes.get(code, ("", False))
        FactorAssessment.create(request=rid, factor=code, rating="neutral", note=note,
                                in_letter=ticked)
    shown = {}
    monkeypatch.setattr(forms, "show_paper",
                        lambda *a, **k: shown.update(k) or False)
    assert forms.preview_and_issue(None, head, rid, "flexi_decision", TODAY) is None
    notice = shown["notice"]
    assert "1 of your private notes" in notice
    assert "Safeguarding" in notice and "Dad&#x27;s new partner &lt;unknown&gt; to us" in notice
    assert "Kept private" not in notice
