"""The shared form dialog: fields, a reason while OK is disabled, refusals shown in place."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import _
from flexidesk.policy.errors import AskFirst
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.policy.vocabulary import SCORE_LABELS
from flexidesk.store.errors import StoreError
from flexidesk.ui.models.rows import LATE, MUTED, readable
from flexidesk.ui.widgets.date_field import DateField
from flexidesk.ui.widgets.keyboard import KeyboardForm
from flexidesk.ui.widgets.sessions_grid import SessionsGrid


def text_box(placeholder: str = "", height: int = 70) -> QPlainTextEdit:
    """A multi-line box where Tab moves on (so keyboard users are never trapped in it)."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setMinimumHeight(height)
    box.setMaximumHeight(int(height * 1.6))  # room to write, without dwarfing the rest of the form
    return box


def score_box(parent) -> QComboBox:
    """The -2..+2 benefit score of a review, best first, with nothing chosen to begin with."""
    box = QComboBox(parent)
    box.setObjectName("score")
    box.addItem(_("Choose a score…"), None)
    for value in sorted(SCORE_LABELS, reverse=True):
        box.addItem(_(SCORE_LABELS[value]), value)
    return box


def grow_to_fit(window: QWidget) -> None:
    """Make ``window`` tall enough for its wrapped text after a label's text grew (a refusal,
    where a file was saved). Qt does not grow a window for a label that wraps onto more lines,
    so the text was cut at the window's edge."""
    layout = window.layout()
    if layout is None:
        return
    need = (layout.heightForWidth(window.width()) if layout.hasHeightForWidth()
            else layout.sizeHint().height())
    if window.height() < need:
        window.resize(window.width(), need)


def ask_first(parent, title: str, call):
    """Run ``call(False)``; when the policy asks first (``AskFirst``), put its question to the
    user and, on Yes, run ``call(True)``. Returns what ``call`` returned, or False on No."""
    try:
        return call(False)
    except AskFirst as question:
        answer = QMessageBox.question(parent, title, str(question))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return call(True)


def set_tone(label: QLabel, colour) -> None:
    """Colour a label's text (None: the normal colour)."""
    label.setStyleSheet(f"color: {readable(colour).name()};" if colour is not None else "")


class FormDialog(KeyboardForm, QDialog):
    """A form for one action: subclasses add fields, say what is missing, and save.

    OK is enabled only when ``problem()`` is empty (its reason shown otherwise); a
    PolicyError raised by ``save()`` is shown inside the form and nothing typed is lost.
    It opens on its first field, Tab follows the rows, and Escape asks before anything typed
    is thrown away (``KeyboardForm``).
    """

    def __init__(self, actor: Actor, parent=None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.actor = actor
        self.saved: Any = None  # what save() returned: a row, a document, or False
        self.today = today or dt.date.today()  # injected by a tab that keeps its own clock
        self.setMinimumWidth(440)

        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.reason_label = QLabel(self)  # why OK is disabled
        self.reason_label.setObjectName("reason")
        self.reason_label.setWordWrap(True)
        set_tone(self.reason_label, MUTED)
        self.error_label = QLabel(self)  # what the policy said when it refused
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_tone(self.error_label, LATE)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Save"))
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self.heading.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.buttons)
        # Enter in a one-line field accepts (the default button); Ctrl+Enter does it from anywhere.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)

        self.build()
        for field in self.findChildren(DateField):  # a typed date refused: say why, in place
            field.refused.connect(self.show_error)
        self.revalidate()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.name_fields()
        super().showEvent(event)

    def name_fields(self) -> None:
        """Name each field after its row's label, for screen readers (subclasses add rows
        in ``build``; whatever they add is named here, once the form is complete)."""
        from flexidesk.ui.accessibility import strip_mnemonic

        for row in range(self.form.rowCount()):
            label = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is None or field is None or not isinstance(label.widget(), QLabel):
                continue
            widget = field.widget()
            if widget is None:
                continue
            name = strip_mnemonic(cast(QLabel, label.widget()).text()).rstrip(":")  # see above
            if name and not widget.accessibleName():
                widget.setAccessibleName(name)
            if not widget.accessibleDescription():
                hint = widget.toolTip() or getattr(widget, "placeholderText", lambda: "")()
                if hint:
                    widget.setAccessibleDescription(hint)

    def set_heading(self, rich_text: str) -> None:
        """Show a line above the fields (escape any user text in it first)."""
        self.heading.setText(rich_text)
        self.heading.show()

    # --- for subclasses -----------------------------------------------------------------

    def build(self) -> None:
        """Add the fields to ``self.form``."""

    def problem(self) -> str:
        """Why the form cannot be saved yet, in plain words ('' when it can)."""
        return ""

    def save(self):
        """Do the action through the policy; return what was saved (raise PolicyError to refuse)."""
        raise NotImplementedError

    def watch(self, *widgets) -> None:
        """Re-check the form whenever any of these widgets changes."""
        for widget in widgets:
            if isinstance(widget, SessionsGrid):
                widget.changed.connect(self.revalidate)
            elif isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.textChanged.connect(self.revalidate)
            elif isinstance(widget, QDateTimeEdit):  # dates and times
                widget.dateTimeChanged.connect(self.revalidate)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self.revalidate)
            elif isinstance(widget, QSpinBox | QDoubleSpinBox):
                widget.valueChanged.connect(self.revalidate)
            elif isinstance(widget, QAbstractButton):
                widget.toggled.connect(self.revalidate)
            elif isinstance(widget, QListWidget | QTableWidget):
                widget.itemChanged.connect(self.revalidate)
            else:
                raise TypeError(f"cannot watch {type(widget).__name__}")

    # --- behaviour ----------------------------------------------------------------------

    def revalidate(self, *_args) -> None:
        """Enable OK only when the form makes sense; say why not otherwise."""
        if self.sender() is not None:  # the user changed something: an old refusal may not apply
            self.error_label.hide()
        reason = self.problem()
        self.ok_button.setEnabled(not reason)
        self.reason_label.setText(reason)
        self.reason_label.setVisible(bool(reason))
        if self.isVisible():
            grow_to_fit(self)

    def show_error(self, message: str) -> None:
        """Show a refusal inside the form; what was typed stays."""
        self.error_label.setText(message)
        self.error_label.show()
        grow_to_fit(self)

    def accept(self) -> None:
        if self.problem():
            self.revalidate()
            return
        try:
            self.saved = self.save()
        except (PolicyError, StoreError) as refusal:
            # A refusal, or the world's problem (a full disk, the server out of reach): said
            # here, and what was typed stays for another try.
            self.show_error(str(refusal))
            return
        if self.saved is False:  # the user stepped back (e.g. closed a preview); stay open
            return
        super().accept()
