"""Everyone can use it: every control is named for a screen reader, focus shows, dates can be typed.

The walk opens the main window as each role, every tab, every dialog a tab's buttons and the
menus open (each dialog is walked as it would be shown, then cancelled), and fails on any
control a keyboard can reach that a screen reader would announce without a name.
"""

import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from flexidesk.i18n import current_locale, set_locale
from flexidesk.policy.records.access import Actor
from flexidesk.store.models import StaffUser
from flexidesk.ui import accessibility, theme
from flexidesk.ui.admin_menus import install_menus
from flexidesk.ui.main_window import MainWindow
from flexidesk.ui.widgets.date_field import DateField


def unnamed_controls(root: QWidget) -> list[str]:
    """Each focusable control under ``root`` that a screen reader would announce with no name."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not accessibility.is_control(widget) or not widget.isVisibleTo(root):
            continue
        if not accessibility.effective_name(widget):
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in "
                           f"{type(root).__name__} ({root.windowTitle()!r})")
    return missing


#: Words that say in text what red says in colour (as the rows and trees write them).
LATE_WORDS = {"en_GB": ("overdue", "late", "expired", "missing", "not held", "due"),
              "cy_GB": ("hwyr", "wedi dod i ben", "ar goll", "heb ei gael", "ddyledus")}


def red_rows_without_words(root: QWidget) -> list[str]:
    """Rows painted in the 'late' red that do not also say so in words."""
    from flexidesk.ui.models.rows import LATE

    found = []
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        root_index = QModelIndex()
        try:
            columns = model.columnCount(root_index)
        except TypeError:  # a list model keeps its one column to itself
            columns = 1
        for row in range(model.rowCount(root_index)):
            cells = [model.index(row, c) for c in range(columns)]
            brush = cells[0].data(Qt.ItemDataRole.ForegroundRole) if cells else None
            if brush is None or brush.color() != LATE:
                continue
            text = " ".join(str(c.data() or "") for c in cells).lower()
            if not any(word in text for word in LATE_WORDS[current_locale()]):
                found.append(f"{view.objectName()}: {text[:80]}")
    return found


def mnemonic(text: str) -> str | None:
    """The Alt+letter a text claims ('&Save' -> 's'; '&&' is a plain ampersand)."""
    import re

    match = re.search(r"&([^&\s])", text.replace("&&", ""))
    return match.group(1).lower() if match else None


def clashing_mnemonics(root: QWidget) -> list[str]:
    """Alt+letter keys that two visible controls of one window both claim.

    A main window's menu bar and tabs claim theirs too: Alt+T is the Tools menu or the Today
    tab, never both, and a tab page's buttons must not take a menu's or a tab's letter.
    """
    from PySide6.QtWidgets import QAbstractButton, QLabel, QMainWindow, QTabBar

    claims: dict[str, list[str]] = {}

    def claim(text: str, what: str) -> None:
        if (key := mnemonic(text)) is not None:
            claims.setdefault(key, []).append(f"{what} {text!r}")

    bar = root.menuBar() if isinstance(root, QMainWindow) else None
    if bar is not None and bar.isVisibleTo(root):
        for action in bar.actions():
            if action.isVisible():
                claim(action.text(), "menu")
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.window() is not root:
            continue
        if isinstance(widget, QTabBar):
            for index in range(widget.count()):
                claim(widget.tabText(index), "tab")
        elif isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel)
                                                       and widget.buddy()):
            claim(widget.text(), type(widget).__name__)
    return [f"Alt+{key} in {root.windowTitle()!r}: {texts}" for key, texts in claims.items()
            if len(texts) > 1]


def clashing_menu_items(window) -> list[str]:
    """Alt+letter keys that two entries of one menu both claim."""
    found = []
    for name, menu in window.menus.items():
        claims: dict[str, list[str]] = {}
        for action in menu.actions():
            if action.isVisible() and not action.isSeparator() \
                    and (key := mnemonic(action.text())) is not None:
                claims.setdefault(key, []).append(action.text())
        found += [f"Alt+{key} in the {name} menu: {texts}" for key, texts in claims.items()
                  if len(texts) > 1]
    return found


@pytest.fixture
def walked(qapp, monkeypatch):
    """Every dialog that is opened is walked and then cancelled; questions answer No."""
    accessibility.install(qapp)
    found: dict[str, list[str]] = {}

    depth = []

    def walk_instead_of_exec(dialog: QDialog) -> int:
        dialog.show()
        accessibility.name_tree(dialog)
        key = f"{type(dialog).__module__.split('.')[-2]}.{type(dialog).__name__}"
        found.setdefault(key, []).extend(unnamed_controls(dialog) + red_rows_without_words(dialog)
                                         + clashing_mnemonics(dialog))
        if len(depth) < 2:  # the forms a dialog opens ("Add term…", "Link existing adult…")
            depth.append(key)
            _open_forms_of(dialog)
            depth.pop()
        dialog.hide()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QDialog, "exec", walk_instead_of_exec)
    answer_no(monkeypatch)
    return found


def answer_no(monkeypatch, questions: list | None = None) -> None:
    """Every message box answers No (a question Cancel where it offers it, noted in
    ``questions``), and the system's file, print and choice dialogs are cancelled."""
    no = QMessageBox.StandardButton.No
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: no)

    def question(*args, **_kwargs):
        if questions is not None:
            questions.append(args)
        offered = args[3] if len(args) > 3 else no
        return QMessageBox.StandardButton.Cancel \
            if offered & QMessageBox.StandardButton.Cancel else no

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "about", lambda *a, **k: None)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("", False))
    from PySide6.QtPrintSupport import QPrintDialog  # the system's own dialog: not ours to walk
    monkeypatch.setattr(QPrintDialog, "exec", lambda *a: QDialog.DialogCode.Rejected)


