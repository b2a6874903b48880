"""The flexi-schooling action dialogs: one small form per step of a request's journey.

``run_action(parent, actor, request_id, code)`` opens the dialog for a next-action code
from ``flexidesk.policy.flexi.next_actions`` and returns True when something was saved.
Every form fills in sensible defaults, keeps OK disabled (with the reason shown) until
what is typed makes sense, and shows a refusal from the policy inside the form without
losing what was typed. Every write goes through ``flexidesk.policy.flexi``.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QWidget,
)

from flexidesk.documents.render import build_params, render
from flexidesk.documents.wording import CAPACITY_LABELS, capacity_label
from flexidesk.i18n import N_, _, format_date, format_long_date, ngettext
from flexidesk.policy import flexi
from flexidesk.policy.access import Actor, PolicyError
from flexidesk.policy.calendar import school_calendar
from flexidesk.policy.documents import reprinted
from flexidesk.policy.flexi import PartyRow, RequestDetail
from flexidesk.policy.provision import adults_of
from flexidesk.policy.school import profile
from flexidesk.policy.vocabulary import FACTORS, RATING_LABELS, describe_sessions, parse_sessions
from flexidesk.ui.dialogs.document_preview import DocumentPreviewDialog
from flexidesk.ui.models.rows import LATE
from flexidesk.ui.widgets.date_field import DateField
from flexidesk.ui.widgets.form_dialog import FormDialog, set_tone, text_box
from flexidesk.ui.widgets.pupil_picker import PupilPicker
from flexidesk.ui.widgets.sessions_grid import SessionsGrid
from flexidesk.ui.widgets.versioned_form import VersionedSave

# --- small shared pieces -------------------------------------------------------------------


def _capacity_code(text: str) -> str:
    """'Parent' (as shown, in any case) back to its code 'parent'; anything else as typed."""
    typed = text.strip()
    codes = {_(label).casefold(): code for code, label in CAPACITY_LABELS.items()}
    return codes.get(typed.casefold(), typed) or "parent"


def _show_day(label: QLabel, day: dt.date) -> None:
    """Write the day out in full, in red when the school is shut that day."""
    if school_calendar().is_working_day(day):
        label.setText(format_long_date(day))
        set_tone(label, None)
    else:
        label.setText(_("{date} is not a school day.").format(date=format_long_date(day)))
        set_tone(label, LATE)


class ActionDialog(VersionedSave, FormDialog):
    """A form for one step of a flexi request, headed by the child and the request's date.

    What the form shows of the request comes from ``policy.flexi.request_detail`` (read
    once, as the dialog opens); what it saves goes through the policy's action for the step.
    """

    def __init__(self, actor: Actor, request_id: int | None, parent=None):
        self.request_id = request_id
        # Raises PolicyError if the request was removed meanwhile (by someone, or a restore).
        self.detail: RequestDetail | None = (
            flexi.request_detail(request_id) if request_id is not None else None)
        # The version shown: a save after someone else's is refused by name, never merged.
        self.remember_version("flexi_request", request_id)
        super().__init__(actor, parent)
        if self.detail is not None:
            self.set_heading(_("<b>{child}</b>: request received {date}").format(
                child=html.escape(self.detail.child),
                date=format_date(self.detail.received_on)))


def _radio_row(parent: QWidget, choices: list[tuple[str, str]]) -> tuple[QWidget, QButtonGroup,
                                                                           dict[str, QRadioButton]]:
    """A row of radio buttons; returns the row, its group and the buttons by code."""
    row = QWidget(parent)
    box = QHBoxLayout(row)
    box.setContentsMargins(0, 0, 0, 0)
    group = QButtonGroup(row)
    buttons = {}
    for code, label in choices:
        button = QRadioButton(label, row)
        button.setObjectName(f"choice_{code}")
        group.addButton(button)
        box.addWidget(button)
        buttons[code] = button
    box.addStretch(1)
    return row, group, buttons


def _chosen(buttons: dict[str, QRadioButton]) -> str | None:
    return next((code for code, button in buttons.items() if button.isChecked()), None)


# --- documents --------------------------------------------------------------------------------

DOCUMENT_TITLES = {
    "flexi_invitation": N_("Meeting invitation"),
    "flexi_decision": N_("Decision letter"),
    "flexi_agreement": N_("Flexi-schooling agreement"),
}
ISSUE_LABELS = {
    "flexi_invitation": N_("Issue letter"),
    "flexi_decision": N_("Issue letter"),
    "flexi_agreement": N_("Issue agreement"),
}


def preview_and_issue(parent: QWidget | None, actor: Actor, request_id: int, kind: str,
                      document_date: dt.date, issue_label: str | None = None):
    """Render the document, show it, and record it as issued if the user presses Issue.

    Returns the IssuedDocument, or None when the user closed the preview without issuing.
    Raises PolicyError when the policy refuses the issue.
    """
    params = build_params(kind, request_id=request_id, letter_date=document_date)
    pdf = render(kind, params)
    title = f"{_(DOCUMENT_TITLES[kind])}: {flexi.request_detail(request_id).child}"
    preview = DocumentPreviewDialog(pdf, title, parent,
                                    issue_label=issue_label or _(ISSUE_LABELS[kind]))
    printed = []
    preview.printed.connect(lambda: printed.append(True))
    if preview.exec() != QDialog.DialogCode.Accepted:
        return None
    issued = flexi.issue_letter(actor, request_id, kind=kind, pdf=pdf, params=params,
                                document_date=document_date)
    if printed:  # printed from the preview: the print is audited against the issued record
        reprinted(actor, issued.id)
    return issued


# --- the dialogs ------------------------------------------------------------------------------


class ReceiveRequestDialog(ActionDialog):
    """A family's request arrives: the child, who asks, when, which sessions at home, why."""

    def build(self) -> None:
        self.setWindowTitle(_("New flexi-schooling request"))
        self.ok_button.setText(_("Record request"))
        self.pupil = PupilPicker(self)
        self.pupil.setObjectName("pupil")
        self.adults = QListWidget(self)
        self.adults.setObjectName("adults")
        self.adults.setMaximumHeight(90)
        self.received = DateField(self.today, self, maximum=self.today)
        self.received.setObjectName("received")
        self.sessions = SessionsGrid(self, checked_means=_("at home"))
        self.reasons = text_box(_("What the family told us about why they ask"))
        self.reasons.setObjectName("reasons")
        self.form.addRow(_("&Child:"), self.pupil)
        self.form.addRow(_("Asked by:"), self.adults)
        self.form.addRow(_("&Received on:"), self.received)
        self.form.addRow(_("Sessions at home:"), self.sessions)
        self.form.addRow(_("Family's &reasons:"), self.reasons)
        self.pupil.pupil_changed.connect(self._load_adults)
        self.watch(self.adults, self.received, self.sessions)
        self.pupil.pupil_changed.connect(self.revalidate)

    def _load_adults(self, pupil_id: int | None) -> None:
        self.adults.clear()
        if pupil_id is None:
            return
        for adult in adults_of(pupil_id):
            item = QListWidgetItem(f"{adult.name} ({adult.relationship or _('adult')})")
            item.setData(Qt.ItemDataRole.UserRole, adult.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if adult.parental_responsibility
                               else Qt.CheckState.Unchecked)
            self.adults.addItem(item)

    def adult_ids(self) -> list[int]:
        """The ticked adults."""
        return [self.adults.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.adults.count())
                if self.adults.item(i).checkState() == Qt.CheckState.Checked]

    def problem(self) -> str:
        if self.pupil.pupil_id() is None:
            return _("Type the child's name and choose them from the list.")
        if not self.adults.count():
            return _("No adults are recorded for this child yet; add them to the child's "
                     "record first.")
        if not self.adult_ids():
            return _("Tick at least one adult making the request.")
        if not self.sessions.sessions():
            return _("Tick the sessions the family would like the child to be at home.")
        return ""

    def save(self):
        return flexi.receive_request(
            self.actor, pupil_id=self.pupil.pupil_id(), adult_ids=self.adult_ids(),
            received_on=self.received.value(), sessions=self.sessions.sessions(),
            reasons=self.reasons.toPlainText().strip())


