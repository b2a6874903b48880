"""The read-only lists (census, register): the last column fills the room the others leave,
and is never narrower than its heading, even when a row is a few pixels too wide."""

from PySide6.QtWidgets import QDialog, QVBoxLayout

from flexidesk.ui.widgets.plain_table import fill_table, read_only_table

HEADINGS = ["Child", "Provider", "Sesiynau'r wythnos"]


def _table(qtbot, width):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.resize(width, 300)
    table = read_only_table(dialog, "lines")
    QVBoxLayout(dialog).addWidget(table)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, table


def _heading_needs(table):
    header = table.horizontalHeader()
    return header.sectionSizeHint(2)


def test_a_row_that_leaves_too_little_room_does_not_cut_the_last_heading(qtbot):
    dialog, table = _table(qtbot, 600)
    fill_table(table, HEADINGS, [["Ava Lindqvist", "Provider", "3"]])
    header = table.horizontalHeader()
    # Widen the first two columns until the room left is a little less than the heading needs.
    room = table.viewport().width() - _heading_needs(table) + 10
    header.resizeSection(0, room // 2)
    header.resizeSection(1, room - room // 2)
    dialog.resize(dialog.width() + 1, dialog.height())  # any resize: the table lays out again
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    qtbot.waitUntil(lambda: header.sectionSize(2) >= _heading_needs(table))


def test_spare_room_goes_to_the_last_column(qtbot):
    dialog, table = _table(qtbot, 900)
    fill_table(table, HEADINGS, [["Ava", "Oak", "3"]])
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(0) + header.sectionSize(1)
                    + header.sectionSize(2) >= table.viewport().width())
    assert header.sectionSize(2) > _heading_needs(table)
    dialog.resize(1200, 300)
    qtbot.waitUntil(lambda: header.length() >= table.viewport().width() > 900)