def _open_forms_of(dialog: QDialog) -> None:
    """Select the first line of each of the dialog's lists, then press each button whose
    text ends in "…" (by convention it opens a form; the others save or close)."""
    for view in dialog.findChildren(QAbstractItemView):
        if view.isVisibleTo(dialog) and view.model() is not None and view.model().rowCount():
            view.setCurrentIndex(view.model().index(0, 0))
    for button in dialog.findChildren(QPushButton):
        if (button.isVisibleTo(dialog) and button.isEnabled()
                and button.text().rstrip().endswith(("…", "..."))):
            button.click()


def _press_buttons(page: QWidget, pressed: set[str], reopen=None) -> None:
    """Press each button the page shows whose kind was not pressed yet (its dialog is walked,
    then cancelled); ``reopen`` brings back a row's page that an earlier button closed."""
    for button in [b for b in page.findChildren(QPushButton) if b.isVisibleTo(page)]:
        if not shiboken6.isValid(button):
            continue  # gone with the page an earlier button read again
        if not button.isVisibleTo(page) and reopen is not None:
            reopen()
        if button.isVisibleTo(page) and button.isEnabled() and button.text() not in pressed:
            pressed.add(button.text())
            button.click()


def _press_everything(qtbot, page: QWidget, rows: int = 10) -> None:
    """For each of the first rows of the page's main list: select it, open it, and press
    every button then shown, so that each stage's and each page's dialogs are opened."""
    pressed: set[str] = set()
    views = [v for v in page.findChildren(QAbstractItemView)
             if not isinstance(v, QHeaderView) and v.isVisibleTo(page)
             and v.model() is not None and v.model().rowCount()]
    if not views:
        _press_buttons(page, pressed)
        return
    main = views[0]

    def open_row() -> None:
        if shiboken6.isValid(main):  # (a button may have read the page, and its lists, again)
            main.doubleClicked.emit(main.currentIndex())  # as Enter or a double-click does

    for row in range(min(rows, main.model().rowCount())):
        if not shiboken6.isValid(main) or row >= main.model().rowCount():
            break  # a button read the page again (the governors' Refresh): its lists are new
        if not main.isVisibleTo(page):  # a child's page covers the list: close it first
            qtbot.keyClick(page.focusWidget() or page, Qt.Key.Key_Escape)
        main.setCurrentIndex(main.model().index(row, 0))
        # The panel's own lists (checklist, placements), as this row fills them.
        for view in [v for v in page.findChildren(QAbstractItemView)
                     if v is not main and not isinstance(v, QHeaderView)]:
            if view.isVisibleTo(page) and view.model().rowCount():
                view.setCurrentIndex(view.model().index(0, 0))
        _press_buttons(page, pressed)
        open_row()
        _press_buttons(page, pressed, reopen=open_row)