class ArrangeMeetingDialog(ActionDialog):
    """Invite the family to meet the Headteacher: date, time and place, then the letter."""

    def build(self) -> None:
        self.setWindowTitle(_("Arrange the meeting"))
        self.ok_button.setText(_("Arrange meeting"))
        d = self.detail
        default_day = school_calendar().add_working_days(self.today, 3)
        self.date = DateField(d.meeting_date or default_day, self, minimum=d.received_on)
        self.date.setObjectName("meeting_date")
        self.time = QTimeEdit(self)
        self.time.setObjectName("meeting_time")
        self.time.setDisplayFormat("HH:mm")
        when = d.meeting_time or dt.time(15, 30)
        self.time.setTime(QTime(when.hour, when.minute))
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
        meeting = flexi.arrange_meeting(
            self.actor, self.request_id, meeting_date=self.date.value(),
            meeting_time=self.time.time().toPython(), place=self.place.text().strip())
        return meeting

    def follow_up(self) -> None:
        """After saving: offer the invitation letter if asked for."""
        if self.letter.isChecked():
            _issue_with_message(self.parent(), self.actor, self.request_id, "flexi_invitation",
                                self.today)


class RecordMeetingDialog(ActionDialog):
    """The meeting happened: when, who came, what was said."""

    def build(self) -> None:
        self.setWindowTitle(_("Record the meeting"))
        self.ok_button.setText(_("Record meeting"))
        planned = self.detail.meeting_date or self.today
        self.held = DateField(min(planned, self.today), self,
                              minimum=self.detail.received_on, maximum=self.today)
        self.held.setObjectName("held_on")
        names = [profile().headteacher_name] + [name for _id, name in self.detail.adults]
        self.attendees = QLineEdit(", ".join(n for n in names if n), self)
        self.attendees.setObjectName("attendees")
        self.notes = text_box(_("What was talked about; what the family hopes for"), 110)
        self.notes.setObjectName("notes")
        self.form.addRow(_("&Held on:"), self.held)
        self.form.addRow(_("&Who came:"), self.attendees)
        self.form.addRow(_("&Notes:"), self.notes)
        self.watch(self.attendees)

    def problem(self) -> str:
        if not self.attendees.text().strip():
            return _("Say who came to the meeting.")
        return ""

    def save(self):
        return flexi.record_meeting(self.actor, self.request_id, held_on=self.held.value(),
                                    attendees=self.attendees.text().strip(),
                                    notes=self.notes.toPlainText().strip())


