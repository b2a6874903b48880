"""The register's forms: a provider's details, one of its sites, an item of the school's checklist."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox

from flexidesk.i18n import _
from flexidesk.policy.providers import (
    ProviderDetail,
    SiteLine,
    TemplateItem,
    add_provider,
    add_site,
    edit_provider,
    edit_site,
    retire_checklist_item,
    save_checklist_item,
)
from flexidesk.policy.records.access import Actor
from flexidesk.policy.vocabulary import (
    AP_SETTING_TYPE_LABELS,
    OFSTED_JUDGEMENTS,
    PROVIDER_KINDS,
)
from flexidesk.ui.widgets.date_field import DateField, dated_row
from flexidesk.ui.widgets.form_dialog import FormDialog, text_box


def _line(parent, name: str, text: str = "", placeholder: str = "") -> QLineEdit:
    box = QLineEdit(text, parent)
    box.setObjectName(name)
    box.setPlaceholderText(placeholder)
    return box


class ProviderDialog(FormDialog):
    """Add a provider to the register, or change one's details (``detail`` given)."""

    def __init__(self, actor: Actor, detail: ProviderDetail | None = None, parent=None, *,
                 today=None):
        self.detail = detail
        super().__init__(actor, parent, today=today)
        self.setWindowTitle(_("Edit provider") if detail else _("Add a provider"))
        self.ok_button.setText(_("Save provider"))

    def build(self) -> None:
        d = self.detail
        self.name = _line(self, "name", d.name if d else "")
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        self.kind.setEditable(True)
        self.kind.addItems([_(k) for k in PROVIDER_KINDS])
        self.kind.setCurrentText(d.provider_type if d else "")
        self.urn = _line(self, "urn", d.ofsted_urn if d else "", _("Ofsted or DfE URN"))
        self.ukprn = _line(self, "ukprn", d.ukprn if d else "", _("8 digits, e.g. 10012345"))
        self.setting_type = QComboBox(self)
        self.setting_type.setObjectName("settingType")
        self.setting_type.addItem(_("None (it has a URN or UKPRN)"), "")
        for code, label in AP_SETTING_TYPE_LABELS.items():
            self.setting_type.addItem(_(label), code)
        self.setting_type.setCurrentIndex(
            max(0, self.setting_type.findData(d.ap_setting_type if d else "")))
        self.setting_type.setToolTip(_("For the school census, a provider with neither a URN "
                                       "nor a UKPRN is recorded by its type of setting"))
        self.la_approved = QCheckBox(_("On the local authority's appro&ved list"), self)
        self.la_approved.setObjectName("laApproved")
        self.la_approved.setChecked(bool(d and d.la_approved))
        self.registered = QCheckBox(_("Registered &independent school"), self)
        self.registered.setObjectName("registered")
        self.registered.setChecked(bool(d and d.registered_school))
        self.registration = _line(self, "registration", d.registration_number if d else "",
                                  _("DfE number, e.g. 990/6001"))
        self.judgement = QComboBox(self)
        self.judgement.setObjectName("judgement")
        self.judgement.addItem(_("None recorded"), "")
        for j in OFSTED_JUDGEMENTS:
            self.judgement.addItem(_(j), j)
        if d and d.ofsted_judgement:
            self.judgement.setCurrentIndex(max(0, self.judgement.findData(d.ofsted_judgement)))
        self.has_ofsted_date = QCheckBox(_("Inspected on"), self)
        self.has_ofsted_date.setObjectName("hasOfstedDate")
        self.ofsted_date = DateField(d.ofsted_date if d and d.ofsted_date else self.today, self,
                                     maximum=self.today)
        self.has_ofsted_date.setChecked(bool(d and d.ofsted_date))
        self.contact = _line(self, "contact", d.contact_name if d else "")
        self.phone = _line(self, "phone", d.phone if d else "")
        self.email = _line(self, "email", d.email if d else "")
        self.address = text_box(_("Street, town"), 45)
        self.address.setObjectName("address")
        self.address.setPlainText(d.address if d else "")
        self.postcode = _line(self, "postcode", d.postcode if d else "")
        self.offer = text_box(_("What the provider offers the children it takes"), 45)
        self.offer.setObjectName("offer")
        self.offer.setPlainText(d.offer if d else "")
        self.costs = text_box(_("Its charges, e.g. £45 a session"), 35)
        self.costs.setObjectName("costs")
        self.costs.setPlainText(d.costs if d else "")
        for label, widget in (
                (_("&Name:"), self.name), (_("&Kind:"), self.kind), (_("&URN:"), self.urn),
                (_("UKP&RN:"), self.ukprn), (_("Census setting t&ype:"), self.setting_type),
                ("", self.la_approved), ("", self.registered),
                (_("Re&gistration no.:"), self.registration),
                (_("&Ofsted judgement:"), self.judgement),
                ("", dated_row(self, self.has_ofsted_date, self.ofsted_date)),
                (_("&Contact:"), self.contact), (_("&Phone:"), self.phone),
                (_("&Email:"), self.email), (_("&Address:"), self.address),
                (_("Postco&de:"), self.postcode), (_("O&ffer:"), self.offer),
                (_("Cos&ts:"), self.costs)):
            self.form.addRow(label, widget)
        self.watch(self.name, self.has_ofsted_date, self.registered, self.urn, self.ukprn,
                   self.setting_type)

    def problem(self) -> str:
        self.ofsted_date.setEnabled(self.has_ofsted_date.isChecked())
        self.registration.setEnabled(self.registered.isChecked())
        if not self.name.text().strip():
            return _("Give the provider's name.")
        if self.setting_type.currentData() and (self.urn.text().strip()
                                                or self.ukprn.text().strip()):
            return _("A census setting type is only for a provider with neither a URN nor a "
                     "UKPRN: choose None, or clear them.")
        return ""

    def save(self):
        fields = dict(
            provider_type=self.kind.currentText(), ofsted_urn=self.urn.text(),
            ukprn=self.ukprn.text(), ap_setting_type=self.setting_type.currentData(),
            la_approved=self.la_approved.isChecked(),
            registered_school=self.registered.isChecked(),
            registration_number=self.registration.text() if self.registered.isChecked()
            else "", ofsted_judgement=self.judgement.currentData(),
            ofsted_date=self.ofsted_date.value() if self.has_ofsted_date.isChecked() else None,
            contact_name=self.contact.text(), phone=self.phone.text(), email=self.email.text(),
            address=self.address.toPlainText(), postcode=self.postcode.text(),
            offer=self.offer.toPlainText(), costs=self.costs.toPlainText(), today=self.today)
        if self.detail is None:
            return add_provider(self.actor, self.name.text(), **fields)
        return edit_provider(self.actor, self.detail.id, self.name.text(), **fields)


