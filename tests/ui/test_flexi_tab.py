"""The Flexi requests tab: filters, search, red overdue rows, the timeline and next-action buttons."""

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt

from flexidesk.i18n import format_date
from flexidesk.policy import flexi
from flexidesk.policy.school.working_days import school_calendar
from flexidesk.store.models import FlexiAgreement, FlexiRequest
from flexidesk.ui.flexi import dialogs
from flexidesk.ui.flexi.tab import FlexiTab
from flexidesk.ui.models.rows import LATE
from tests.clock import TODAY
from tests.ui.flexi_fixtures import make_family, request_at


@pytest.fixture
def requests(school, head):
    """Three open requests: new, meeting arranged, and one whose decision is overdue."""
    calendar = school_calendar()
    overdue_meeting = TODAY
    while calendar.working_days_between(overdue_meeting, TODAY) < 7:
        overdue_meeting -= dt.timedelta(days=1)
    wren = make_family("Wren", "Hollis", upn="H801200000001")
    ash = make_family("Ash", "Penrose", upn="H801200000002", year=5)
    ivy = make_family("Ivy", "Carrow", upn="H801200000003", year=1)
    ids = {
        "Wren": request_at("received", head, wren[0], wren[1:2], received=TODAY),
        "Ash": request_at("meeting_arranged", head, ash[0], ash[1:2],
                          received=TODAY - dt.timedelta(days=3), held=TODAY + dt.timedelta(7)),
        "Ivy": request_at("considered", head, ivy[0], ivy[1:2],
                          received=overdue_meeting - dt.timedelta(days=10),
                          held=overdue_meeting),
    }
    return ids


def build(qtbot, actor):
    tab = FlexiTab(actor)
    qtbot.addWidget(tab)
    tab.resize(1300, 750)
    with qtbot.waitActive(tab):
        tab.show()
        tab.activateWindow()
    return tab


def children(tab):
    return [r.child for r in tab.model.visible_objects()]


def test_stage_filter_and_search_narrow_the_list(qtbot, head, requests):
    tab = build(qtbot, head)
    assert sorted(children(tab)) == ["Ash Penrose", "Ivy Carrow", "Wren Hollis"]
    tab.stage_filter.setFocus()
    index = tab.stage_filter.findData("meeting_arranged")
    tab.stage_filter.setCurrentIndex(index)
    assert children(tab) == ["Ash Penrose"]
    assert tab.heading.text().count("Ash Penrose") == 1  # the only row is shown at once
    tab.stage_filter.setCurrentIndex(tab.stage_filter.findData("all"))
    qtbot.keyClicks(tab.table.search, "carrow")
    assert children(tab) == ["Ivy Carrow"]
    assert tab.table.count_label.text() == "1 of 3"
    tab.table.search.clear()
    qtbot.keyClicks(tab.table.search, "meeting arranged")
    assert children(tab) == ["Ash Penrose"]


def test_closed_requests_leave_the_open_list(qtbot, head, requests):
    from flexidesk.policy import flexi

    flexi.withdraw(head, requests["Wren"], withdrawn_on=TODAY)
    tab = build(qtbot, head)
    assert "Wren Hollis" not in children(tab)
    tab.stage_filter.setCurrentIndex(tab.stage_filter.findData("withdrawn"))
    assert children(tab) == ["Wren Hollis"]
    assert tab.action_codes() == []
    assert tab.actions_hint.text() == "This request is closed."


def test_an_overdue_decision_is_red_in_the_list_and_the_heading(qtbot, head, requests):
    tab = build(qtbot, head)
    row = tab.model.row_of(lambda r: r.child == "Ivy Carrow")
    index = tab.model.index(row, 5)
    assert tab.model.data(index).endswith("(2 days late)")
    assert "overdue by 2 working days" in tab.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert tab.model.data(index, Qt.ItemDataRole.ForegroundRole).color() == LATE
    ok_row = tab.model.row_of(lambda r: r.child == "Wren Hollis")
    assert tab.model.data(tab.model.index(ok_row, 0), Qt.ItemDataRole.ForegroundRole) is None
    tab.table.select_row(row)
    assert "Decision overdue" in tab.heading.text()
    assert "overdue by 2 working days" in tab.details.toPlainText()
    states = {m.code: m.state for m in tab.timeline.milestones()}
    assert states["decided"] == "late"