class ConsiderationsDialog(ActionDialog):
    """The eight considerations, the governing body's question, and the provision meant."""

    def build(self) -> None:
        self.setWindowTitle(_("Record the considerations"))
        self.ok_button.setText(_("Record considerations"))
        self.setMinimumWidth(780)
        existing = {f.code: f for f in self.detail.factors}

        panel = QWidget(self)
        grid = QGridLayout(panel)
        grid.setColumnStretch(2, 1)
        self.ratings: dict[str, QComboBox] = {}
        self.notes: dict[str, QLineEdit] = {}
        for row, (code, label) in enumerate(FACTORS.items()):
            title = QLabel(_(label), panel)
            title.setWordWrap(True)
            title.setMinimumWidth(230)
            combo = QComboBox(panel)
            combo.setObjectName(f"rating_{code}")
            combo.setAccessibleName(_("Rating: {factor}").format(factor=_(label)))
            combo.addItem(_("Choose..."), None)
            for rating, rating_label in RATING_LABELS.items():
                combo.addItem(_(rating_label), rating)
            note = QLineEdit(panel)
            note.setObjectName(f"note_{code}")
            note.setAccessibleName(_("Note: {factor}").format(factor=_(label)))
            note.setPlaceholderText(_("Your note"))
            if code in existing:
                combo.setCurrentIndex(combo.findData(existing[code].rating))
                note.setText(existing[code].note)
            title.setBuddy(combo)
            grid.addWidget(title, row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(note, row, 2)
            self.ratings[code], self.notes[code] = combo, note
            self.watch(combo)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(panel)
        # Show all eight at once where the screen allows; scroll only on small screens.
        scroll.setMinimumHeight(min(panel.sizeHint().height() + 6, 420))
        self.form.addRow(scroll)

        question = QLabel(_("<b>The governing body's question:</b> can the child's needs be met "
                            "in school or by alternative provision the school sources?"), self)
        question.setWordWrap(True)
        self.form.addRow(question)
        row, self.needs_group, self.needs = _radio_row(self, [("yes", _("&Yes")), ("no", _("N&o"))])
        if self.detail.needs_met_in_school is not None:
            self.needs["yes" if self.detail.needs_met_in_school else "no"].setChecked(True)
        self.form.addRow(_("Answer:"), row)
        self.needs_notes = text_box(_("How, or why not"), 50)
        self.needs_notes.setObjectName("needs_notes")
        self.needs_notes.setPlainText(self.detail.needs_met_notes or "")
        self.form.addRow(_("Notes:"), self.needs_notes)

        self.provision = QListWidget(self)
        self.provision.setObjectName("provision")
        self.provision.setMinimumHeight(120)
        self.provision.setMaximumHeight(180)
        self.provision.setToolTip(_("Tick the interventions and providers that could meet the "
                                    "child's needs instead (space bar ticks)."))
        meant = {(kind, item_id) for kind, item_id, _name in self.detail.alternatives}
        for choice in flexi.provision_choices(self.actor):
            prefix = (_("In school") if choice.kind == "intervention"
                      else _("Alternative provision"))
            item = QListWidgetItem(f"{prefix}: {choice.name}")
            item.setData(Qt.ItemDataRole.UserRole, (choice.kind, choice.id))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if (choice.kind, choice.id) in meant
                               else Qt.CheckState.Unchecked)
            self.provision.addItem(item)
        self.form.addRow(_("Provision meant:"), self.provision)
        self.watch(self.provision)
        self.needs_group.buttonToggled.connect(self.revalidate)

    def alternatives(self) -> list[tuple[str, int]]:
        """The ticked provision, as (kind, id)."""
        return [tuple(self.provision.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.provision.count())
                if self.provision.item(i).checkState() == Qt.CheckState.Checked]

    def problem(self) -> str:
        missing = [code for code, combo in self.ratings.items() if combo.currentData() is None]
        if missing:
            return ngettext("Rate every consideration ({n} still to rate).",
                            "Rate every consideration ({n} still to rate).",
                            len(missing)).format(n=len(missing))
        answer = _chosen(self.needs)
        if answer is None:
            return _("Answer the governing body's question: Yes or No.")
        if answer == "yes" and not self.alternatives():
            return _("Tick the provision in school or alternative provision you mean.")
        return ""

    def save(self):
        return flexi.record_considerations(
            self.actor, self.request_id,
            assessments={code: (combo.currentData(), self.notes[code].text().strip())
                         for code, combo in self.ratings.items()},
            needs_met_in_school=_chosen(self.needs) == "yes",
            needs_met_notes=self.needs_notes.toPlainText().strip(),
            alternatives=self.alternatives())


