"""The keyboard walk: every form each role can open, used by keyboard alone, in English and Welsh.

For each form (every dialog the tabs' buttons and the menus open, and the forms those open),
as a person would meet it:

- it opens with the focus on its first field (not on Save or Cancel);
- Tab walks every field in reading order, and never stays in a text box, never toggles a
  tick box, never changes a date or a choice;
- Escape with typed text asks before throwing it away;
- every drop-down opens and closes without an error (pytest-qt fails the test on any
  exception raised while Qt handles an event);
- at 1366x768 no window is wider than the screen, no button's text is cut (its size
  against its size hint) and no column header is cut.

The main window is checked at 1366x768 too, on each tab and as its buttons leave it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QTextEdit,
    QWidget,
)

from flexidesk.i18n import set_locale
from flexidesk.policy.records.access import Actor
from flexidesk.store.models import StaffUser
from flexidesk.ui import accessibility
from flexidesk.ui.admin_menus import install_menus
from flexidesk.ui.main_window import MainWindow
from flexidesk.ui.widgets import keyboard
from flexidesk.ui.widgets.date_field import DateField, TimeField

from .test_accessibility import (
    _open_forms_of,
    _press_everything,
    answer_no,
    clashing_mnemonics,
    mnemonic,
)

SCREEN_WIDTH, SCREEN_HEIGHT = 1366, 768


# --- what a person sees of a widget ----------------------------------------------------------


def describe(widget: QWidget | None) -> str:
    if widget is None:
        return "nothing"
    name = widget.objectName() or accessibility.effective_name(widget)
    return f"{type(widget).__name__} {name!r}"


def state(widget: QWidget):
    """What Tab must never change in ``widget``."""
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
    if isinstance(widget, DateField):
        return widget.date()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return widget.isChecked()
    return None


def usable(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.isEnabled()


def inputs(window: QWidget) -> list[QWidget]:
    """The fields a person types or chooses in (lists count only in a form with no other;
    a box that only filters a list holds no work, and is no form's first field)."""
    order = [w for w in keyboard.reading_order(window) if usable(w, window)]
    typed = [w for w in order if keyboard.is_field(w) and not keyboard.is_filter(w)
             and not isinstance(w, QAbstractItemView)]
    return typed or [w for w in order if isinstance(w, QAbstractItemView)]


def one_stop(widget: QWidget) -> QWidget:
    """Radio buttons side by side are one Tab stop (arrows choose between them)."""
    if isinstance(widget, QRadioButton) and widget.parentWidget() is not None:
        radios = [r for r in widget.parentWidget().findChildren(QRadioButton)
                  if r.parentWidget() is widget.parentWidget()]
        return radios[0]
    return widget


def is_form(dialog: QDialog) -> bool:
    """A dialog that saves what is typed in it: it has a Save (accept) button, or is one of
    FlexiDesk's keyboard forms. A window that only shows (a list, the audit log, a letter)
    opens where its reading starts, and Escape closes it at once."""
    if isinstance(dialog, keyboard.KeyboardForm):
        return True
    if type(dialog).__name__ == "DocumentPreviewDialog":
        return False  # a letter's preview opens on its pages, so the arrow keys scroll them
    return any(box.buttonRole(button) in (QDialogButtonBox.ButtonRole.AcceptRole,
                                          QDialogButtonBox.ButtonRole.YesRole)
               for box in dialog.findChildren(QDialogButtonBox) for button in box.buttons()
               if button.isVisibleTo(dialog))


# --- the checks ------------------------------------------------------------------------------


def focus_starts_on_the_first_field(qtbot, dialog: QDialog) -> list[str]:
    fields = inputs(dialog)
    if not fields:
        return []
    try:
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                        and dialog.isAncestorOf(QApplication.focusWidget()), timeout=2000)
    except Exception:  # noqa: BLE001 - reported below, with what had the focus
        pass
    focused = QApplication.focusWidget()
    order = keyboard.reading_order(dialog)
    if isinstance(focused, QPushButton) and focused.text().rstrip().endswith(("…", "...")) \
            and focused in order and order.index(focused) < order.index(fields[0]):
        return []  # the form's first step is a button ("Choose file…") before its fields
    if focused is not fields[0] and not (focused is not None and fields[0].isAncestorOf(focused)):
        return [f"opens on {describe(focused)}, not its first field {describe(fields[0])}"]
    return []


