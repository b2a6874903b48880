"""Retiring an intervention says how many children keep it, in words that fit the number."""

import pytest
from PySide6.QtWidgets import QMessageBox

from flexidesk.policy.records.access import Actor
from flexidesk.store.models import StaffUser
from flexidesk.ui.school.catalogue import InterventionsDialog

from .modal import Modal


@pytest.fixture
def dialog(qtbot, opened):
    actor = Actor.from_user(StaffUser.get(StaffUser.role == "headteacher"))
    dialog = InterventionsDialog(actor)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.mark.parametrize(("children", "said"), [
    (0, "No child is in it now; its history stays."),
    (1, "The 1 child in it now keeps it, and its history stays."),
    (2, "The 2 children in it now keep it, and its history stays."),
])
def test_retiring_says_who_keeps_it_in_words_that_fit_the_number(qtbot, dialog, children, said):
    assert dialog.table.select_where(lambda line: line.active
                                     and line.current_children == children)
    asked: list[str] = []

    def cancel(box: QMessageBox) -> None:
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Cancel).click()

    Modal(qtbot).click(dialog.retire_button, cancel)
    assert asked[0].endswith(" " + said)
    assert dialog.table.current_object().active  # cancelled: nothing retired