def _days_left_text(status) -> str:
    if status.overdue:
        late = -status.working_days_left if status.working_days_left is not None else 0
        return ngettext("Decision due by {date}: overdue by {n} working day.",
                        "Decision due by {date}: overdue by {n} working days.",
                        late).format(date=format_long_date(status.due_on), n=late)
    left = status.working_days_left or 0
    return ngettext("Decision due by {date}: {n} working day left.",
                    "Decision due by {date}: {n} working days left.",
                    left).format(date=format_long_date(status.due_on), n=left)


class DecideDialog(ActionDialog):
    """The Headteacher's decision: agreed or declined, when, why (and why, against the rule)."""

    def build(self) -> None:
        self.setWindowTitle(_("Decide the request"))
        self.ok_button.setText(_("Record decision"))
        self.due = QLabel(self)
        self.due.setObjectName("due")
        status = flexi.decision_status(self.request_id, self.today)
        if status.due_on is not None:
            self.due.setText(_days_left_text(status))
            set_tone(self.due, LATE if status.overdue else None)
        self.form.addRow(self.due)
        self.needs_met = bool(self.detail.needs_met_in_school)
        if self.needs_met:
            rule = QLabel(_("You answered that the child's needs can be met in school or by "
                            "alternative provision, so the governing body expects a decline."),
                          self)
            rule.setWordWrap(True)
            self.form.addRow(rule)
        row, self.outcome_group, self.outcome = _radio_row(
            self, [("agreed", _("&Agreed")), ("declined", _("&Declined"))])
        if self.needs_met:
            self.outcome["declined"].setChecked(True)
        self.form.addRow(_("Outcome:"), row)
        self.decided = DateField(self.today, self, maximum=self.today)
        self.decided.setObjectName("decided_on")
        self.form.addRow(_("Decided &on:"), self.decided)
        self.reasons = text_box(_("The main reasons, in words the family will read"), 90)
        self.reasons.setObjectName("reasons")
        self.form.addRow(_("&Reasons:"), self.reasons)
        self.justification_label = QLabel(_("&Why agree anyway:"), self)
        self.justification = text_box(_("Required: why agreeing is right for this child "
                                         "although the needs can be met"), 70)
        self.justification.setObjectName("justification")
        self.justification_label.setBuddy(self.justification)
        self.form.addRow(self.justification_label, self.justification)
        self.watch(self.reasons, self.justification, self.decided)
        self.outcome_group.buttonToggled.connect(self.revalidate)

    def needs_justification(self) -> bool:
        """Agreeing although the needs can be met: the governing body wants the reason written."""
        return self.needs_met and _chosen(self.outcome) == "agreed"

    def problem(self) -> str:
        show = self.needs_justification()
        self.justification.setVisible(show)
        self.justification_label.setVisible(show)
        if _chosen(self.outcome) is None:
            return _("Choose Agreed or Declined.")
        if not self.reasons.toPlainText().strip():
            return _("Write the main reasons for the decision.")
        if show and not self.justification.toPlainText().strip():
            return _("Write why you agree although the child's needs can be met in school "
                     "or by alternative provision.")
        return ""

    def save(self):
        return flexi.decide(
            self.actor, self.request_id, outcome=_chosen(self.outcome),
            decided_on=self.decided.value(), reasons=self.reasons.toPlainText().strip(),
            justification=(self.justification.toPlainText().strip()
                           if self.needs_justification() else ""))


