"""The main window: Today and three tabs (or the governors' reports), menus others extend, a status bar."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from flexidesk import __version__
from flexidesk.i18n import N_, _
from flexidesk.paths import data_dir
from flexidesk.policy.changes import changes_since
from flexidesk.policy.records.access import Actor, PolicyError, can
from flexidesk.policy.school.setup import profile
from flexidesk.ui.status_bar import last_backup_label, show_last_backup, who_and_where

if TYPE_CHECKING:
    from flexidesk.ui.flexi.tab import FlexiTab
    from flexidesk.ui.providers.tab import ProvidersTab
    from flexidesk.ui.provision.tab import ProvisionTab
    from flexidesk.ui.reports.page import ReportsPage
    from flexidesk.ui.today.tab import TodayTab

#: The size the README's screenshots (and --screenshot) are painted at.
SCREENSHOT_SIZE = (1366, 768)
DEFAULT_SIZE = (1280, 800)

#: The tabs in order: key, title, and where the tab's widget class lives. Today comes first
#: (Ctrl+0); the others keep Ctrl+1, Ctrl+2, Ctrl+3. The title's Alt letter belongs to its
#: entry in the View menu: on the tab itself it would compete with the menus and with the
#: buttons of the page in front (Alt+T was Today or Tools, Alt+P the map or the AP register).
_TABS = (
    ("today", N_("&Today"), "flexidesk.ui.today.tab", "TodayTab"),
    ("provision", N_("&Provision map"), "flexidesk.ui.provision.tab", "ProvisionTab"),
    ("providers", N_("P&roviders"), "flexidesk.ui.providers.tab", "ProvidersTab"),
    ("flexi", N_("Fle&xi requests"), "flexidesk.ui.flexi.tab", "FlexiTab"),
)


def tab_text(title: str) -> str:
    """A tab's title as the tab shows it: translated, with no Alt letter (Ctrl+0 to Ctrl+3 and
    the View menu reach the tabs)."""
    return _(title).replace("&&", "\0").replace("&", "").replace("\0", "&&")


def _index_of(key: str) -> int:
    """The position of tab ``key`` in the window."""
    return next(i for i, spec in enumerate(_TABS) if spec[0] == key)


def _settings() -> QSettings:
    """Window settings kept in the data folder (they hold no child's data)."""
    return QSettings(str(data_dir() / "window.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    """FlexiDesk's window for the signed-in ``actor`` on the open ``database``."""

    def __init__(self, actor: Actor, database, parent=None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.actor = actor
        self.database = database
        self.database_path = Path(getattr(database, "path", None) or database.database)
        self.school_name = profile().name or _("(no school set up)")
        # Qt adds " — FlexiDesk" (the application's name) to every window title itself.
        self.setWindowTitle(self.school_name)
        self._remember_geometry = True

        self.tabs: QTabWidget | None = None
        self._built: dict[str, Any] = {}  # the tabs, of classes loaded by name (_TABS)
        self._read_at: dict[str, int] = {}  # the audit entry each tab last read up to
        self.reports_page: ReportsPage | None = None
        if can(actor, "pupil.view"):
            self._build_tabs()
        else:
            # A governor sees anonymised reports only: no list of children is ever built.
            from flexidesk.ui.reports.page import ReportsPage

            self.reports_page = ReportsPage(actor, self)
            self.setCentralWidget(self.reports_page)

        self.menus: dict[str, QMenu] = {}
        self._build_menus()
        self._build_status_bar()
        self._restore_geometry()
        self._load_current_tab()

    # --- building ---------------------------------------------------------------------------

    def _build_tabs(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        # Each tab is built, and its module imported, when it first comes to the front: a
        # start-up pays for the tab it shows, not for the two behind it.
        for key, title, _module, _class in _TABS:
            placeholder = QWidget(self.tabs)
            placeholder.setObjectName(f"{key}Placeholder")
            self.tabs.addTab(placeholder, tab_text(title))
        self.setCentralWidget(self.tabs)
        self.tabs.currentChanged.connect(self._load_current_tab)

    def _tab(self, key: str) -> Any:
        """The tab called ``key``, built (and read) now if it has not been shown yet."""
        if self.tabs is None:
            return None
        if key not in self._built:
            index = _index_of(key)
            _key, title, module_name, class_name = _TABS[index]
            tab_class = getattr(importlib.import_module(module_name), class_name)
            tab = tab_class(self.actor, self, load=False)
            self._built[key] = tab
            placeholder = self.tabs.widget(index)
            current = self.tabs.currentIndex()
            # Swapping the page must not look like the user changing tab.
            self.tabs.blockSignals(True)
            try:
                self.tabs.removeTab(index)
                self.tabs.insertTab(index, tab, tab_text(title))
                self.tabs.setCurrentIndex(current)
            finally:
                self.tabs.blockSignals(False)
            assert placeholder is not None  # every index of _TABS has its page
            placeholder.deleteLater()
            open_item = getattr(tab, "open_item", None)
            if open_item is not None:
                open_item.connect(self.open_item)
            self._refresh_tab(key, tab)
        return self._built[key]

    def _refresh_tab(self, key: str, tab: Any) -> None:
        """Read a tab's rows again and note where the audit log stood when it did."""
        self._read_at[key] = changes_since(self._read_at.get(key, 0)).mark
        tab.refresh()

    def _refresh_if_changed(self, key: str) -> None:
        """Bring a tab up to date if anything it reads was written since it last read it
        (in another tab, another window, or by someone else on a server)."""
        tab = self._built[key]
        changes = changes_since(self._read_at.get(key, 0))
        if changes.touches(getattr(tab, "READS", None)):
            tab.refresh()
        self._read_at[key] = changes.mark

    @property
    def today_tab(self) -> TodayTab | None:
        return self._tab("today")

    @property
    def provision_tab(self) -> ProvisionTab | None:
        return self._tab("provision")

    @property
    def providers_tab(self) -> ProvidersTab | None:
        return self._tab("providers")

    @property
    def flexi_tab(self) -> FlexiTab | None:
        return self._tab("flexi")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        for key, title in (("file", _("&File")), ("view", _("&View")), ("tools", _("&Tools")),
                           ("help", _("&Help"))):
            menu = bar.addMenu(title)
            menu.setObjectName(f"{key}Menu")
            self.menus[key] = menu

        if can(self.actor, "pupil.import"):
            import_action = QAction(_("&Import pupils…"), self)
            import_action.setObjectName("importPupilsAction")
            import_action.setShortcut(QKeySequence(_("Ctrl+I")))
            import_action.triggered.connect(self.import_pupils)
            self.menus["file"].addAction(import_action)
        if can(self.actor, "pupil.view"):
            from flexidesk.ui.calendar_export import export_calendar

            calendar = QAction(_("Export cal&endar…"), self)
            calendar.setObjectName("exportCalendarAction")
            calendar.triggered.connect(
                lambda _checked=False: export_calendar(self, self.actor, self.school_name))
            self.menus["file"].addAction(calendar)
        if can(self.actor, "document.issue"):
            letters = QAction(_("Famil&y letters after reviews…"), self)
            letters.setObjectName("reviewLettersAction")
            letters.triggered.connect(self.review_letters)
            self.menus["file"].addAction(letters)
        if can(self.actor, "pupil.view"):
            self._add_week_actions()
        from flexidesk.ui.school.our_policy_menu import add_policy_actions

        add_policy_actions(self)  # File > Print our policy in brief, Tools > Our policy
        if can(self.actor, "pupil.view"):
            self.menus["file"].addSeparator()

        quit_action = QAction(_("&Quit"), self)
        quit_action.setObjectName("quitAction")
        quit_action.setShortcut(QKeySequence(_("Ctrl+Q")))
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        self.menus["file"].addAction(quit_action)

        self.tab_actions: list[QAction] = []
        if self.tabs is not None:
            for index in range(self.tabs.count()):
                act = QAction(_(_TABS[index][1]), self)
                act.setShortcut(QKeySequence(f"Ctrl+{index}"))  # Today is Ctrl+0
                self.tabs.setTabToolTip(index, act.shortcut().toString(
                    QKeySequence.SequenceFormat.NativeText))
                act.triggered.connect(lambda _checked=False, i=index: self.show_tab(i))
                self.menus["view"].addAction(act)
                self.tab_actions.append(act)
            self.menus["view"].addSeparator()
        if can(self.actor, "provision.catalogue"):
            settings = QAction(_("&Provision settings…"), self)
            settings.setObjectName("provisionSettingsAction")
            settings.triggered.connect(self.provision_settings)
            self.menus["tools"].addAction(settings)

        refresh = QAction(_("Re&fresh"), self)
        refresh.setObjectName("refreshAction")
        if self.tabs is not None:
            # The reports page binds F5 itself; a second binding would make it ambiguous.
            refresh.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        refresh.triggered.connect(self.refresh)
        self.menus["view"].addAction(refresh)
        self.refresh_action = refresh

        about = QAction(_("&About FlexiDesk"), self)
        about.setObjectName("aboutAction")
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self.show_about)
        self.menus["help"].addAction(about)

    def _build_status_bar(self) -> None:
        self.status_label = who_and_where(self, self.actor, self.school_name,
                                          self.database_path)
        self.backup_label = last_backup_label(self)

    def show_last_backup(self) -> None:
        """'Last backup: …' from the one source Today reads too (none on a server)."""
        show_last_backup(self.backup_label)

    def backup_recorded(self) -> None:
        """A backup was just written and noted: say so everywhere at once (the status bar
        and, if it has been shown, Today)."""
        self.show_last_backup()
        if "today" in self._built:
            self._built["today"].backup_changed()

    # --- geometry ---------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        settings = _settings()
        geometry = settings.value("main_window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            width, height = DEFAULT_SIZE
            screen = self.screen().availableGeometry() if self.screen() else None
            if screen is not None:
                width, height = min(width, screen.width()), min(height, screen.height())
            self.resize(width, height)
        if self.tabs is not None:
            index = cast(int, settings.value("main_window/tab", 0, type=int))  # type= converts
            if 0 <= index < self.tabs.count():
                self.tabs.setCurrentIndex(index)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self._remember_geometry:
            settings = _settings()
            settings.setValue("main_window/geometry", self.saveGeometry())
            if self.tabs is not None:
                settings.setValue("main_window/tab", self.tabs.currentIndex())
            settings.sync()
        super().closeEvent(event)

    # --- what other parts of FlexiDesk use --------------------------------------------------

    def data_widgets(self) -> list[Any]:
        """The widgets holding school data, each with refresh() and clear().

        A tab not shown yet holds no data: it is built and read when it is first shown.
        """
        if self.tabs is not None:
            return [self._built[key] for key, *_rest in _TABS if key in self._built]
        return [self.reports_page]

    def _load_current_tab(self, _index: int = -1) -> None:
        """Build and read the tab in front if it has not been shown yet."""
        if self.tabs is not None and 0 <= self.tabs.currentIndex() < len(_TABS):
            key = _TABS[self.tabs.currentIndex()][0]
            if key in self._built and _index >= 0:
                self._refresh_if_changed(key)  # coming back: what was done elsewhere shows
            self._tab(key)

    def _add_week_actions(self) -> None:
        """File > the office's week (register sheet, MIS check) and the AP census list."""
        from flexidesk.ui.dialogs.week_register import week_actions

        for act in week_actions(self, self.actor):
            self.menus["file"].addAction(act)

    def provision_settings(self) -> None:
        """Tools > Provision settings…: places, budgets, the contact rhythm, the weekly aim."""
        from flexidesk.ui.provision.settings import ProvisionSettingsDialog

        dialog = ProvisionSettingsDialog(self.actor, self)
        if dialog.exec() == dialog.DialogCode.Accepted:
            self.refresh()
        dialog.deleteLater()

    def review_letters(self) -> None:
        """File > Family letters after reviews…: a batch for a date range, each recorded."""
        from flexidesk.ui.provision.letters import ReviewLettersDialog

        dialog = ReviewLettersDialog(self.actor, self)
        if dialog.exec() == dialog.DialogCode.Accepted:
            self.statusBar().showMessage(dialog.reason_label.text(), 10000)
        dialog.deleteLater()

    def open_item(self, item) -> None:
        """Go where a Today line is done: the child's page, the request, the provider, a form."""
        if item.tab == "provision":
            self.show_tab(_index_of("provision"))
            provision = self.provision_tab
            assert provision is not None  # Today's lines link to tabs, so the tabs exist
            provision.show_pupil(item.record_id)
        elif item.tab == "flexi":
            self.show_tab(_index_of("flexi"))
            flexi = self.flexi_tab
            assert flexi is not None  # as above
            flexi.select_request(item.record_id)
            flexi.focus_next_action()
        elif item.tab == "providers":
            self.show_tab(_index_of("providers"))
            providers = self.providers_tab
            assert providers is not None  # as above
            providers.table.select_where(lambda r: r.id == item.record_id)
        else:
            name = {"rights": "subjectAccessAction", "retention": "retentionAction",
                    "backup": "backupNowAction", "reports": "reportsAction",
                    "policy": "ourPolicyAction"}.get(item.tab)
            act = self.findChild(QAction, name) if name else None
            if act is not None:
                act.trigger()

    def show_tab(self, index: int) -> None:
        """Bring tab ``index`` to the front (Ctrl+0 Today, Ctrl+1, Ctrl+2, Ctrl+3)."""
        if self.tabs is not None and 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    def refresh(self) -> None:
        """Read every shown tab's rows again (F5); a refusal is shown, not raised."""
        self.show_last_backup()
        built = {id(tab): key for key, tab in self._built.items()}
        for widget in self.data_widgets():
            try:
                if id(widget) in built:
                    self._refresh_tab(built[id(widget)], widget)
                else:
                    widget.refresh()
            except PolicyError as exc:
                self.statusBar().showMessage(str(exc), 8000)

    def clear(self) -> None:
        """Drop every row from every tab (the window is locking)."""
        for widget in self.data_widgets():
            clear = getattr(widget, "clear", None)
            if clear is not None:
                clear()

    def import_pupils(self) -> bool:
        """File > Import pupils…: pupils or contacts from the school's MIS export."""
        from flexidesk.ui.dialogs.import_pupils import open_import

        return open_import(self, self.actor)

    def show_about(self) -> None:
        """Help > About FlexiDesk."""
        QMessageBox.about(self, _("About FlexiDesk"), _(
            "<h3>FlexiDesk {version}</h3>"
            "<p>The pastoral provision map, alternative provision and flexi-schooling "
            "requests of a primary school, kept in one place on this computer.</p>"
            "<p>Your school's data stays in an encrypted file on this computer; nothing is "
            "sent anywhere.</p>").format(version=__version__))

    def paint_tabs_to(self, directory: Path | str) -> list[Path]:
        """Paint each tab at 1366x768 to DIR/today.png, provision.png, providers.png, flexi.png."""
        if self.tabs is None:
            pages: list[tuple[str, QWidget | None]] = [("reports", self.reports_page)]
        else:
            pages = [("today", self.today_tab), ("provision", self.provision_tab),
                     ("providers", self.providers_tab), ("flexi", self.flexi_tab)]
        self._remember_geometry = False  # a screenshot run must not change the user's window
        return paint_pages(self, pages, directory, self.tabs)


def paint_pages(window: QMainWindow, pages: list[tuple[str, QWidget | None]],
                directory: Path | str, tabs: QTabWidget | None = None) -> list[Path]:
    """Paint ``window`` at 1366x768 once per page (brought to the front of ``tabs``, if
    any) to DIR/NAME.png; returns the files written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    window.showNormal()
    window.resize(*SCREENSHOT_SIZE)
    written = []
    for name, widget in pages:
        if tabs is not None and widget is not None:
            tabs.setCurrentWidget(widget)
        pixmap = window.grab()
        ratio = pixmap.devicePixelRatio()  # 2 under --scale 2: keep every pixel
        if pixmap.size().width() != round(SCREENSHOT_SIZE[0] * ratio):
            pixmap = pixmap.scaled(round(SCREENSHOT_SIZE[0] * ratio),
                                   round(SCREENSHOT_SIZE[1] * ratio))
        path = directory / f"{name}.png"
        if not pixmap.save(str(path)):
            raise OSError(_("Could not write the picture {path}.").format(path=path))
        written.append(path)
    return written
