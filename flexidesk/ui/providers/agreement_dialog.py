"""The placement agreement's own details: the provider's key worker, transport, medical needs,
English and maths, the notice to end it and the child's risk assessment."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QCheckBox, QLineEdit, QSpinBox

from flexidesk.i18n import _
from flexidesk.policy.providers import (
    ProviderPlacementLine,
    agreement_details,
    set_agreement_details,
)
from flexidesk.policy.records.access import Actor
from flexidesk.ui.widgets.date_field import DateField, dated_row
from flexidesk.ui.widgets.form_dialog import FormDialog, text_box
from flexidesk.ui.widgets.versioned_form import VersionedSave


class AgreementDetailsDialog(VersionedSave, FormDialog):
    """What the placement agreement names beyond the commission, so it can be signed."""

    def __init__(self, actor: Actor, provider: str, line: ProviderPlacementLine, parent=None,
                 *, today=None):
        self.line = line
        self.details = agreement_details(actor, line.id)
        self.remember_version("placement", line.id)  # someone else's save meanwhile is refused
        super().__init__(actor, parent, today=today)
        self.setWindowTitle(_("Agreement details"))
        self.ok_button.setText(_("Save details"))
        self.set_heading(_("<b>{child}</b> at {provider}: what the agreement names. Anything "
                           "left empty prints as not recorded.").format(
            child=html.escape(line.pupil), provider=html.escape(provider)))

    def build(self) -> None:
        d = self.details
        self.key_worker = QLineEdit(d.key_worker, self)
        self.key_worker.setObjectName("keyWorker")
        self.key_worker_phone = QLineEdit(d.key_worker_phone, self)
        self.key_worker_phone.setObjectName("keyWorkerPhone")
        self.transport = text_box(_("How the child gets there and back, and who pays"), 50)
        self.transport.setObjectName("transport")
        self.transport.setPlainText(d.transport)
        self.medical = text_box(_("What the provider must know of the child's health and "
                                  "medicines; \"none\" if there is nothing"), 50)
        self.medical.setObjectName("medicalNeeds")
        self.medical.setPlainText(d.medical_needs)
        self.english_maths = text_box(_("Where and how the child keeps up English and maths"),
                                      50)
        self.english_maths.setObjectName("englishMaths")
        self.english_maths.setPlainText(d.english_maths)
        self.has_notice = QCheckBox(_("Notice &agreed:"), self)
        self.has_notice.setObjectName("hasNotice")
        self.has_notice.setChecked(d.notice_weeks is not None)
        self.notice = QSpinBox(self)
        self.notice.setObjectName("noticeWeeks")
        self.notice.setRange(0, 26)
        self.notice.setSuffix(_(" weeks"))
        self.notice.setValue(d.notice_weeks if d.notice_weeks is not None else 2)
        self.assessed = QCheckBox(_("Risk assessment &done on:"), self)
        self.assessed.setObjectName("riskAssessed")
        self.assessed.setChecked(d.risk_assessed_on is not None)
        self.assessed_on = DateField(d.risk_assessed_on or self.today, self, maximum=self.today)
        self.assessed_on.setObjectName("riskAssessedOn")
        self.form.addRow(_("Provider's &key worker:"), self.key_worker)
        self.form.addRow(_("Their &telephone:"), self.key_worker_phone)
        self.form.addRow(_("T&ransport:"), self.transport)
        self.form.addRow(_("&Medical needs:"), self.medical)
        self.form.addRow(_("&English and maths:"), self.english_maths)
        self.form.addRow("", dated_row(self, self.has_notice, self.notice))
        self.form.addRow("", dated_row(self, self.assessed, self.assessed_on))
        self.watch(self.key_worker, self.has_notice, self.notice, self.assessed,
                   self.assessed_on)

    def problem(self) -> str:
        self.notice.setEnabled(self.has_notice.isChecked())
        self.assessed_on.setEnabled(self.assessed.isChecked())
        return ""

    def save(self):
        return set_agreement_details(
            self.actor, self.line.id, key_worker=self.key_worker.text(),
            key_worker_phone=self.key_worker_phone.text(),
            transport=self.transport.toPlainText(), medical_needs=self.medical.toPlainText(),
            english_maths=self.english_maths.toPlainText(),
            notice_weeks=self.notice.value() if self.has_notice.isChecked() else None,
            risk_assessed_on=self.assessed_on.value() if self.assessed.isChecked() else None,
            today=self.today)
