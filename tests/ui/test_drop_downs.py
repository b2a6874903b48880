"""Opening a drop-down never fails: the screen-reader namer leaves Qt's pop-ups alone.

Every column drop-down of the import dialog, and the provision map's "Show:", raised a
RuntimeError from ``ui/accessibility.py`` ("Sorry, something went wrong"): naming the pop-up's
list reached up into the pop-up frame Qt builds for itself and left the list's wrapper dead.
pytest-qt fails a test on any exception raised inside Qt's event handling, so each test here
fails as the user's window did.
"""

from PySide6.QtWidgets import QComboBox, QDialog, QTableWidget, QVBoxLayout

from flexidesk.policy.records.access import Actor
from flexidesk.store.models import StaffUser
from flexidesk.ui import accessibility
from flexidesk.ui.dialogs.import_pupils import ImportDialog
from flexidesk.ui.main_window import MainWindow
from tests.unit.policy.roster.test_pupils import FIXTURES


def open_and_close(qtbot, box: QComboBox) -> None:
    """Open ``box``'s list as Alt+Down does, see it shown, and close it again."""
    box.showPopup()
    qtbot.waitUntil(lambda: box.view().isVisible())
    box.hidePopup()
    qtbot.waitUntil(lambda: not box.view().isVisible())


def test_a_drop_down_added_to_a_shown_table_opens(qtbot, qapp):
    accessibility.install(qapp)
    dialog = QDialog()
    table = QTableWidget(2, 2, dialog)
    QVBoxLayout(dialog).addWidget(table)
    qtbot.addWidget(dialog)
    dialog.show()
    box = QComboBox(table)  # as the import dialog adds each column's choice, once it has read
    box.addItems(["(not imported)", "UPN", "Legal surname"])
    table.setCellWidget(0, 1, box)
    qtbot.waitUntil(box.isVisible)
    open_and_close(qtbot, box)
    assert box.view().isVisible() is False  # the list is still a live widget afterwards


def test_every_column_drop_down_of_the_import_dialog_opens(qtbot, qapp, opened):
    accessibility.install(qapp)
    actor = Actor.from_user(StaffUser.get(StaffUser.role == "headteacher"))
    dialog = ImportDialog(actor)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load(FIXTURES / "sims_pupils.csv")
    qtbot.waitUntil(lambda: not dialog.busy and dialog.plan is not None)
    boxes = [dialog.mapping_table.cellWidget(row, 2)
             for row in range(dialog.mapping_table.rowCount())]
    assert len(boxes) >= 5
    for box in [dialog.kind_box, *boxes]:
        open_and_close(qtbot, box)


def test_the_provision_maps_show_filter_opens_again_and_again(qtbot, qapp, opened):
    accessibility.install(qapp)
    actor = Actor.from_user(StaffUser.get(StaffUser.role == "headteacher"))
    window = MainWindow(actor, opened)
    qtbot.addWidget(window)
    window.show()
    tab = window.provision_tab
    window.tabs.setCurrentWidget(tab)
    for _time in range(3):
        open_and_close(qtbot, tab.filter)