@pytest.mark.parametrize("language", ["en_GB", "cy_GB"])
@pytest.mark.parametrize("role", ["headteacher", "pastoral_lead", "office", "governor"])
def test_every_control_of_every_tab_and_dialog_has_a_name(qtbot, opened, walked, role,
                                                          language):
    set_locale(language)  # Welsh names and Alt keys are checked as well as English ones
    actor = Actor.from_user(StaffUser.get(StaffUser.role == role))
    window = MainWindow(actor, opened)
    qtbot.addWidget(window)
    install_menus(window, actor)
    window.show()
    problems = []
    pages = [window.reports_page] if window.tabs is None else [
        window.today_tab, window.provision_tab, window.providers_tab, window.flexi_tab]
    for page in pages:
        for state in ("as opened", "as its buttons left it"):  # e.g. the grid, a child's page
            if window.tabs is not None:
                window.tabs.setCurrentWidget(page)
            problems += unnamed_controls(window)
            problems += red_rows_without_words(window)
            problems += clashing_mnemonics(window)
            if state == "as opened":
                # Today's lines only lead to the other tabs, which are walked in their turn.
                _press_everything(qtbot, page, rows=0 if page is window.today_tab else 10)
    for action in window.menus["file"].actions() + window.menus["tools"].actions():
        if action.isEnabled() and not action.isSeparator() and action.objectName() != "quitAction":
            action.trigger()
    problems += clashing_menu_items(window)
    problems += [p for found in walked.values() for p in found]
    # The dialogs each role can open from its tabs and menus (office staff only read).
    least = {"headteacher": 20, "pastoral_lead": 14, "office": 0, "governor": 1}[role]
    assert len(walked) >= least, sorted(walked)
    assert not problems, ("controls a screen reader cannot name, red rows that do not say "
                          "why in words, or Alt keys claimed twice:\n" + "\n".join(problems))


def test_a_search_box_known_only_by_its_placeholder_is_named_after_it(qtbot, qapp):
    accessibility.install(qapp)
    form = QWidget()
    box = QLineEdit(form)
    box.setPlaceholderText("Search by name")
    qtbot.addWidget(form)
    form.show()
    assert accessibility.effective_name(box) == "Search by name"


@pytest.mark.parametrize("typed, expected", [
    ("25/12/2026", dt.date(2026, 12, 25)),
    ("3/1/27", dt.date(2027, 1, 3)),
    ("05.03.2027", dt.date(2027, 3, 5)),
    ("31/2/2027", dt.date(2026, 11, 27)),  # not a date: the old one stays
])
def test_typing_a_whole_date_over_the_selected_field_sets_it(qtbot, typed, expected):
    field = DateField(dt.date(2026, 11, 27))
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, typed)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.value() == expected
    assert field.text() == expected.strftime("%d/%m/%Y")


def test_every_dialog_is_reachable_from_the_keyboard(qtbot, opened, qapp):
    """Each Tools entry has a menu path (&-mnemonic) so no action needs the mouse."""
    actor = Actor.from_user(StaffUser.get(StaffUser.role == "headteacher"))
    window = MainWindow(actor, opened)
    qtbot.addWidget(window)
    install_menus(window, actor)
    for menu in window.menus.values():
        assert "&" in menu.title()
        for action in menu.actions():
            if not action.isSeparator():
                assert "&" in action.text() or not action.shortcut().isEmpty(), action.text()
    assert QApplication.instance() is qapp


def test_a_form_names_each_field_after_its_row_label(qtbot, head):
    from flexidesk.ui.widgets.form_dialog import FormDialog, text_box

    class NoteForm(FormDialog):
        def build(self):
            self.note = text_box(placeholder="What was agreed")
            self.form.addRow("&Note:", self.note)

    form = NoteForm(head)
    qtbot.addWidget(form)
    form.show()
    assert form.note.accessibleName() == "Note"
    assert form.note.accessibleDescription() == "What was agreed"
    assert accessibility.effective_name(form.note) == "Note"


def test_red_rows_stay_readable_on_a_dark_theme(qapp):
    from PySide6.QtGui import QColor, QPalette

    from flexidesk.ui.models.rows import LATE, Column, RowsTableModel

    model = RowsTableModel([Column("Next review", lambda r: r)], tone=lambda r: "late")
    model.set_rows(["9 Nov 2026 (overdue)"])
    light = model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).color()
    before = qapp.palette()
    dark = QPalette(before)
    dark.setColor(QPalette.ColorRole.Window, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    qapp.setPalette(dark)
    try:
        on_dark = model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).color()
    finally:
        qapp.setPalette(before)
    assert light == LATE
    assert on_dark.hue() == LATE.hue() and on_dark.lightness() >= 175  # still red, now legible