def test_timeline_shows_the_states_of_the_selected_request(qtbot, head, requests):
    tab = build(qtbot, head)
    tab.select_request(requests["Ash"])
    states = [(m.code, m.state) for m in tab.timeline.milestones()]
    assert states[:4] == [("received", "done"), ("meeting_arranged", "done"),
                          ("meeting_held", "next"), ("considered", "future")]
    assert tab.timeline.current_milestone().code == "meeting_held"
    assert "Meeting held" in tab.milestone_label.text()


def test_headteacher_gets_the_decide_button_and_a_pastoral_lead_does_not(
        qtbot, head, pastoral, requests):
    tab = build(qtbot, head)
    tab.select_request(requests["Ivy"])
    assert tab.action_codes() == ["decide", "record_considerations", "correct_request",
                                  "withdraw"]
    assert tab.action_button("decide").text() == "Record decision…"

    lead = build(qtbot, pastoral)
    lead.select_request(requests["Ivy"])
    assert "decide" not in lead.action_codes()
    assert "record_considerations" not in lead.action_codes()
    assert lead.action_codes() == ["correct_request", "withdraw"]


def test_clicking_an_action_runs_it_and_keeps_the_selection(qtbot, head, requests, monkeypatch):
    calls = []

    def fake_run_action(parent, actor, request_id, code):
        calls.append((actor.username, request_id, code))
        FlexiRequest.update(stage="withdrawn", withdrawn_on=TODAY).where(
            FlexiRequest.id == request_id).execute()
        return True

    monkeypatch.setattr(dialogs, "run_action", fake_run_action)
    tab = build(qtbot, head)
    tab.stage_filter.setCurrentIndex(tab.stage_filter.findData("all"))
    tab.select_request(requests["Ash"])
    qtbot.mouseClick(tab.action_button("withdraw"), Qt.MouseButton.LeftButton)
    assert calls == [("head", requests["Ash"], "withdraw")]
    assert tab.current_request_id() == requests["Ash"]
    assert tab.model.row_object(tab.table.view.currentIndex().row()).stage == "withdrawn"
    assert tab.action_codes() == []


def test_ctrl_n_starts_a_new_request_and_selects_it(qtbot, head, requests, monkeypatch):
    from flexidesk.policy import flexi

    def fake_run_action(parent, actor, request_id, code):
        assert (request_id, code) == (None, "receive_request")
        pupil, mother, _stepdad = make_family("Fern", "Oakes", upn="H801200000009")
        flexi.receive_request(actor, pupil_id=pupil.id, adult_ids=[mother.id],
                              received_on=TODAY, sessions=["mon_am"], reasons="Learning outdoors.")
        return True

    monkeypatch.setattr(dialogs, "run_action", fake_run_action)
    tab = build(qtbot, head)
    tab.table.view.setFocus()
    qtbot.keyClick(tab.table.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert tab.current_request_id() is not None
    assert tab.model.row_object(tab.table.view.currentIndex().row()).child == "Fern Oakes"
    assert tab.action_button("arrange_meeting").hasFocus()


def test_enter_on_a_row_focuses_the_next_action(qtbot, head, requests):
    tab = build(qtbot, head)
    tab.table.view.setFocus()
    tab.table.select_where(lambda r: r.child == "Ash Penrose")
    qtbot.keyClick(tab.table.view, Qt.Key.Key_Return)
    assert tab.action_button("record_meeting").hasFocus()


def test_timeline_keyboard_moves_between_milestones_and_enter_shows_detail(
        qtbot, head, requests):
    tab = build(qtbot, head)
    tab.select_request(requests["Ash"])
    timeline = tab.timeline
    timeline.setFocus()
    assert timeline.current_milestone().code == "meeting_held"
    qtbot.keyClick(timeline, Qt.Key.Key_Left)
    assert timeline.current_milestone().code == "meeting_arranged"
    assert "Meeting arranged" in timeline.accessibleDescription()
    with qtbot.waitSignal(timeline.milestone_clicked) as signal:
        qtbot.keyClick(timeline, Qt.Key.Key_Return)
    assert signal.args == ["meeting_arranged"]
    assert "Headteacher's office" in tab.milestone_label.text()
    qtbot.keyClick(timeline, Qt.Key.Key_Home)
    assert timeline.current_milestone().code == "received"
    qtbot.keyClick(timeline, Qt.Key.Key_Left)  # stays on the first
    assert timeline.current_milestone().code == "received"
    qtbot.keyClick(timeline, Qt.Key.Key_End)
    assert timeline.current_milestone().code == timeline.milestones()[-1].code


def test_clicking_a_milestone_selects_it(qtbot, head, requests):
    tab = build(qtbot, head)
    tab.select_request(requests["Ivy"])
    timeline = tab.timeline
    xs = timeline._xs()  # noqa: SLF001 - where the painter put each circle
    centre = QPoint(int(xs[0]), int(timeline._line_y()))  # noqa: SLF001
    with qtbot.waitSignal(timeline.milestone_clicked) as signal:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=centre)
    assert signal.args == ["received"]
    assert timeline.hasFocus()
    assert tab.milestone_label.text().startswith("Received")


