"""The trust's window, Policy > Publish a trust-wide version from a file… (the trust's AP
lead): the file is checked line by line, as a school's import is, then published for each
school's Headteacher to adopt under Tools > Our policy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from flexidesk.i18n import _
from flexidesk.policy.ourpolicy.transfer import read_policy_file
from flexidesk.policy.ourpolicy.trust import PUBLISH, latest_trust_version, publish_trust_version
from flexidesk.policy.records.access import Actor, PolicyError, can

_FILTER = "FlexiDesk policy (*.json)"


def add_policy_menu(window: QMainWindow, actor: Actor, today) -> None:
    """The Policy menu, for a trust role that publishes the trust's version."""
    if not can(actor, PUBLISH):
        return
    menu = window.menuBar().addMenu(_("P&olicy"))
    publish = menu.addAction(_("&Publish a trust-wide version from a file…"))
    publish.setObjectName("publish_trust_policy")
    publish.triggered.connect(lambda: publish_from_file(window, actor, today()))


def publish_from_file(window: QMainWindow, actor: Actor, today) -> bool:
    """Read a policy file (refused with each problem's line), confirm, publish."""
    path, _kind = QFileDialog.getOpenFileName(window, _("Publish a trust-wide policy"), "",
                                              _FILTER)
    if not path:
        return False
    try:
        body = read_policy_file(Path(path))
    except PolicyError as exc:
        QMessageBox.warning(window, _("Publish a trust-wide policy"), str(exc))
        return False
    last = latest_trust_version()
    number = (last.number if last else 0) + 1
    answer = QMessageBox.question(
        window, _("Publish a trust-wide policy"),
        _("Publish this file as the trust's version {n}? Each school's Headteacher then sees "
          "it under Tools > Our policy and may adopt it as the school's own; it cannot be "
          "changed once published.").format(n=number))
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        published = publish_trust_version(actor, body, today=today)
    except PolicyError as exc:
        QMessageBox.warning(window, _("Publish a trust-wide policy"), str(exc))
        return False
    QMessageBox.information(window, _("Publish a trust-wide policy"), published.heading())
    return True
