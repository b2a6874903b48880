"""A placement's forms: commission it, end it, record the family's feedback, continue past a lapse."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from flexidesk.i18n import _, format_date, format_money
from flexidesk.policy.ourpolicy import in_force
from flexidesk.policy.providers import (
    OVERRIDE_FOLLOW_UP,
    ProviderDetail,
    ProviderPlacementLine,
    commission_placement,
    continue_despite_lapse,
    end_placement,
    hours_a_week,
    record_family_feedback,
    registration_warnings,
)
from flexidesk.policy.providers.commission import writing_refusal
from flexidesk.policy.records.access import Actor, can
from flexidesk.policy.school.school_days import school_day_on_or_after
from flexidesk.policy.vocabulary import (
    ATTENDANCE_CODE_LABELS,
    ATTENDANCE_CODE_WHEN,
    CENSUS_REASONS,
    TOLD_HOW_LABELS,
)
from flexidesk.store.models import ATTENDANCE_CODES, CONTACT_METHODS
from flexidesk.ui.models.rows import LATE
from flexidesk.ui.widgets.date_field import DateField, dated_row
from flexidesk.ui.widgets.form_dialog import FormDialog, set_tone, text_box
from flexidesk.ui.widgets.pupil_picker import PupilPicker
from flexidesk.ui.widgets.sessions_grid import SessionsGrid
from flexidesk.ui.widgets.versioned_form import VersionedSave


def _pence(box: QDoubleSpinBox) -> int:
    return round(box.value() * 100)


class CommissionDialog(FormDialog):
    """Place a child with the provider: sites, dates, the week, attendance, costs, objectives."""

    def __init__(self, actor: Actor, provider: ProviderDetail, parent=None, *, today=None):
        self.provider = provider
        super().__init__(actor, parent, today=today)
        self.setWindowTitle(_("Commission a placement"))
        self.ok_button.setText(_("Commission placement"))
        self.set_heading(_("A placement with <b>{provider}</b>").format(
            provider=html.escape(provider.name)))

    def build(self) -> None:
        self.pupil = PupilPicker(self.actor, self)
        self.pupil.setObjectName("pupil")
        self.sites = QListWidget(self)
        self.sites.setObjectName("sites")
        self.sites.setMaximumHeight(70)
        for site in self.provider.sites:
            item = QListWidgetItem(site.name, self.sites)
            item.setData(Qt.ItemDataRole.UserRole, site.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if len(self.provider.sites) == 1
                               else Qt.CheckState.Unchecked)
        start = school_day_on_or_after(self.today)
        self.start = DateField(start, self)
        self.start.setObjectName("startDate")
        self.planned_end = DateField(school_day_on_or_after(start + dt.timedelta(weeks=12)), self)
        self.planned_end.setObjectName("plannedEnd")
        self.max_weeks = QSpinBox(self)
        self.max_weeks.setObjectName("maxWeeks")
        self.max_weeks.setRange(1, 104)
        self.max_weeks.setValue(16)
        self.max_weeks.setSuffix(_(" weeks"))
        self.grid = SessionsGrid(self, checked_means=_("at the provider"))
        self.grid.setObjectName("schedule")
        self.hours = QLabel(self)
        self.hours.setObjectName("hours")
        self.warnings = QLabel(self)
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        set_tone(self.warnings, LATE)
        self.code = QComboBox(self)
        self.code.setObjectName("attendanceCode")
        for code in ATTENDANCE_CODES:
            self.code.addItem(_(ATTENDANCE_CODE_LABELS[code]), code)
        self.code_when = QLabel(self)
        self.code_when.setObjectName("codeWhen")
        self.code_when.setWordWrap(True)
        self.attendance_from = QLineEdit(self)
        self.attendance_from.setObjectName("attendanceSender")
        self.attendance_from.setPlaceholderText(_("Who at the provider sends the daily attendance"))
        self.costs = QWidget(self)
        grid = QGridLayout(self.costs)
        grid.setContentsMargins(0, 0, 0, 0)
        self.streams, self.amounts = [], []
        for row, default in enumerate((_("School budget"), "")):
            stream = QLineEdit(default, self.costs)
            stream.setObjectName(f"stream{row}")
            stream.setPlaceholderText(_("Funding stream"))
            amount = QDoubleSpinBox(self.costs)
            amount.setObjectName(f"cost{row}")
            amount.setRange(0, 10_000)
            amount.setPrefix("£")
            amount.setAccessibleName(_("Cost per session, funding stream {n}").format(n=row + 1))
            grid.addWidget(stream, row, 0)
            grid.addWidget(amount, row, 1)
            self.streams.append(stream)
            self.amounts.append(amount)
        self.total = QLabel(self)
        self.total.setObjectName("costTotal")
        self.objectives = text_box(_("One objective a line"), 50)
        self.objectives.setObjectName("objectives")
        self.return_plan = text_box(_("How and when the child returns to full-time school"), 45)
        self.return_plan.setObjectName("returnPlan")
        self.reason = QComboBox(self)
        self.reason.setObjectName("primaryReason")
        self.reason.addItem(_("Choose the main reason…"), "")
        for code, label in CENSUS_REASONS.items():
            self.reason.addItem(_(label), code)
        self.reason.setToolTip(_("Why the placement is commissioned (not the child's needs): "
                                 "the school census asks for it"))
        self.agreed = QCheckBox(_("&Family agreed on"), self)
        self.agreed.setObjectName("familyAgreed")
        self.agreed_on = DateField(self.today, self, maximum=self.today)
        self.agreed_on.setObjectName("familyAgreedOn")
        self.in_writing = QCheckBox(_("A&greed in writing (signed and on file)"), self)
        self.in_writing.setObjectName("familyAgreedInWriting")
        self.la_told = QCheckBox(_("&Local authority told on"), self)
        self.la_told.setObjectName("laTold")
        self.la_told_on = DateField(self.today, self, maximum=self.today)
        self.override = text_box(_("The Headteacher's reason for placing the child although "
                                   "the provider is not ready"), 40)
        self.override.setObjectName("overrideReason")
        self.checks_due = DateField(school_day_on_or_after(self.today + dt.timedelta(weeks=2)),
                                    self, minimum=self.today,
                                    maximum=self.today + OVERRIDE_FOLLOW_UP)
        self.checks_due.setObjectName("checksDueOn")
        self.checks_due.setToolTip(_("Today follows the missing checks up from this day until "
                                     "they are held"))
        for label, widget in (
                (_("&Child:"), self.pupil), (_("S&ites:"), self.sites),
                (_("&Starts:"), self.start), (_("&Planned end:"), self.planned_end),
                (_("&Maximum length:"), self.max_weeks), (_("&Week:"), self.grid),
                ("", self.hours), (_("Atten&dance code:"), self.code), ("", self.code_when),
                (_("Dail&y attendance from:"), self.attendance_from),
                (_("Cost per session:"), self.costs), ("", self.total),
                (_("&Objectives:"), self.objectives), (_("&Return plan:"), self.return_plan),
                (_("Main reaso&n:"), self.reason),
                ("", dated_row(self, self.agreed, self.agreed_on)), ("", self.in_writing),
                ("", dated_row(self, self.la_told, self.la_told_on))):
            self.form.addRow(label, widget)
        if not self.provider.status.ready:
            self.form.addRow(_("O&verride:"), self.override)
            self.form.addRow(_("Checks d&ue by:"), self.checks_due)
            self.override.setEnabled(can(self.actor, "placement.override"))
            self.checks_due.setEnabled(can(self.actor, "placement.override"))
        else:
            self.override.hide()
            self.checks_due.hide()
        self.form.addRow("", self.warnings)
        self.pupil.pupil_changed.connect(self.revalidate)
        self.watch(self.sites, self.start, self.planned_end, self.grid, self.code, self.attendance_from,
                   *self.streams, *self.amounts, self.objectives, self.return_plan, self.agreed,
                   self.agreed_on, self.in_writing, self.la_told, self.override, self.reason)

    def _site_ids(self) -> list[int]:
        return [self.sites.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.sites.count())
                if self.sites.item(i).checkState() == Qt.CheckState.Checked]

    def _funding(self) -> list[tuple[str, int]]:
        return [(s.text(), _pence(a)) for s, a in zip(self.streams, self.amounts, strict=True)
                if s.text().strip() or a.value()]

    def problem(self) -> str:
        self.agreed_on.setEnabled(self.agreed.isChecked())
        self.la_told_on.setEnabled(self.la_told.isChecked())
        hours = hours_a_week(self.grid.sessions())
        self.hours.setText(_("{hours} hours a week").format(hours=f"{hours:g}"))
        self.code_when.setText(_(ATTENDANCE_CODE_WHEN[self.code.currentData()]))
        self.total.setText(_("In total {money} a session").format(
            money=format_money(sum(p for _s, p in self._funding()))))
        warnings = registration_warnings(self.provider.id, self.pupil.pupil_id(), hours,
                                         start=self.start.value(),
                                         end=self.planned_end.value())
        self.warnings.setText("\n".join(warnings))
        self.warnings.setVisible(bool(warnings))
        if self.pupil.pupil_id() is None:
            return _("Choose the child.")
        if not self._site_ids():
            return _("Tick every site the child may attend.")
        if not self.grid.sessions():
            return _("Tick the sessions the child spends at the provider each week.")
        if not self.attendance_from.text().strip():
            return _("Say who sends the daily attendance.")
        if not self.objectives.toPlainText().strip():
            return _("Write the placement's objectives.")
        if not self.return_plan.toPlainText().strip():
            return _("Write the plan for returning to full-time school.")
        if not self.reason.currentData():
            return _("Choose the main reason the placement is commissioned.")
        if not self.agreed.isChecked():
            return _("Record the date the family agreed.")
        refusal = writing_refusal(in_force(self.start.value()), self.in_writing.isChecked())
        if refusal:
            return refusal
        if not self.provider.status.ready and not self.override.toPlainText().strip():
            if not can(self.actor, "placement.override"):
                return _("{provider} is not ready: only the Headteacher may place a child "
                         "there.").format(provider=self.provider.name)
            return _("{provider} is not ready. To place the child anyway, write your reason."
                     ).format(provider=self.provider.name)
        return ""

    def save(self):
        return commission_placement(
            self.actor, self.pupil.pupil_id(), self.provider.id, site_ids=self._site_ids(),
            start_date=self.start.value(), planned_end_date=self.planned_end.value(),
            max_weeks=self.max_weeks.value(), sessions=self.grid.sessions(),
            attendance_code=self.code.currentData(), attendance_sender=self.attendance_from.text(),
            funding=self._funding(), objectives=self.objectives.toPlainText(),
            return_plan=self.return_plan.toPlainText(),
            family_agreed_on=self.agreed_on.value() if self.agreed.isChecked() else None,
            family_agreed_in_writing=self.in_writing.isChecked(),
            la_notified_on=self.la_told_on.value() if self.la_told.isChecked() else None,
            override_reason=self.override.toPlainText() if self.override.isVisibleTo(self)
            else "",
            checks_due_on=self.checks_due.value() if self.checks_due.isVisibleTo(self) else None,
            primary_reason=self.reason.currentData(), today=self.today)


class EndPlacementDialog(VersionedSave, FormDialog):
    """End a placement: its last day, the outcome against each objective, where the child goes."""

    def __init__(self, actor: Actor, provider: str, line: ProviderPlacementLine,
                 objectives: list[str], parent=None, *, today=None):
        self.line, self.objective_texts = line, objectives
        self.remember_version("placement", line.id)  # someone else's save meanwhile is refused
        super().__init__(actor, parent, today=today)
        self.setWindowTitle(_("End the placement"))
        self.ok_button.setText(_("End placement"))
        self.set_heading(_("<b>{child}</b> at {provider}, since {date}").format(
            child=html.escape(line.pupil), provider=html.escape(provider),
            date=format_date(line.start_date)))

    def build(self) -> None:
        self.end = DateField(self.today, self, minimum=self.line.start_date, maximum=self.today)
        self.end.setObjectName("endDate")
        self.form.addRow(_("&Last day:"), self.end)
        self.outcomes = []
        for n, objective in enumerate(self.objective_texts):
            box = QLineEdit(self)
            box.setObjectName(f"outcome{n}")
            box.setPlaceholderText(_("What came of it"))
            heading = QLabel(_("<b>Objective {n}:</b> {text}").format(
                n=n + 1, text=html.escape(objective)), self)
            heading.setWordWrap(True)  # an objective is a sentence or two: give it the width
            self.form.addRow(heading)
            self.form.addRow(_("Outcome:"), box)
            self.outcomes.append(box)
        self.destination = QLineEdit(self)
        self.destination.setObjectName("destination")
        self.destination.setPlaceholderText(_("e.g. back to a full week in class"))
        self.form.addRow(_("&Next:"), self.destination)
        self.watch(*self.outcomes, self.destination)

    def problem(self) -> str:
        if not all(box.text().strip() for box in self.outcomes):
            return _("Give the outcome against each objective.")
        if not self.destination.text().strip():
            return _("Say where the child goes next.")
        return ""

    def save(self):
        return end_placement(self.actor, self.line.id, self.end.value(),
                             [box.text() for box in self.outcomes], self.destination.text(),
                             today=self.today)


class FamilyFeedbackDialog(VersionedSave, FormDialog):
    """Record how and when the family was told of a review that is still waiting for it."""

    def __init__(self, actor: Actor, line: ProviderPlacementLine, parent=None, *, today=None):
        self.line = line
        self.remember_version("placement_review", line.feedback_missing_review)
        super().__init__(actor, parent, today=today)
        self.setWindowTitle(_("Family feedback"))
        self.ok_button.setText(_("Record feedback"))
        self.set_heading(_("What <b>{child}</b>'s family was told after the review").format(
            child=html.escape(line.pupil)))

    def build(self) -> None:
        self.told_on = DateField(self.today, self, maximum=self.today)
        self.told_on.setObjectName("toldOn")
        self.how = QComboBox(self)
        self.how.setObjectName("toldHow")
        for code in CONTACT_METHODS:
            self.how.addItem(_(TOLD_HOW_LABELS[code]), code)
        self.feedback = text_box(_("What the family was told"), 60)
        self.feedback.setObjectName("feedback")
        self.form.addRow(_("&Told on:"), self.told_on)
        self.form.addRow(_("&How:"), self.how)
        self.form.addRow(_("&Feedback:"), self.feedback)
        self.watch(self.feedback)

    def problem(self) -> str:
        return "" if self.feedback.toPlainText().strip() else _("Say what the family was told.")

    def save(self):
        return record_family_feedback(self.actor, self.line.feedback_missing_review,
                                      self.told_on.value(), self.how.currentData(),
                                      self.feedback.toPlainText(), today=self.today)


class ContinueDialog(VersionedSave, FormDialog):
    """The Headteacher records why a placement goes on although a check has lapsed."""

    def __init__(self, actor: Actor, line: ProviderPlacementLine, parent=None, *, today=None):
        self.line = line
        self.remember_version("placement", line.id)  # someone else's save meanwhile is refused
        super().__init__(actor, parent, today=today)
        self.setWindowTitle(_("Continue the placement"))
        self.ok_button.setText(_("Record reason"))
        self.set_heading(html.escape(line.alert))

    def build(self) -> None:
        self.reason = text_box(_("Why the placement continues while the check is renewed"), 60)
        self.reason.setObjectName("continueReason")
        self.form.addRow(_("&Reason:"), self.reason)
        self.watch(self.reason)

    def problem(self) -> str:
        return "" if self.reason.toPlainText().strip() else _("Write your reason.")

    def save(self):
        return continue_despite_lapse(self.actor, self.line.id, self.reason.toPlainText(),
                                      today=self.today)
