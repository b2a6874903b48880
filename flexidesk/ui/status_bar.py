"""The main window's status bar: the school, the file and who is signed in, and the last backup.

"Last backup" comes from the one source Today reads too (``policy.records.backups``), so the
two can never disagree; the window shows it again whenever a backup is noted.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy

from flexidesk.i18n import _, format_date, format_time
from flexidesk.policy.records.access import ROLE_LABELS, Actor
from flexidesk.policy.records.backups import backs_up_to_files, last_backup


def who_and_where(window: QMainWindow, actor: Actor, school: str, database_path: Path
                  ) -> QLabel:
    """The school, the database and who is signed in, on the status bar's left."""
    role = _(ROLE_LABELS.get(actor.role, actor.role))
    who = actor.display_name or actor.username
    label = QLabel(window)
    label.setObjectName("statusLabel")
    # The school's and the person's names are typed text: never drawn as HTML.
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText("  ·  ".join([
        school, _("Database: {path}").format(path=str(database_path)),
        _("Signed in as {name} ({role})").format(name=who, role=role)]))
    label.setToolTip(str(database_path))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    # A long path must not widen the window: the label gives way (the tooltip has it all).
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    window.statusBar().addWidget(label, 1)
    return label


def last_backup_label(window: QMainWindow) -> QLabel:
    """'Last backup: …' on the status bar's right (filled by ``show_last_backup``)."""
    label = QLabel(window)
    label.setObjectName("lastBackup")
    window.statusBar().addPermanentWidget(label)
    show_last_backup(label)
    return label


def show_last_backup(label: QLabel) -> None:
    """Write when the last backup was taken (a server's backups are its own: hidden)."""
    if not backs_up_to_files():
        label.hide()
        return
    when = last_backup()
    label.setText(_("Last backup: {date}, {time}").format(date=format_date(when.date()),
                                                          time=format_time(when.time()))
                  if when is not None else _("Last backup: never"))
