"""Review-meeting mode: the due reviews one after another, by keyboard alone.

Each review takes a few keystrokes: the score (type +2, +1, 0, -1 or -2), Tab, the note,
Tab, the decision, Tab, the next date, Tab, how the family was told; Ctrl+Enter saves and
brings the next. The child's earlier reviews stay beside the form.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import _, format_date, ngettext
from flexidesk.policy.provision.review_meeting import DueReview, due_reviews, record_meeting_review
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.policy.vocabulary import SCORE_LABELS, YEAR_LABELS
from flexidesk.store.models import CONTACT_METHODS
from flexidesk.ui.models.rows import LATE, MUTED
from flexidesk.ui.provision.dialogs import METHOD_LABELS
from flexidesk.ui.widgets.date_field import DateField
from flexidesk.ui.widgets.form_dialog import score_box, set_tone, text_box
from flexidesk.ui.widgets.keyboard import KeyboardForm


class ScoreKeys(QObject):
    """Typing a score into the score box: +2, +1, 0, -1, -2 (a sign, then the digit)."""

    def __init__(self, box: QComboBox):
        super().__init__(box)
        self._box, self._sign = box, 1
        box.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or event.modifiers() & ~(
                Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier):
            return False
        key = event.text()
        if key in ("+", "-"):
            self._sign = 1 if key == "+" else -1
            return True
        if key in ("0", "1", "2"):
            index = self._box.findData(self._sign * int(key))
            self._box.setCurrentIndex(index)
            self._sign = 1
            return True
        return False


def earlier_html(review: DueReview) -> str:
    """The child's earlier reviews of this provision, newest first, whole and wrapped."""
    if not review.earlier:
        return "<p><i>" + html.escape(_("No earlier review of this provision.")) + "</i></p>"
    parts = []
    for r in review.earlier:
        head = f"<b>{html.escape(format_date(r.review_date))}</b> · " + html.escape(
            _(SCORE_LABELS.get(r.score, str(r.score))))
        if r.reviewed_by:
            head += " · " + html.escape(r.reviewed_by)
        parts.append(f"<p>{head}<br>{html.escape(r.notes) or '<i>—</i>'}</p>")
    return "".join(parts)


