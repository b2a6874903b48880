"""The Providers tab's forms: where one due-diligence checklist item stands."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QWidget

from flexidesk.i18n import _
from flexidesk.policy.access import Actor
from flexidesk.policy.providers import RECORDABLE_STATUSES, ChecklistLine, record_due_diligence
from flexidesk.policy.vocabulary import DD_STATUS_LABELS
from flexidesk.ui.widgets.date_field import DateField
from flexidesk.ui.widgets.form_dialog import FormDialog, text_box


class ChecklistItemDialog(FormDialog):
    """Record an item as requested, held (evidence, when checked, any expiry) or not applicable."""

    def __init__(self, actor: Actor, provider_id: int, provider: str, line: ChecklistLine,
                 parent=None):
        self.provider_id, self.line = provider_id, line
        super().__init__(actor, parent)
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
        expiry_row = QWidget(self)
        row = QHBoxLayout(expiry_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.expires)
        row.addWidget(self.expiry, 1)
        self.form.addRow(_("&Status:"), self.status)
        self.form.addRow(_("&Evidence:"), self.evidence)
        self.form.addRow(_("&Checked on:"), self.checked)
        self.form.addRow("", expiry_row)
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
            expires_on=self.expiry.value() if held and self.expires.isChecked() else None)
