"""The trust's version in Tools > Our policy (on a trust's server): what the trust published,
how it differs from the school's version in force, and Adopt the trust's version…, which
records the governing body's adoption as for any version. Hidden on a laptop."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from flexidesk.i18n import _, format_date
from flexidesk.policy import ourpolicy
from flexidesk.policy.ourpolicy.trust import TrustVersion, adopt_trust_version, latest_trust_version
from flexidesk.policy.records.access import Actor, can
from flexidesk.ui.school.our_policy_adopt import AdoptDialog


def _e(text: str) -> str:
    return escape(text, quote=False)


#: How many of the differences the box names before "and N more".
SHOWN = 3


class TrustAdoptDialog(AdoptDialog):
    """The governing body's adoption of the trust's version as the school's own."""

    def __init__(self, actor: Actor, trust: TrustVersion, parent: QWidget | None = None, *,
                 today: dt.date | None = None):
        super().__init__(actor, parent, today=today)
        self.trust = trust
        self.setWindowTitle(_("Adopt the trust's version"))
        self.set_heading(_e(_(
            "Record the governing body's adoption of the trust's version {n} as our school's "
            "own. It becomes a new version of our policy; a draft in hand is kept as the "
            "version after it, and the trust's version itself is not changed.").format(
            n=trust.number)))

    def save(self):
        return adopt_trust_version(self.actor, self.trust.id,
                                   adopted_on=self.adopted_on.value(),
                                   in_force_from=self.in_force_from.value(),
                                   next_review=self.next_review.value(), today=self.today)


class TrustVersionBox(QWidget):
    """One line on the trust's version and a button to adopt it (hidden when there is none)."""

    adopted = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None, *,
                 today: dt.date | None = None):
        super().__init__(parent)
        self.actor = actor
        self.today = today or dt.date.today()
        self.trust: TrustVersion | None = None
        self.label = QLabel(self)
        self.label.setObjectName("trust_version")
        self.label.setWordWrap(True)
        self.adopt_button = QPushButton(_("Adopt the trust's version…"), self)
        self.adopt_button.setObjectName("adopt_trust_version")
        self.adopt_button.clicked.connect(self.adopt)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.adopt_button)
        self.refresh()

    def refresh(self) -> None:
        """What the trust published and how it differs from our version in force."""
        self.trust = latest_trust_version()
        self.setVisible(self.trust is not None)
        if self.trust is None:
            return
        current = ourpolicy.in_force(self.today)
        adopted = [v for v in ourpolicy.adopted_versions() if v.trust_version_id == self.trust.id]
        lines = [f"<b>{_e(self.trust.heading())}</b>"]
        if adopted:
            lines.append(_e(_("Our version {n}, adopted {date}, is this version.").format(
                n=adopted[-1].number, date=format_date(adopted[-1].adopted_on))))
        else:
            changes = ourpolicy.differences(current, self.trust.policy())
            if not changes:
                lines.append(_e(_("It says the same as our version in force.")))
            else:
                shown = "; ".join(changes[:SHOWN])
                more = len(changes) - SHOWN
                if more > 0:
                    shown += " " + _("and {n} more").format(n=more)
                lines.append(_e(_("From our version in force: {changes}").format(
                    changes=shown)))
        self.label.setText("<br>".join(lines))
        self.adopt_button.setEnabled(not adopted and can(self.actor, "school.edit"))

    def adopt(self) -> bool:
        """Ask the governing body's date, the start and the next review; adopt."""
        if self.trust is None:
            return False
        dialog = TrustAdoptDialog(self.actor, self.trust, self, today=self.today)
        done = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        self.refresh()
        if done:
            self.adopted.emit()
        return done
