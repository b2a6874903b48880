"""The Today tab: first in the window, each role's own lines, Enter goes where the work is done."""


import pytest
from PySide6.QtCore import Qt

from flexidesk.store.models import AuditEntry
from flexidesk.ui.main_window import MainWindow
from tests.clock import TODAY
from tests.ui.flexi_fixtures import make_family, request_at
from tests.ui.tab_data import days, make_providers, make_provision, show


def _window(qtbot, actor, database):
    return show(qtbot, MainWindow(actor, database))


def _lines(tab):
    return [(i.what, i.who) for i in tab.model.visible_objects()]


def _press_enter_on(qtbot, tab, predicate):
    assert tab.table.select_where(predicate), _lines(tab)
    tab.table.view.setFocus()
    qtbot.keyClick(tab.table.view, Qt.Key.Key_Return)


@pytest.mark.parametrize("role, expect", [
    ("head", {"Provision review overdue", "Provision review due this week",
              "Check lapsed: Insurance certificates", "Placement review overdue",
              "Back up the school's file"}),
    ("pastoral", {"Provision review overdue", "Provision review due this week",
                  "Check lapsed: Insurance certificates", "Placement review overdue",
                  "Back up the school's file"}),
    ("office", {"Back up the school's file"}),
])
def test_today_in_front_shows_what_each_role_may_act_on(qtbot, database, school, role, expect,
                                                         request):
    make_provision(school)
    make_providers(school)
    actor = request.getfixturevalue(role)
    window = _window(qtbot, actor, database)
    tab = window.tabs.currentWidget()
    assert tab is window.today_tab and window.tabs.tabText(0).replace("&", "") == "Today"
    assert {what for what, _who in _lines(tab)} == expect
    # Late lines are red and counted on the summary line.
    assert "late" in tab.summary.text()


def test_governor_sees_only_the_reports(qtbot, database, school, governor):
    make_provision(school)
    window = _window(qtbot, governor, database)
    assert window.tabs is None and window.reports_page is not None
    assert not AuditEntry.select().where(AuditEntry.action.startswith("view.")).exists()


def test_enter_on_a_review_line_opens_the_childs_page(qtbot, database, school, head):
    make_provision(school)
    window = _window(qtbot, head, database)
    tab = window.today_tab
    _press_enter_on(qtbot, tab, lambda i: i.who == "Nell Ashdown")
    assert window.tabs.currentWidget() is window.provision_tab
    page = window.provision_tab.child.page
    assert page is not None and page.name == "Nell Ashdown"
    # Opening the page is a recorded view of her record.
    assert AuditEntry.select().where((AuditEntry.action == "view.pupil")
                                     | (AuditEntry.action.startswith("view."))).exists()


def test_enter_on_a_decision_line_opens_the_request(qtbot, database, school, head):
    pupil, mother, _dad = make_family()
    rid = request_at("meeting_held", head, pupil, [mother], received=days(-10), held=days(-2))
    window = _window(qtbot, head, database)
    _press_enter_on(qtbot, window.today_tab, lambda i: i.kind == "flexi_decision")
    assert window.tabs.currentWidget() is window.flexi_tab
    assert window.flexi_tab.current_request_id() == rid


def test_enter_on_a_provider_line_selects_the_provider(qtbot, database, school, pastoral):
    made = make_providers(school)
    window = _window(qtbot, pastoral, database)
    _press_enter_on(qtbot, window.today_tab, lambda i: i.kind == "provider_check")
    assert window.tabs.currentWidget() is window.providers_tab
    assert window.providers_tab.table.current_object().id == made["riverside"].id


def test_counts_agree_with_the_other_tabs_summary_lines(qtbot, database, school, head):
    from flexidesk.policy.provision.settings import set_contact_weeks

    make_provision(school)
    set_contact_weeks(head, 4)  # Nell's and Omar's families are past it
    pupil, mother, _dad = make_family()
    request_at("meeting_held", head, pupil, [mother], received=days(-10), held=days(-2))
    window = _window(qtbot, head, database)
    c = window.today_tab.counts
    provision = window.provision_tab.summary.text()
    assert f"{c['provision_review:late']} with a review overdue" in provision
    assert f"{c['provision_review'] - c['provision_review:late']} due this week" in provision
    assert c["family_contact"] == 2
    assert f"{c['family_contact']} families to contact" in provision
    flexi = window.flexi_tab.summary.text()
    waiting = c["flexi_decision"] - c["flexi_decision:late"]
    assert f"{waiting} decision due soon" in flexi or f"{waiting} decisions due soon" in flexi


def test_coming_back_to_today_drops_what_was_done(qtbot, database, school, head):
    made = make_provision(school)
    window = _window(qtbot, head, database)
    assert any(i.who == "Nell Ashdown" for i in window.today_tab.items)
    from flexidesk.policy.provision import record_review

    record_review(head, made["lego_nell"].id, TODAY, 1, notes="Good",
                  next_review_date=days(38))  # a Thursday: a review falls on a school day
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert not any(i.who == "Nell Ashdown" for i in window.today_tab.items)


def test_file_export_calendar_writes_the_diary(qtbot, database, school, head, tmp_path,
                                               monkeypatch):
    from icalendar import Calendar
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QFileDialog

    make_provision(school)
    window = _window(qtbot, head, database)
    target = tmp_path / "school"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    action = window.findChild(QAction, "exportCalendarAction")
    assert action in window.menus["file"].actions()
    action.trigger()
    written = tmp_path / "school.ics"
    summaries = [str(e["summary"]) for e in Calendar.from_ical(written.read_bytes()).walk("VEVENT")]
    assert "Review Lego Therapy: N.A., Year 3" in summaries
    assert "events written" in window.statusBar().currentMessage()
    assert written.stat().st_mode & 0o777 == 0o600  # children's data: owner-only
