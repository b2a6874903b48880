"""The Providers tab's forms: where one due-diligence checklist item stands; a placement's
half-termly review and what the family was told."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtWidgets import QCheckBox, QComboBox, QSpinBox

from flexidesk.i18n import _, format_date
from flexidesk.policy import concurrency
from flexidesk.policy.providers import (
    RECORDABLE_STATUSES,
    ChecklistLine,
    ProviderPlacementLine,
    record_due_diligence,
    review_due_after,
    review_placement,
)
from flexidesk.policy.records.access import Actor
from flexidesk.policy.vocabulary import DD_STATUS_LABELS, TOLD_HOW_LABELS
from flexidesk.ui.widgets.date_field import DateField, dated_row
from flexidesk.ui.widgets.form_dialog import FormDialog, score_box, text_box
from flexidesk.ui.widgets.versioned_form import VersionedSave


class ChecklistItemDialog(VersionedSave, FormDialog):
    """Record an item as requested, held (evidence, when checked, any expiry) or not applicable."""

    def __init__(self, actor: Actor, provider_id: int, provider: str, line: ChecklistLine,
                 parent=None, *, today: dt.date | None = None):
        self.provider_id, self.line = provider_id, line
        self.remember_version("due_diligence_item", concurrency.row_id(
            "due_diligence_item", provider_id=provider_id, item=line.code))
        super().__init__(actor, parent, today=today)
        self.setWindowTitle(_("Update checklist item"))
        self.ok_button.setText(_("Save item"))
        self.set_heading(_("<b>{provider}</b>: {item}").format(
            provider=html.escape(provider), item=html.escape(line.label)))

    def build(self) -> None:
        self.status = QComboBox(self)
        self.status.setObjectName("status")
        for code in RECORDABLE_STATUSES:
            self.status.addItem(_(DD_STATUS_LABELS[code]), code)
        current = self.line.status if self.line.status in RECORDABLE_STATUSES else "requested"
        self.status.setCurrentIndex(self.status.findData(current))
        self.evidence = text_box(_("What was seen or is held, or why it does not apply"), 60)
        self.evidence.setObjectName("evidence")
        self.evidence.setPlainText(self.line.evidence)
        self.checked = DateField(self.line.checked_on or self.today, self, maximum=self.today)
        self.checked.setObjectName("checkedOn")
        self.expires = QCheckBox(_("E&xpires on"), self)
        self.expires.setObjectName("hasExpiry")
        self.expiry = DateField(self.line.expires_on or self.today + dt.timedelta(days=365), self)
        self.expiry.setObjectName("expiresOn")
        self.expires.setChecked(self.line.expires_on is not None)
        self.form.addRow(_("&Status:"), self.status)
        self.form.addRow(_("&Evidence:"), self.evidence)
        self.form.addRow(_("&Checked on:"), self.checked)
        self.form.addRow("", dated_row(self, self.expires, self.expiry))
        self.watch(self.status, self.evidence, self.checked, self.expires, self.expiry)

    def problem(self) -> str:
        status = self.status.currentData()
        held = status == "held"
        self.checked.setEnabled(status in ("held", "not_applicable"))
        self.expires.setEnabled(held)
        self.expiry.setEnabled(held and self.expires.isChecked())
        if status in ("held", "not_applicable") and not self.evidence.toPlainText().strip():
            return (_("Say what evidence the school has seen or holds.") if held
                    else _("Say why this item does not apply to the provider."))
        if held and self.expires.isChecked() and self.expiry.value() <= self.checked.value():
            return _("The expiry must come after the date the evidence was checked.")
        return ""

    def save(self):
        status = self.status.currentData()
        held = status == "held"
        return record_due_diligence(
            self.actor, self.provider_id, self.line.code, status,
            evidence=self.evidence.toPlainText(),
            checked_on=self.checked.value() if status in ("held", "not_applicable") else None,
            expires_on=self.expiry.value() if held and self.expires.isChecked() else None,
            today=self.today)


class PlacementReviewDialog(VersionedSave, FormDialog):
    """The half-termly review of a placement, and the feedback given to the family."""

    def __init__(self, actor: Actor, provider: str, placement: ProviderPlacementLine,
                 parent=None, *, today: dt.date | None = None):
        self.placement = placement
        self._next_touched = False
        self.remember_version("placement", placement.id)  # its next review date moves on
        super().__init__(actor, parent, today=today)
        self.setWindowTitle(_("Review the placement"))
        self.ok_button.setText(_("Record review"))
        self.set_heading(_("<b>{child}</b> at {provider}, since {date}").format(
            child=html.escape(placement.pupil), provider=html.escape(provider),
            date=format_date(placement.start_date)))

    def build(self) -> None:
        self.review_date = DateField(self.today, self, minimum=self.placement.start_date,
                                     maximum=self.today)
        self.review_date.setObjectName("reviewDate")
        self.score = score_box(self)
        self.attendance = QSpinBox(self)
        self.attendance.setObjectName("attendance")
        self.attendance.setRange(-1, 100)
        self.attendance.setSpecialValueText(_("not recorded"))  # shown at -1
        self.attendance.setValue(-1)
        self.attendance.setSuffix(" %")
        self.notes = text_box(_("How the placement is going, as the provider and the school "
                                "see it"), 70)
        self.notes.setObjectName("notes")
        self.told = QCheckBox(_("&Family told on"), self)
        self.told.setObjectName("familyTold")
        self.told_on = DateField(self.today, self, maximum=self.today)
        self.told_on.setObjectName("familyToldOn")
        self.told_how = QComboBox(self)
        self.told_how.setObjectName("familyToldHow")
        for code, label in TOLD_HOW_LABELS.items():
            self.told_how.addItem(_(label), code)
        self.feedback = text_box(_("What the family was told"), 60)
        self.feedback.setObjectName("familyFeedback")
        self.next_review = DateField(review_due_after(self.today), self)
        self.next_review.setObjectName("nextReview")
        self.form.addRow(_("Review &date:"), self.review_date)
        self.form.addRow(_("&Score:"), self.score)
        self.form.addRow(_("&Attendance:"), self.attendance)
        self.form.addRow(_("&Notes:"), self.notes)
        self.form.addRow("", dated_row(self, self.told, self.told_on))
        self.form.addRow(_("Ho&w:"), self.told_how)
        self.form.addRow(_("F&eedback:"), self.feedback)
        self.form.addRow(_("Ne&xt review:"), self.next_review)
        self.review_date.dateChanged.connect(self._follow_review_date)
        self.next_review.dateChanged.connect(self._next_edited)
        self.watch(self.review_date, self.score, self.told, self.told_on, self.feedback,
                   self.next_review)

    def _follow_review_date(self, *_args) -> None:
        if not self._next_touched:
            self.next_review.blockSignals(True)
            self.next_review.set_value(review_due_after(self.review_date.value()))
            self.next_review.blockSignals(False)
        self.revalidate()

    def _next_edited(self, *_args) -> None:
        self._next_touched = True

    def problem(self) -> str:
        told = self.told.isChecked()
        self.told_on.setEnabled(told)
        self.told_how.setEnabled(told)
        self.feedback.setEnabled(told)
        if self.score.currentData() is None:
            return _("Choose a score for how the placement is helping.")
        if told and not self.feedback.toPlainText().strip():
            return _("Say what the family was told.")
        if told and self.told_on.value() < self.review_date.value():
            return _("The family can only be told after the review.")
        if self.next_review.value() <= self.review_date.value():
            return _("The next review must come after this one.")
        return ""

    def save(self):
        told = self.told.isChecked()
        attendance = self.attendance.value()
        return review_placement(
            self.actor, self.placement.id, self.review_date.value(), self.score.currentData(),
            attendance_percent=None if attendance < 0 else attendance,
            notes=self.notes.toPlainText(),
            family_feedback_on=self.told_on.value() if told else None,
            family_feedback=self.feedback.toPlainText() if told else "",
            family_told_how=self.told_how.currentData() if told else "",
            next_review_date=self.next_review.value(), today=self.today)
