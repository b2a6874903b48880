"""The grid beside the list: cells with status and next review, red and worded when overdue;
each intervention's places and cost this term; filters; Enter opens the child's page."""

from PySide6.QtCore import Qt

from flexidesk.i18n import format_date
from flexidesk.store.models import Intervention
from flexidesk.ui.models.rows import LATE
from flexidesk.ui.provision.tab import ProvisionTab
from tests.ui.tab_data import days, make_provision, show


def _texts(grid):
    model = grid.model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_grid_cells_headers_filters_and_enter(qtbot, school, head):
    make_provision(school)
    Intervention.update(cost_per_term_pence=5000, capacity=1,
                        budget_per_term_pence=8000).where(
        Intervention.name == "Lego Therapy").execute()
    tab = show(qtbot, ProvisionTab(head))
    qtbot.keyClick(tab.table.search, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    grid = tab.grid
    assert grid is not None and tab.views.currentWidget() is grid
    header = grid.model.headerData(3, Qt.Orientation.Horizontal)
    assert header.splitlines() == ["Lego Therapy", "2 of 1 places", "£100.00 of £80.00"]
    assert grid.model.headerData(3, Qt.Orientation.Horizontal,
                                 Qt.ItemDataRole.ForegroundRole).color() == LATE
    rows = {r[0]: r for r in _texts(grid)}
    assert set(rows) == {"Nell Ashdown", "Omar Fenwick", "Priya Castell"}
    nell = rows["Nell Ashdown"]
    assert nell[3] == f"overdue since {format_date(days(-5))}"
    row = next(i for i in range(grid.model.rowCount())
               if grid.model.index(i, 0).data() == "Nell Ashdown")
    assert grid.model.index(row, 3).data(Qt.ItemDataRole.ForegroundRole).color() == LATE
    assert rows["Omar Fenwick"][4] == f"next {format_date(days(3))}"
    # Filters: a class, then every child of a year (even one with no provision).
    grid.class_filter.setCurrentIndex(grid.class_filter.findData("Ash"))
    assert [r[0] for r in _texts(grid)] == ["Omar Fenwick"]
    grid.class_filter.setCurrentIndex(0)
    grid.with_provision.setChecked(False)
    grid.year_filter.setCurrentIndex(grid.year_filter.findData(2))
    assert [r[0] for r in _texts(grid)] == ["Kwame Osei-Hart"]
    grid.year_filter.setCurrentIndex(0)
    grid.flag_filter.setCurrentIndex(grid.flag_filter.findData("EHCP"))
    assert [r[0] for r in _texts(grid)] == ["Tomasz Brightwater"]
    # Enter on a row opens the child's page beside the grid.
    grid.view.setFocus()
    grid.view.setCurrentIndex(grid.model.index(0, 0))
    qtbot.keyClick(grid.view, Qt.Key.Key_Return)
    assert tab.child.page is not None and tab.child.page.name == "Tomasz Brightwater"
    qtbot.keyClick(tab.table.search, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert tab.views.currentIndex() == 0


def test_family_contact_column_flags_a_family_past_the_rhythm(qtbot, school, head):
    from flexidesk.policy.provision.settings import set_contact_weeks

    make_provision(school)
    set_contact_weeks(head, 6)
    tab = show(qtbot, ProvisionTab(head))
    tab.show_grid(True)
    rows = {r[0]: r for r in _texts(tab.grid)}
    assert "due since" in rows["Nell Ashdown"][2]
    assert "due since" not in rows["Priya Castell"][2]


def test_the_grid_takes_the_width_and_keeps_the_childs_name_in_sight(qtbot, school, head):
    make_provision(school)
    for n in range(12):  # more interventions than the width shows: the grid scrolls sideways
        Intervention.create(name=f"Extra club {n}", sort_order=10 + n)
    from flexidesk.store.models import Enrolment, Pupil

    nell = Pupil.get(Pupil.legal_first_name == "Nell")
    for club in Intervention.select().where(Intervention.name.startswith("Extra club")):
        Enrolment.create(pupil=nell, intervention=club, start_date=days(-3),
                         next_review_date=days(30))
    tab = show(qtbot, ProvisionTab(head), size=(1000, 600))
    tab.show_grid(True)
    grid = tab.grid
    # No child's page is open: the grid has the whole width, not a share beside a hint.
    assert not tab.side.isVisible()
    qtbot.waitUntil(lambda: grid.width() >= tab.width() - 40)
    view = grid.view
    bar = view.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    # The name column has scrolled away underneath, and stays in sight on top of it.
    assert view.columnViewportPosition(0) < 0
    assert view.frozen.isVisible() and view.frozen.columnViewportPosition(0) == 0
    assert view.frozen.width() == view.columnWidth(0)
    names = {view.frozen.model().index(r, 0).data() for r in range(view.model().rowCount())}
    assert "Nell Ashdown" in names
    # Opening a child from the grid brings the page beside it.
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert tab.side.isVisible() and tab.side.currentIndex() == 1
