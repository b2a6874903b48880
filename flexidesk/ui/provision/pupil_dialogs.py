"""A child's record by hand: new pupil, edit pupil, their adults, and marking them as left."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import _, format_date
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.policy.roster.by_hand import (
    AdultDetails,
    LinkedAdult,
    PupilDetails,
    add_adult,
    add_pupil,
    adult_choices,
    edit_adult,
    edit_pupil,
    link_adult,
    linked_adults,
    mark_left,
    pupil_details,
    unlink_adult,
)
from flexidesk.policy.roster.leaving import what_ends
from flexidesk.policy.vocabulary import YEAR_LABELS
from flexidesk.ui.widgets.date_field import DateField
from flexidesk.ui.widgets.form_dialog import FormDialog, text_box


def _line(parent: QWidget, name: str, text: str = "", placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text, parent)
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


class PupilDialog(FormDialog):
    """Add a child to the roll, or (with ``pupil_id``) correct their details."""

    def __init__(self, actor: Actor, parent=None, *, pupil_id: int | None = None):
        self.pupil_id = pupil_id
        self.current = pupil_details(actor, pupil_id) if pupil_id is not None else None
        super().__init__(actor, parent)
        self.setWindowTitle(_("Edit pupil") if pupil_id else _("New pupil"))
        self.ok_button.setText(_("Save") if pupil_id else _("Add pupil"))

    def build(self) -> None:
        c = self.current
        self.upn = _line(self, "upn", c.upn if c else "", _("13 characters, e.g. from the MIS"))
        self.first = _line(self, "legalFirstName", c.legal_first_name if c else "")
        self.last = _line(self, "legalLastName", c.legal_last_name if c else "")
        self.preferred = _line(self, "preferredName", c.preferred_name if c else "",
                               _("if the child is known by another first name"))
        self.dob = DateField(c.date_of_birth if c else self.today - dt.timedelta(days=7 * 365),
                             self, maximum=self.today)
        self.dob.setObjectName("dateOfBirth")
        self.year = QComboBox(self)
        self.year.setObjectName("yearGroup")
        for year, label in YEAR_LABELS.items():
            self.year.addItem(_(label), year)
        self.year.setCurrentIndex(self.year.findData(c.year_group if c else 0))
        self.class_name = _line(self, "className", c.class_name if c else "")
        self.flags = {}
        flags = QGridLayout()
        for number, (key, label) in enumerate( (("sen_support", _("SEN support")), ("ehc_plan", _("EHC plan")),
                           ("looked_after", _("Looked after")),
                           ("pupil_premium", _("Pupil premium")),
                           ("eal", _("English as an additional language")))):
            box = QCheckBox(label, self)
            box.setObjectName(key)
            box.setChecked(bool(c and getattr(c, key)))
            self.flags[key] = box
            flags.addWidget(box, number // 2, number % 2)
        self.form.addRow(_("&UPN:"), self.upn)
        self.form.addRow(_("Legal &first name:"), self.first)
        self.form.addRow(_("Legal &surname:"), self.last)
        self.form.addRow(_("&Preferred name:"), self.preferred)
        self.form.addRow(_("Date of &birth:"), self.dob)
        self.form.addRow(_("&Year group:"), self.year)
        self.form.addRow(_("&Class:"), self.class_name)
        self.form.addRow(_("Flags:"), flags)
        self.watch(self.upn, self.first, self.last)

    def problem(self) -> str:
        if not self.upn.text().strip():
            return _("Type the child's UPN.")
        if not (self.first.text().strip() and self.last.text().strip()):
            return _("Type the child's legal first name and surname.")
        return ""

    def save(self):
        details = PupilDetails(
            self.upn.text(), self.first.text(), self.last.text(), self.preferred.text(),
            self.dob.value(), self.year.currentData(), self.class_name.text(),
            **{key: box.isChecked() for key, box in self.flags.items()},
            on_roll_date=self.current.on_roll_date if self.current else None)
        if self.pupil_id is None:
            return add_pupil(self.actor, details, self.today)
        return edit_pupil(self.actor, self.pupil_id, details, self.today)


class AdultDialog(FormDialog):
    """A new adult for the child, or (with ``linked``) their details and link changed."""

    def __init__(self, actor: Actor, pupil_id: int, child: str, parent=None, *,
                 linked: LinkedAdult | None = None):
        self.pupil_id, self.linked = pupil_id, linked
        super().__init__(actor, parent)
        self.setWindowTitle(_("Edit adult") if linked else _("New adult"))
        self.set_heading(_("A parent or carer of <b>{child}</b>").format(
            child=html.escape(child)))

    def build(self) -> None:
        d = self.linked.details if self.linked else AdultDetails("", "", "")
        self.title_edit = _line(self, "adultTitle", d.title, _("Mr, Mrs, Ms, Mx, Dr…"))
        self.first = _line(self, "adultFirstName", d.first_name)
        self.last = _line(self, "adultLastName", d.last_name)
        self.relationship = _line(self, "relationship",
                                  self.linked.relationship if self.linked else "",
                                  _("Mother, Father, Grandparent, Foster carer…"))
        self.responsibility = QCheckBox(_("Has parental responsibility"), self)
        self.responsibility.setObjectName("parentalResponsibility")
        self.responsibility.setChecked(self.linked.parental_responsibility if self.linked
                                       else True)
        self.priority = QSpinBox(self)
        self.priority.setObjectName("priority")
        self.priority.setRange(1, 99)
        self.priority.setValue(self.linked.priority if self.linked else 1)
        self.phone = _line(self, "adultPhone", d.phone)
        self.email = _line(self, "adultEmail", d.email)
        self.address = text_box(_("The address letters go to, one line each"), 60)
        self.address.setObjectName("adultAddress")
        self.address.setPlainText(d.address)
        self.postcode = _line(self, "adultPostcode", d.postcode)
        for label, widget in ((_("&Title:"), self.title_edit), (_("&First name:"), self.first),
                              (_("&Surname:"), self.last),
                              (_("&Relationship:"), self.relationship),
                              ("", self.responsibility), (_("Pri&ority:"), self.priority),
                              (_("Tele&phone:"), self.phone), (_("&Email:"), self.email),
                              (_("&Address:"), self.address),
                              (_("Post&code:"), self.postcode)):
            self.form.addRow(label, widget)
        self.watch(self.first, self.last, self.relationship)

    def problem(self) -> str:
        if not (self.first.text().strip() and self.last.text().strip()):
            return _("Type the adult's first name and surname.")
        if not self.relationship.text().strip():
            return _("Say how the adult is related to the child.")
        return ""

    def save(self):
        details = AdultDetails(self.title_edit.text(), self.first.text(), self.last.text(),
                               self.phone.text(), self.email.text(),
                               self.address.toPlainText(), self.postcode.text())
        link = (self.relationship.text(), self.responsibility.isChecked(), self.priority.value())
        if self.linked is None:
            return add_adult(self.actor, self.pupil_id, details, *link)
        edit_adult(self.actor, self.linked.adult_id, details)
        return link_adult(self.actor, self.pupil_id, self.linked.adult_id, *link)


class LinkAdultDialog(FormDialog):
    """Link an adult already known to the school (a brother's or sister's parent) to the child."""

    def __init__(self, actor: Actor, pupil_id: int, child: str, parent=None):
        self.pupil_id = pupil_id
        super().__init__(actor, parent)
        self.setWindowTitle(_("Link an adult"))
        self.ok_button.setText(_("Link"))
        self.set_heading(_("An adult already known to the school, for <b>{child}</b>").format(
            child=html.escape(child)))

    def build(self) -> None:
        self.adult = QComboBox(self)
        self.adult.setObjectName("existingAdult")
        self.adult.setEditable(True)  # type a few letters of the name to find them
        self.adult.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.adult.addItem("", None)
        for adult_id, label in adult_choices(self.actor, self.pupil_id):
            self.adult.addItem(label, adult_id)
        self.relationship = _line(self, "linkRelationship", "",
                                  _("Mother, Father, Grandparent, Foster carer…"))
        self.responsibility = QCheckBox(_("Has parental responsibility"), self)
        self.responsibility.setObjectName("linkResponsibility")
        self.responsibility.setChecked(True)
        self.priority = QSpinBox(self)
        self.priority.setRange(1, 99)
        self.form.addRow(_("&Adult:"), self.adult)
        self.form.addRow(_("&Relationship:"), self.relationship)
        self.form.addRow("", self.responsibility)
        self.form.addRow(_("Pri&ority:"), self.priority)
        self.watch(self.adult, self.relationship)

    def problem(self) -> str:
        if self.adult.currentData() is None:
            return _("Choose the adult.")
        if not self.relationship.text().strip():
            return _("Say how the adult is related to the child.")
        return ""

    def save(self):
        return link_adult(self.actor, self.pupil_id, self.adult.currentData(),
                          self.relationship.text(), self.responsibility.isChecked(),
                          self.priority.value())


class AdultsDialog(QDialog):
    """The adults linked to a child: add one, change one, or take one off the child's record."""

    def __init__(self, actor: Actor, pupil_id: int, child: str, parent=None):
        super().__init__(parent)
        self.actor, self.pupil_id, self.child = actor, pupil_id, child
        self.changed = False
        self.setWindowTitle(_("Adults of {child}").format(child=child))
        self.resize(520, 320)
        self.list = QListWidget(self)
        self.list.setObjectName("adultList")
        self.add_button = QPushButton(_("&Add adult…"), self)
        self.add_button.setObjectName("addAdult")
        self.link_button = QPushButton(_("&Link existing adult…"), self)
        self.link_button.setObjectName("linkAdult")
        self.link_button.clicked.connect(self.link)
        self.edit_button = QPushButton(_("&Edit…"), self)
        self.edit_button.setObjectName("editAdult")
        self.unlink_button = QPushButton(_("&Unlink"), self)
        self.unlink_button.setObjectName("unlinkAdult")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.unlink_button.clicked.connect(self.unlink)
        self.list.itemDoubleClicked.connect(self.edit)
        buttons = QVBoxLayout()
        for button in (self.add_button, self.link_button, self.edit_button, self.unlink_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        """List the adults again, first to call first."""
        self.adults = linked_adults(self.actor, self.pupil_id)
        self.list.clear()
        for adult in self.adults:
            pr = _(", parental responsibility") if adult.parental_responsibility else ""
            item = QListWidgetItem(f"{adult.priority}. {adult.name} ({adult.relationship}{pr})")
            self.list.addItem(item)
        if self.adults:
            self.list.setCurrentRow(0)
        has = bool(self.adults)
        self.edit_button.setEnabled(has)
        self.unlink_button.setEnabled(has)

    def _selected(self) -> LinkedAdult | None:
        row = self.list.currentRow()
        return self.adults[row] if 0 <= row < len(self.adults) else None

    def _run(self, dialog: FormDialog) -> None:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed = True
            self.refresh()
        dialog.deleteLater()

    def add(self) -> None:
        self._run(AdultDialog(self.actor, self.pupil_id, self.child, self))

    def link(self) -> None:
        self._run(LinkAdultDialog(self.actor, self.pupil_id, self.child, self))

    def edit(self, *_args) -> None:
        if (linked := self._selected()) is not None:
            self._run(AdultDialog(self.actor, self.pupil_id, self.child, self, linked=linked))

    def unlink(self) -> None:
        linked = self._selected()
        if linked is None:
            return
        answer = QMessageBox.question(self, _("Unlink adult"), _(
            "Take {adult} off {child}'s record? Letters about {child} will no longer go to "
            "them.").format(adult=linked.name, child=self.child))
        if answer != QMessageBox.StandardButton.Yes:
            return
        unlink_adult(self.actor, self.pupil_id, linked.adult_id)
        self.changed = True
        self.refresh()


def confirm_left(actor: Actor, pupil_id: int, child: str, parent: QWidget,
                 today: dt.date) -> bool:
    """Ask, saying what of the child's ends with them, then record that they left today and
    end it; a refusal is shown. True if recorded."""
    ends = what_ends(actor, pupil_id, today)
    text = _("Record that {child} left the school on {date}? Their records are kept; they "
             "leave the provision map.").format(child=child, date=format_date(today))
    if ends.anything:
        text += "\n\n" + _("These end that day, and no review of them falls due:") + "\n" + \
            "\n".join(f"• {line}" for line in ends.lines())
    answer = QMessageBox.question(parent, _("Mark as left"), text)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        # Only what the user was shown is ended: anything new since is asked about (refused).
        mark_left(actor, pupil_id, today, end_what_runs=ends.anything)
    except PolicyError as exc:
        QMessageBox.warning(parent, _("Mark as left"), str(exc))
        return False
    return True