def tab_walk(qtbot, dialog: QDialog) -> list[str]:
    """Tab from the first field round the form; every field visited once, in reading order."""
    fields = inputs(dialog)
    if not fields:
        return []
    problems: list[str] = []
    fields[0].setFocus(Qt.FocusReason.TabFocusReason)
    visited: list[QWidget] = []
    focusable = [w for w in keyboard.reading_order(dialog) if usable(w, dialog)]
    for _step in range(len(focusable) + 2):
        current = QApplication.focusWidget()
        if current is None or not dialog.isAncestorOf(current):
            problems.append(f"Tab left the form from {describe(visited[-1] if visited else None)}")
            break
        owner = current if current in focusable else next(
            (f for f in reversed(focusable) if f.isAncestorOf(current)), current)
        owner = one_stop(owner)
        if owner in visited:
            break  # round the form and back
        visited.append(owner)
        before = state(owner)
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        after_focus = QApplication.focusWidget()
        if after_focus is current and len(focusable) > 1:
            problems.append(f"Tab stays in {describe(owner)}")
            break
        if state(owner) != before:
            problems.append(f"Tab changed {describe(owner)}: {before!r} -> {state(owner)!r}")
    stops = []
    for field in fields:
        if one_stop(field) not in stops:
            stops.append(one_stop(field))
    fields = stops
    seen_fields = [w for w in visited if w in fields]
    missed = [describe(f) for f in fields if f not in visited]
    if missed:
        problems.append(f"Tab never reaches {', '.join(missed)}")
    elif seen_fields != fields[:len(seen_fields)]:
        problems.append("Tab goes " + " > ".join(describe(w) for w in seen_fields)
                        + ", not in reading order")
    return problems


def escape_asks(qtbot, dialog: QDialog, monkeypatch, questions: list) -> list[str]:
    """Type in the first text field and press Escape: the form must ask, and stay."""
    texts = [w for w in inputs(dialog) if isinstance(w, QLineEdit | QPlainTextEdit)
             and not isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox)]
    if not texts:
        return []
    field = texts[0]
    asked: list[QWidget] = []
    monkeypatch.setattr(keyboard, "ask_to_discard", lambda parent: asked.append(parent) or False)
    field.setFocus()
    qtbot.keyClicks(field, "x")
    popup = QApplication.activePopupWidget()
    if popup is not None:  # a completer offered names: it takes the first Escape
        popup.hide()
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    problems = []
    if not (asked or questions) or not dialog.isVisible():
        problems.append(f"Escape after typing in {describe(field)} closed it without asking")
    monkeypatch.undo()
    return problems


def dates_are_date_fields(window: QWidget) -> list[str]:
    """Every date (and time) is the shared field that takes a typed date whole and lets Tab
    leave: a bare QDateEdit walks its day, month and year with Tab."""
    return [f"{describe(w)} is a bare {type(w).__name__}, not the shared date or time field"
            for w in window.findChildren(QDateTimeEdit)
            if w.isVisibleTo(window) and not isinstance(w, DateField | TimeField)]


def drop_downs_open(qtbot, window: QWidget) -> list[str]:
    """Open and close every drop-down (an exception raised meanwhile fails the test)."""
    problems = []
    for box in [b for b in window.findChildren(QComboBox) if usable(b, window)]:
        box.showPopup()
        view = box.view()
        try:
            qtbot.waitUntil(view.isVisible, timeout=2000)
        except Exception:  # noqa: BLE001 - said in words
            problems.append(f"the drop-down {describe(box)} did not open")
        box.hidePopup()
    return problems


def fits_the_screen(window: QWidget) -> list[str]:
    """At 1366x768: not wider than the screen, no button's text or column header cut."""
    problems = []
    hint = window.minimumSizeHint().width()
    if max(window.width(), hint) > SCREEN_WIDTH:
        problems.append(f"{max(window.width(), hint)} pixels wide (the screen has "
                        f"{SCREEN_WIDTH})")
    for button in window.findChildren(QAbstractButton):
        if button.isVisibleTo(window) and button.text() and button.window() is window \
                and button.width() < button.sizeHint().width():
            problems.append(f"button {button.text()!r} cut: {button.width()} of "
                            f"{button.sizeHint().width()} pixels")
    for header in window.findChildren(QHeaderView):
        if header.orientation() != Qt.Orientation.Horizontal or header.model() is None \
                or not header.isVisibleTo(window) or header.window() is not window:
            continue
        metrics = header.fontMetrics()
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        for section in range(header.count()):
            if header.isSectionHidden(section) or header.sectionSize(section) == 0:
                continue
            title = str(header.model().headerData(section, Qt.Orientation.Horizontal) or "")
            need = max((metrics.horizontalAdvance(line) for line in title.splitlines()),
                       default=0) + 2 * margin
            if header.sectionSize(section) < need:
                problems.append(f"column header {title!r} cut: {header.sectionSize(section)} "
                                f"of {need} pixels")
    return problems


def as_on_the_screen(window: QWidget) -> None:
    """Give a window the size it would have on a 1366x768 screen (its own, within it)."""
    hint = window.sizeHint()
    window.resize(min(max(window.width(), hint.width()), SCREEN_WIDTH),
                  min(max(window.height(), hint.height()), SCREEN_HEIGHT))


# --- the walk --------------------------------------------------------------------------------


