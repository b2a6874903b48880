"""Screen readers, keyboards and large text: names for every control, a visible focus, the system theme.

Qt already names a field after its buddy label and a button after its text. What it
cannot name (a search box known only by its placeholder, a tool button with a tooltip, a
table inside a titled group) is named here as each widget is shown, by an
application-wide event filter. So a control added by anyone later is named too, as long
as it has a label, text, placeholder, tooltip or a titled group around it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from flexidesk.ui import theme


def strip_mnemonic(text: str) -> str:
    """'&Save' -> 'Save' ('&&' stays as one '&'); a trailing ellipsis is not spoken."""
    plain = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return plain.rstrip(".…").strip()


def effective_name(widget: QWidget) -> str:
    """What a screen reader announces for ``widget`` (Qt's accessible name)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def is_control(widget: QWidget) -> bool:
    """Whether ``widget`` takes keyboard focus (so a screen reader lands on it).

    The editor inside a date, spin or combo box is not counted: its owner is announced.
    """
    if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or isinstance(widget, QLabel) \
            or widget.isWindow():
        return False
    owner = widget.parentWidget()
    return not (isinstance(widget, QLineEdit) and isinstance(owner, QAbstractSpinBox | QComboBox))


def _buddy_label(widget: QWidget) -> str:
    window = widget.window()
    for label in window.findChildren(QLabel):
        if label.buddy() is widget and label.text():
            return label.text()
    return ""


def _own_words(widget: QWidget) -> str:
    if isinstance(widget, QAbstractButton) and widget.text():
        return widget.text()
    if isinstance(widget, QLineEdit) and widget.placeholderText():
        return widget.placeholderText()
    if isinstance(widget, QPlainTextEdit | QTextEdit) and widget.placeholderText():
        return widget.placeholderText()
    if isinstance(widget, QComboBox) and (edit := widget.lineEdit()) is not None \
            and edit.placeholderText():
        return edit.placeholderText()
    return ""


def _find_in_layout(layout: QLayout, widget: QWidget) -> tuple[QLayout, int] | None:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:  # never, below count()
            continue
        if item.widget() is widget:
            return layout, index
        if (inner := item.layout()) is not None:
            found = _find_in_layout(inner, widget)
            if found is not None:
                return found
    return None


def _label_text(item) -> str:
    """The text of a label item, or of the first label in a row of widgets (a heading row)."""
    if isinstance(item.widget(), QLabel):
        return item.widget().text()
    if item.layout() is not None:
        for index in range(item.layout().count()):
            inner = item.layout().itemAt(index).widget()
            if isinstance(inner, QLabel) and inner.text():
                return inner.text()
    return ""


def _heading_above(widget: QWidget) -> str:
    """The label laid out just before ``widget`` (a heading over a table, say)."""
    parent = widget.parentWidget()
    if parent is None or (outer := parent.layout()) is None:
        return ""
    found = _find_in_layout(outer, widget)
    if found is None or found[1] == 0:
        return ""
    layout, index = found
    return _label_text(layout.itemAt(index - 1))


def _surroundings(widget: QWidget) -> str:
    """The title of the group, dock or tab page the control sits in."""
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QGroupBox) and parent.title():
            return parent.title()
        if isinstance(parent, QDockWidget) and parent.windowTitle():
            return parent.windowTitle()
        if isinstance(parent, QTabWidget):
            for index in range(parent.count()):
                page = parent.widget(index)
                if page is not None and (page is widget or page.isAncestorOf(widget)) \
                        and parent.tabText(index):
                    return parent.tabText(index)
        parent = parent.parentWidget()
    return ""


def derive_name(widget: QWidget) -> str:
    """A name for ``widget`` from its label, text, placeholder, tooltip or surroundings."""
    container = isinstance(widget, QAbstractItemView | QAbstractScrollArea | QTabWidget)
    for source in (_buddy_label(widget), _own_words(widget), widget.toolTip(),
                   _heading_above(widget) if container else "", _surroundings(widget),
                   widget.window().windowTitle() if container else ""):
        name = strip_mnemonic(_plain(source or ""))
        if name:
            return name
    return ""


def _plain(text: str) -> str:
    """Rich text without its tags ('<b>Sites</b>' -> 'Sites')."""
    return re.sub(r"<[^>]+>", "", text).strip() if "<" in text else text


def name_widget(widget: QWidget) -> None:
    """Give ``widget`` an accessible name (and description) if Qt would announce none."""
    if not is_control(widget):
        return
    if not widget.accessibleName() and not effective_name(widget):
        name = derive_name(widget)
        if name:
            widget.setAccessibleName(name)
    if not widget.accessibleDescription():
        hint = widget.toolTip() or (widget.placeholderText()
                                    if isinstance(widget, QLineEdit) else "")
        if hint and strip_mnemonic(_plain(hint)) != widget.accessibleName():
            widget.setAccessibleDescription(_plain(hint))


def name_tree(root: QWidget) -> None:
    """Name every control under ``root`` (for widgets built after they were polished)."""
    if in_popup(root):
        return
    for widget in [root, *root.findChildren(QWidget)]:
        name_widget(widget)


def in_popup(widget: QWidget) -> bool:
    """Whether ``widget`` is, or is inside, a pop-up: a drop-down's list, a date's calendar.

    A pop-up is part of the control that opened it, which Qt already announces with its
    items; and it is built by Qt itself, so Python holds no lasting wrapper for it. Walking
    up from its list to the pop-up's frame and reading that frame's layout (as naming does)
    left PySide's wrapper of the list marked deleted when the frame's short-lived wrapper
    went, so the next look at the list raised RuntimeError: every drop-down of the import
    dialog, and the provision map's "Show:", failed that way.
    """
    window = widget.window()  # parentWidget()/window() alone leave other wrappers alone
    return window.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)


class _Namer(QObject):
    """Names each widget as it is shown (by then its labels and buddies are in place).

    Show, not Polish: a widget is polished while it is still being built, and asking Qt's
    accessibility layer about a half-built widget is not safe. Pop-ups are left alone
    (``in_popup``).
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) \
                and not in_popup(watched):
            if watched.isWindow():
                name_tree(watched)
            else:
                name_widget(watched)
        return False


_installed: list[_Namer] = []


def install(app: QApplication) -> None:
    """Name controls application-wide, from now on and in every window already shown, and
    make focus visible (once per application).

    Start-up paints the sign-in form first and installs this just after (the theme is applied
    before the first paint), so the form's controls are named a moment after it appears.
    """
    theme.apply(app)
    if _installed:
        return
    namer = _Namer(app)
    app.installEventFilter(namer)
    _installed.append(namer)
    for window in app.topLevelWidgets():
        if window.isVisible():
            name_tree(window)

