"""First run: create our school (encrypted, with its headteacher) or open the demo, then the recovery key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import N_, _
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.policy.school.setup import NewSchool, check_new_school, create_school
from flexidesk.policy.school.staff import MIN_PASSWORD
from flexidesk.store.database import FlexiDatabase
from flexidesk.store.errors import StoreError
from flexidesk.ui.models.rows import LATE, MUTED, tone_style
from flexidesk.ui.widgets.form_dialog import grow_to_fit

NATION_LABELS = (("ENG", N_("England")), ("WLS", N_("Wales")), ("SCT", N_("Scotland")),
                 ("NIR", N_("Northern Ireland")))


def _suggest_username(name: str) -> str:
    """'Ms Wren Hollis' -> 'whollis': first initial and surname, small letters only."""
    words = [w for w in name.replace(".", " ").split() if w.isalpha()]
    if words and words[0].lower() in {"mr", "mrs", "ms", "miss", "mx", "dr"}:
        words = words[1:]
    if not words:
        return ""
    return (words[0][0] + words[-1] if len(words) > 1 else words[0]).lower()


class FirstRunDialog(QDialog):
    """Offers to create the school or open the demo; ``choice`` is 'create' or 'demo' when accepted."""

    def __init__(self, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.choice = ""
        self.created: tuple[FlexiDatabase, Actor] | None = None
        self.recovery_key = ""
        self.setWindowTitle(_("Welcome to FlexiDesk"))

        intro = QLabel(_("<b>Welcome to FlexiDesk.</b><br>There is no school on this computer "
                         "yet. Create yours below, or look around the fictional demo school "
                         "first."), self)
        intro.setWordWrap(True)
        self.school_name = QLineEdit(self)
        self.school_name.setObjectName("schoolName")
        self.head_name = QLineEdit(self)
        self.head_name.setObjectName("headName")
        self.head_name.setPlaceholderText(_("e.g. Ms Wren Hollis"))
        self.head_name.textEdited.connect(self._suggest)
        self.lead = QLineEdit(self)
        self.lead.setObjectName("provisionLead")
        self.lead.setPlaceholderText(_("the senior leader who leads it (it may be you)"))
        self._lead_touched = False
        self.lead.textEdited.connect(lambda _text: setattr(self, "_lead_touched", True))
        self.nation = QComboBox(self)
        self.nation.setObjectName("nation")
        for code, label in NATION_LABELS:
            self.nation.addItem(_(label), code)
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self._username_touched = False
        self.username.textEdited.connect(lambda _text: setattr(self, "_username_touched", True))
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(_("at least {n} characters; a short sentence is good").format(n=MIN_PASSWORD))
        self.password_again = QLineEdit(self)
        self.password_again.setObjectName("passwordAgain")
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setObjectName("firstRunMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(tone_style(LATE))

        form = QFormLayout()
        form.addRow(_("School &name:"), self.school_name)
        form.addRow(_("&Headteacher:"), self.head_name)
        form.addRow(_("Provision map &led by:"), self.lead)
        form.addRow(_("N&ation:"), self.nation)
        form.addRow(_("Headteacher's sign-in na&me:"), self.username)
        form.addRow(_("&Password:"), self.password)
        form.addRow(_("Password a&gain:"), self.password_again)

        self.create_button = QPushButton(_("&Create our school"), self)
        self.create_button.setObjectName("createSchool")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self._create)
        self.demo_button = QPushButton(_("Open the &demo school"), self)
        self.demo_button.setObjectName("openDemo")
        self.demo_button.clicked.connect(self._demo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)

        where = QLabel(_("The school's records will be kept, encrypted, in {path}").format(
            path=self.db_path), self)
        where.setWordWrap(True)
        where.setStyleSheet(tone_style(MUTED))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(where)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        self.school_name.setFocus()

    def _suggest(self, name: str) -> None:
        if not self._username_touched:
            self.username.setText(_suggest_username(name))
        if not self._lead_touched:  # the Head leads it until someone else is named
            self.lead.setText(name)

    def form_values(self) -> NewSchool:
        return NewSchool(self.school_name.text(), self.head_name.text(),
                         self.nation.currentData(), self.username.text().strip(),
                         self.password.text(), self.password_again.text(),
                         provision_lead=self.lead.text().strip())

    def _create(self) -> None:
        values = self.form_values()
        try:
            check_new_school(values)
        except PolicyError as exc:
            self.message.setText(str(exc))
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            database, actor, recovery = create_school(self.db_path, values)
        except (PolicyError, StoreError) as exc:
            self.message.setText(str(exc))
            return
        except OSError as exc:
            self.message.setText(_("The school could not be created in {path} ({reason}). "
                                   "Nothing was saved.").format(path=self.db_path,
                                                                reason=exc.strerror or exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.password.clear()
        self.password_again.clear()
        self.created, self.recovery_key, self.choice = (database, actor), recovery, "create"
        self.accept()

    def _demo(self) -> None:
        self.choice = "demo"
        self.accept()


def default_pdf_path(school_name: str) -> Path:
    """Where the recovery sheet is offered to be saved: the Documents folder if there is one."""
    home = Path.home()
    folder = home / "Documents" if (home / "Documents").is_dir() else home
    safe = "".join(c for c in school_name if c.isalnum() or c in " -_").strip() or "school"
    return folder / _("FlexiDesk recovery key - {school}.pdf").format(school=safe)


def breakable(path: str) -> str:
    """A path that a label may wrap after each folder (a long path is one word, which a label
    cannot wrap: after saving, the sheet's place was cut off at the dialog's edge)."""
    return path.replace("/", "/\u200b").replace("\\", "\\\u200b")


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key this once, and saves the sheet for the data protection officer."""

    def __init__(self, school_name: str, db_path: Path, recovery_key: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.school_name, self.db_path, self.recovery_key = school_name, Path(db_path), recovery_key
        self.saved_to: Path | None = None
        self.setWindowTitle(_("Your recovery key"))
        intro = QLabel(_("This recovery key opens the school's records if every password is "
                         "forgotten. FlexiDesk keeps no copy and will not show it again. Save "
                         "the sheet, print it, give it to your data protection officer, then "
                         "delete the file."), self)
        intro.setWordWrap(True)
        key = QLabel(recovery_key, self)
        key.setObjectName("recoveryKey")
        # Selectable from the keyboard too, so the key can be copied without a mouse.
        key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                    | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(14)
        key.setFont(font)
        self.path = QLineEdit(str(default_pdf_path(school_name)), self)
        self.path.setObjectName("recoveryPdfPath")
        self.path.setAccessibleName(_("Where to save the recovery key sheet"))
        save = QPushButton(_("&Save the sheet (PDF)"), self)
        save.setObjectName("saveRecoveryPdf")
        save.clicked.connect(self.save_pdf)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(save)
        self.status = QLabel(self)
        self.status.setObjectName("recoveryStatus")
        self.status.setWordWrap(True)
        self.confirm = QCheckBox(_("I have saved or written down the recovery key"), self)
        self.confirm.setObjectName("recoveryConfirm")
        self.carry_on = QPushButton(_("&Carry on"), self)
        self.carry_on.setObjectName("recoveryDone")
        self.carry_on.setEnabled(False)
        self.confirm.toggled.connect(self.carry_on.setEnabled)
        self.carry_on.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(key, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.confirm)
        layout.addWidget(self.carry_on, 0, Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(560)

    def save_pdf(self) -> None:
        """Write the sheet where the path box says (owner-only)."""
        from flexidesk.documents.recovery_key import write_recovery_key_pdf

        dest = Path(self.path.text().strip()).expanduser()
        try:
            if not dest.parent.is_dir():
                raise FileNotFoundError(dest.parent)
            write_recovery_key_pdf(dest, self.school_name, str(self.db_path), self.recovery_key)
        except OSError:
            self.status.setText(_("The sheet could not be saved to {path}. Choose a folder you "
                                  "can write to, such as a USB stick.").format(
                                      path=breakable(str(dest))))
            grow_to_fit(self)
            return
        self.saved_to = dest
        self.status.setText(_("Saved to {path}. Print it now, then delete the file.").format(
            path=breakable(str(dest))))
        self.status.setToolTip(str(dest))
        grow_to_fit(self)
        self.confirm.setChecked(True)

    def reject(self) -> None:
        """Escape must not skip the key unseen: ask first."""
        answer = QMessageBox.question(
            self, _("Your recovery key"),
            _("You will not see this recovery key again. Carry on without saving it?"))
        if answer == QMessageBox.StandardButton.Yes:
            super().reject()
