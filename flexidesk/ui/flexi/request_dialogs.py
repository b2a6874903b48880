"""The flexi dialogs of the journey's first phase: the request, the meeting, a withdrawal."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
)

from flexidesk.i18n import _, format_date
from flexidesk.policy import flexi
from flexidesk.policy.flexi import RequestDetail
from flexidesk.policy.provision import adults_of
from flexidesk.policy.school.setup import profile
from flexidesk.policy.school.working_days import school_calendar
from flexidesk.ui.flexi.forms import (
    ActionDialog,
    _issue_with_message,
    _show_day,
    with_confirmation,
)
from flexidesk.ui.widgets.date_field import DateField, TimeField
from flexidesk.ui.widgets.form_dialog import text_box
from flexidesk.ui.widgets.pupil_picker import PupilPicker
from flexidesk.ui.widgets.sessions_grid import SessionsGrid


class ReceiveRequestDialog(ActionDialog):
    """A family's request arrives: the child, who asks, when, which sessions at home, why."""

    def build(self) -> None:
        self.setWindowTitle(_("New flexi-schooling request"))
        self.ok_button.setText(_("Record request"))
        self.setMinimumWidth(580)  # room for each adult's relationship and responsibility
        self.pupil = PupilPicker(self.actor, self)
        self.pupil.setObjectName("pupil")
        self.adults = QListWidget(self)
        self.adults.setObjectName("adults")
        self.adults.setMaximumHeight(90)
        self.received = DateField(self.today, self, maximum=self.today)
        self.received.setObjectName("received")
        self.sessions = SessionsGrid(self, checked_means=_("at home"))
        self.reasons = text_box(_("What the family told us about why they ask"))
        self.reasons.setObjectName("reasons")
        self.earlier = QLabel(self)  # a decision on an earlier request for the same child
        self.earlier.setObjectName("earlier_decision")
        self.earlier.setWordWrap(True)
        self.earlier.hide()
        self.form.addRow(_("&Child:"), self.pupil)
        self.form.addRow("", self.earlier)
        self.form.addRow(_("Asked by:"), self.adults)
        self.form.addRow(_("&Received on:"), self.received)
        self.form.addRow(_("Sessions at home:"), self.sessions)
        self.form.addRow(_("Fa&mily's reasons:"), self.reasons)
        self.pupil.pupil_changed.connect(self._load_adults)
        self.watch(self.adults, self.received, self.sessions, self.reasons)
        self.pupil.pupil_changed.connect(self.revalidate)

    def _load_adults(self, pupil_id: int | None) -> None:
        self.adults.clear()
        self.earlier.hide()
        if pupil_id is None:
            return
        earlier = flexi.earlier_decisions(self.actor, pupil_id)
        if earlier:
            last = earlier[0]
            self.earlier.setText(_("An earlier request (received {received}) was {outcome} on "
                                   "{date}. A new request is welcome; the Headteacher will see "
                                   "the earlier decision.").format(
                received=format_date(last.received_on), outcome=last.outcome_label.lower(),
                date=format_date(last.decided_on)))
            self.earlier.show()
        fill_adults(self.adults, adults_of(self.actor, pupil_id), ticked=None)

    def adult_ids(self) -> list[int]:
        """The ticked adults."""
        return [self.adults.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.adults.count())
                if self.adults.item(i).checkState() == Qt.CheckState.Checked]

    def problem(self) -> str:
        if self.pupil.pupil_id() is None:
            return _("Type the child's name and choose them from the list.")
        return request_problem(self)

    def save(self):
        return flexi.receive_request(
            self.actor, pupil_id=self.pupil.pupil_id(), adult_ids=self.adult_ids(),
            received_on=self.received.value(), sessions=self.sessions.sessions(),
            reasons=self.reasons.toPlainText().strip())


