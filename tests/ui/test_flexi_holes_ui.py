"""The flexi holes as staff meet them in the window: correcting a request, ticking what goes
into a letter, a decision recorded late, an earlier decision, the Headteacher's absence, an
arrangement running out its notice."""

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt

from flexidesk.policy import flexi
from flexidesk.store.models import AuditEntry, FlexiDecision, FlexiRequest
from tests.clock import TODAY
from tests.ui.flexi_fixtures import all_neutral, make_family, request_at, type_date
from tests.ui.modal import Modal
from tests.ui.test_flexi_dialogs import open_dialog, press_ok
from tests.ui.test_flexi_tab import build


@pytest.fixture
def family(school):
    return make_family()


def _shot(widget, name, tmp_path):
    """A picture of the dialog as the user sees it (kept with --basetemp, to look at)."""
    widget.grab().save(str(tmp_path / f"{name}.png"))


def test_a_request_is_corrected_from_the_tab_until_the_decision(qtbot, head, family, tmp_path):
    pupil, mother, stepdad = family
    rid = request_at("meeting_arranged", head, pupil, [mother], received=TODAY - dt.timedelta(9),
                     held=TODAY + dt.timedelta(days=3))
    tab = build(qtbot, head)
    tab.select_request(rid)
    modal = Modal(qtbot)

    def correct(d):
        assert d.reasons.toPlainText() == "Forest learning with grandparents on Fridays."
        d.reasons.clear()
        assert "why they ask" in d.reason_label.text() and not d.ok_button.isEnabled()
        qtbot.keyClicks(d.reasons, "Forest learning with grandad on Friday mornings.")
        qtbot.mouseClick(d.sessions.boxes["fri_pm"], Qt.MouseButton.LeftButton)
        type_date(qtbot, d.received, TODAY - dt.timedelta(days=10))
        _shot(d, "correct-request", tmp_path)
        press_ok(qtbot, d)

    modal.click(tab.action_button("correct_request"), correct)
    fresh = FlexiRequest.get_by_id(rid)
    assert (fresh.requested_sessions, fresh.received_on) == ("fri_am", TODAY - dt.timedelta(10))
    assert fresh.reasons == "Forest learning with grandad on Friday mornings."
    assert AuditEntry.select().where(AuditEntry.action == "flexi.correct").count() == 1
    assert "Friday mornings" in tab.details.toPlainText()