class SiteDialog(FormDialog):
    """Record a site where pupils may attend the provider, or correct one (``site`` given)."""

    def __init__(self, actor: Actor, provider_id: int, provider: str, parent=None,
                 site: SiteLine | None = None):
        self.provider_id = provider_id
        self.site = site
        super().__init__(actor, parent)
        self.setWindowTitle(_("Change a site") if site else _("Add a site"))
        self.ok_button.setText(_("Save site"))
        self.set_heading(_("A site of <b>{provider}</b> where a pupil may attend").format(
            provider=html.escape(provider)))

    def build(self) -> None:
        site = self.site
        self.name = _line(self, "siteName", site.name if site else "")
        self.address = text_box(_("Street, town"), 45)
        self.address.setObjectName("siteAddress")
        if site:
            self.address.setPlainText(site.address)
        self.postcode = _line(self, "sitePostcode", site.postcode if site else "")
        self.form.addRow(_("&Name:"), self.name)
        self.form.addRow(_("&Address:"), self.address)
        self.form.addRow(_("Postco&de:"), self.postcode)
        self.watch(self.name)

    def problem(self) -> str:
        return "" if self.name.text().strip() else _("Give the site's name.")

    def save(self):
        if self.site is not None:
            return edit_site(self.actor, self.site.id, self.name.text(),
                             address=self.address.toPlainText(), postcode=self.postcode.text())
        return add_site(self.actor, self.provider_id, self.name.text(),
                        address=self.address.toPlainText(), postcode=self.postcode.text())


class ChecklistTemplateDialog(FormDialog):
    """Add an item to the school's checklist, or change one's wording and re-check interval."""

    def __init__(self, actor: Actor, item: TemplateItem | None = None, parent=None):
        self.item = item
        super().__init__(actor, parent)
        self.setWindowTitle(_("Checklist item") if item else _("Add a checklist item"))
        self.ok_button.setText(_("Save item"))

    def build(self) -> None:
        self.label = _line(self, "itemLabel", _(self.item.label) if self.item else "")
        self.recheck = QSpinBox(self)
        self.recheck.setObjectName("recheckMonths")
        self.recheck.setRange(0, 60)
        self.recheck.setSpecialValueText(_("no re-check"))
        self.recheck.setSuffix(_(" months"))
        self.recheck.setValue(self.item.recheck_months or 0 if self.item else 0)
        self.recheck.setToolTip(_("Even a held item with no expiry date is looked at again "
                                  "this often"))
        self.retire = QCheckBox(_("&Stop asking providers for this item"), self)
        self.retire.setObjectName("retireItem")
        self.retire.setToolTip(_("What providers have sent for it is kept"))
        self.form.addRow(_("&Item:"), self.label)
        self.form.addRow(_("&Re-check every:"), self.recheck)
        if self.item is not None:
            self.form.addRow("", self.retire)
        else:
            self.retire.hide()
        self.watch(self.label)

    def problem(self) -> str:
        return "" if self.label.text().strip() else _("Say what the school asks for.")

    def save(self):
        if self.item is not None and self.retire.isChecked():
            return retire_checklist_item(self.actor, self.item.code)
        return save_checklist_item(self.actor, self.item.code if self.item else None,
                                   self.label.text(), recheck_months=self.recheck.value() or None)