@pytest.fixture
def keyboard_walked(qapp, qtbot, monkeypatch):
    """Every dialog opened is walked by keyboard, then closed; questions answer No."""
    accessibility.install(qapp)
    found: dict[str, list[str]] = {}
    depth: list[str] = []
    undo = pytest.MonkeyPatch()
    questions: list = []  # a form's own question ("Keep your notes?") is asking too

    def walk_instead_of_exec(dialog: QDialog) -> int:
        key = f"{type(dialog).__module__.split('.')[-2]}.{type(dialog).__name__}"
        dialog.show()
        dialog.activateWindow()
        as_on_the_screen(dialog)
        try:
            qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
        except Exception:  # noqa: BLE001 - the walk then says where the focus went
            pass
        questions.clear()
        form = is_form(dialog)
        problems = [*(focus_starts_on_the_first_field(qtbot, dialog) if form else []),
                    *tab_walk(qtbot, dialog), *drop_downs_open(qtbot, dialog),
                    *dates_are_date_fields(dialog),
                    *fits_the_screen(dialog),
                    *(escape_asks(qtbot, dialog, undo, questions) if form else [])]
        found.setdefault(key, []).extend(f"{key} ({dialog.windowTitle()!r}): {p}"
                                         for p in problems)
        if len(depth) < 2:  # the forms a dialog opens ("Add term…", "Link existing adult…")
            depth.append(key)
            _open_forms_of(dialog)
            depth.pop()
        dialog.done(QDialog.DialogCode.Rejected)  # closed unsaved, without a question
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QDialog, "exec", walk_instead_of_exec)
    answer_no(monkeypatch, questions)
    # A form's own two-button question (go_or_stay) stays, as Escape or Return would.
    monkeypatch.setattr(QMessageBox, "exec", lambda *a, **k: QMessageBox.StandardButton.No)
    yield found
    undo.undo()


@pytest.mark.parametrize("language", ["en_GB", "cy_GB"])
@pytest.mark.parametrize("role", ["headteacher", "pastoral_lead", "office"])
def test_every_form_by_keyboard_alone(qtbot, opened, keyboard_walked, role, language):
    set_locale(language)
    actor = Actor.from_user(StaffUser.get(StaffUser.role == role))
    window = MainWindow(actor, opened)
    qtbot.addWidget(window)
    install_menus(window, actor)
    least = {"headteacher": 20, "pastoral_lead": 14, "office": 0}[role]
    _walk_the_window(qtbot, window, keyboard_walked, least)


@pytest.fixture(scope="module")
def governors_school(tmp_path_factory):
    """A school whose Headteacher has published the governors' report."""
    from flexidesk.policy.records.governors import publish
    from flexidesk.policy.records.signin import sign_in
    from flexidesk.store import close_database

    from .school_fixtures import PASSWORD, make_school

    path = make_school(tmp_path_factory.mktemp("governors") / "school.db")
    _database, head = sign_in(path, "whollis", PASSWORD)
    publish(head)
    close_database()
    return path


@pytest.mark.parametrize("language", ["en_GB", "cy_GB"])
def test_the_governors_window_by_keyboard_alone(qtbot, governors_school, keyboard_walked,
                                                language):
    """A governor signs in to the reports-only window over the governors' own file."""
    from flexidesk.policy.records.signin import sign_in
    from flexidesk.ui.reports.governors_window import window_for

    from .school_fixtures import PASSWORD

    set_locale(language)
    desk, actor = sign_in(governors_school, "dokafor", PASSWORD)
    window = window_for(actor, desk)
    qtbot.addWidget(window)
    install_menus(window, actor, desk)
    _walk_the_window(qtbot, window, keyboard_walked, least=1)  # Change my password…
    assert not clashing_mnemonics(window)
    for menu in window.menus.values():
        letters = [mnemonic(a.text()) for a in menu.actions()
                   if not a.isSeparator() and mnemonic(a.text())]
        assert len(letters) == len(set(letters)), [a.text() for a in menu.actions()]


def _walk_the_window(qtbot, window, keyboard_walked, least: int) -> None:
    """At 1366x768: each page fits and its drop-downs open; every button and File or Tools
    entry is pressed, and each form that opens is walked by keyboard (keyboard_walked)."""
    window.resize(SCREEN_WIDTH, SCREEN_HEIGHT - 30)  # a maximised window under a task bar
    window.show()
    problems: list[str] = []
    pages = [window.reports_page] if window.tabs is None else [
        window.today_tab, window.provision_tab, window.providers_tab, window.flexi_tab]
    for page in pages:
        for when in ("as opened", "as its buttons left it"):  # the grid, a child's page
            if window.tabs is not None:
                window.tabs.setCurrentWidget(page)
            problems += [f"main window, {type(page).__name__} {when}: {p}"
                         for p in fits_the_screen(window) + drop_downs_open(qtbot, window)]
            if when == "as opened":
                _press_everything(qtbot, page, rows=0 if page is getattr(window, "today_tab", None)
                                  else 10)
    for action in window.menus["file"].actions() + window.menus["tools"].actions():
        if action.isEnabled() and not action.isSeparator() and action.objectName() != "quitAction":
            action.trigger()
    problems += [p for found in keyboard_walked.values() for p in found]
    assert len(keyboard_walked) >= least, sorted(keyboard_walked)
    assert not problems, "\n".join(problems)


def test_a_date_keeps_its_value_while_tab_walks_past_it(qtbot):
    """The walk's own check, shown on one field: Tab leaves a date as it was."""
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    before = field.date()
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.date() == before and isinstance(before, QDate)