def test_clear_drops_every_row_and_the_details(qtbot, head, requests):
    tab = build(qtbot, head)
    assert tab.model.rowCount(QModelIndex()) == 3
    tab.clear()
    assert tab.model.rowCount(QModelIndex()) == 0
    assert tab.timeline.milestones() == []
    assert tab.details.toPlainText() == ""
    assert tab.action_codes() == []
    tab.refresh()
    assert tab.model.rowCount(QModelIndex()) == 3


def test_tab_key_goes_from_the_list_to_the_timeline_then_the_next_action(qtbot, head, requests):
    tab = build(qtbot, head)
    tab.select_request(requests["Ivy"])
    tab.table.view.setFocus()
    qtbot.keyClick(tab.table.view, Qt.Key.Key_Tab)
    assert tab.timeline.hasFocus()
    qtbot.keyClick(tab.timeline, Qt.Key.Key_Tab)
    assert tab.action_button("decide").hasFocus()


def _centre(timeline, code):
    index = [m.code for m in timeline.milestones()].index(code)
    return QPoint(int(timeline._xs()[index]), int(timeline._line_y()))  # noqa: SLF001


def test_an_overdue_decision_is_painted_red_and_what_is_to_come_stays_hollow(
        qtbot, head, requests):
    tab = build(qtbot, head)
    tab.select_request(requests["Ivy"])
    picture = tab.timeline.grab().toImage()
    late = picture.pixelColor(_centre(tab.timeline, "decided"))
    assert (late.red(), late.green(), late.blue()) == (LATE.red(), LATE.green(), LATE.blue())
    future = picture.pixelColor(_centre(tab.timeline, "agreement_drafted"))
    assert future.lightness() > 240  # an empty ring: nothing done there yet


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen platform's tooltip window
def test_hovering_a_milestone_shows_its_detail(qtbot, head, requests):
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    tab = build(qtbot, head)
    tab.select_request(requests["Ash"])
    timeline = tab.timeline
    point = _centre(timeline, "meeting_held")
    event = QHelpEvent(QHelpEvent.Type.ToolTip, point, timeline.mapToGlobal(point))
    QApplication.sendEvent(timeline, event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert "Planned for" in QToolTip.text() and "Headteacher's office" in QToolTip.text()
    QToolTip.hideText()


def test_picking_the_waiting_milestone_puts_the_keyboard_on_its_action(qtbot, head, requests):
    tab = build(qtbot, head)
    tab.select_request(requests["Ivy"])
    tab.timeline.setFocus()
    assert tab.timeline.current_milestone().code == "decided"  # the late step is chosen first
    qtbot.keyClick(tab.timeline, Qt.Key.Key_Return)
    assert tab.action_button("decide").hasFocus()
    assert "Due by" in tab.milestone_label.text()
    tab.timeline.setFocus()
    qtbot.keyClick(tab.timeline, Qt.Key.Key_Home)
    qtbot.keyClick(tab.timeline, Qt.Key.Key_Return)  # a done step only shows its detail
    assert tab.timeline.hasFocus()


def test_filters_show_their_counts_and_a_line_sums_up_the_decisions(qtbot, head, requests):
    tab = build(qtbot, head)
    texts = [tab.stage_filter.itemText(i) for i in range(tab.stage_filter.count())]
    assert texts[:2] == ["All requests (3)", "Open requests (3)"]
    assert "Meeting arranged (1)" in texts and "Withdrawn (0)" in texts
    assert tab.summary.text().count("1 decision overdue") == 1


def test_the_list_shows_stages_and_dates_whole_beside_a_full_timeline(qtbot, head, requests):
    tab = build(qtbot, head)
    tab.resize(1366, 720)
    view, model = tab.table.view, tab.model
    metrics = view.fontMetrics()
    for row in range(model.rowCount()):
        for column in (2, 3, 4, 5):  # stage, received, meeting, decision due
            text = model.data(model.index(row, column)) or ""
            assert metrics.horizontalAdvance(text) + 8 <= view.columnWidth(column), text
    # One date format across the list and the timeline.
    received = model.visible_objects()[0].received_on
    assert model.data(model.index(0, 3)) == format_date(received)
    # The list takes at most what its columns need; the timeline keeps every milestone's name.
    assert tab.table.width() <= tab.table.columns_width() + 40
    assert not tab.timeline._compact((tab.timeline.width() - 80) / 8)


def test_a_late_letter_and_an_overdue_review_show_in_the_list_and_its_summary(qtbot, head):
    late = make_family("Lark", "Denby", upn="H801200000011")
    running = make_family("Moss", "Fenwick", upn="H801200000012")
    long_ago = TODAY - dt.timedelta(days=200)
    letter_id = request_at("decided", head, late[0], late[1:2], received=long_ago,
                           held=long_ago + dt.timedelta(days=7))
    review_id = request_at("active", head, running[0], running[1:2], received=long_ago,
                           held=long_ago + dt.timedelta(days=7))
    tab = build(qtbot, head)
    tab.stage_filter.setCurrentIndex(tab.stage_filter.findData("all"))
    for rid, words in ((letter_id, "Letter late"), (review_id, "Review overdue since")):
        row = tab.model.row_of(lambda r, rid=rid: r.id == rid)
        index = tab.model.index(row, 5)
        assert tab.model.data(index).startswith(words)
        assert tab.model.data(index, Qt.ItemDataRole.ForegroundRole).color() == LATE
    assert "1 decision letter late" in tab.summary.text()
    assert "1 review overdue" in tab.summary.text()


def test_sorting_on_decision_due_orders_the_rows_by_date(qtbot, head, requests):
    tab = build(qtbot, head)
    tab.stage_filter.setCurrentIndex(tab.stage_filter.findData("all"))
    tab.table.view.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    dues = [r.decision_due for r in tab.model.visible_objects()]
    dated = [d for d in dues if d is not None]
    assert dated == sorted(dated) and dues[:len(dated)] == dated  # undated rows last


def test_at_1280_by_768_every_milestone_keeps_its_label(qtbot, head):
    running = make_family("Moss", "Fenwick", upn="H801200000021")
    rid = request_at("active", head, running[0], running[1:2],
                     received=TODAY - dt.timedelta(days=60), held=TODAY - dt.timedelta(days=50))
    tab = FlexiTab(head)
    qtbot.addWidget(tab)
    tab.resize(1280 - 20, 768 - 80)  # the tab inside the default window
    with qtbot.waitExposed(tab):
        tab.show()
    tab.select_request(rid)
    qtbot.waitUntil(lambda: tab.timeline.width() > 0)
    assert len(tab.timeline.milestones()) >= 9
    assert tab.timeline.shows_every_label()
    running_step = next(m for m in tab.timeline.milestones() if m.code == "active")
    assert running_step.date == FlexiAgreement.get().active_from  # its real start


def test_the_show_filter_never_changes_by_itself(qtbot, head, requests, monkeypatch):
    from flexidesk.ui.flexi import dialogs

    tab = build(qtbot, head)
    open_index = tab.stage_filter.currentIndex()
    tab.select_request(requests["Ash"])

    def withdraw_it(parent, actor, request_id, code):
        flexi.withdraw(actor, request_id, withdrawn_on=TODAY)
        return True

    monkeypatch.setattr(dialogs, "run_action", withdraw_it)
    tab._run(requests["Ash"], "withdraw")  # the request leaves the open list...
    assert tab.stage_filter.currentIndex() == open_index  # ...and the filter stays put
    assert "Ash Penrose" not in children(tab)
