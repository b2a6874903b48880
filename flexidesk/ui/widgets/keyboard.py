"""Forms by keyboard: Tab in reading order, focus on the first field, Escape asks before losing input.

Qt's Tab order is the order widgets were given their parent. A form that creates its Save
and Cancel buttons before its fields (as every form dialog's base class must) therefore
opened with the focus on the buttons: Tab, a few letters, Return pressed Cancel and what was
typed was gone. Here the order is taken from the layout instead, row by row, and the dialog
opens on its first field. What a compound field keeps inside itself (a week's sessions, a
row of radio buttons) keeps the order it was built in.

``KeyboardForm`` gives any dialog all three; ``FormDialog`` has it, and a dialog that is not
a FormDialog mixes it in before QDialog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QTextEdit,
    QWidget,
)

from flexidesk.i18n import _

if TYPE_CHECKING:  # mixed into a QDialog
    from PySide6.QtWidgets import QDialog as _Dialog
else:
    _Dialog = object


def _takes_tab(widget: QWidget, window: QWidget) -> bool:
    return (bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.focusProxy() is None
            and widget.window() is window)


def _controls_in(widget: QWidget, window: QWidget) -> list[QWidget]:
    """The controls Tab can reach in ``widget``: itself, then those inside it in the order
    they were made (a week's sessions go Monday morning, Monday afternoon, Tuesday...)."""
    inside = [w for w in widget.findChildren(QWidget) if _takes_tab(w, window)]
    return ([widget] if _takes_tab(widget, window) else []) + inside


def _layout_items(layout: QLayout) -> list[QLayoutItem]:
    """A layout's items in reading order: a form's rows label then field, a grid by rows."""
    if isinstance(layout, QFormLayout):
        items: list[QLayoutItem] = []
        for row in range(layout.rowCount()):
            for role in (QFormLayout.ItemRole.LabelRole, QFormLayout.ItemRole.FieldRole,
                         QFormLayout.ItemRole.SpanningRole):
                item = layout.itemAt(row, role)
                if item is not None:
                    items.append(item)
        return items
    indices = list(range(layout.count()))
    if isinstance(layout, QGridLayout):
        grid = layout
        places = {i: cast(tuple[int, int, int, int], grid.getItemPosition(i)) for i in indices}
        indices.sort(key=lambda i: places[i][:2])  # row, then column
    return [item for item in (layout.itemAt(i) for i in indices) if item is not None]


def _groups(layout: QLayout) -> list[QWidget | None]:
    """The widgets laid out by ``layout`` (and the layouts inside it), in reading order."""
    widgets: list[QWidget | None] = []
    for item in _layout_items(layout):
        if item.widget() is not None:
            widgets.append(item.widget())
        elif (inner := item.layout()) is not None:
            widgets += _groups(inner)
    return widgets


def reading_order(window: QWidget) -> list[QWidget]:
    """Every control Tab reaches in ``window``, in the order its layout reads; a control in no
    layout (placed by hand) comes at the end.

    (Qt's own focus chain is not walked: stepping through it wrapped every widget Qt builds
    inside its controls, and PySide 6.11 later crashed over those short-lived wrappers.)
    """
    ordered: list[QWidget] = []
    seen: set[int] = set()
    layout = window.layout()
    groups = _groups(layout) if layout is not None else []
    for group in [*groups, window]:  # the window last: whatever no layout holds
        if group is None:
            continue
        for control in (_controls_in(group, window) if group is not window else
                        [w for w in window.findChildren(QWidget) if _takes_tab(w, window)]):
            key = id(control)
            if key not in seen:
                seen.add(key)
                ordered.append(control)
    return ordered


def apply_reading_order(window: QWidget) -> list[QWidget]:
    """Make Tab follow the layout's reading order; returns the order."""
    order = reading_order(window)
    for before, after in zip(order, order[1:], strict=False):
        QWidget.setTabOrder(before, after)
    return order


#: A box that only filters a list (a search): what is typed there is no work to lose.
FILTER_PROPERTY = "filtersOnly"


def mark_filter(widget: QWidget) -> None:
    """Say that ``widget`` only filters what is shown (Escape need not ask about it)."""
    widget.setProperty(FILTER_PROPERTY, True)


def is_filter(widget: QWidget) -> bool:
    """Whether ``widget`` only filters what is shown."""
    return bool(widget.property(FILTER_PROPERTY))


def tab_leaves_lists(window: QWidget) -> None:
    """Tab leaves every table in ``window`` (the arrows move between its cells): a table
    that takes Tab for itself traps a keyboard user in it."""
    for view in window.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)


