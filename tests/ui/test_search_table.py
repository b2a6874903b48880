"""The searchable table filters as you type, sorts by column, and shows what is late in red."""

from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt

from flexidesk.ui.models.rows import LATE, Column, RowsTableModel
from flexidesk.ui.widgets.search_table import SearchableTable


@dataclass
class Row:
    id: int
    name: str
    year: int
    late: bool = False


def make_table(qtbot, rows):
    model = RowsTableModel(
        [Column("Name", lambda r: r.name), Column("Year", lambda r: str(r.year), lambda r: r.year)],
        tone=lambda r: "late" if r.late else None)
    table = SearchableTable(model)
    qtbot.addWidget(table)
    table.set_rows(rows)
    return table


ROWS = [Row(1, "Nell Ashdown", 3), Row(2, "Omar Fenwick", 10, late=True),
        Row(3, "Nelly Brook", 1), Row(4, "Priya Castell", 2)]


def test_typing_in_the_search_box_shrinks_the_table(qtbot):
    table = make_table(qtbot, ROWS)
    assert table.view.model().rowCount() == 4
    qtbot.keyClicks(table.search, "nel")
    assert table.view.model().rowCount() == 2
    assert table.count_label.text() == "2 of 4"
    qtbot.keyClicks(table.search, "ly")
    assert [r.name for r in table.model.visible_objects()] == ["Nelly Brook"]
    table.search.clear()
    assert table.view.model().rowCount() == 4
    assert table.count_label.text() == "4 shown"


def test_every_word_must_match_in_any_column(qtbot):
    table = make_table(qtbot, ROWS)
    qtbot.keyClicks(table.search, "  BROOK   nelly ")
    assert [r.id for r in table.model.visible_objects()] == [3]
    table.search.setText("ashdown 3")
    assert [r.id for r in table.model.visible_objects()] == [1]


def test_clicking_a_header_sorts_numerically_with_its_key(qtbot):
    table = make_table(qtbot, ROWS)
    header = table.view.horizontalHeader()
    table.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert [r.year for r in table.model.visible_objects()] == [1, 2, 3, 10]
    table.show()
    qtbot.waitExposed(table)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(0) + 5, 5))
    names = [r.name for r in table.model.visible_objects()]
    assert names in (sorted(names), sorted(names, reverse=True))
    assert header.sortIndicatorSection() == 0


def test_late_rows_are_red(qtbot):
    table = make_table(qtbot, ROWS)
    row = table.model.row_of(lambda r: r.id == 2)
    brush = table.model.data(table.model.index(row, 0), Qt.ItemDataRole.ForegroundRole)
    assert brush.color() == LATE
    other = table.model.row_of(lambda r: r.id == 1)
    assert table.model.data(table.model.index(other, 0), Qt.ItemDataRole.ForegroundRole) is None


def test_selection_follows_the_object_across_a_refresh(qtbot):
    table = make_table(qtbot, ROWS)
    seen = []
    table.current_changed.connect(seen.append)
    assert table.select_where(lambda r: r.id == 4)
    assert seen[-1].id == 4
    table.set_rows([Row(4, "Priya Castell", 2), Row(5, "Ada Zed", 5)])
    assert table.current_object().id == 4


def test_ctrl_f_focuses_the_search_and_down_arrow_enters_the_table(qtbot):
    table = make_table(qtbot, ROWS)
    table.show()
    table.activateWindow()
    qtbot.waitActive(table)
    table.view.setFocus()
    qtbot.waitUntil(table.view.hasFocus)
    qtbot.keyClick(table.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert table.search.hasFocus()
    qtbot.keyClick(table.search, Qt.Key.Key_Down)
    assert table.view.hasFocus()
    assert table.current_object() is not None


def test_filtering_many_times_keeps_pythons_count_of_true(qtbot):
    """PySide6 6.12.0's emit() drops a reference to True; thousands of keystrokes must not
    add up to freeing it (which aborts the process)."""
    import gc
    import sys

    table = make_table(qtbot, ROWS)
    table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    gc.collect()
    before = sys.getrefcount(True)
    for _ in range(200):
        table.search.setText("nel")
        table.search.setText("")
        table.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    gc.collect()
    assert sys.getrefcount(True) >= before - 5


def test_a_click_on_a_header_keeps_the_selected_child_selected(qtbot):
    table = make_table(qtbot, ROWS)
    table.show()
    qtbot.waitExposed(table)
    table.select_where(lambda r: r.id == 2)  # Omar, second row in the order given
    assert table.current_object().id == 2
    chosen = []
    table.current_changed.connect(chosen.append)
    header = table.view.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(1) + 5, header.height() // 2))
    assert [r.year for r in table.model.visible_objects()] == [1, 2, 3, 10]
    assert table.current_object().id == 2  # still Omar, now the last row
    selected = table.view.selectionModel().selectedRows()
    assert [table.model.row_object(i.row()).id for i in selected] == [2]
    assert table.view.currentIndex().row() == 3
    assert all(o is None or o.id == 2 for o in chosen)  # never announced another child


def test_a_scope_narrows_the_list_but_a_search_looks_through_every_row(qtbot):
    table = make_table(qtbot, ROWS)
    table.model.set_scope(lambda r: r.late)  # e.g. "Show: overdue"
    assert [r.name for r in table.model.visible_objects()] == ["Omar Fenwick"]
    qtbot.keyClicks(table.search, "nel")  # a child outside the scope is still found
    assert {r.name for r in table.model.visible_objects()} == {"Nell Ashdown", "Nelly Brook"}
    assert not table.model.in_scope(ROWS[0]) and table.model.in_scope(ROWS[1])
    table.search.clear()
    assert [r.name for r in table.model.visible_objects()] == ["Omar Fenwick"]
    table.set_rows(ROWS + [Row(5, "Zed Late", 4, late=True)])  # new rows meet the same scope
    assert {r.name for r in table.model.visible_objects()} == {"Omar Fenwick", "Zed Late"}
    table.model.set_scope(None)
    assert table.view.model().rowCount() == 5