class DecisionLetterDialog(ActionDialog):
    """Date the decision letter, warn if that is after the deadline, preview it and issue it."""

    def build(self) -> None:
        self.setWindowTitle(_("Send the decision letter"))
        self.ok_button.setText(_("Preview letter..."))
        decided = self.detail.outcome is not None
        self.due_on = self.detail.due_on if decided else None
        self.date = DateField(self.today, self, minimum=self.detail.decided_on)
        self.date.setObjectName("letter_date")
        self.form.addRow(_("Letter &date:"), self.date)
        if self.due_on:
            self.form.addRow(_("Decision deadline:"), QLabel(format_long_date(self.due_on), self))
        self.late = QLabel(self)
        self.late.setObjectName("late_warning")
        self.late.setWordWrap(True)
        set_tone(self.late, LATE)
        self.confirm_late = QCheckBox(_("I understand; send it &anyway"), self)
        self.confirm_late.setObjectName("confirm_late")
        self.form.addRow(self.late)
        self.form.addRow(self.confirm_late)
        self.watch(self.date, self.confirm_late)

    def is_late(self) -> bool:
        """Whether the letter is dated after the five-working-day deadline."""
        return self.due_on is not None and self.date.value() > self.due_on

    def problem(self) -> str:
        late = self.is_late()
        self.late.setVisible(late)
        self.confirm_late.setVisible(late)
        if late:
            self.late.setText(_("This letter is dated after the deadline of {date}: the family "
                                "should have heard within five working days of the meeting.")
                              .format(date=format_long_date(self.due_on)))
            if not self.confirm_late.isChecked():
                return _("Confirm that the letter goes out late, or change its date.")
        else:
            self.confirm_late.setChecked(False)
        return ""

    def save(self):
        issued = preview_and_issue(self, self.actor, self.request_id, "flexi_decision",
                                   self.date.value())
        if issued is None:
            self.show_error(_("The letter has not been sent. Preview it again when you are ready, "
                              "or press Cancel."))
            return False
        return issued


