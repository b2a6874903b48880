"""What signing in found wrong, said on screen: a school gone back behind what this computer
saw, or a role in doubt. The Headteacher acknowledges it (audited); nobody can skip past it
unseen, and until the Headteacher accepts, it is said again at every sign-in."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from flexidesk.i18n import _
from flexidesk.policy.records.access import Actor, PolicyError, can


class WarningBox(QMessageBox):
    """The warning: for the Headteacher, Accept (carry on from the school as it is, audited)
    or Not now; for others, OK and who to tell."""

    def __init__(self, warnings: list[str], actor: Actor, parent: QWidget | None = None):
        super().__init__(QMessageBox.Icon.Warning, _("FlexiDesk: check this school"), "",
                         QMessageBox.StandardButton.NoButton, parent)
        self.setObjectName("continuityWarning")
        self.may_accept = can(actor, "backup.restore")
        self.accept_button: QPushButton | None = None
        lines = "\n\n".join(f"\u2022 {w}" for w in warnings)
        if self.may_accept:
            tail = _("If you put back an earlier copy yourself outside FlexiDesk, or know why "
                     "this happened, accept the school as it is now: this is written in the "
                     "audit log and this computer carries on from here. If you do not know "
                     "why, choose Not now, keep this computer as it is and run a check "
                     "(File > Check the database).")
        else:
            tail = _("Tell the Headteacher before you carry on. FlexiDesk will say this again "
                     "at every sign-in until the Headteacher has looked into it.")
        self.setText(_("FlexiDesk found something wrong when you signed in:"))
        self.setInformativeText(f"{lines}\n\n{tail}")
        if self.may_accept:
            self.accept_button = self.addButton(_("&Accept the school as it is now"),
                                                QMessageBox.ButtonRole.AcceptRole)
            self.accept_button.setObjectName("acceptAsIs")
            later = self.addButton(_("&Not now"), QMessageBox.ButtonRole.RejectRole)
            later.setObjectName("notNow")
            self.setDefaultButton(later)
        else:
            self.setDefaultButton(self.addButton(QMessageBox.StandardButton.Ok))

    def accepted_as_is(self) -> bool:
        return self.accept_button is not None and self.clickedButton() is self.accept_button


def say_warnings(window: QWidget, database, actor: Actor) -> bool:
    """Show what signing in found, if anything; the Headteacher may accept it. Returns
    whether anything was shown."""
    warnings = list(getattr(database, "warnings", []) or [])
    if not warnings:
        return False
    box = WarningBox(warnings, actor, window)
    box.exec()
    status = getattr(window, "statusBar", None)
    if box.accepted_as_is():
        from flexidesk.policy.records.continuity import accept_as_is

        try:
            accept_as_is(actor, warnings)
        except PolicyError as exc:
            QMessageBox.warning(window, _("FlexiDesk"), str(exc))
        else:
            if status is not None:
                status().showMessage(_("Accepted and written in the audit log."), 10000)
    elif status is not None:
        label = _("Warning: this school is behind what this computer has seen, or a role is "
                  "in doubt. See File > Check the database.")
        status().showMessage(label)
    box.deleteLater()
    return True
