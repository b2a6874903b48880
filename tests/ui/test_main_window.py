"""The main window: Today and three tabs in order, shortcuts, roles, status bar, menus, screenshots."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from flexidesk.store.models import AuditEntry
from flexidesk.ui.main_window import MainWindow
from tests.ui.tab_data import make_providers, make_provision, show


def build(qtbot, actor, database):
    return show(qtbot, MainWindow(actor, database))


def test_today_first_then_three_tabs_and_ctrl_number_switches(qtbot, database, pastoral):
    make_provision(None)
    make_providers(None)
    window = build(qtbot, pastoral, database)
    tabs = window.tabs
    assert tabs.objectName() == "tabs"
    assert [tabs.tabText(i).replace("&", "") for i in range(tabs.count())] == [
        "Today", "Provision map", "Providers", "Flexi requests"]
    # Today is in front at first; asking for a tab builds it in its place.
    assert tabs.currentWidget() is window.today_tab
    assert window.provision_tab is tabs.widget(1) and window.flexi_tab is tabs.widget(3)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentWidget() is window.providers_tab
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentWidget() is window.flexi_tab
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentWidget() is window.provision_tab
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentWidget() is window.today_tab
    assert window.provision_tab.model.rowCount() == 3  # pupils with provision, at first
    assert window.providers_tab.model.rowCount() == 2


def test_title_status_bar_and_menus(qtbot, database, office, school):
    window = build(qtbot, office, database)
    # The title says each thing once: Qt adds " — FlexiDesk" to it (the application's name).
    assert window.windowTitle() == "Brookfield Test Primary"
    text = window.status_label.text()
    assert "Brookfield Test Primary" in text
    assert str(database.path) in text
    assert "Cara Lind (Office)" in text
    assert set(window.menus) == {"file", "view", "tools", "help"}
    file_actions = [a.text() for a in window.menus["file"].actions()]
    assert "&Quit" in file_actions
    quit_action = window.findChild(type(window.refresh_action), "quitAction")
    assert quit_action.shortcut().toString() == "Ctrl+Q"
    assert window.refresh_action.shortcut().toString() == "F5"
    assert any("About" in a.text() for a in window.menus["help"].actions())


def test_refresh_shows_rows_added_since(qtbot, database, pastoral):
    window = build(qtbot, pastoral, database)
    assert window.provision_tab.model.rowCount() == 0
    make_provision(None)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.provision_tab.model.rowCount() == 3


def test_search_box_shrinks_the_table_in_the_window(qtbot, database, head):
    make_provision(None)
    window = build(qtbot, head, database)
    table = window.provision_tab.table
    qtbot.keyClicks(table.search, "nurture")
    assert [r.name for r in table.model.visible_objects()] == ["Omar Fenwick"]


def test_office_never_sees_confidential_provision_in_the_window(qtbot, database, office):
    make_provision(None)
    window = build(qtbot, office, database)
    rows = window.provision_tab.model.visible_objects()
    assert all("Counselling" not in r.interventions for r in rows)
    qtbot.keyClicks(window.provision_tab.table.search, "counselling")
    assert window.provision_tab.model.rowCount() == 0


def test_governor_sees_reports_and_no_pupil_tab(qtbot, database, governor):
    make_provision(None)
    before = AuditEntry.select().count()
    window = build(qtbot, governor, database)
    assert window.tabs is None and window.provision_tab is None and window.flexi_tab is None
    assert window.centralWidget() is window.reports_page
    assert window.reports_page.objectName() == "reportsPage"
    assert window.findChild(type(window.reports_page.parent()), "provisionTab") is None
    assert not [a for a in window.menus["view"].actions() if a.shortcut().toString() == "Ctrl+1"]
    names = {"Nell", "Ashdown", "Omar", "Fenwick"}
    from PySide6.QtWidgets import QLabel, QTableWidget

    shown = " ".join(label.text() for label in window.findChildren(QLabel))
    for grid in window.findChildren(QTableWidget):
        shown += " ".join(grid.item(r, c).text() for r in range(grid.rowCount())
                          for c in range(grid.columnCount()) if grid.item(r, c))
    assert not any(name in shown for name in names)
    assert AuditEntry.select().where(AuditEntry.action == "view.pupil",
                                     AuditEntry.id > before).count() == 0


def test_only_the_tab_in_front_is_built_and_read_at_start(qtbot, database, head):
    make_provision(None)
    make_providers(None)
    window = build(qtbot, head, database)
    assert [w.objectName() for w in window.data_widgets()] == ["todayTab"]
    assert window.tabs.widget(2).objectName() == "providersPlaceholder"
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    # Shown for the first time: built in place, under its own title, and read.
    assert window.tabs.currentIndex() == 2
    assert window.tabs.currentWidget().objectName() == "providersTab"
    assert window.tabs.tabText(2).replace("&", "") == "Providers"
    assert window.tabs.currentWidget().model.rowCount() == 2
    assert [w.objectName() for w in window.data_widgets()] == ["todayTab", "providersTab"]


def test_clear_empties_every_tab(qtbot, database, head):
    make_provision(None)
    make_providers(None)
    window = build(qtbot, head, database)
    for key in (Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_1):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
    pages = window.data_widgets()
    assert len(pages) == 4 and pages[2].model.total_count() == 2 and pages[0].items
    window.clear()
    assert [page.model.total_count() for page in pages] == [0, 0, 0, 0]


def test_paint_tabs_to_writes_today_and_three_pictures(qtbot, database, head, tmp_path):
    make_provision(None)
    make_providers(None)
    window = build(qtbot, head, database)
    written = window.paint_tabs_to(tmp_path / "shots")
    assert [p.name for p in written] == ["today.png", "provision.png", "providers.png",
                                          "flexi.png"]
    for path in written:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1366, 768)
    # Different tabs make different pictures.
    assert written[0].read_bytes() != written[1].read_bytes()


def test_window_geometry_is_remembered(qtbot, database, head):
    window = build(qtbot, head, database)
    window.resize(790, 520)  # within the offscreen screen, away from the default size
    size = (window.width(), window.height())
    assert size[1] == 520
    window.tabs.setCurrentIndex(1)
    window.close()
    again = MainWindow(head, database)
    qtbot.addWidget(again)
    # Height only: the offscreen screen (800 wide) may be narrower than the window's minimum.
    assert again.height() == size[1] != 600
    assert again.tabs.currentIndex() == 1


def test_a_tab_reads_again_only_when_what_it_shows_was_written_elsewhere(qtbot, database, head):
    """Changes made elsewhere (here, straight through the policy, as another window or
    another member of staff would) reach a tab when it comes to the front, and only the tabs
    that show them read their rows again."""
    import datetime as dt

    from flexidesk.policy.providers import add_provider
    from flexidesk.policy.provision import log_contact
    from tests.clock import NOW

    made = make_provision(None)
    make_providers(None)
    window = build(qtbot, head, database)
    providers = window.providers_tab
    reads = []
    read = providers.refresh
    providers.refresh = lambda: (reads.append("providers"), read())
    window.show_tab(0)

    log_contact(head, made["lego_nell"].pupil_id, NOW.replace(tzinfo=None) - dt.timedelta(hours=1),
                "phone", "Talked about the Lego group")  # nothing the Providers tab shows
    window.show_tab(2)
    assert reads == [] and providers.model.rowCount() == 2

    window.show_tab(0)
    add_provider(head, "Moorland Woodwork Collective", provider_type="Workshop")
    window.show_tab(2)
    assert reads == ["providers"]
    assert providers.model.rowCount() == 3
