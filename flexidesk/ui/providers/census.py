"""File > AP placements for the census…: each placement's census items as the office enters
them in the MIS, and the placements that cannot be listed yet with what they lack."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import _, format_date, ngettext
from flexidesk.policy.providers.census import (
    CensusList,
    census_list,
    census_periods,
    record_primary_reason,
)
from flexidesk.policy.records.access import Actor, PolicyError, can
from flexidesk.policy.vocabulary import CENSUS_REASONS
from flexidesk.ui.models.rows import LATE
from flexidesk.ui.widgets.date_field import DateField
from flexidesk.ui.widgets.form_dialog import set_tone
from flexidesk.ui.widgets.plain_table import fill_table, read_only_table


class CensusDialog(QDialog):
    """A census period (the usual one, or dates of one's own) and its placements."""

    def __init__(self, actor: Actor, parent=None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.actor = actor
        self.today = today or dt.date.today()
        self.listed: CensusList | None = None
        self.setObjectName("census")
        self.setWindowTitle(_("AP placements for the census"))
        self.resize(1060, 520)
        self.periods = census_periods(self.today)
        self.period = QComboBox(self)
        self.period.setObjectName("censusPeriod")
        for p in self.periods:
            self.period.addItem(_("{name} (placements from {start} to {end})").format(
                name=p.name, start=format_date(p.start), end=format_date(p.end)), p)
        self.start = DateField(self.periods[0].start, self)
        self.start.setObjectName("censusFrom")
        self.end = DateField(self.periods[0].end, self)
        self.end.setObjectName("censusTo")
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.table = read_only_table(self, "censusLines")
        self.refused = QLabel(self)
        self.refused.setObjectName("refused")
        self.refused.setWordWrap(True)
        self.refused.setTextFormat(Qt.TextFormat.PlainText)
        set_tone(self.refused, LATE)
        self.reason_row = QWidget(self)
        row = QHBoxLayout(self.reason_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.reason_for = QComboBox(self.reason_row)
        self.reason_for.setObjectName("reasonFor")
        self.reason_for.setAccessibleName(_("Placement without a primary reason"))
        self.reason = QComboBox(self.reason_row)
        self.reason.setObjectName("reason")
        self.reason.setAccessibleName(_("Primary reason"))
        for code, label in CENSUS_REASONS.items():
            self.reason.addItem(_(label), code)
        self.record_button = QPushButton(_("&Record the reason"), self.reason_row)
        self.record_button.setObjectName("recordReason")
        self.record_button.clicked.connect(self.record_reason)
        row.addWidget(QLabel(_("Primary reason of"), self.reason_row))
        row.addWidget(self.reason_for, 1)
        row.addWidget(self.reason, 1)
        row.addWidget(self.record_button)
        self.reason_row.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("&Census:"), self.period)
        form.addRow(_("Placements &from:"), self.start)
        form.addRow(_("&To:"), self.end)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.refused)
        layout.addWidget(self.reason_row)
        layout.addWidget(buttons)
        self.period.currentIndexChanged.connect(self._period_chosen)
        self.start.dateChanged.connect(self.refresh)
        self.end.dateChanged.connect(self.refresh)
        self.refresh()

    def _period_chosen(self, *_args) -> None:
        period = self.period.currentData()
        for field, value in ((self.start, period.start), (self.end, period.end)):
            field.blockSignals(True)
            field.set_value(value)
            field.blockSignals(False)
        self.refresh()

    def refresh(self, *_args) -> None:
        """List the period's placements (each child listed is a recorded view)."""
        try:
            self.listed = listed = census_list(self.actor, self.start.value(), self.end.value())
        except PolicyError as refusal:
            self.summary.setText(str(refusal))
            return
        fill_table(self.table, [
            _("Child"), _("UPN"), _("Provider"), _("URN, UKPRN or setting type"),
            _("Entry date"), _("Leaving date"), _("Primary reason"), _("Sessions a week")],
            [[line.pupil, line.upn, line.provider, f"{line.identity_kind} {line.identity}",
              format_date(line.entry_date),
              format_date(line.leaving_date) + (_(" (planned)") if line.leaving_planned
                                                else ""),
              line.reason, str(line.sessions_a_week)] for line in listed.lines])
        self.summary.setText(ngettext(
            "{n} placement ran between {start} and {end}, ready to enter in the MIS.",
            "{n} placements ran between {start} and {end}, ready to enter in the MIS.",
            len(listed.lines)).format(n=len(listed.lines), start=format_date(listed.start),
                                      end=format_date(listed.end)))
        gaps = [_("{child} at {provider}: missing {items}.").format(
            child=g.pupil, provider=g.provider, items=", ".join(g.missing))
            for g in listed.incomplete]
        self.refused.setText(
            (_("Not listed until complete (record what is missing on the Providers tab):")
             + "\n" + "\n".join(gaps)) if gaps else "")
        self.refused.setVisible(bool(gaps))
        self.reason_for.clear()
        for g in listed.incomplete:
            if g.needs_reason:
                self.reason_for.addItem(f"{g.pupil} ({g.provider})", g.placement_id)
        self.reason_row.setVisible(self.reason_for.count() > 0
                                   and can(self.actor, "placement.edit"))

    def record_reason(self) -> None:
        """Record the chosen primary reason on the chosen placement, then list again."""
        placement_id = self.reason_for.currentData()
        if placement_id is None:
            return
        try:
            record_primary_reason(self.actor, placement_id, self.reason.currentData())
        except PolicyError as refusal:
            self.summary.setText(str(refusal))
            return
        self.refresh()
