"""The flexi dialogs of a running arrangement: its reviews and its end with notice."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QLabel,
    QSpinBox,
)

from flexidesk.i18n import _
from flexidesk.policy import flexi
from flexidesk.policy.vocabulary import describe_sessions, parse_sessions
from flexidesk.ui.flexi.forms import (
    ActionDialog,
    _chosen,
    _radio_row,
    _show_day,
)
from flexidesk.ui.widgets.date_field import DateField
from flexidesk.ui.widgets.form_dialog import text_box
from flexidesk.ui.widgets.sessions_grid import SessionsGrid


class ReviewDialog(ActionDialog):
    """A review of the running arrangement: carry on, change the pattern, or end it."""

    def build(self) -> None:
        self.setWindowTitle(_("Review the arrangement"))
        self.ok_button.setText(_("Record review"))
        self.interval = self.detail.review_interval_weeks or 13
        # A change at a review rewrites the agreement's sessions, so these are always current.
        self.current = parse_sessions(self.detail.home_sessions)
        self.form.addRow(_("Sessions at home now:"), QLabel(describe_sessions(self.current), self))
        self.date = DateField(self.today, self, maximum=self.today)
        self.date.setObjectName("review_date")
        self.form.addRow(_("Review &date:"), self.date)
        row, self.outcome_group, self.outcome = _radio_row(
            self, [("continue", _("&Continue")), ("change", _("C&hange the pattern")),
                   ("end", _("&End"))])
        self.outcome["continue"].setChecked(True)
        self.form.addRow(_("Outcome:"), row)
        self.sessions_label = QLabel(_("New sessions at home:"), self)
        self.sessions = SessionsGrid(self, checked_means=_("at home"))
        self.sessions.set_sessions(self.current)
        self.form.addRow(self.sessions_label, self.sessions)
        self.next_label = QLabel(_("&Next review:"), self)
        self.next_review = DateField(self.today + dt.timedelta(weeks=self.interval), self)
        self.next_review.setObjectName("next_review")
        self.next_label.setBuddy(self.next_review)
        self.form.addRow(self.next_label, self.next_review)
        self.notes = text_box(_("How it is going: for the child, the family and the class"), 90)
        self.notes.setObjectName("notes")
        self.form.addRow(_("N&otes:"), self.notes)
        self.date.dateChanged.connect(lambda *_a: self.next_review.set_value(
            self.date.value() + dt.timedelta(weeks=self.interval)))
        self.watch(self.date, self.next_review, self.sessions)
        self.outcome_group.buttonToggled.connect(self.revalidate)

    def problem(self) -> str:
        outcome = _chosen(self.outcome)
        self.sessions.setVisible(outcome == "change")
        self.sessions_label.setVisible(outcome == "change")
        self.next_review.setVisible(outcome != "end")
        self.next_label.setVisible(outcome != "end")
        if outcome == "change":
            if not self.sessions.sessions():
                return _("Tick at least one session at home, or choose End.")
            if self.sessions.sessions() == self.current:
                return _("The pattern is the same as now: change the ticks or choose Continue.")
        if outcome != "end" and self.next_review.value() <= self.date.value():
            return _("The next review must come after this one.")
        return ""

    def save(self):
        outcome = _chosen(self.outcome)
        return flexi.review_arrangement(
            self.actor, self.request_id, review_date=self.date.value(), outcome=outcome,
            notes=self.notes.toPlainText().strip(),
            new_sessions=self.sessions.sessions() if outcome == "change" else None,
            next_review_date=self.next_review.value() if outcome != "end" else None)


class EndDialog(ActionDialog):
    """End the arrangement on notice from the school or the family."""

    def build(self) -> None:
        self.setWindowTitle(_("End the arrangement"))
        self.ok_button.setText(_("End arrangement"))
        row, self.by_group, self.by = _radio_row(
            self, [("notice_family", _("The &family gave notice")),
                   ("notice_school", _("The &school gave notice"))])
        self.by["notice_family"].setChecked(True)
        self.form.addRow(_("Notice:"), row)
        self.notice = QSpinBox(self)
        self.notice.setObjectName("notice_weeks")
        self.notice.setRange(0, 26)
        self.notice.setValue(self.detail.notice_weeks if self.detail.notice_weeks is not None
                             else 4)
        self.notice.setSuffix(_(" weeks"))
        self.form.addRow(_("&Notice period:"), self.notice)
        self.ended = DateField(self.today + dt.timedelta(weeks=self.notice.value()), self,
                               minimum=self.detail.received_on)
        self.ended.setObjectName("ended_on")
        self.form.addRow(_("&Last day:"), self.ended)
        self.day_note = QLabel(self)
        self.form.addRow("", self.day_note)
        self.ended.dateChanged.connect(lambda *_a: _show_day(self.day_note, self.ended.value()))
        _show_day(self.day_note, self.ended.value())
        self.notice.valueChanged.connect(
            lambda weeks: self.ended.set_value(self.today + dt.timedelta(weeks=weeks)))
        self.form.addRow(QLabel(_("From the day after, the child attends school full time."),
                                self))

    def save(self):
        result = flexi.end_arrangement(self.actor, self.request_id, ended_on=self.ended.value(),
                                       reason=_chosen(self.by), notice_weeks=self.notice.value())
        return True if result is None else result


