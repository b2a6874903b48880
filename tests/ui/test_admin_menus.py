"""The Tools menu offers each data-protection and set-up dialog only to roles that may use it."""

import pytest
from PySide6.QtWidgets import QDialog

from flexidesk.ui.admin_menus import ReportsDialog, install_menus
from flexidesk.ui.main_window import MainWindow

SET_UP = {"schoolDetailsAction", "schoolCalendarAction", "interventionsAction"}
EVERYTHING = {"auditLogAction", "subjectAccessAction", "retentionAction", "staffAction",
              "reportsAction"} | SET_UP


@pytest.mark.parametrize("role, expected", [
    ("head", EVERYTHING),
    ("pastoral", {"reportsAction", "interventionsAction"}),
    ("office", {"schoolCalendarAction"}),
    ("governor", set()),  # their whole window is the reports page already
])
def test_menu_entries_follow_the_permission_matrix(qtbot, request, database, role, expected):
    actor = request.getfixturevalue(role)
    window = MainWindow(actor, database)
    qtbot.addWidget(window)
    actions = install_menus(window, actor)
    assert {a.objectName() for a in actions} == expected
    in_menu = {a.objectName() for a in window.menus["tools"].actions() if a.objectName()}
    assert expected <= in_menu


def test_choosing_an_entry_opens_its_dialog(qtbot, head, database, monkeypatch):
    window = MainWindow(head, database)
    qtbot.addWidget(window)
    opened = []
    monkeypatch.setattr(QDialog, "exec", lambda self: opened.append(type(self).__name__) or 0)
    for act in install_menus(window, head):
        act.trigger()
    assert opened == ["AuditViewerDialog", "SubjectAccessDialog", "RetentionDialog",
                      "StaffDialog", "SchoolDetailsDialog", "CalendarDialog",
                      "InterventionsDialog", "ReportsDialog"]


def test_reports_dialog_shows_the_page(qtbot, pastoral):
    dialog = ReportsDialog(pastoral)
    qtbot.addWidget(dialog)
    assert dialog.page.blocks
