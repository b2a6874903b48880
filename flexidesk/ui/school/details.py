"""School details (Headteacher): what every letter prints, from the name to the logo."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from flexidesk.i18n import _
from flexidesk.policy import concurrency, ourpolicy
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.policy.school.logo_svg import svg_problem
from flexidesk.policy.school.profile import (
    LOGO_MAX_PIXELS,
    SchoolDetails,
    details,
    logo,
    print_size_logo,
    set_logo,
    update_details,
)
from flexidesk.ui.dialogs.first_run import NATION_LABELS
from flexidesk.ui.widgets.form_dialog import FormDialog, text_box
from flexidesk.ui.widgets.versioned_form import VersionedSave

#: Keep the logo as it is (nothing chosen in this form).
_UNCHANGED = object()


def svg_to_png(data: bytes) -> bytes:
    """Draw an SVG logo into a PNG at print size (b'' when it is not a drawing Qt can read)."""
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(data))
    if not renderer.isValid():
        return b""
    size = renderer.defaultSize()
    if size.isEmpty():
        return b""
    size.scale(LOGO_MAX_PIXELS, LOGO_MAX_PIXELS, Qt.AspectRatioMode.KeepAspectRatio)
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # stubs say bytes; Qt wants str
    return bytes(buffer.data().data())


class SchoolDetailsDialog(VersionedSave, FormDialog):
    """Edit the school's details; Save writes them (audited) and the next letter uses them."""

    def __init__(self, actor: Actor, parent=None):
        self.current = details()
        self.remember_version("school", concurrency.row_id("school"))  # the one school
        self.logo: object = _UNCHANGED  # bytes to set, None to remove, or unchanged
        super().__init__(actor, parent)
        self.setWindowTitle(_("School details"))
        self.setMinimumWidth(560)
        self.set_heading(_("What every letter and document prints about the school. Changes "
                           "apply to the next letter; letters already issued stay as they "
                           "were."))

    def build(self) -> None:
        c = self.current

        def line(name: str, value: str, placeholder: str = "") -> QLineEdit:
            edit = QLineEdit(value, self)
            edit.setObjectName(name)
            edit.setPlaceholderText(placeholder)
            return edit

        self.name = line("schoolName", c.name)
        self.address = text_box(_("Street, town, county (one line each)"), 60)
        self.address.setObjectName("address")
        self.address.setPlainText(c.address)
        self.postcode = line("postcode", c.postcode)
        self.phone = line("phone", c.phone, _("e.g. 01632 960 111"))
        self.email = line("email", c.email, _("e.g. office@school.example"))
        self.website = line("website", c.website)
        self.nation = QComboBox(self)
        self.nation.setObjectName("nation")
        for code, label in NATION_LABELS:
            self.nation.addItem(_(label), code)
        self.nation.setCurrentIndex(max(self.nation.findData(c.nation), 0))
        self.local_authority = line("localAuthority", c.local_authority)
        self.la_notify = QCheckBox(_("The local authority asks to be told of every flexi "
                                     "arrangement"), self)
        self.la_notify.setObjectName("laNotify")
        self.la_notify.setChecked(c.la_notify_flexi)
        in_force = ourpolicy.in_force(self.today)
        if in_force.version_id is not None:
            # Our policy says it now: shown here, changed there.
            self.la_notify.setChecked(in_force.la_told)
            self.la_notify.setEnabled(False)
            self.la_notify.setToolTip(_("Set by our policy (Tools > Our policy, "
                                        "Flexi-schooling)."))
        self.signatory = line("signatory", c.letter_signatory, _("e.g. Ms Wren Hollis"))
        self.signatory_title = line("signatoryTitle", c.signatory_title, _("e.g. Headteacher"))
        self.dsl_name = line("dslName", c.dsl_name, _("named in placement agreements"))
        self.dsl_phone = line("dslPhone", c.dsl_phone)

        self.logo_preview = QLabel(self)
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setFixedSize(120, 60)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("border: 1px solid #bbb; background: white;")
        choose = QPushButton(_("C&hoose…"), self)
        choose.setObjectName("chooseLogo")
        choose.clicked.connect(self.choose_logo)
        self.remove_logo = QPushButton(_("No logo"), self)
        self.remove_logo.setObjectName("removeLogo")
        self.remove_logo.clicked.connect(self.clear_logo)
        logo_row = QWidget(self)
        row = QHBoxLayout(logo_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.logo_preview)
        row.addWidget(choose)
        row.addWidget(self.remove_logo)
        row.addStretch(1)
        self._show_logo(logo())

        self.form.addRow(_("School &name:"), self.name)
        self.form.addRow(_("&Address:"), self.address)
        self.form.addRow(_("&Postcode:"), self.postcode)
        self.form.addRow(_("&Telephone:"), self.phone)
        self.form.addRow(_("&Email:"), self.email)
        self.form.addRow(_("&Website:"), self.website)
        self.form.addRow(_("Nati&on:"), self.nation)
        self.form.addRow(_("&Local authority:"), self.local_authority)
        self.form.addRow("", self.la_notify)
        self.form.addRow(_("Letters &signed by:"), self.signatory)
        self.form.addRow(_("Their t&itle:"), self.signatory_title)
        self.form.addRow(_("&Designated safeguarding lead:"), self.dsl_name)
        self.form.addRow(_("Their phone n&umber:"), self.dsl_phone)
        self.form.addRow(_("Letterhead lo&go:"), logo_row)
        self.watch(self.name, self.signatory, self.signatory_title)

    def _show_logo(self, picture: bytes) -> None:
        pixmap = QPixmap()
        if picture and pixmap.loadFromData(picture):
            self.logo_preview.setPixmap(pixmap.scaled(
                self.logo_preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        else:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(_("(none)"))
        self.remove_logo.setEnabled(bool(picture))

    def choose_logo(self) -> None:
        """Ask for a PNG, JPEG or SVG file and show it as the letterhead will."""
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the school's logo"), str(Path.home()),
            _("Pictures (*.png *.jpg *.jpeg *.svg)"))
        if path:
            self.load_logo(Path(path))

    def load_logo(self, path: Path) -> bool:
        """Read a logo file (an SVG is drawn at print size first); saved with the form."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            self.show_error(_("{path} could not be read ({reason}).").format(
                path=path, reason=exc.strerror or exc))
            return False
        if Path(path).suffix.lower() == ".svg":
            problem = svg_problem(data)  # a drawing that reaches outside itself is refused
            if problem is not None:
                self.show_error(problem)
                return False
            data = svg_to_png(data)
        shrunk = print_size_logo(data)
        if not shrunk:
            self.show_error(_("This file is not a picture FlexiDesk can use. Choose a PNG, "
                              "JPEG or SVG file."))
            return False
        self.logo = data
        self._show_logo(shrunk)
        self.error_label.hide()
        return True

    def clear_logo(self) -> None:
        """Letters will carry no logo (once saved)."""
        self.logo = None
        self._show_logo(b"")

    def values(self) -> SchoolDetails:
        """What the form holds, as the policy takes it."""
        return dataclasses.replace(
            self.current, name=self.name.text(), address=self.address.toPlainText(),
            postcode=self.postcode.text(), phone=self.phone.text(), email=self.email.text(),
            website=self.website.text(), nation=self.nation.currentData(),
            local_authority=self.local_authority.text(),
            la_notify_flexi=(self.la_notify.isChecked() if self.la_notify.isEnabled()
                             else self.current.la_notify_flexi),
            letter_signatory=self.signatory.text(),
            signatory_title=self.signatory_title.text(),
            dsl_name=self.dsl_name.text(), dsl_phone=self.dsl_phone.text())

    def problem(self) -> str:
        if not self.name.text().strip():
            return _("Give the school's name.")
        if not self.signatory.text().strip() or not self.signatory_title.text().strip():
            return _("Say who signs the letters, and their title.")
        return ""

    def save(self):
        saved = update_details(self.actor, self.values())
        if self.logo is not _UNCHANGED:
            try:
                set_logo(self.actor, self.logo)
            except PolicyError as exc:  # the details are saved; only the picture was refused
                self.current = details()
                raise PolicyError(_("The details are saved, but not the logo: {reason}")
                                  .format(reason=exc)) from exc
        return saved
