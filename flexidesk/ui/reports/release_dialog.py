"""The Headteacher checks each reason before the governors read it: as written, or reworded."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from flexidesk.i18n import _
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.policy.records.release import FreeText, release_text, texts_to_check
from flexidesk.ui.widgets.status_line import StatusLine


class ReleaseDialog(QDialog):
    """Each reason the governors' report would carry, to release as written or reworded."""

    def __init__(self, actor: Actor, since: dt.date, today: dt.date, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Check reasons for the governors"))
        self.resize(860, 520)
        self.actor, self.since, self.today = actor, since, today
        self.texts: list[FreeText] = []
        self.released = 0

        intro = QLabel(_("The governors' report names no child. A reason you wrote appears in "
                         "it only once you have read it here and released it, as written or "
                         "reworded. A wording with the name of any child or adult on roll is "
                         "refused."), self)
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("texts")
        self.list.setAccessibleName(_("Reasons to check"))
        self.list.currentRowChanged.connect(self._show)
        self.kind = QLabel(self)
        self.kind.setWordWrap(True)
        self.kind.setTextFormat(Qt.TextFormat.PlainText)
        font = self.kind.font()
        font.setBold(True)
        self.kind.setFont(font)
        self.written = QPlainTextEdit(self)
        self.written.setObjectName("written")
        self.written.setReadOnly(True)
        self.written.setAccessibleName(_("As written"))
        self.wording = QPlainTextEdit(self)
        self.wording.setObjectName("wording")
        self.wording.setAccessibleName(_("What the governors will read"))
        self.wording.setTabChangesFocus(True)
        self.release_button = QPushButton(_("&Release for the governors"), self)
        self.release_button.setObjectName("releaseButton")
        self.release_button.clicked.connect(self.release)
        self.status = StatusLine(self)

        written_label = QLabel(_("As written:"), self)
        written_label.setBuddy(self.written)
        wording_label = QLabel(_("&What the governors will read:"), self)
        wording_label.setBuddy(self.wording)
        right = QVBoxLayout()
        right.addWidget(self.kind)
        right.addWidget(written_label)
        right.addWidget(self.written, 1)
        right.addWidget(wording_label)
        right.addWidget(self.wording, 1)
        right.addWidget(self.release_button, 0, Qt.AlignmentFlag.AlignRight)
        body = QHBoxLayout()
        body.addWidget(self.list, 2)
        body.addLayout(right, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self, select: int = 0) -> None:
        """Read the reasons again (each reading is recorded on the child's record)."""
        self.texts = texts_to_check(self.actor, self.since, self.today)
        self.list.clear()
        for text in self.texts:
            state = _("released") if text.released else _("not checked")
            item = QListWidgetItem(f"{text.context} \u2014 {state}")
            item.setToolTip(text.label)
            self.list.addItem(item)
        if not self.texts:
            self.kind.setText(_("No reason in this period needs checking."))
            for widget in (self.written, self.wording, self.release_button):
                widget.setEnabled(False)
            return
        self.list.setCurrentRow(min(select, len(self.texts) - 1))

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.texts):
            return
        text = self.texts[row]
        self.kind.setText(text.label)
        self.written.setPlainText(text.text)
        self.wording.setPlainText(text.wording or text.text)

    def release(self) -> None:
        """Release the wording shown for the reason selected (refused with a reason if it
        names someone on roll; nothing else changes then)."""
        row = self.list.currentRow()
        if not 0 <= row < len(self.texts):
            return
        text = self.texts[row]
        try:
            release_text(self.actor, text.source, text.record_id, self.wording.toPlainText())
        except PolicyError as exc:
            self.status.say(str(exc), error=True)
            self.wording.setFocus()
            return
        self.released += 1
        self.status.say(_("Released. The governors' report now shows this wording."))
        self.refresh(select=row + 1 if row + 1 < len(self.texts) else row)