class ReviewMeetingDialog(KeyboardForm, QDialog):
    """Step through the due reviews; each saved one is recorded at once, then the next comes."""

    def __init__(self, actor: Actor, parent=None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.setObjectName("reviewMeeting")
        self.setWindowTitle(_("Review meeting"))
        self.actor = actor
        self.today = today or dt.date.today()
        self.reviews = due_reviews(actor, self.today)
        self.index = 0
        self.recorded = 0

        self.progress = QLabel(self)
        self.progress.setObjectName("meetingProgress")
        self.child = QLabel(self)
        self.child.setObjectName("meetingChild")
        self.child.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.child.setWordWrap(True)
        self.target = QLabel(self)
        self.target.setObjectName("meetingTarget")
        self.target.setWordWrap(True)

        self.score = score_box(self)
        self.score.setToolTip(_("Type +2, +1, 0, -1 or -2"))
        self._score_keys = ScoreKeys(self.score)
        self.notes = text_box(_("What changed for the child"))
        self.notes.setObjectName("notes")
        self.decision = QComboBox(self)
        self.decision.setObjectName("decision")
        self.decision.addItem(_("Continue"), "continue")
        self.decision.addItem(_("End the provision"), "end")
        self.next_review = DateField(self.today, self)
        self.next_review.setObjectName("nextReview")
        self.told = QComboBox(self)
        self.told.setObjectName("familyTold")
        self.told.addItem(_("Not told yet"), "")
        for code in CONTACT_METHODS:
            self.told.addItem(_(METHOD_LABELS.get(code, code)), code)
        self.decision.currentIndexChanged.connect(self._decision_changed)

        form = QFormLayout()
        form.addRow(_("&Score:"), self.score)
        form.addRow(_("&Note:"), self.notes)
        form.addRow(_("&Decision:"), self.decision)
        form.addRow(_("Ne&xt review:"), self.next_review)
        form.addRow(_("&Family told by:"), self.told)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        set_tone(self.error, LATE)
        self.error.hide()

        self.save_button = QPushButton(_("Sa&ve and next (Ctrl+Enter)"), self)
        self.save_button.setObjectName("saveNext")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_and_next)
        self.skip_button = QPushButton(_("S&kip"), self)
        self.skip_button.clicked.connect(self.skip)
        self.back_button = QPushButton(_("&Back"), self)
        self.back_button.clicked.connect(self.back)
        self.close_button = QPushButton(_("Close"), self)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.progress, self.child, self.target):
            left_layout.addWidget(widget)
        left_layout.addLayout(form)
        left_layout.addWidget(self.error)
        left_layout.addStretch(1)
        self.earlier = QTextBrowser(self)
        self.earlier.setObjectName("earlierReviews")
        self.earlier.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes through the form only
        right = QVBoxLayout()
        right.addWidget(QLabel("<b>" + html.escape(_("Earlier reviews")) + "</b>", self))
        right.addWidget(self.earlier, 1)
        body = QHBoxLayout()
        body.addWidget(left, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save_and_next)
        self.setTabOrder(self.score, self.notes)
        self.setTabOrder(self.notes, self.decision)
        self.setTabOrder(self.decision, self.next_review)
        self.setTabOrder(self.next_review, self.told)
        self.setTabOrder(self.told, self.save_button)
        self.resize(920, 520)
        self._show()

    # --- stepping -----------------------------------------------------------------------------

    def current(self) -> DueReview | None:
        """The review on screen, or None once every one has been seen."""
        return self.reviews[self.index] if self.index < len(self.reviews) else None

    def _show(self) -> None:
        review = self.current()
        self.error.hide()
        form_widgets = (self.score, self.notes, self.decision, self.next_review, self.told,
                        self.save_button, self.skip_button)
        for widget in form_widgets:
            widget.setEnabled(review is not None)
        self.back_button.setEnabled(self.index > 0)
        if review is None:
            self.progress.setText(ngettext("{n} review recorded.", "{n} reviews recorded.",
                                           self.recorded).format(n=self.recorded))
            self.child.setText(_("No more reviews due."))
            self.target.clear()
            self.earlier.clear()
            self.close_button.setDefault(True)
            self.close_button.setFocus()
            return
        due = format_date(review.due_on)
        state = (_("overdue since {date}") if review.overdue else _("due {date}")).format(
            date=due)
        # What is still due counts down as reviews are saved (a saved one leaves the list).
        parts = [_("Review {n} of {left} still due").format(n=self.index + 1,
                                                           left=len(self.reviews))]
        if self.recorded:
            parts.append(ngettext("{n} recorded", "{n} recorded", self.recorded).format(
                n=self.recorded))
        self.progress.setText(" · ".join([*parts, state]))
        set_tone(self.progress, LATE if review.overdue else MUTED)
        self.child.setText(_("{child} ({year}): {intervention}").format(
            child=review.child, year=_(YEAR_LABELS.get(review.year_group, "")),
            intervention=review.intervention))
        self.target.setText(_("Target: {text}").format(text=review.target or _("(none set)")))
        self.earlier.setHtml(earlier_html(review))
        self.score.setCurrentIndex(0)
        self.notes.clear()
        self.decision.setCurrentIndex(0)
        self.next_review.set_value(review.suggested_next)
        self.told.setCurrentIndex(0)
        self.mark_unchanged()  # a fresh review to fill in: Escape asks only once typed in
        self.score.setFocus()

    def _decision_changed(self) -> None:
        self.next_review.setEnabled(self.decision.currentData() == "continue")

    def skip(self) -> None:
        """Leave this review for now and show the next."""
        if self.current() is not None:
            self.index += 1
            self._show()

    def back(self) -> None:
        """Show the review before (to record one skipped)."""
        if self.index > 0:
            self.index -= 1
            self._show()

    def save_and_next(self) -> bool:
        """Record the review on screen and bring the next; a refusal is shown, nothing lost."""
        review = self.current()
        if review is None:
            return False
        if self.score.currentData() is None:
            self._refuse(_("Choose a score: type +2, +1, 0, -1 or -2."))
            self.score.setFocus()
            return False
        decision = self.decision.currentData()
        try:
            record_meeting_review(
                self.actor, review.enrolment_id, review_date=self.today,
                score=self.score.currentData(), notes=self.notes.toPlainText(),
                decision=decision,
                next_review_date=self.next_review.value() if decision == "continue" else None,
                family_told_how=self.told.currentData(), today=self.today)
        except PolicyError as refusal:
            self._refuse(str(refusal))
            return False
        self.recorded += 1
        del self.reviews[self.index]  # done: it is no longer due
        self._show()
        return True

    def _refuse(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
