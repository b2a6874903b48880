"""Staff and passwords (Headteacher): accounts, roles, password resets, removal and re-keying."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from flexidesk.i18n import _
from flexidesk.policy.engine import on_server
from flexidesk.policy.records.access import HEAD, Actor, PolicyError
from flexidesk.policy.school import staff, staff_server
from flexidesk.store.models import ROLES, StaffUser
from flexidesk.ui.models.rows import LATE, Column, RowsTableModel, tone_style
from flexidesk.ui.widgets.keyboard import KeyboardForm
from flexidesk.ui.widgets.search_table import SearchableTable
from flexidesk.ui.widgets.status_line import StatusLine

#: The role a new account is offered first: the one that may do least (no child's record).
LEAST_PRIVILEGED_ROLE = "governor"


class PasswordForm(KeyboardForm, QDialog):
    """Asks for a password twice; with ``new_user`` also the name, user name and role.

    Opens on its first field; Escape asks before what was typed is thrown away."""

    def __init__(self, title: str, parent=None, *, new_user: bool = False):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.new_user = new_user
        form = QFormLayout()
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("displayName")
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.username.setPlaceholderText(_("e.g. bmarsh"))
        self.role = QComboBox(self)
        self.role.setObjectName("role")
        for role in ROLES:
            self.role.addItem(staff.role_label(role), role)
        # A new account starts with the least it may do; the Head raises it deliberately.
        self.role.setCurrentIndex(self.role.findData(LEAST_PRIVILEGED_ROLE))
        if new_user:
            self.display_name.textEdited.connect(self._suggest_username)
            form.addRow(_("&Name:"), self.display_name)
            form.addRow(_("&User name:"), self.username)
            form.addRow(_("&Role:"), self.role)
        else:  # a new password for someone who has a name already: no stray box at the top
            for box in (self.display_name, self.username, self.role):
                box.hide()
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(self)
        self.confirm.setObjectName("confirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("&Password:"), self.password)
        form.addRow(_("&Again:"), self.confirm)
        hint = QLabel(_("At least {n} characters, and not quick to guess. A short sentence "
                        "of three or four words that do not belong together is easy to "
                        "remember and hard to guess.").format(n=staff.MIN_PASSWORD), self)
        hint.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setStyleSheet(tone_style(LATE))
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.check_and_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)  # the reason a password is refused reads in a few lines

    def _suggest_username(self, text: str) -> None:
        parts = text.lower().split()
        if parts and not self.username.isModified():
            self.username.setText("".join(c for c in parts[0][:1] + (parts[-1] if len(parts) > 1
                                                                       else "") if c.isalnum()))

    def check_and_accept(self) -> None:
        """Accept only when both passwords match and are long enough."""
        if self.password.text() != self.confirm.text():
            self.error.setText(_("The two passwords are different. Please type them again."))
            self.confirm.clear()
            self.confirm.setFocus()
            return
        try:
            staff.check_password(self.password.text(), self.username.text(),
                                 self.display_name.text())
        except PolicyError as exc:
            self.error.setText(str(exc))
            self.password.setFocus()
            return
        self.accept()


class StaffDialog(QDialog):
    """Who can sign in, as what; add, change, reset, remove; re-key the database."""

    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Staff and passwords"))
        self.resize(760, 480)
        self.actor = actor
        self.roles: dict[int, str] = {}  # as signed in the key file (a laptop), else the rows'
        columns = [
            Column(_("Name"), lambda u: u.display_name),
            Column(_("User name"), lambda u: u.username),
            Column(_("Role"), lambda u: staff.role_label(self.roles.get(u.id, u.role))),
            Column(_("Status"), lambda u: _("Can sign in") if u.active else _("Removed")),
        ]
        if on_server():  # what each types to sign in: their name and the school's code
            code = staff_server.school_code()
            columns.insert(2, Column(_("Signs in as"), lambda u: f"{u.username}@{code}"))
        self.model = RowsTableModel(columns, tone=lambda u: None if u.active else "muted",
                                    parent=self)
        self.table = SearchableTable(self.model, parent=self)
        widths = (200, 110, 190, 130) if on_server() else (220, 140, 140)
        if on_server():
            self.resize(900, 480)
        for column, width in enumerate(widths):
            self.table.view.setColumnWidth(column, width)
        self.table.current_changed.connect(self._selection_changed)
        self.show_removed = QCheckBox(_("Show removed accounts"), self)
        self.show_removed.toggled.connect(self.refresh)

        self.add_button = QPushButton(_("&Add..."), self)
        self.add_button.setObjectName("addButton")
        self.add_button.clicked.connect(self.add)
        self.role_button = QPushButton(_("Change &role..."), self)
        self.role_button.clicked.connect(self.change_role)
        self.password_button = QPushButton(_("Reset &password..."), self)
        self.password_button.clicked.connect(self.reset_password)
        self.remove_button = QPushButton(_("Re&move..."), self)
        self.remove_button.setObjectName("removeButton")
        self.remove_button.clicked.connect(self.remove)
        self.rekey_button = QPushButton(_("Re-&key database..."), self)
        self.rekey_button.setObjectName("rekeyButton")
        self.rekey_button.setToolTip(_("Give the database a new key, e.g. after someone who "
                                       "had a copy of the key file has left."))
        self.rekey_button.clicked.connect(self.rekey)
        # A server has no key file: each member of staff has a login of their own instead.
        self.rekey_button.setVisible(not on_server())
        side = QVBoxLayout()
        for button in (self.add_button, self.role_button, self.password_button,
                       self.remove_button):
            side.addWidget(button)
        side.addStretch(1)
        side.addWidget(self.rekey_button)

        self.status = StatusLine(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        middle = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.show_removed)
        middle.addLayout(left, 1)
        middle.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(middle, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        """Reload the accounts."""
        self.roles = staff.signed_roles(self.actor)
        self.table.set_rows(staff.list_staff(self.actor, self.show_removed.isChecked()))
        self._selection_changed(self.table.current_object())

    def _selection_changed(self, user: StaffUser | None) -> None:
        active = user is not None and user.active
        for button in (self.role_button, self.password_button, self.remove_button):
            button.setEnabled(active)

    def _run(self, fn, done: str) -> bool:
        try:
            fn()
        except PolicyError as exc:
            self.status.say(str(exc), error=True)
            return False
        current = self.table.current_object()
        self.refresh()
        if current is not None:
            self.table.select_where(lambda u: u.id == current.id)
        self.status.say(done)
        return True

    # --- the actions (each opens its own small form, then calls the policy) ------------------

    def add(self) -> None:
        """Add a member of staff with a role and a first password."""
        form = PasswordForm(_("Add a member of staff"), self, new_user=True)
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        username = form.username.text().strip().lower()
        name = form.display_name.text().strip()
        if self._run(lambda: staff.add_user(
                self.actor, username=username, display_name=form.display_name.text(),
                role=form.role.currentData(), password=form.password.text()),
                _("{name} can now sign in.").format(name=name)):
            self.table.select_where(lambda u: u.username == username)
            if on_server():  # tell them what to type: the school's code follows their name
                self.status.say(_("{name} can now sign in as {login}.").format(
                    name=name, login=staff_server.sign_in_name(username)))

    def change_role(self) -> None:
        """Choose another role for the selected account."""
        user = self.table.current_object()
        if user is None:
            return
        labels = [staff.role_label(r) for r in ROLES]
        current = self.roles.get(user.id, user.role)
        choice, ok = QInputDialog.getItem(self, _("Change role"), _("New role for {name}:").format(
            name=user.display_name), labels, ROLES.index(current) if current in ROLES else 0,
            False)
        if ok:
            role = ROLES[labels.index(choice)]
            done = _("{name} is now {role}.").format(name=user.display_name, role=choice)
            if current == HEAD and role != HEAD:
                # A copy of the key file they kept still holds the signing key: a re-key
                # renews it, so that what they sign no longer counts.
                done += " " + _("If they may have kept a copy of the key file, re-key the "
                                "database: that renews the school's signing key too.")
            self._run(lambda: staff.change_role(self.actor, user, role), done)

    def reset_password(self) -> None:
        """Give the selected account a new password."""
        user = self.table.current_object()
        if user is None:
            return
        form = PasswordForm(_("New password for {name}").format(name=user.display_name), self)
        form.username.setText(user.username)
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        self._run(lambda: staff.reset_password(self.actor, user, form.password.text()),
                  _("{name}'s password has been changed; the old one no longer opens "
                    "FlexiDesk.").format(name=user.display_name))

    def remove(self) -> None:
        """Stop the selected account signing in, after confirming."""
        user = self.table.current_object()
        if user is None:
            return
        question = (_("Remove {name}? Their login stops at once, and anyone signed in with "
                      "it is signed out. Their name stays in the audit log.")
                    if on_server() else
                    _("Remove {name}? They will no longer be able to sign in. Their name stays "
                      "in the audit log. The database then gets a new key, so a copy of the key "
                      "file they may have kept opens nothing."))
        answer = QMessageBox.question(
            self, _("Remove account"), question.format(name=user.display_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self._run(lambda: staff.remove_user(self.actor, user),
                      _("{name} has been removed.").format(name=user.display_name))

    def rekey(self) -> None:
        """Give the database a new key, after confirming."""
        answer = QMessageBox.question(
            self, _("Re-key database"),
            _("Give the database a new key? Everyone keeps their own password. Old copies of "
              "the key file will no longer open it, and the governors' key and the school's "
              "signing key are renewed with it. This takes a few seconds."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self._run(lambda: staff.rekey(self.actor),
                      _("The database has a new key. Every remaining account still signs in "
                        "with its own password, and backups made before can still be put "
                        "back."))
