"""The flexi dialogs of the agreement phase: drafting, signatures, telling the local authority."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QSpinBox,
)

from flexidesk.documents.wording import capacity_label
from flexidesk.i18n import _, format_date
from flexidesk.policy import flexi
from flexidesk.policy.flexi import PartyRow, RequestDetail
from flexidesk.policy.provision import adults_of
from flexidesk.policy.school.setup import profile
from flexidesk.policy.school.working_days import school_calendar
from flexidesk.ui.flexi.forms import ActionDialog
from flexidesk.ui.flexi.request_dialogs import fill_adults
from flexidesk.ui.widgets.date_field import DateField
from flexidesk.ui.widgets.form_dialog import text_box
from flexidesk.ui.widgets.sessions_grid import SessionsGrid


class DraftAgreementDialog(ActionDialog):
    """The agreement's terms and its parties, pre-filled from the request (or the draft)."""

    # A step on a request that exists (only receiving one starts without).
    request_id: int
    detail: RequestDetail

    def build(self) -> None:
        self.setWindowTitle(_("Draft the agreement"))
        self.ok_button.setText(_("Draft agreement"))
        self.setMinimumWidth(600)
        d = self.detail
        draft = d.agreement_id is not None  # revising a draft nobody has signed yet
        if draft:
            # a drafted agreement has all of these
            assert d.start_date and d.review_interval_weeks and d.notice_weeks is not None
            start, sessions = d.start_date, d.home_sessions
            interval, notice = d.review_interval_weeks, d.notice_weeks
        else:
            # A sensible start: the first school day from the Monday at least a week away.
            start = self.today + dt.timedelta(days=7)
            start = school_calendar().on_or_after(
                start + dt.timedelta(days=(7 - start.weekday()) % 7))
            # The defaults of the version of our policy the request runs under.
            sessions, interval, notice = (d.requested_sessions, d.default_review_weeks,
                                          d.default_notice_weeks)
        self.start = DateField(start, self, minimum=self.today - dt.timedelta(days=365))
        self.start.setObjectName("start_date")
        self.sessions = SessionsGrid(self, checked_means=_("at home"))
        self.sessions.set_sessions(sessions)
        self.interval = QSpinBox(self)
        self.interval.setObjectName("review_interval")
        self.interval.setRange(1, 52)
        self.interval.setValue(interval)
        self.interval.setSuffix(_(" weeks"))
        first_review = d.first_review_date if draft else None
        self.first_review = DateField(first_review or school_calendar().on_or_after(
            start + dt.timedelta(weeks=interval)), self)
        self.first_review.setObjectName("first_review")
        self._review_touched = first_review is not None
        self.notice = QSpinBox(self)
        self.notice.setObjectName("notice_weeks")
        self.notice.setRange(0, 26)
        self.notice.setValue(notice)
        self.notice.setSuffix(_(" weeks"))
        educator = d.home_educator if draft else (d.adults[0][1] if d.adults else "")
        self.educator = QLineEdit(educator, self)
        self.educator.setObjectName("home_educator")
        self.terms = text_box(_("Anything particular to this arrangement (optional)"), 60)
        self.terms.setObjectName("special_terms")
        self.terms.setPlainText(d.special_terms if draft else "")

        # Parties are chosen, never typed: who signs for the school, the child's adults.
        self.signatory = QComboBox(self)
        self.signatory.setObjectName("signatory")
        signatories = flexi.school_signatories(self.actor)
        for signatory in signatories:
            self.signatory.addItem(_("{name}, {title}").format(name=signatory.name,
                                                               title=signatory.title),
                                   signatory.id)
        chosen_staff = next((p.staff_id for p in d.parties if p.staff_id), None) if draft \
            else None
        if chosen_staff is not None and self.signatory.findData(chosen_staff) >= 0:
            self.signatory.setCurrentIndex(self.signatory.findData(chosen_staff))
        self.family = QListWidget(self)
        self.family.setObjectName("family_parties")
        self.family.setMaximumHeight(90)
        ticked = ({p.adult_id for p in d.parties if p.adult_id} if draft
                  else {adult_id for adult_id, _name in d.adults})
        adults = adults_of(self.actor, d.pupil_id)
        self.pr_adults = {a.id for a in adults if a.parental_responsibility}
        fill_adults(self.family, adults, ticked=ticked)
        self.child_signs = QCheckBox(_("The child signs too, as a party who is told"), self)
        self.child_signs.setObjectName("child_signs")
        self.child_signs.setChecked(draft and any(p.capacity == "pupil" for p in d.parties))

        self.form.addRow(_("&Starts on:"), self.start)
        self.form.addRow(_("Sessions at home:"), self.sessions)
        self.form.addRow(_("&Review every:"), self.interval)
        self.form.addRow(_("&First review:"), self.first_review)
        self.form.addRow(_("&Notice to end:"), self.notice)
        self.form.addRow(_("&Home educator:"), self.educator)
        self.form.addRow(_("Special &terms:"), self.terms)
        self.form.addRow(_("Signs for the &school:"), self.signatory)
        self.form.addRow(_("Family parties:"), self.family)
        self.form.addRow("", self.child_signs)

        self.start.dateChanged.connect(self._move_review)
        self.interval.valueChanged.connect(self._move_review)
        self.first_review.dateChanged.connect(self._review_edited)
        self.watch(self.start, self.first_review, self.sessions, self.signatory, self.family,
                   self.educator)

    def _move_review(self, *_args) -> None:
        # Follow the start date until the user sets the first review themselves.
        if not self._review_touched:
            self.first_review.blockSignals(True)
            self.first_review.set_value(school_calendar().on_or_after(
                self.start.value() + dt.timedelta(weeks=self.interval.value())))
            self.first_review.blockSignals(False)
            self.revalidate()

    def _review_edited(self, *_args) -> None:
        self._review_touched = True

    def party_rows(self) -> list[tuple[str, int | None]]:
        """The chosen parties as the policy takes them: ("staff", id), ("adult", id)..."""
        rows: list[tuple[str, int | None]] = []
        if self.signatory.currentData() is not None:
            rows.append(("staff", self.signatory.currentData()))
        rows += [("adult", self.family.item(i).data(Qt.ItemDataRole.UserRole))
                 for i in range(self.family.count())
                 if self.family.item(i).checkState() == Qt.CheckState.Checked]
        if self.child_signs.isChecked():
            rows.append(("pupil", None))
        return rows

    def problem(self) -> str:
        if not self.sessions.sessions():
            return _("Tick the sessions the child will be at home.")
        if self.first_review.value() <= self.start.value():
            return _("The first review must come after the start date.")
        if not school_calendar().is_working_day(self.first_review.value()):
            return _("The first review falls when the school is shut: choose a school day.")
        if self.signatory.currentData() is None:
            return _("No staff account may sign for the school: the Headteacher's account, or "
                     "the letter signatory's, is needed.")
        holds = {a for a in self.pr_adults}
        if not any(ref in holds for kind, ref in self.party_rows() if kind == "adult"):
            return _("Tick at least one adult with parental responsibility for the child.")
        return ""

    def save(self):
        return flexi.draft_agreement(
            self.actor, self.request_id, start_date=self.start.value(),
            home_sessions=self.sessions.sessions(), first_review_date=self.first_review.value(),
            review_interval_weeks=self.interval.value(), notice_weeks=self.notice.value(),
            home_educator=self.educator.text().strip(),
            special_terms=self.terms.toPlainText().strip(),
            parties=self.party_rows())