def fill_adults(box: QListWidget, adults, ticked: set[int] | None) -> None:
    """The child's adults to tick, each saying whether they hold parental responsibility;
    ``ticked`` None ticks those who do."""
    box.clear()
    for adult in adults:
        holds = (_("parental responsibility") if adult.parental_responsibility
                 else _("no parental responsibility"))
        relationship = adult.relationship or _("adult")
        item = QListWidgetItem(f"{adult.name} ({relationship}, {holds})")
        item.setData(Qt.ItemDataRole.UserRole, adult.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        on = adult.parental_responsibility if ticked is None else adult.id in ticked
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        box.addItem(item)


def request_problem(form) -> str:
    """What a request form still lacks: adults, sessions, the family's reasons."""
    if not form.adults.count():
        return _("No adults are recorded for this child yet; add them to the child's "
                 "record first.")
    if not form.adult_ids():
        return _("Tick at least one adult making the request.")
    if not form.sessions.sessions():
        return _("Tick the sessions the family would like the child to be at home.")
    if not form.reasons.toPlainText().strip():
        return _("Write what the family told us about why they ask.")
    return ""


class CorrectRequestDialog(ActionDialog):
    """Correct the request as recorded (who asked, when, which sessions, why) until the
    decision; the audit keeps what it said before."""

    # A step on a request that exists (only receiving one starts without).
    request_id: int
    detail: RequestDetail

    def build(self) -> None:
        self.setWindowTitle(_("Correct the request"))
        self.ok_button.setText(_("Save correction"))
        self.setMinimumWidth(580)  # room for each adult's relationship and responsibility
        d = self.detail
        note = QLabel(_("Correct what was recorded wrongly. The record keeps what it said "
                        "before, with who changed it."), self)
        note.setWordWrap(True)
        self.form.addRow(note)
        self.adults = QListWidget(self)
        self.adults.setObjectName("adults")
        self.adults.setMaximumHeight(90)
        fill_adults(self.adults, adults_of(self.actor, d.pupil_id),
                    ticked={adult_id for adult_id, _name in d.adults})
        latest = min(self.today, d.meeting_date) if d.meeting_date else self.today
        self.received = DateField(d.received_on, self, maximum=latest)
        self.received.setObjectName("received")
        self.sessions = SessionsGrid(self, checked_means=_("at home"))
        self.sessions.set_sessions(d.requested_sessions)
        self.reasons = text_box(_("What the family told us about why they ask"))
        self.reasons.setObjectName("reasons")
        self.reasons.setPlainText(d.reasons)
        self.form.addRow(_("Asked by:"), self.adults)
        self.form.addRow(_("&Received on:"), self.received)
        self.form.addRow(_("Sessions at home:"), self.sessions)
        self.form.addRow(_("Fa&mily's reasons:"), self.reasons)
        self.watch(self.adults, self.received, self.sessions, self.reasons)

    adult_ids = ReceiveRequestDialog.adult_ids

    def problem(self) -> str:
        return request_problem(self)

    def save(self):
        return flexi.correct_request(
            self.actor, self.request_id, adult_ids=self.adult_ids(),
            received_on=self.received.value(), sessions=self.sessions.sessions(),
            reasons=self.reasons.toPlainText().strip(), today=self.today)


class ArrangeMeetingDialog(ActionDialog):
    """Invite the family to meet the Headteacher: date, time and place, then the letter."""

    # A step on a request that exists (only receiving one starts without).
    request_id: int
    detail: RequestDetail

    def build(self) -> None:
        self.setWindowTitle(_("Arrange the meeting"))
        self.ok_button.setText(_("Arrange meeting"))
        d = self.detail
        default_day = school_calendar().add_working_days(self.today, 3)
        self.date = DateField(d.meeting_date or default_day, self, minimum=d.received_on)
        self.date.setObjectName("meeting_date")
        self.time = TimeField(d.meeting_time or dt.time(15, 30), self)
        self.time.setObjectName("meeting_time")
        self.place = QLineEdit(d.meeting_place or _("Headteacher's office"), self)
        self.place.setObjectName("place")
        self.letter = QCheckBox(_("Preview and issue the invitation letter next"), self)
        self.letter.setObjectName("issue_invitation")
        self.letter.setChecked(True)
        self.day_note = QLabel(self)
        self.form.addRow(_("&Date:"), self.date)
        self.form.addRow("", self.day_note)
        self.form.addRow(_("&Time:"), self.time)
        self.form.addRow(_("&Place:"), self.place)
        self.form.addRow("", self.letter)
        self.watch(self.date, self.place)

    def problem(self) -> str:
        _show_day(self.day_note, self.date.value())
        if not self.place.text().strip():
            return _("Say where the meeting will be.")
        return ""

    def save(self):
        return with_confirmation(self, lambda confirmed: flexi.arrange_meeting(
            self.actor, self.request_id, meeting_date=self.date.value(),
            meeting_time=self.time.value(), place=self.place.text().strip(),
            confirm_non_school_day=confirmed, today=self.today))

    def follow_up(self) -> None:
        """After saving: offer the invitation letter if asked for."""
        if self.letter.isChecked():
            _issue_with_message(self.parent(), self.actor, self.request_id, "flexi_invitation",
                                self.today)


class RecordMeetingDialog(ActionDialog):
    """The meeting happened: when, who came, what was said."""

    # A step on a request that exists (only receiving one starts without).
    request_id: int
    detail: RequestDetail

    def build(self) -> None:
        self.setWindowTitle(_("Record the meeting"))
        self.ok_button.setText(_("Record meeting"))
        # A meeting is held on or after the day it was arranged for: that day is the default.
        planned = self.detail.meeting_date or self.today
        self.held = DateField(planned, self, minimum=planned, maximum=max(planned, self.today))
        self.held.setObjectName("held_on")
        names = [profile().headteacher_name] + [name for _id, name in self.detail.adults]
        self.attendees = QLineEdit(", ".join(n for n in names if n), self)
        self.attendees.setObjectName("attendees")
        self.head_present = QCheckBox(
            _("The Headteacher (or their named deputy) was at the meeting"), self)
        self.head_present.setObjectName("head_present")
        self.head_present.setChecked(True)
        self.absent_reason = QLineEdit(self)
        self.absent_reason.setObjectName("head_absent_reason")
        self.absent_reason.setPlaceholderText(_("Why the meeting went ahead without them"))
        self.absent_reason.setEnabled(False)
        self.head_present.toggled.connect(lambda on: self.absent_reason.setEnabled(not on))
        self.notes = text_box(_("What was talked about; what the family hopes for"), 110)
        self.notes.setObjectName("notes")
        self.form.addRow(_("&Held on:"), self.held)
        self.form.addRow(_("&Who came:"), self.attendees)
        self.form.addRow("", self.head_present)
        self.form.addRow(_("&Reason:"), self.absent_reason)
        self.form.addRow(_("&Notes:"), self.notes)
        self.watch(self.attendees, self.head_present, self.absent_reason)

    def problem(self) -> str:
        if not self.attendees.text().strip():
            return _("Say who came to the meeting.")
        if not self.head_present.isChecked() and not self.absent_reason.text().strip():
            return _("Say why the meeting went ahead without the Headteacher.")
        return ""

    def save(self):
        return with_confirmation(self, lambda confirmed: flexi.record_meeting(
            self.actor, self.request_id, held_on=self.held.value(),
            attendees=self.attendees.text().strip(), notes=self.notes.toPlainText().strip(),
            head_present=self.head_present.isChecked(),
            head_absent_reason=self.absent_reason.text().strip(),
            confirm_non_school_day=confirmed, today=self.today))



class WithdrawDialog(ActionDialog):
    """The family withdraws the request (asks to be sure: it closes the request)."""

    # A step on a request that exists (only receiving one starts without).
    request_id: int
    detail: RequestDetail

    def build(self) -> None:
        self.setWindowTitle(_("Withdraw the request"))
        self.ok_button.setText(_("Withdraw request"))
        warning = QLabel(_("The family no longer wants flexi-schooling. The request will be "
                           "closed and cannot be reopened; a new request can be recorded "
                           "later."), self)
        warning.setWordWrap(True)
        self.form.addRow(warning)
        self.date = DateField(self.today, self, minimum=self.detail.received_on,
                              maximum=self.today)
        self.date.setObjectName("withdrawn_on")
        self.form.addRow(_("&Withdrawn on:"), self.date)
        self.note = text_box(_("What the family said (optional)"), 60)
        self.note.setObjectName("note")
        self.form.addRow(_("&Note:"), self.note)

    def save(self):
        result = flexi.withdraw(self.actor, self.request_id, withdrawn_on=self.date.value(),
                                note=self.note.toPlainText().strip())
        return True if result is None else result

