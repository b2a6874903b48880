"""The flexi dialogs of the deciding phase: considerations, the decision and its letter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)

from flexidesk.i18n import _, format_date, format_long_date, ngettext
from flexidesk.policy import flexi
from flexidesk.policy.flexi import RequestDetail
from flexidesk.policy.school.working_days import school_calendar
from flexidesk.policy.vocabulary import RATING_LABELS
from flexidesk.ui.flexi.forms import (
    ActionDialog,
    _chosen,
    _radio_row,
    preview_and_issue,
)
from flexidesk.ui.models.rows import LATE
from flexidesk.ui.widgets.date_field import DateField
from flexidesk.ui.widgets.form_dialog import set_tone, text_box

#: Considerations typed and kept as a draft when the form was closed, by request id.
_DRAFTS: dict[int | None, dict] = {}


class ConsiderationsDialog(ActionDialog):
    """The considerations of our policy, the governing body's question (where the school has
    that rule), and the provision meant."""

    # A step on a request that exists (only receiving one starts without).
    request_id: int
    detail: RequestDetail

    def build(self) -> None:
        self.setWindowTitle(_("Record the considerations"))
        self.ok_button.setText(_("Record considerations"))
        self.setMinimumWidth(780)
        existing = {f.code: f for f in self.detail.factors}

        panel = QWidget(self)
        grid = QGridLayout(panel)
        grid.setColumnStretch(2, 1)
        self.ratings: dict[str, QComboBox] = {}
        self.notes: dict[str, QPlainTextEdit] = {}
        self.in_letter: dict[str, QCheckBox] = {}
        private = QLabel(_("Your ratings and notes stay in the record and are not sent to the "
                           "family. The letter gives the reasons you write with the decision, "
                           "and only the considerations you tick <b>In the letter</b>: nothing "
                           "is ticked for you, safeguarding least of all."), panel)
        private.setObjectName("privacy_note")
        private.setWordWrap(True)
        grid.addWidget(private, 0, 0, 1, 4)
        draft = _DRAFTS.get(self.request_id, {})
        # The considerations of the version of our policy the request arrived under.
        for row, (code, label) in enumerate(self.detail.considerations, start=1):
            title = QLabel(label, panel)
            title.setWordWrap(True)
            title.setMinimumWidth(230)
            combo = QComboBox(panel)
            combo.setObjectName(f"rating_{code}")
            combo.setAccessibleName(_("Rating: {factor}").format(factor=label))
            combo.addItem(_("Choose..."), None)
            for rating, rating_label in RATING_LABELS.items():
                combo.addItem(_(rating_label), rating)
            note = text_box(_("Your note (private unless ticked)"), 44)
            # Parented now, before the tick, so Tab goes rating, note, tick (laid out later, the
            # note came after the tick, and the spaces typed in a note toggled the tick).
            note.setParent(panel)
            note.setObjectName(f"note_{code}")
            note.setAccessibleName(_("Note: {factor}").format(factor=label))
            ticked = QCheckBox(_("In the letter"), panel)
            ticked.setObjectName(f"in_letter_{code}")
            ticked.setToolTip(_("Print this consideration, its rating and your note, in the "
                                "decision letter to the family."))
            if code in existing:
                combo.setCurrentIndex(combo.findData(existing[code].rating))
                note.setPlainText(existing[code].note)
                ticked.setChecked(existing[code].in_letter)
            if code in draft:  # typed before, kept as a draft when the form was closed
                rating, text, tick = draft[code]
                combo.setCurrentIndex(max(combo.findData(rating), 0))
                note.setPlainText(text)
                ticked.setChecked(tick)
            title.setBuddy(combo)
            grid.addWidget(title, row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(note, row, 2)
            grid.addWidget(ticked, row, 3)
            self.ratings[code], self.notes[code], self.in_letter[code] = combo, note, ticked
            self.watch(combo)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(panel)
        # Show all eight at once where the screen allows; scroll only on small screens.
        scroll.setMinimumHeight(min(panel.sizeHint().height() + 6, 420))
        self.form.addRow(scroll)
        self.gb_rule = self.detail.governing_body_rule
        if self.gb_rule:
            self._governing_body_question(draft)
        else:  # the school has no such rule: the form does not ask
            self._typed_at_start = self.typed()
        self._provision_list()

    def _governing_body_question(self, draft: dict) -> None:
        question = QLabel(_("<b>The governing body's question:</b> can the child's needs be met "
                            "in school or by alternative provision the school sources?"), self)
        question.setWordWrap(True)
        self.form.addRow(question)
        answer, self.needs_group, self.needs = _radio_row(self, [("yes", _("&Yes")), ("no", _("N&o"))])
        if self.detail.needs_met_in_school is not None:
            self.needs["yes" if self.detail.needs_met_in_school else "no"].setChecked(True)
        self.form.addRow(_("Answer:"), answer)
        self.needs_notes = text_box(_("How, or why not"), 50)
        self.needs_notes.setObjectName("needs_notes")
        self.needs_notes.setPlainText(draft.get("_needs", self.detail.needs_met_notes or ""))
        self.needs_in_letter = QCheckBox(_("In the letter"), self)
        self.needs_in_letter.setObjectName("needs_in_letter")
        self.needs_in_letter.setToolTip(_("Print these notes in the decision letter to the "
                                          "family."))
        self.needs_in_letter.setChecked(bool(self.detail.needs_met_in_letter))
        self._typed_at_start = self.typed()
        self.form.addRow(_("Notes:"), self.needs_notes)
        self.form.addRow("", self.needs_in_letter)
        self.needs_group.buttonToggled.connect(self.revalidate)

    def _provision_list(self) -> None:
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

    def typed(self) -> dict:
        """What the form holds now, as a draft would keep it."""
        state: dict[str, object] = {code: (combo.currentData(), self.notes[code].toPlainText(),
                        self.in_letter[code].isChecked())
                 for code, combo in self.ratings.items()}
        if self.gb_rule:
            state["_needs"] = self.needs_notes.toPlainText()
        return state

    def confirm_discard(self) -> bool:
        """Escape or Cancel with typed notes: they may be kept as a draft, or thrown away."""
        typed = self.typed()
        if typed == self._typed_at_start:
            return super().confirm_discard()  # only a tick or a choice changed
        answer = QMessageBox.question(
            self, _("Keep your notes?"),
            _("You have typed notes that are not saved. Keep them as a draft for when you "
              "come back to this request?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        if answer == QMessageBox.StandardButton.Save:
            _DRAFTS[self.request_id] = typed  # in memory only: never unencrypted on disk
        else:
            _DRAFTS.pop(self.request_id, None)
        return True

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
        if not self.gb_rule:
            return ""
        answer = _chosen(self.needs)
        if answer is None:
            return _("Answer the governing body's question: Yes or No.")
        if answer == "yes" and not self.alternatives():
            return _("Tick the provision in school or alternative provision you mean.")
        return ""

    def save(self):
        saved = flexi.record_considerations(
            self.actor, self.request_id,
            assessments={code: (combo.currentData(), self.notes[code].toPlainText().strip(),
                                self.in_letter[code].isChecked())
                         for code, combo in self.ratings.items()},
            needs_met_in_school=_chosen(self.needs) == "yes" if self.gb_rule else None,
            needs_met_notes=self.needs_notes.toPlainText().strip() if self.gb_rule else "",
            needs_met_in_letter=self.gb_rule and self.needs_in_letter.isChecked(),
            alternatives=self.alternatives())
        _DRAFTS.pop(self.request_id, None)
        return saved


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

    # A step on a request that exists (only receiving one starts without).
    request_id: int
    detail: RequestDetail

    def build(self) -> None:
        self.setWindowTitle(_("Decide the request"))
        self.ok_button.setText(_("Record decision"))
        self.due = QLabel(self)
        self.due.setObjectName("due")
        status = flexi.decision_status(self.actor, self.request_id, self.today)
        if status.due_on is not None:
            self.due.setText(_days_left_text(status))
            set_tone(self.due, LATE if status.overdue else None)
        self.form.addRow(self.due)
        if self.detail.earlier:  # a new request after an earlier decision: see it here too
            last = self.detail.earlier[0]
            earlier = QLabel(_("An earlier request (received {received}) was {outcome} on "
                               "{date}.").format(received=format_date(last.received_on),
                                                 outcome=last.outcome_label.lower(),
                                                 date=format_date(last.decided_on)), self)
            earlier.setObjectName("earlier_decision")
            earlier.setWordWrap(True)
            self.form.addRow(earlier)
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
        self.late_label = QLabel(_("Why recorded &late:"), self)
        self.late_reason = text_box(_("Required: why the decision is recorded days after it "
                                      "was made (kept with it)"), 50)
        self.late_reason.setObjectName("late_entry_reason")
        self.late_label.setBuddy(self.late_reason)
        self.form.addRow(self.late_label, self.late_reason)
        self.watch(self.reasons, self.justification, self.decided, self.late_reason)
        self.outcome_group.buttonToggled.connect(self.revalidate)

    def needs_justification(self) -> bool:
        """Agreeing although the needs can be met: the governing body wants the reason written."""
        return self.needs_met and _chosen(self.outcome) == "agreed"

    def recorded_late(self) -> bool:
        """Whether the decision date lies more than two working days before today."""
        return school_calendar().working_days_between(
            self.decided.value(), self.today) > flexi.LATE_ENTRY_WORKING_DAYS

    def problem(self) -> str:
        show = self.needs_justification()
        self.justification.setVisible(show)
        self.justification_label.setVisible(show)
        late = self.recorded_late()
        self.late_reason.setVisible(late)
        self.late_label.setVisible(late)
        if _chosen(self.outcome) is None:
            return _("Choose Agreed or Declined.")
        if not self.reasons.toPlainText().strip():
            return _("Write the main reasons for the decision.")
        if show and not self.justification.toPlainText().strip():
            return _("Write why you agree although the child's needs can be met in school "
                     "or by alternative provision.")
        if late and not self.late_reason.toPlainText().strip():
            return _("The decision was made on {date}: say why it is recorded only now.").format(
                date=format_date(self.decided.value()))
        return ""

    def save(self):
        return flexi.decide(
            self.actor, self.request_id, outcome=_chosen(self.outcome),
            decided_on=self.decided.value(), reasons=self.reasons.toPlainText().strip(),
            justification=(self.justification.toPlainText().strip()
                           if self.needs_justification() else ""),
            late_entry_reason=(self.late_reason.toPlainText().strip()
                               if self.recorded_late() else ""), today=self.today)


class DecisionLetterDialog(ActionDialog):
    """Date the decision letter, warn if that is after the deadline, preview it and issue it."""

    # A step on a request that exists (only receiving one starts without).
    request_id: int
    detail: RequestDetail

    def build(self) -> None:
        self.setWindowTitle(_("Send the decision letter"))
        self.ok_button.setText(_("Preview letter..."))
        decided = self.detail.outcome is not None
        self.due_on = self.detail.due_on if decided else None
        # A letter is dated between the decision and today: never back-dated, never ahead.
        # Once late, today is the earliest date: a late letter is never back-dated to look on time.
        late_now = self.due_on is not None and self.today > self.due_on
        assert self.detail.decided_on is not None  # the letter follows the decision
        earliest = self.today if late_now else self.detail.decided_on
        self.date = DateField(self.today, self, minimum=earliest,
                              maximum=max(self.today, self.detail.decided_on))
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
            if self.detail.meeting_required:
                words = _("This letter goes out after the deadline of {date}: the family "
                          "should have heard within five working days of the meeting. The "
                          "letter apologises for the delay.")
            else:
                words = _("This letter goes out after the deadline of {date}: the family "
                          "should have heard by then, counted from the day the request was "
                          "received. The letter apologises for the delay.")
            self.late.setText(words.format(date=format_long_date(self.due_on)))
            if not self.confirm_late.isChecked():
                return _("Confirm that the letter goes out late.")
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