class DraftAgreementDialog(ActionDialog):
    """The agreement's terms and its parties, pre-filled from the request (or the draft)."""

    def build(self) -> None:
        self.setWindowTitle(_("Draft the agreement"))
        self.ok_button.setText(_("Draft agreement"))
        self.setMinimumWidth(600)
        d = self.detail
        draft = d.agreement_id is not None  # revising a draft nobody has signed yet
        if draft:
            start, sessions = d.start_date, d.home_sessions
            interval, notice = d.review_interval_weeks, d.notice_weeks
        else:
            # A sensible start: the Monday at least a week away.
            start = self.today + dt.timedelta(days=7)
            start += dt.timedelta(days=(7 - start.weekday()) % 7)
            sessions, interval, notice = d.requested_sessions, 13, 4
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
        self.first_review = DateField(first_review or start + dt.timedelta(weeks=interval), self)
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

        self.parties = QTableWidget(0, 2, self)
        self.parties.setObjectName("parties")
        self.parties.setHorizontalHeaderLabels([_("Name"), _("Signs as")])
        self.parties.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.parties.verticalHeader().hide()
        self.parties.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.parties.setMaximumHeight(140)
        if draft:
            for party in d.parties:
                self.add_party(party.name, party.capacity, party.adult_id)
        else:
            self.add_party(profile().headteacher_name, "headteacher", None)
            for adult_id, name in d.adults:
                self.add_party(name, "parent", adult_id)
        add = QPushButton(_("Add a party"), self)
        add.clicked.connect(lambda: (self.add_party("", "parent", None),
                                     self.parties.editItem(self.parties.item(
                                         self.parties.rowCount() - 1, 0))))
        remove = QPushButton(_("Remove"), self)
        remove.clicked.connect(self._remove_party)
        party_buttons = QHBoxLayout()
        party_buttons.addWidget(add)
        party_buttons.addWidget(remove)
        party_buttons.addStretch(1)

        self.form.addRow(_("&Starts on:"), self.start)
        self.form.addRow(_("Sessions at home:"), self.sessions)
        self.form.addRow(_("&Review every:"), self.interval)
        self.form.addRow(_("&First review:"), self.first_review)
        self.form.addRow(_("&Notice to end:"), self.notice)
        self.form.addRow(_("&Home educator:"), self.educator)
        self.form.addRow(_("Special &terms:"), self.terms)
        self.form.addRow(_("Parties:"), self.parties)
        self.form.addRow("", party_buttons)

        self.start.dateChanged.connect(self._move_review)
        self.interval.valueChanged.connect(self._move_review)
        self.first_review.dateChanged.connect(self._review_edited)
        self.watch(self.start, self.first_review, self.sessions, self.parties, self.educator)

    def add_party(self, name: str, capacity: str, adult_id: int | None) -> None:
        """Add a row to the parties table (``capacity`` a code such as 'parent', or free text)."""
        row = self.parties.rowCount()
        self.parties.insertRow(row)
        name_item = QTableWidgetItem(name)
        name_item.setData(Qt.ItemDataRole.UserRole, adult_id)
        self.parties.setItem(row, 0, name_item)
        self.parties.setItem(row, 1, QTableWidgetItem(capacity_label(capacity)))

    def _remove_party(self) -> None:
        row = self.parties.currentRow()
        if row >= 0:
            self.parties.removeRow(row)
            self.revalidate()

    def _move_review(self, *_args) -> None:
        # Follow the start date until the user sets the first review themselves.
        if not self._review_touched:
            self.first_review.blockSignals(True)
            self.first_review.set_value(self.start.value()
                                        + dt.timedelta(weeks=self.interval.value()))
            self.first_review.blockSignals(False)
            self.revalidate()

    def _review_edited(self, *_args) -> None:
        self._review_touched = True

    def party_rows(self) -> list[tuple[str, str, int | None]]:
        """(name, capacity, adult id) for every row of the parties table."""
        rows = []
        for row in range(self.parties.rowCount()):
            name_item, capacity_item = self.parties.item(row, 0), self.parties.item(row, 1)
            name = name_item.text().strip() if name_item else ""
            capacity = _capacity_code(capacity_item.text() if capacity_item else "")
            adult = name_item.data(Qt.ItemDataRole.UserRole) if name_item else None
            rows.append((name, capacity, adult))
        return rows

    def problem(self) -> str:
        if not self.sessions.sessions():
            return _("Tick the sessions the child will be at home.")
        if self.first_review.value() <= self.start.value():
            return _("The first review must come after the start date.")
        parties = self.party_rows()
        if len(parties) < 2:
            return _("An agreement needs the school and at least one parent as parties.")
        if any(not name for name, _cap, _adult in parties):
            return _("Every party needs a name (or remove the empty row).")
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


