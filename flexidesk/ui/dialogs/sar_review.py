"""Before a subject access reply is exported, the Headteacher keeps or redacts each passage that
names someone else or is an internal note; each decision is recorded as it is made."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
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

from flexidesk.documents.sar_labels import label
from flexidesk.i18n import _, ngettext
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.policy.records.redaction import REASONS, Passage, decide_passage, passages
from flexidesk.store.models import SubjectAccessRequest
from flexidesk.ui.widgets.status_line import StatusLine


def _state(passage: Passage) -> str:
    if passage.decision == "keep":
        return _("Kept")
    if passage.decision == "redact":
        return _("Redacted")
    return _("To decide")


class SarReviewDialog(QDialog):
    """Every flagged passage of one reply, to keep or redact; Continue once all are decided."""

    def __init__(self, actor: Actor, request: SubjectAccessRequest,
                 found: list[Passage] | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Check the reply before it is sent"))
        self.resize(940, 600)
        self.actor, self.request = actor, request
        self.found: list[Passage] = found if found is not None else passages(actor, request)

        intro = QLabel(_("These passages name someone other than the child, or are notes the "
                         "school wrote for itself. Read each one and keep it in the reply or "
                         "redact it. A redacted passage is replaced by the reason it was "
                         "withheld; each decision is recorded with the request."), self)
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("passages")
        self.list.setAccessibleName(_("Passages to check"))
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._show)
        self.flags = QLabel(self)
        self.flags.setObjectName("flags")
        self.flags.setWordWrap(True)
        self.flags.setTextFormat(Qt.TextFormat.PlainText)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("passageText")
        self.text.setReadOnly(True)
        self.text.setAccessibleName(_("The passage"))
        self.keep_button = QPushButton(_("&Keep it in the reply"), self)
        self.keep_button.setObjectName("keepButton")
        self.keep_button.clicked.connect(lambda: self.decide("keep"))
        self.reason = QComboBox(self)
        self.reason.setObjectName("reason")
        for code, words in REASONS.items():
            self.reason.addItem(_(words), code)
        self.redact_button = QPushButton(_("&Redact it"), self)
        self.redact_button.setObjectName("redactButton")
        self.redact_button.clicked.connect(lambda: self.decide("redact"))
        reason_label = QLabel(_("Re&ason:"), self)
        reason_label.setBuddy(self.reason)
        choices = QHBoxLayout()
        choices.addWidget(self.keep_button)
        choices.addStretch(1)
        choices.addWidget(reason_label)
        choices.addWidget(self.reason)
        choices.addWidget(self.redact_button)
        why_label = QLabel(_("Why it is shown:"), self)
        passage_label = QLabel(_("The passage:"), self)
        passage_label.setBuddy(self.text)
        right = QVBoxLayout()
        right.addWidget(why_label)
        right.addWidget(self.flags)
        right.addWidget(passage_label)
        right.addWidget(self.text, 1)
        right.addLayout(choices)
        body = QHBoxLayout()
        body.addWidget(self.list, 2)
        body.addLayout(right, 3)

        self.count = QLabel(self)
        self.count.setObjectName("count")
        self.status = StatusLine(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.continue_button = self.buttons.addButton(_("&Continue to export..."),
                                                      QDialogButtonBox.ButtonRole.AcceptRole)
        self.continue_button.setObjectName("continueButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(body, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._fill()
        first = next((n for n, p in enumerate(self.found) if not p.decided), 0)
        self.list.setCurrentRow(first if self.found else -1)

    def _fill(self) -> None:
        row = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for passage in self.found:
            what = _("Contact details") if passage.field == "contact" else label(passage.field)
            item = QListWidgetItem(f"{_state(passage)}: {passage.where} \u2014 {what}")
            item.setToolTip(passage.text[:300])
            self.list.addItem(item)
        self.list.blockSignals(False)
        if 0 <= row < len(self.found):
            self.list.setCurrentRow(row)
        waiting = sum(1 for p in self.found if not p.decided)
        self.count.setText(ngettext("{n} passage still to decide.", "{n} passages still to decide.",
                                    waiting).format(n=waiting) if waiting else
                           _("Every passage is decided."))
        self.continue_button.setEnabled(waiting == 0)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.found):
            return
        passage = self.found[row]
        self.flags.setText("\n".join(passage.flags))
        self.text.setPlainText(passage.text)
        if passage.reason:
            self.reason.setCurrentIndex(max(0, self.reason.findData(passage.reason)))

    def decide(self, decision: str) -> None:
        """Record the decision on the passage shown, then show the next one still to decide."""
        row = self.list.currentRow()
        if not 0 <= row < len(self.found):
            return
        passage = self.found[row]
        reason = self.reason.currentData() if decision == "redact" else ""
        try:
            decide_passage(self.actor, self.request, passage, decision, reason)
        except PolicyError as exc:
            self.status.say(str(exc), error=True)
            return
        self.found[row] = Passage(passage.key, passage.where, passage.field, passage.text,
                                  passage.flags, decision, reason)
        self.status.say(_("Kept in the reply.") if decision == "keep" else
                        _("Redacted: the reply says why it was withheld."))
        self._fill()
        following = [n for n, p in enumerate(self.found) if not p.decided and n > row]
        earlier = [n for n, p in enumerate(self.found) if not p.decided]
        nxt = (following or earlier or [row])[0]
        self.list.setCurrentRow(nxt)
        self._show(nxt)
