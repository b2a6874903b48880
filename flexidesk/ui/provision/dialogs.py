"""The child's page forms: put the child in an intervention or end it, record a review of it,
log a contact with the family."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from flexidesk.i18n import N_, _, format_date
from flexidesk.policy.provision import (
    EnrolmentLine,
    PupilPage,
    default_first_review,
    default_next_review,
    end_enrolment,
    enrol,
    intervention_choices,
    log_contact,
)
from flexidesk.policy.records.access import Actor
from flexidesk.store.models import CONTACT_METHODS
from flexidesk.ui.widgets.date_field import DateField, TimeField
from flexidesk.ui.widgets.form_dialog import FormDialog, ask_first, score_box, text_box
from flexidesk.ui.widgets.versioned_form import VersionedSave

METHOD_LABELS = {"phone": N_("Phone call"), "email": N_("Email"), "meeting": N_("Meeting"),
                 "letter": N_("Letter"), "text": N_("Text message"), "other": N_("Other")}


class ReviewDialog(VersionedSave, FormDialog):
    """Record how much an intervention is helping the child, and when to look again."""

    def __init__(self, actor: Actor, child: str, enrolment: EnrolmentLine, parent=None):
        self.remember_version("enrolment", enrolment.id)  # its next review, or its end
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
        self.score = score_box(self)
        self.notes = text_box(_("What changed for the child; what the family said"))
        self.notes.setObjectName("notes")
        self.next_review = DateField(default_next_review(self.enrolment.id, today), self)
        self.next_review.setObjectName("nextReview")
        self.form.addRow(_("Review &date:"), self.review_date)
        self.form.addRow(_("&Score:"), self.score)
        self.form.addRow(_("&Notes:"), self.notes)
        self.form.addRow(_("Ne&xt review:"), self.next_review)
        self.told = QComboBox(self)
        self.told.setObjectName("familyTold")
        self.told.addItem(_("Not told yet"), "")
        for code in CONTACT_METHODS:
            self.told.addItem(_(METHOD_LABELS.get(code, code)), code)
        self.form.addRow(_("&Family told by:"), self.told)
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
        from flexidesk.policy.provision.review_meeting import record_meeting_review

        return record_meeting_review(
            self.actor, self.enrolment.id, review_date=self.review_date.value(),
            score=self.score.currentData(), notes=self.notes.toPlainText(), decision="continue",
            next_review_date=self.next_review.value(), family_told_how=self.told.currentData(),
            today=self.today)


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
        self.time = TimeField(dt.time(now.hour, now.minute), self)
        self.time.setObjectName("contactTime")
        self.time.setAccessibleName(_("Time"))  # shares the "When" row with the date
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
        return dt.datetime.combine(self.day.value(), self.time.value())

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


class EnrolDialog(FormDialog):
    """Put the child in an intervention: which, from when, the target, who runs it."""

    def __init__(self, actor: Actor, page: PupilPage, parent=None):
        self.page = page
        self._review_touched = False
        self._staff_touched = False
        super().__init__(actor, parent)
        self.setWindowTitle(_("Start provision"))
        self.ok_button.setText(_("Start provision"))
        self.set_heading(_("<b>{child}</b>").format(child=html.escape(page.name)))

    def build(self) -> None:
        current = {e.intervention for e in self.page.enrolments if e.current}
        self.choices = [c for c in intervention_choices(self.actor) if c.name not in current]
        self.intervention = QComboBox(self)
        self.intervention.setObjectName("intervention")
        self.intervention.addItem(_("Choose an intervention…"), None)
        for choice in self.choices:
            label = choice.name + (_(" (confidential)") if choice.confidential else "")
            self.intervention.addItem(label, choice.id)
        self.start = DateField(self.today, self, minimum=self.page.on_roll_date)
        self.start.setObjectName("startDate")
        self.target = text_box(_("What should change for the child, so its reviews can tell"),
                               70)
        self.target.setObjectName("target")
        self.entry = text_box(_("Where the child is starting from (optional)"), 50)
        self.entry.setObjectName("entryData")
        self.staff = QLineEdit(self)
        self.staff.setObjectName("staff")
        self.staff.setPlaceholderText(_("Who runs it for this child"))
        self.first_review = DateField(default_first_review(None, self.today), self)
        self.first_review.setObjectName("firstReview")
        self.form.addRow(_("&Intervention:"), self.intervention)
        self.form.addRow(_("&Starts on:"), self.start)
        self.form.addRow(_("&Target:"), self.target)
        self.form.addRow(_("Starting &point:"), self.entry)
        self.form.addRow(_("Run &by:"), self.staff)
        self.form.addRow(_("&First review:"), self.first_review)
        self.intervention.currentIndexChanged.connect(self._follow_choice)
        self.start.dateChanged.connect(self._follow_choice)
        self.first_review.dateChanged.connect(self._review_edited)
        self.staff.textEdited.connect(self._staff_edited)
        self.watch(self.intervention, self.start, self.target, self.first_review)

    def chosen(self):
        """The intervention picked, or None."""
        chosen_id = self.intervention.currentData()
        return next((c for c in self.choices if c.id == chosen_id), None)

    def _follow_choice(self, *_args) -> None:
        """The first review and the staff follow the intervention until set by hand."""
        choice = self.chosen()
        if choice is None:
            return
        if not self._review_touched:
            self.first_review.blockSignals(True)
            self.first_review.set_value(default_first_review(choice.id, self.start.value()))
            self.first_review.blockSignals(False)
        if not self._staff_touched:
            self.staff.setText(choice.staff_lead)
        self.revalidate()

    def _review_edited(self, *_args) -> None:
        self._review_touched = True

    def _staff_edited(self, *_args) -> None:
        self._staff_touched = True

    def problem(self) -> str:
        if not self.choices:
            return _("{child} is already in every current intervention.").format(
                child=self.page.name)
        if self.chosen() is None:
            return _("Choose the intervention.")
        if not self.target.toPlainText().strip():
            return _("Write the target: what the intervention should change for the child.")
        if self.first_review.value() <= self.start.value():
            return _("The first review must come after the start date.")
        return ""

    def save(self):
        return ask_first(self, _("More children than places"), lambda yes: enrol(
            self.actor, self.page.id, self.chosen().id, self.start.value(),
            self.target.toPlainText(), staff=self.staff.text(),
            entry_data=self.entry.toPlainText(), next_review_date=self.first_review.value(),
            over_capacity=yes))


class EndEnrolmentDialog(VersionedSave, FormDialog):
    """End the child's place in an intervention, noting where they got to."""

    def __init__(self, actor: Actor, child: str, enrolment: EnrolmentLine, parent=None):
        self.remember_version("enrolment", enrolment.id)  # its next review, or its end
        self.child, self.enrolment = child, enrolment
        super().__init__(actor, parent)
        self.setWindowTitle(_("End provision"))
        self.ok_button.setText(_("End provision"))
        self.set_heading(_("<b>{child}</b>: {provision}, since {date}").format(
            child=html.escape(child), provision=html.escape(enrolment.intervention),
            date=format_date(enrolment.start_date)))

    def build(self) -> None:
        self.end = DateField(max(self.today, self.enrolment.start_date), self,
                             minimum=self.enrolment.start_date)
        self.end.setObjectName("endDate")
        self.exit = text_box(_("Where the child got to against the target"), 70)
        self.exit.setObjectName("exitData")
        self.form.addRow(_("&Last day:"), self.end)
        if self.enrolment.target:
            target = QLabel(self.enrolment.target, self)
            target.setWordWrap(True)
            self.form.addRow(_("Target:"), target)
        self.form.addRow(_("&Outcome:"), self.exit)
        self.watch(self.end, self.exit)

    def problem(self) -> str:
        if not self.exit.toPlainText().strip():
            return _("Say where the child got to, so the provision map shows what it achieved.")
        return ""

    def save(self):
        return end_enrolment(self.actor, self.enrolment.id, self.end.value(),
                             exit_data=self.exit.toPlainText())