def is_field(widget: QWidget) -> bool:
    """Whether ``widget`` is somewhere to type or choose (not a button that does something)."""
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        return not widget.isReadOnly()
    return isinstance(widget, QAbstractSpinBox | QComboBox | QCheckBox | QRadioButton
                      | QAbstractItemView)


def first_field(window: QWidget) -> QWidget | None:
    """The first field a person can use, in reading order (None if the window has none): a
    box to type in or a choice, or else (a window that only lists things) its first list."""
    order = [w for w in reading_order(window) if w.isVisibleTo(window) and w.isEnabled()]
    typed = [w for w in order if is_field(w) and not is_filter(w)
             and not isinstance(w, QAbstractItemView)]
    lists = [w for w in order if isinstance(w, QAbstractItemView)]
    return (typed or lists or [None])[0]


def input_state(window: QWidget) -> list[Any]:
    """What every field of ``window`` holds: typed text, choices, ticks, numbers and dates."""
    state: list[Any] = []
    for widget in window.findChildren(QWidget):
        if is_filter(widget):
            continue
        if isinstance(widget, QLineEdit) and not widget.isReadOnly():
            if not isinstance(widget.parentWidget(), QAbstractSpinBox):  # its box says it
                state.append(widget.text())
        elif isinstance(widget, QPlainTextEdit | QTextEdit) and not widget.isReadOnly():
            state.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            state.append(widget.currentIndex())
        elif isinstance(widget, QAbstractSpinBox):
            state.append(widget.text())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            state.append(widget.isChecked())
    return state


def settle(window: QWidget) -> None:
    """As a form opens: Tab in reading order (leaving tables), the focus on its first field."""
    tab_leaves_lists(window)
    apply_reading_order(window)
    focused = window.focusWidget()
    if focused is None or (isinstance(focused, QAbstractButton) and not is_field(focused)):
        field = first_field(window)
        if field is not None:
            field.setFocus(Qt.FocusReason.TabFocusReason)


def ask_to_discard(parent: QWidget) -> bool:
    """Whether to close a form and lose what was typed in it (the answer is No unless said)."""
    from flexidesk.ui.widgets.progress import go_or_stay

    return go_or_stay(parent, QMessageBox.Icon.Question, _("Close without saving?"), _(
        "You have typed or changed something in this form that is not saved. Close it and "
        "lose that?"), _("&Close and lose it"), _("&Keep editing"))


class KeyboardForm(_Dialog):
    """Mixin for a QDialog (listed before it): opens on its first field with Tab in reading
    order, and Escape (or Cancel, or the close button) asks before losing changed input."""

    _input_at_open: list[Any] | None = None
    _settled = False

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not self._settled:
            self._settled = True
            settle(self)
        if self._input_at_open is None:
            self._input_at_open = input_state(self)
        super().showEvent(event)

    def mark_unchanged(self) -> None:
        """What the form holds now counts as nothing typed (after it saved, or moved on to
        the next thing to fill in)."""
        self._input_at_open = input_state(self)

    def input_changed(self) -> bool:
        """Whether anything was typed, chosen or ticked since the form opened."""
        return self._input_at_open is not None and input_state(self) != self._input_at_open

    def confirm_discard(self) -> bool:
        """Asked when changed input would be lost: True to close anyway."""
        return ask_to_discard(self)

    def reject(self) -> None:
        if self.isVisible() and self.input_changed() and not self.confirm_discard():
            return
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not event.spontaneous():
            # Closed by FlexiDesk itself (quitting, its owner going), not by the window's close
            # button: there is nobody to ask.
            self._input_at_open = None
        super().closeEvent(event)

    def discard(self) -> None:
        """Close without asking (the form's owner is going, not the person's choice)."""
        self._input_at_open = None
        super().reject()
