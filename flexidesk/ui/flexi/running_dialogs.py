"""The flexi dialogs of a running arrangement: its reviews and its end with notice."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QLabel,
)

from flexidesk.i18n import _, format_date
from flexidesk.policy import flexi
from flexidesk.policy.flexi import RequestDetail
from flexidesk.policy.school.school_days import school_day_on_or_after
from flexidesk.policy.school.working_days import school_calendar
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

    # A step on a request that exists (only receiving one starts without).
    request_id: int
    detail: RequestDetail

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
        self.next_review = DateField(self.review_after(self.today), self)
        self.next_review.setObjectName("next_review")
        self.next_label.setBuddy(self.next_review)
        self.form.addRow(self.next_label, self.next_review)
        self.notes = text_box(_("How it is going: for the child, the family and the class"), 90)
        self.notes.setObjectName("notes")
        self.form.addRow(_("N&otes:"), self.notes)
        self.date.dateChanged.connect(lambda *_a: self.next_review.set_value(
            self.review_after(self.date.value())))
        self.watch(self.date, self.next_review, self.sessions)
        self.outcome_group.buttonToggled.connect(self.revalidate)

    def review_after(self, day: dt.date) -> dt.date:
        """The interval on from ``day``, moved to the first school day on or after it."""
        return school_calendar().on_or_after(day + dt.timedelta(weeks=self.interval))

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
        if outcome != "end" and not school_calendar().is_working_day(self.next_review.value()):
            return _("The next review falls when the school is shut: choose a school day.")
        return ""

    def save(self):
        outcome = _chosen(self.outcome)
        return flexi.review_arrangement(
            self.actor, self.request_id, review_date=self.date.value(), outcome=outcome,
            notes=self.notes.toPlainText().strip(),
            new_sessions=self.sessions.sessions() if outcome == "change" else None,
            next_review_date=self.next_review.value() if outcome != "end" else None)


class EndDialog(ActionDialog):
    """End the arrangement on notice from the school or the family, respecting the notice."""

    # A step on a request that exists (only receiving one starts without).
    request_id: int
    detail: RequestDetail

    def build(self) -> None:
        self.setWindowTitle(_("End the arrangement"))
        self.ok_button.setText(_("End arrangement"))
        row, self.by_group, self.by = _radio_row(
            self, [("notice_family", _("The &family gave notice")),
                   ("notice_school", _("The &school gave notice"))])
        self.by["notice_family"].setChecked(True)
        self.form.addRow(_("Notice:"), row)
        self.weeks = self.detail.notice_weeks if self.detail.notice_weeks is not None else 4
        # Notice falls between the agreement's start and today.
        start = min(self.detail.start_date or self.detail.received_on, self.today)
        self.given = DateField(self.today, self, minimum=start, maximum=self.today)
        self.given.setObjectName("notice_given_on")
        self.form.addRow(_("Notice &given on:"), self.given)
        self.ended = DateField(school_day_on_or_after(self.earliest()), self,
                               minimum=self.detail.received_on)
        self.ended.setObjectName("ended_on")
        self.form.addRow(_("&Last day:"), self.ended)
        self.day_note = QLabel(self)
        self.day_note.setWordWrap(True)
        self.form.addRow("", self.day_note)
        self.short_reason = text_box(_("The Headteacher's reason for a shorter notice"), 50)
        self.short_reason.setObjectName("short_notice_reason")
        self.form.addRow(_("&Reason:"), self.short_reason)
        self.given.dateChanged.connect(
            lambda *_a: self.ended.set_value(school_day_on_or_after(self.earliest())))
        self.watch(self.given, self.ended, self.short_reason)
        self.form.addRow(QLabel(_("From the day after, the child attends school full time. "
                                  "The family is sent a letter confirming the end."), self))

    def earliest(self) -> dt.date:
        """The first day the arrangement may end on with the agreed notice."""
        return self.given.value() + dt.timedelta(weeks=self.weeks)

    def short(self) -> bool:
        return self.ended.value() < self.earliest()

    def problem(self) -> str:
        start = self.detail.start_date
        if start is not None and start > self.today:
            return _("The arrangement starts on {date}: notice can be given from that day.")\
                .format(date=format_date(start))
        _show_day(self.day_note, self.ended.value())
        self.short_reason.setEnabled(self.short())
        if self.short():
            self.day_note.setText(self.day_note.text() + " " + _(
                "The agreement asks for {n} weeks' notice, so the earliest last day is {date}."
            ).format(n=self.weeks, date=format_date(self.earliest())))
            if not self.short_reason.toPlainText().strip():
                return _("A shorter notice needs the Headteacher's reason.")
        return ""

    def save(self):
        result = flexi.end_arrangement(
            self.actor, self.request_id, ended_on=self.ended.value(), reason=_chosen(self.by),
            notice_given_on=self.given.value(),
            short_notice_reason=self.short_reason.toPlainText().strip() if self.short() else "",
            today=self.today)
        return True if result is None else result