class WithdrawDialog(ActionDialog):
    """The family withdraws the request (asks to be sure: it closes the request)."""

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


DIALOGS: dict[str, type[ActionDialog]] = {
    "receive_request": ReceiveRequestDialog,
    "arrange_meeting": ArrangeMeetingDialog,
    "record_meeting": RecordMeetingDialog,
    "record_considerations": ConsiderationsDialog,
    "decide": DecideDialog,
    "issue_decision_letter": DecisionLetterDialog,
    "draft_agreement": DraftAgreementDialog,
    "record_signature": SignatureDialog,
    "record_la_notified": LaNotifiedDialog,
    "review": ReviewDialog,
    "end": EndDialog,
    "withdraw": WithdrawDialog,
}

#: Actions that need no form: the document is previewed and issued straight away.
_DIRECT_DOCUMENTS = {"issue_invitation": "flexi_invitation", "issue_agreement": "flexi_agreement"}


def _issue_with_message(parent, actor: Actor, request_id: int, kind: str,
                        document_date: dt.date) -> bool:
    """Preview and issue; a refusal is shown in a message box. True when issued."""
    try:
        return preview_and_issue(parent, actor, request_id, kind, document_date) is not None
    except PolicyError as refusal:
        QMessageBox.warning(parent, _("Not issued"), str(refusal))
        return False


def make_dialog(parent, actor: Actor, request_id: int | None, code: str) -> ActionDialog:
    """The dialog for an action code, ready to show (for run_action and for tests)."""
    try:
        cls = DIALOGS[code]
    except KeyError:
        raise ValueError(f"no dialog for action {code!r}") from None
    return cls(actor, request_id, parent)


def run_action(parent: QWidget | None, actor: Actor, request_id: int | None, code: str) -> bool:
    """Open the dialog for ``code`` on ``request_id``; True when something was saved."""
    if code in _DIRECT_DOCUMENTS:
        return _issue_with_message(parent, actor, request_id, _DIRECT_DOCUMENTS[code],
                                   dt.date.today())
    try:
        dialog = make_dialog(parent, actor, request_id, code)
    except PolicyError as refusal:
        QMessageBox.warning(parent, _("Not available"), str(refusal))
        return False
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    if isinstance(dialog, ArrangeMeetingDialog):
        dialog.follow_up()
    return True
