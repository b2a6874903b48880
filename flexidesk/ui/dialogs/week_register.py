"""File > Register for the week… and File > Check the MIS register…: the office's week.

The first shows, for a chosen week, each child away from class and the code each session
should carry, to print or to save as CSV for the MIS; the second reads the MIS's own
attendance export and lists each session where it disagrees.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import _, format_date, format_long_date, ngettext
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.policy.week.mis_register import RegisterCheck, check_register, session_words
from flexidesk.policy.week.register import RegisterSheet, register_sheet
from flexidesk.ui.models.rows import LATE
from flexidesk.ui.widgets.date_field import DateField
from flexidesk.ui.widgets.form_dialog import set_tone
from flexidesk.ui.widgets.plain_table import fill_table, read_only_table


def _documents_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


class WeekRegisterDialog(QDialog):
    """The register sheet for a week: on screen, to print, and as CSV for the MIS."""

    def __init__(self, actor: Actor, parent=None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.actor = actor
        self.today = today or dt.date.today()
        self.sheet: RegisterSheet | None = None
        self.setObjectName("weekRegister")
        self.setWindowTitle(_("Register for the week"))
        self.resize(980, 520)
        self.week = DateField(self.today, self)
        self.week.setObjectName("weekOf")
        self.week.setToolTip(_("Any day of the week to show"))
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.table = read_only_table(self, "registerTable")
        self.print_button = QPushButton(_("&Print or save as PDF…"), self)
        self.print_button.setObjectName("printRegister")
        self.csv_button = QPushButton(_("Save &CSV for the MIS…"), self)
        self.csv_button.setObjectName("saveCsv")
        self.check_button = QPushButton(_("Chec&k the MIS's export…"), self)
        self.check_button.setObjectName("checkMis")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        for button in (self.print_button, self.csv_button, self.check_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("&Week of:"), self.week)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.week.dateChanged.connect(self.refresh)
        self.print_button.clicked.connect(self.print_sheet)
        self.csv_button.clicked.connect(self.save_csv)
        self.check_button.clicked.connect(self.check_export)
        self.refresh()

    def refresh(self, *_args) -> None:
        """Read the sheet for the week holding the chosen day (each child listed is a view)."""
        try:
            self.sheet = register_sheet(self.actor, self.week.value())
        except PolicyError as refusal:
            self.summary.setText(str(refusal))
            return
        sheet = self.sheet
        headings = [_("Child"), _("Class")] + [
            f"{format_date(day, 'EEE d')} {part}" + ("" if sheet.open_days[n] else " ✕")
            for n, day in enumerate(sheet.days) for part in (_("am"), _("pm"))]
        fill_table(self.table, headings, [[row.name, row.class_name, *row.codes]
                                          for row in sheet.rows])
        for r, row in enumerate(sheet.rows):
            for n, where in enumerate(row.where):
                item = self.table.item(r, 2 + n)
                if item is None:
                    continue
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if where:
                    item.setToolTip(where)
        shut = [format_date(d) for d, is_open in zip(sheet.days, sheet.open_days, strict=True)
                if not is_open]
        text = ngettext("Week beginning {date}: {n} child spends sessions away from class.",
                        "Week beginning {date}: {n} children spend sessions away from class.",
                        len(sheet.rows)).format(date=format_long_date(sheet.monday),
                                                n=len(sheet.rows))
        if shut:
            text += " " + _("The school is shut on {days} (✕): no code.").format(
                days=", ".join(shut))
        self.summary.setText(text)
        for button in (self.print_button, self.csv_button):
            button.setEnabled(bool(sheet.rows))

    def print_sheet(self) -> None:
        from flexidesk.documents.week_register import register_pdf
        from flexidesk.ui.dialogs.document_preview import DocumentPreviewDialog

        if self.sheet is None:
            return
        preview = DocumentPreviewDialog(register_pdf(self.sheet), _("Register for the week"),
                                        self)
        preview.exec()
        preview.deleteLater()

    def save_csv(self) -> None:
        from flexidesk.documents.week_register import default_file_stem, register_csv

        if self.sheet is None:
            return
        suggested = os.path.join(_documents_folder(),
                                 default_file_stem(self.sheet.monday) + ".csv")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the register as CSV"),
                                                    suggested, _("CSV files (*.csv)"))
        if path:
            self.write_csv(Path(path), register_csv(self.sheet))

    def write_csv(self, path: Path, data: bytes) -> bool:
        """Write the CSV readable by its owner only (it names children); say so if it fails."""
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
        except OSError as exc:
            QMessageBox.warning(self, _("Not saved"), _("Could not write {path}: {reason}")
                                .format(path=path, reason=exc.strerror or exc))
            return False
        return True

    def check_export(self) -> None:
        open_register_check(self, self.actor, self.today)


class RegisterCheckDialog(QDialog):
    """Where the MIS's attendance export disagrees with the codes FlexiDesk expects."""

    def __init__(self, result: RegisterCheck, source: str, parent=None):
        super().__init__(parent)
        self.check = result
        self.setObjectName("registerCheck")
        self.setWindowTitle(_("The MIS register checked"))
        self.resize(980, 480)
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.table = read_only_table(self, "disagreements")
        fill_table(self.table, [_("Child"), _("UPN"), _("Session"), _("MIS"),
                                _("FlexiDesk expects"), _("What to check")],
                   [[d.child, d.upn, session_words(d.day, d.part), d.found or "–",
                     d.expected or _("in school"), d.why] for d in result.disagreements])
        self.unknown = QLabel(self)
        self.unknown.setObjectName("unknown")
        self.unknown.setWordWrap(True)
        self.unknown.setTextFormat(Qt.TextFormat.PlainText)
        set_tone(self.unknown, LATE)
        weeks = ", ".join(format_date(m) for m in result.weeks)
        text = ngettext("{file}: the marks of {n} child, week beginning {weeks}.",
                        "{file}: the marks of {n} children, week beginning {weeks}.",
                        result.children).format(file=source, n=result.children, weeks=weeks)
        if result.agrees:
            text += " " + _("The MIS register agrees with FlexiDesk.")
        else:
            text += " " + ngettext("{n} session disagrees:", "{n} sessions disagree:",
                                   len(result.disagreements)).format(
                n=len(result.disagreements))
        self.summary.setText(text)
        self.unknown.setText(_("No child FlexiDesk knows has these UPNs: {upns}.").format(
            upns="; ".join(result.unknown)) if result.unknown else "")
        self.unknown.setVisible(bool(result.unknown))
        self.table.setVisible(bool(result.disagreements))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.unknown)
        layout.addWidget(buttons)


