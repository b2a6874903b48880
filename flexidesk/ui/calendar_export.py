"""File > Export calendar…: the school's diary to an .ics file the user chooses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from flexidesk.i18n import _
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.store.files import atomic_write


def export_calendar(parent: QWidget, actor: Actor, school: str) -> Path | None:
    """Ask where to save, write the calendar, say where it went; None if nothing was written."""
    from flexidesk.documents.calendar_file import to_ics
    from flexidesk.policy.calendar_export import calendar_events

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    suggested = str(Path(folder) / "flexidesk.ics") if folder else "flexidesk.ics"
    path, _filter = QFileDialog.getSaveFileName(parent, _("Export calendar"), suggested,
                                                _("Calendar files (*.ics)"))
    if not path:
        return None
    if not path.lower().endswith(".ics"):
        path += ".ics"
    try:
        events = calendar_events(actor, dt.date.today())
        atomic_write(path, to_ics(events, school))  # owner-only (0600), as backups are
    except PolicyError as exc:
        QMessageBox.warning(parent, _("Export calendar"), str(exc))
        return None
    except OSError as exc:
        QMessageBox.warning(parent, _("Could not save"), _(
            "The calendar could not be saved there ({reason}). Please choose another folder, "
            "or check that the disk is not full.").format(
            reason=exc.strerror or exc.__class__.__name__))
        return None
    message = _("{n} events written to {path}. Children appear by initials and year only.")
    window = parent.window()
    if hasattr(window, "statusBar"):
        window.statusBar().showMessage(message.format(n=len(events), path=path), 10000)
    return Path(path)
