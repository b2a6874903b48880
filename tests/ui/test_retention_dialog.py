"""The retention dialog: rules with sources, what is due, destroy only after confirming."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from flexidesk.store.models import DestructionLog, Pupil, RetentionRule
from flexidesk.ui.dialogs.retention import RetentionDialog
from tests.rights_data import make_pupil

TODAY = dt.date(2026, 11, 27)


def _dialog(qtbot, head):
    dialog = RetentionDialog(head, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _left_long_ago():
    return make_pupil("Olwen", "Ashdown", "A000000000001", date_of_birth=dt.date(2000, 1, 1),
                      on_roll_date=dt.date(2004, 9, 1), left_date=dt.date(2011, 7, 20))


def test_rules_show_their_source_and_can_be_edited(qtbot, head, school):
    dialog = _dialog(qtbot, head)
    assert dialog.rules_model.rowCount() == 7
    assert "IRMS Information Management Toolkit for Schools" in dialog.rules_model.index(0, 2).data()
    dialog.rules_table.select_row(0)
    dialog.years.setValue(30)
    dialog.source.setPlainText("Governing body decision, spring 2026")
    qtbot.mouseClick(dialog.save_rule_button, Qt.MouseButton.LeftButton)
    rule = RetentionRule.get(RetentionRule.record_kind == "pupil_file")
    assert (rule.years, rule.source) == (30, "Governing body decision, spring 2026")
    assert dialog.rules_model.index(0, 1).data() == "30 years from the child's date of birth"


def test_cancelled_confirmation_destroys_nothing(qtbot, head, school, monkeypatch):
    pupil = _left_long_ago()
    dialog = _dialog(qtbot, head)
    dialog.tabs.setCurrentIndex(1)
    assert dialog.due_model.rowCount() == 1 and "Olwen Ashdown" in dialog.due_model.index(0, 0).data()
    dialog.due_table.view.selectAll()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(dialog.destroy_button, Qt.MouseButton.LeftButton)
    assert Pupil.get_or_none(Pupil.id == pupil.id) is not None
    assert "Nothing was destroyed" in dialog.status.text()


def test_confirmed_destruction_removes_and_logs_without_names(qtbot, head, school, monkeypatch):
    pupil = _left_long_ago()
    make_pupil("Ruby", "Hale", "A000000000009")  # on roll: never listed
    dialog = _dialog(qtbot, head)
    dialog.tabs.setCurrentIndex(1)
    dialog.due_table.view.selectAll()
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.destroy_button, Qt.MouseButton.LeftButton)
    assert "cannot be undone" in asked[0]
    assert Pupil.get_or_none(Pupil.id == pupil.id) is None
    assert Pupil.select().count() == 1
    log = DestructionLog.get()
    assert log.record_count == 1 and "Olwen" not in log.rule
    assert dialog.due_model.rowCount() == 0
    assert dialog.log_model.rowCount() == 1
    assert dialog.log_model.index(0, 3).data() == "Headteacher"
    dialog.tabs.setCurrentIndex(2)
    dialog.grab().save("out/retention_log.png")
    dialog.tabs.setCurrentIndex(0)
    dialog.grab().save("out/retention_rules.png")