def check_file(parent: QWidget, actor: Actor, path: Path, today: dt.date) -> bool:
    """Read ``path`` and show where it disagrees; a file that cannot be read is said plainly."""
    from flexidesk.policy.roster.csv_file import MAX_BYTES

    try:
        if path.stat().st_size > MAX_BYTES:
            raise PolicyError(_("This file is too big to be an attendance export."))
        result = check_register(actor, path.read_bytes(), today)
    except OSError as exc:
        QMessageBox.warning(parent, _("Not checked"), _("Could not read {path}: {reason}")
                            .format(path=path, reason=exc.strerror or exc))
        return False
    except PolicyError as refusal:
        QMessageBox.warning(parent, _("Not checked"), str(refusal))
        return False
    dialog = RegisterCheckDialog(result, path.name, parent)
    dialog.exec()
    dialog.deleteLater()
    return True


def open_register_check(parent: QWidget, actor: Actor, today: dt.date) -> bool:
    """File > Check the MIS register…: choose the export, then see where it disagrees."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("The MIS's attendance export"), _documents_folder(),
        _("CSV files (*.csv);;All files (*)"))
    return bool(path) and check_file(parent, actor, Path(path), today)


def _run(dialog: QDialog) -> None:
    dialog.exec()
    dialog.deleteLater()


def week_actions(window: QWidget, actor: Actor) -> list[QAction]:
    """The File menu's Register for the week…, Check the MIS register… and AP placements
    for the census… (dialogs opened on today)."""
    from flexidesk.ui.providers.census import CensusDialog

    made = []
    for name, text, open_it in (
            ("weekRegisterAction", _("Register for the &week…"),
             lambda: _run(WeekRegisterDialog(actor, window))),
            ("checkRegisterAction", _("Check the MIS re&gister…"),
             lambda: open_register_check(window, actor, dt.date.today())),
            ("censusAction", _("AP placements for the ce&nsus…"),
             lambda: _run(CensusDialog(actor, window)))):
        act = QAction(text, window)
        act.setObjectName(name)
        act.triggered.connect(lambda _checked=False, open_it=open_it: open_it())
        made.append(act)
    return made
