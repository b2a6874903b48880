"""Typing into a cell of Our policy's tables: Return keeps the words as Tab does (Qt's
delegate commits Return on the next turn of the event loop, so the test waits for it)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from tests.clock import TODAY
from tests.ui.test_our_policy_rules import show


def test_return_in_a_new_checklist_items_cell_keeps_its_words(qtbot, head):
    from flexidesk.ui.school.our_policy import OurPolicyDialog
    from tests.ui.test_ap_journey import click

    dialog = show(qtbot, OurPolicyDialog(head, today=TODAY))
    dialog.form.setCurrentIndex(1)
    table = dialog.form.checklist
    click(qtbot, dialog.form.findChild(QPushButton, "add_checklist_item"))
    editor = next(w for w in table.viewport().findChildren(QLineEdit)
                  if w.parent() is table.viewport() and w.isVisible())
    qtbot.keyClicks(editor, "Minibus driver licences")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    new_row = table.rowCount() - 1
    qtbot.waitUntil(lambda: table.cell(new_row, 1).text() == "Minibus driver licences")
    assert dialog.isVisible()  # Return finished the cell, not the dialog
    changes = [dialog.changes.item(i).text() for i in range(dialog.changes.count())]
    assert "Checklist item added: Minibus driver licences" in changes