def test_nothing_is_ticked_for_the_letter_until_the_head_ticks_it(qtbot, head, family):
    pupil, mother, _ = family
    rid = request_at("meeting_held", head, pupil, [mother], received=TODAY - dt.timedelta(20),
                     held=TODAY - dt.timedelta(days=2))
    dialog = open_dialog(qtbot, head, rid, "record_considerations")
    assert not any(box.isChecked() for box in dialog.in_letter.values())
    assert not dialog.needs_in_letter.isChecked()
    for code, combo in dialog.ratings.items():
        combo.setCurrentIndex(combo.findData("serious_concern" if code == "safeguarding"
                                             else "neutral"))
    assert not dialog.in_letter["safeguarding"].isChecked()  # a concern is not ticked for you
    qtbot.mouseClick(dialog.needs["no"], Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    qtbot.keyClicks(dialog.needs_notes, "Our Nurture Group has a place.")
    dialog.needs_in_letter.setFocus()
    qtbot.keyClick(dialog.needs_in_letter, Qt.Key.Key_Space)
    press_ok(qtbot, dialog)
    request = FlexiRequest.get_by_id(rid)
    assert request.needs_met_in_letter and request.needs_met_notes.startswith("Our Nurture")
    assert not any(f.in_letter for f in request.factors)


def test_a_decision_dated_days_ago_asks_why_it_is_recorded_late(qtbot, head, family, tmp_path):
    pupil, mother, _ = family
    rid = request_at("considered", head, pupil, [mother], received=TODAY - dt.timedelta(30),
                     held=TODAY - dt.timedelta(days=14))
    dialog = open_dialog(qtbot, head, rid, "decide")
    assert not dialog.late_reason.isVisible()
    dialog.outcome["declined"].setChecked(True)
    qtbot.keyClicks(dialog.reasons, "We can meet Wren's needs in school.")
    type_date(qtbot, dialog.decided, TODAY - dt.timedelta(days=13))
    assert dialog.late_reason.isVisible() and not dialog.ok_button.isEnabled()
    assert "say why it is recorded only now" in dialog.reason_label.text()
    qtbot.keyClicks(dialog.late_reason, "Decided at the meeting; I was then off sick.")
    _shot(dialog, "decide-late", tmp_path)
    press_ok(qtbot, dialog)
    decision = FlexiDecision.get()
    assert decision.late_entry_reason == "Decided at the meeting; I was then off sick."


def test_a_new_request_after_a_decline_shows_it_on_the_tab_and_the_decision_form(
        qtbot, head, family, tmp_path):
    pupil, mother, _ = family
    first = request_at("letter_issued", head, pupil, [mother], outcome="declined",
                       received=TODAY - dt.timedelta(60), held=TODAY - dt.timedelta(days=50))
    again = flexi.receive_request(head, pupil_id=pupil.id, adult_ids=[mother.id],
                                  received_on=TODAY - dt.timedelta(days=20),
                                  sessions=["mon_am"], reasons="Things have changed.")
    flexi.arrange_meeting(head, again.id, meeting_date=TODAY - dt.timedelta(days=7),
                          meeting_time=None, place="Office", today=TODAY - dt.timedelta(days=7),
                          confirm_non_school_day=True)
    flexi.record_meeting(head, again.id, held_on=TODAY - dt.timedelta(days=7),
                         attendees="Mrs Hollis", notes="", head_present=False,
                         head_absent_reason="At a county safeguarding panel.",
                         confirm_non_school_day=True)
    flexi.record_considerations(head, again.id, assessments=all_neutral(),
                                needs_met_in_school=False, needs_met_notes="", alternatives=[])
    tab = build(qtbot, head)
    tab.select_request(again.id)
    _shot(tab, "tab-earlier-and-absent-head", tmp_path)
    details = tab.details.toPlainText()
    assert "Earlier requests" in details and "Declined on" in details
    assert "Not at the meeting: At a county safeguarding panel." in details
    received = tab.timeline.milestones()[0]
    assert "Earlier request" in received.detail
    held = next(m for m in tab.timeline.milestones() if m.code == "meeting_held")
    assert "Without the Headteacher" in held.detail
    dialog = open_dialog(qtbot, head, again.id, "decide")
    assert dialog.findChild(type(dialog.due), "earlier_decision").text().startswith(
        "An earlier request")
    assert first != again.id


def test_an_arrangement_ended_with_notice_reads_ending_on_until_its_last_day(qtbot, head,
                                                                             family, tmp_path):
    pupil, mother, _ = family
    rid = request_at("active", head, pupil, [mother], received=TODAY - dt.timedelta(60),
                     held=TODAY - dt.timedelta(days=50))
    flexi.end_arrangement(head, rid, ended_on=dt.date(2027, 1, 8), reason="notice_family",
                          notice_given_on=TODAY, today=TODAY)
    tab = build(qtbot, head)
    tab.stage_filter.setCurrentIndex(tab.stage_filter.findData("all"))
    tab.select_request(rid)
    row = tab.table.current_object()
    assert row.stage_label == "Ending on 8 Jan 2027"
    assert "Ending on 8 Jan 2027" in tab.heading.text()
    assert "Ending: the notice is running" in tab.details.toPlainText()
    _shot(tab, "tab-ending-on", tmp_path)


def test_the_agreement_form_offers_parties_to_choose_not_to_type(qtbot, head, family, tmp_path):
    pupil, mother, stepdad = family
    rid = request_at("letter_issued", head, pupil, [mother], received=TODAY - dt.timedelta(30),
                     held=TODAY - dt.timedelta(days=20))
    dialog = open_dialog(qtbot, head, rid, "draft_agreement")
    _shot(dialog, "draft-agreement-parties", tmp_path)
    assert [dialog.signatory.itemText(i) for i in range(dialog.signatory.count())] == [
        "Ms Ada Quill, Headteacher"]  # the pastoral lead's account may not sign
    qtbot.mouseClick(dialog.child_signs, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    press_ok(qtbot, dialog)
    assert [(p.capacity, p.adult_id) for p in FlexiRequest.get_by_id(rid).agreements[0]
            .parties] == [("headteacher", None), ("parent", mother.id), ("pupil", None)]