def test_a_dark_system_scheme_switches_to_a_style_that_draws_it(qapp, monkeypatch):
    from PySide6.QtGui import QGuiApplication

    class DarkHints:
        def colorScheme(self):  # noqa: N802 - Qt's name
            return Qt.ColorScheme.Dark

    chosen = []
    monkeypatch.setattr(QGuiApplication, "styleHints", staticmethod(lambda: DarkHints()))
    monkeypatch.setattr(qapp, "setStyle", lambda name: chosen.append(name))
    theme.follow_system_theme(qapp)
    assert chosen == ["Fusion"]


def _start_up_windows(tmp_path, head):
    """The windows seen before and around signing in, built as FlexiDesk builds them."""
    from flexidesk.ui.dialogs.first_run import FirstRunDialog, RecoveryKeyDialog
    from flexidesk.ui.dialogs.signin import SignInDialog, SignInForm
    from flexidesk.ui.dialogs.staff import PasswordForm
    from flexidesk.ui.lock import AutoLockDialog, LockScreen

    db = tmp_path / "school.db"
    names = [("head", "Ada Quill"), ("pastoral", "Ben Marsh")]
    return [
        FirstRunDialog(db),
        RecoveryKeyDialog("Brookfield Test Primary", db, "ABCD-EFGH-IJKL-MNOP"),
        SignInDialog(db, names, lambda *a: None, demo=True),
        PasswordForm("New password", new_user=True),
        AutoLockDialog(head),
        LockScreen("Brookfield Test Primary", SignInForm(db, names, lambda *a: None)),
    ]


@pytest.mark.parametrize("language", ["en_GB", "cy_GB"])
def test_the_start_up_and_lock_windows_name_every_control(qtbot, qapp, tmp_path, head,
                                                          language):
    set_locale(language)
    accessibility.install(qapp)
    problems = []
    for window in _start_up_windows(tmp_path, head):
        qtbot.addWidget(window)
        window.show()
        accessibility.name_tree(window)
        problems += unnamed_controls(window) + clashing_mnemonics(window)
    assert not problems, ("controls a screen reader cannot name, or Alt keys claimed twice:\n"
                          + "\n".join(problems))


def test_the_focused_control_is_outlined_in_the_highlight_colour(qtbot, qapp):
    from PySide6.QtWidgets import QCheckBox, QComboBox, QSpinBox, QTableWidget, QVBoxLayout

    accessibility.install(qapp)
    form = QWidget()
    layout = QVBoxLayout(form)
    controls = [QPushButton("Save"), QLineEdit("text"), QComboBox(), QSpinBox(),
                QTableWidget(2, 2), QCheckBox("Tick")]
    for control in controls:
        layout.addWidget(control)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    highlight = qapp.palette().highlight().color()
    for control in controls:
        elsewhere = controls[1] if control is controls[0] else controls[0]
        elsewhere.setFocus()
        qtbot.waitUntil(elsewhere.hasFocus)
        unfocused = control.grab().toImage()
        control.setFocus()
        qtbot.waitUntil(control.hasFocus)
        focused = control.grab().toImage()
        assert focused != unfocused, type(control).__name__
        if not isinstance(control, QCheckBox):  # a tick box is shaded instead
            assert focused.pixelColor(0, focused.height() // 2) == highlight, \
                type(control).__name__


def test_headings_grow_with_the_systems_text_size(qtbot, qapp, tmp_path):
    from PySide6.QtGui import QFont

    from flexidesk.ui.dialogs.signin import SignInForm
    from flexidesk.ui.lock import LockScreen

    before = qapp.font()
    large = QFont(before)
    large.setPointSizeF(20)
    qapp.setFont(large)  # as a "larger text" system setting gives the application
    try:
        screen = LockScreen("Brookfield Test Primary",
                            SignInForm(tmp_path / "school.db", [("head", "Ada Quill")],
                                       lambda *a: None))
        qtbot.addWidget(screen)
        title = next(label for label in screen.findChildren(QLabel)
                     if label.text() == "FlexiDesk is locked")
        assert title.font().pointSizeF() >= 30
        assert title.font().bold()
    finally:
        qapp.setFont(before)
