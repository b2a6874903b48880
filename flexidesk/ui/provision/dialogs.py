"""The child's page forms: record a review of an intervention, log a contact with the family."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QTimeEdit, QWidget

from flexidesk.i18n import N_, _, format_date
from flexidesk.policy.access import Actor
from flexidesk.policy.provision import (
    EnrolmentLine,
    PupilPage,
    default_next_review,
    log_contact,
    record_review,
)
from flexidesk.policy.vocabulary import SCORE_LABELS
from flexidesk.store.models import CONTACT_METHODS
from flexidesk.ui.widgets.date_field import DateField
from flexidesk.ui.widgets.form_dialog import FormDialog, text_box

METHOD_LABELS = {"phone": N_("Phone call"), "email": N_("Email"), "meeting": N_("Meeting"),
                 "letter": N_("Letter"), "text": N_("Text message"), "other": N_("Other")}


class ReviewDialog(FormDialog):
    """Record how much an intervention is helping the child, and when to look again."""

    def __init__(self, actor: Actor, child: str, enrolment: EnrolmentLine, parent=None):
        self.child, self.enrolment = child, enrolment
        self._next_touched = False
        super().__init__(actor, parent)
        self.setWindowTitle(_("Record a review"))
        self.set_heading(_("<b>{child}</b>: {provision}, since {date}").format(
            child=html.escape(child), provision=html.escape(enrolment.intervention),
            date=format_date(enrolment.start_date)))

    def build(self) -> None:
        today = dt.date.today()
        self.review_date = DateField(today, self, minimum=self.enrolment.start_date,
                                     maximum=today)
        self.review_date.setObjectName("reviewDate")
        self.score = QComboBox(self)
        self.score.setObjectName("score")
        self.score.addItem(_("Choose a score…"), None)
        for value in sorted(SCORE_LABELS, reverse=True):
            self.score.addItem(_(SCORE_LABELS[value]), value)
        self.notes = text_box(_("What changed for the child; what the family said"))
        self.notes.setObjectName("notes")
        self.next_review = DateField(default_next_review(self.enrolment.id, today), self)
        self.next_review.setObjectName("nextReview")
        self.form.addRow(_("Review &date:"), self.review_date)
        self.form.addRow(_("&Score:"), self.score)
        self.form.addRow(_("&Notes:"), self.notes)
        self.form.addRow(_("Ne&xt review:"), self.next_review)
        self.review_date.dateChanged.connect(self._follow_review_date)
        self.next_review.dateChanged.connect(self._touched)
        self.watch(self.review_date, self.score, self.next_review)

    def _follow_review_date(self) -> None:
        """Until the next review is set by hand, it stays one interval after this review."""
        if not self._next_touched:
            self.next_review.blockSignals(True)
            self.next_review.set_value(default_next_review(self.enrolment.id,
                                                           self.review_date.value()))
            self.next_review.blockSignals(False)
            self.revalidate()

    def _touched(self) -> None:
        self._next_touched = True

    def problem(self) -> str:
        if self.score.currentData() is None:
            return _("Choose a score for how the provision is helping.")
        if self.next_review.value() <= self.review_date.value():
            return _("The next review must come after this one.")
        return ""

    def save(self):
        return record_review(self.actor, self.enrolment.id, self.review_date.value(),
                             self.score.currentData(), self.notes.toPlainText(),
                             self.next_review.value())


class ContactDialog(FormDialog):
    """Log a phone call, meeting, letter... with the child's family."""

    def __init__(self, actor: Actor, page: PupilPage, parent=None):
        self.page = page
        super().__init__(actor, parent)
        self.setWindowTitle(_("Log a contact with the family"))
        self.set_heading(_("<b>{child}</b>").format(child=html.escape(page.name)))

    def build(self) -> None:
        now = dt.datetime.now()
        self.day = DateField(now.date(), self, maximum=now.date())
        self.day.setObjectName("contactDay")
        self.time = QTimeEdit(QTime(now.hour, now.minute), self)
        self.time.setObjectName("contactTime")
        self.time.setDisplayFormat("HH:mm")
        when = QWidget(self)
        row = QHBoxLayout(when)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.day, 1)
        row.addWidget(self.time)
        self.method = QComboBox(self)
        self.method.setObjectName("method")
        for code in CONTACT_METHODS:
            self.method.addItem(_(METHOD_LABELS.get(code, code)), code)
        self.adult = QComboBox(self)
        self.adult.setObjectName("adult")
        self.adult.addItem(_("(not recorded)"), None)
        for adult in self.page.adults:
            self.adult.addItem(f"{adult.name} ({adult.relationship})", adult.id)
        if self.page.adults:
            self.adult.setCurrentIndex(1)
        self.about = QComboBox(self)
        self.about.setObjectName("about")
        self.about.addItem(_("(no one provision)"), None)
        for e in self.page.enrolments:
            if e.current:
                self.about.addItem(e.intervention, e.id)
        self.summary = text_box(_("What was said or agreed"))
        self.summary.setObjectName("summary")
        self.form.addRow(_("&When:"), when)
        self.form.addRow(_("&How:"), self.method)
        self.form.addRow(_("W&ith:"), self.adult)
        self.form.addRow(_("&About:"), self.about)
        self.form.addRow(_("S&ummary:"), self.summary)
        self.watch(self.summary, self.day, self.time)

    def _when(self) -> dt.datetime:
        return dt.datetime.combine(self.day.value(), self.time.time().toPython())

    def problem(self) -> str:
        if not self.summary.toPlainText().strip():
            return _("Write a short summary of the contact.")
        if self._when() > dt.datetime.now() + dt.timedelta(minutes=5):
            return _("A contact cannot be logged in the future.")
        return ""

    def save(self):
        return log_contact(self.actor, self.page.id, self._when(), self.method.currentData(),
                           self.summary.toPlainText(), adult_id=self.adult.currentData(),
                           enrolment_id=self.about.currentData())