class SignatureDialog(ActionDialog):
    """Record who has signed the agreement, and when: one party or several at once."""

    # A step on a request that exists (only receiving one starts without).
    request_id: int
    detail: RequestDetail

    def build(self) -> None:
        self.setWindowTitle(_("Record signatures"))
        self.ok_button.setText(_("Record signatures"))
        self.rows: list[tuple[PartyRow, QCheckBox, DateField]] = []
        grid = QGridLayout()
        for row, party in enumerate(self.detail.parties):
            label = f"{party.name} ({capacity_label(party.capacity)})"
            if party.signed_on:
                grid.addWidget(QLabel(label, self), row, 0)
                grid.addWidget(QLabel(_("signed {date}").format(date=format_date(party.signed_on)),
                                      self), row, 1)
                continue
            box = QCheckBox(label, self)
            box.setObjectName(f"signed_{party.id}")
            date = DateField(self.today, self, maximum=self.today)
            date.setObjectName(f"signed_on_{party.id}")
            date.setAccessibleName(_("Date {name} signed").format(name=party.name))
            grid.addWidget(box, row, 0)
            grid.addWidget(date, row, 1)
            self.rows.append((party, box, date))
            self.watch(box)
        self.form.addRow(QLabel(_("Tick each party who has signed and the date they signed."),
                                self))
        self.form.addRow(grid)

    def problem(self) -> str:
        if not self.rows:
            return _("Everyone has already signed.")
        if not any(box.isChecked() for _party, box, _date in self.rows):
            return _("Tick at least one party who has signed.")
        return ""

    def save(self):
        return flexi.record_signatures(self.actor, {
            party.id: date.value() for party, box, date in self.rows if box.isChecked()})


class LaNotifiedDialog(ActionDialog):
    """The date the local authority was told about the arrangement."""

    # A step on a request that exists (only receiving one starts without).
    request_id: int
    detail: RequestDetail

    def build(self) -> None:
        self.setWindowTitle(_("Local authority notified"))
        self.ok_button.setText(_("Record date"))
        local_authority = profile().local_authority
        if local_authority:
            self.form.addRow(QLabel(_("Local authority: {name}").format(name=local_authority),
                                    self))
        self.date = DateField(self.today, self, maximum=self.today)
        self.date.setObjectName("notified_on")
        self.form.addRow(_("&Notified on:"), self.date)

    def save(self):
        result = flexi.record_la_notified(self.actor, self.request_id, notified_on=self.date.value())
        return True if result is None else result


