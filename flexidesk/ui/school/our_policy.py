"""Tools > Our policy… (Headteacher): the school's own rules in a plain form, what changes
from the version in force, Save draft and Adopt…; import and export a policy file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import _, format_date
from flexidesk.policy import ourpolicy
from flexidesk.policy.ourpolicy.transfer import export_policy, import_policy
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.ui.models.rows import LATE
from flexidesk.ui.school.our_policy_adopt import AdoptDialog
from flexidesk.ui.school.our_policy_form import PolicyForm
from flexidesk.ui.school.our_policy_trust import TrustVersionBox
from flexidesk.ui.widgets.form_dialog import set_tone

_FILTER = "FlexiDesk policy (*.json)"


class OurPolicyDialog(QDialog):
    """The school's own policy: the form, what changes, and its versions' actions."""

    def __init__(self, actor: Actor, parent: QWidget | None = None, *,
                 today: dt.date | None = None):
        super().__init__(parent)
        self.actor = actor
        self.today = today or dt.date.today()
        self.setWindowTitle(_("Our policy"))
        self.resize(900, 720)
        self.status = QLabel(self)
        self.status.setObjectName("policy_status")
        self.status.setWordWrap(True)
        self.form = PolicyForm(ourpolicy.starting_body(), self)
        self.changes = QListWidget(self)
        self.changes.setObjectName("what_changes")
        self.changes.setAccessibleName(_("What changes"))
        self.changes.setMaximumHeight(130)
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        set_tone(self.problem, LATE)
        self.save_button = QPushButton(_("Save draft"), self)
        self.save_button.setObjectName("save_draft")
        self.adopt_button = QPushButton(_("Adopt…"), self)
        self.adopt_button.setObjectName("adopt")
        self.import_button = QPushButton(_("Import…"), self)
        self.import_button.setObjectName("import_policy")
        self.export_button = QPushButton(_("Export…"), self)
        self.export_button.setObjectName("export_policy")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save_draft)
        self.adopt_button.clicked.connect(self.adopt)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        self.form.changed.connect(self.refresh)
        self.trust_box = TrustVersionBox(actor, self, today=self.today)  # a trust's server
        self.trust_box.adopted.connect(self.trust_adopted)

        buttons = QHBoxLayout()
        for button in (self.import_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.save_button, self.adopt_button):
            buttons.addWidget(button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.trust_box)
        layout.addWidget(self.form, 1)
        heading = QLabel(_("<b>What changes</b> from the version in force:"), self)
        heading.setBuddy(self.changes)
        layout.addWidget(heading)
        layout.addWidget(self.changes)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.refresh()

    # --- reading -----------------------------------------------------------------------------

    def in_force(self) -> ourpolicy.OurPolicy:
        return ourpolicy.in_force(self.today)

    def refresh(self) -> None:
        """The status line, what changes, and whether the form can be saved."""
        current = self.in_force()
        if current.version_id is None:
            status = _("No version of our policy has been adopted yet: FlexiDesk's own rules "
                       "apply.")
        else:
            status = _("In force: version {number}, adopted {date}; next review by "
                       "{review}.").format(number=current.number,
                                          date=format_date(current.adopted_on),
                                          review=format_date(current.next_review))
            if current.trust_version_id is not None:
                status += " " + _("It is the trust's version, adopted as our own.")
        draft = ourpolicy.draft()
        if draft is not None:
            status += " " + _("Draft: version {number}.").format(number=draft.number)
        self.status.setText(status)
        body = self.form.body()
        problems = ourpolicy.check_policy(body)
        self.problem.setText("\n".join(str(p) for p in problems[:4]))
        self.changes.clear()
        if not problems:
            lines = ourpolicy.differences(current, ourpolicy.OurPolicy(body))
            self.changes.addItems(lines or [_("Nothing changes.")])
        self.save_button.setEnabled(not problems)
        self.adopt_button.setEnabled(not problems)

    # --- actions -----------------------------------------------------------------------------

    def _refused(self, exc: PolicyError) -> None:
        QMessageBox.warning(self, _("Our policy"), str(exc))

    def save_draft(self) -> bool:
        """Save the form as the draft; the refusal, if any, is shown and nothing is lost."""
        try:
            ourpolicy.save_draft(self.actor, self.form.body())
        except PolicyError as exc:
            self._refused(exc)
            return False
        self.refresh()
        return True

    def adopt(self) -> bool:
        """Save the draft, then ask the governing body's date and the next review."""
        if not self.save_draft():
            return False
        dialog = AdoptDialog(self.actor, self, today=self.today)
        adopted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        self.refresh()
        return adopted

    def trust_adopted(self) -> None:
        """The trust's version is now ours: the form shows what the next draft starts from."""
        self.form.set_body(ourpolicy.starting_body())
        self.refresh()

    def import_file(self) -> None:
        """Read a policy file into the draft (checked; refused with each key and reason)."""
        path, _kind = QFileDialog.getOpenFileName(self, _("Import a policy"), "", _FILTER)
        if not path:
            return
        try:
            body = import_policy(self.actor, Path(path))
        except PolicyError as exc:
            self._refused(exc)
            return
        self.form.set_body(body)
        self.refresh()

    def export_file(self) -> None:
        """Write the policy the form shows to a file for another school."""
        path, _kind = QFileDialog.getSaveFileName(self, _("Export our policy"),
                                                  "our-policy.json", _FILTER)
        if not path:
            return
        try:
            export_policy(self.form.body(), Path(path))
        except (PolicyError, OSError) as exc:
            QMessageBox.warning(self, _("Our policy"), str(exc))
