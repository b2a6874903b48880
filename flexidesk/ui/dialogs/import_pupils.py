"""File > Import pupils…: choose the MIS export, correct the column guesses, preview, import.

Reading and checking the file runs in a QThreadPool worker with a progress bar (40,000 rows
take a few seconds); the preview and the import itself run on the main thread, where every
database write belongs, through the same policy actions as ``flexidesk import-pupils``.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from flexidesk.i18n import _, ngettext
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.policy.roster import columns as cols
from flexidesk.policy.roster.contacts import import_contacts, parse_contacts, preview_contacts
from flexidesk.policy.roster.csv_file import ImportRefused, Table, cell, read_export, read_table
from flexidesk.policy.roster.pupils import import_pupils, parse_pupils, preview_pupils
from flexidesk.ui.models.rows import LATE
from flexidesk.ui.tasks import Progress, Task, run_task
from flexidesk.ui.widgets.form_dialog import set_tone

#: Rows the preview lists (the counts above it cover every row).
PREVIEW_LIMIT = 500
#: Each kind of file: its fields, its parser and its planner.
KINDS: dict[str, tuple[dict, Callable[..., Any], Callable[..., Any]]] = {
    "pupils": (cols.PUPIL_FIELDS, parse_pupils, preview_pupils),
    "contacts": (cols.CONTACT_FIELDS, parse_contacts, preview_contacts)}


def read_file(source: Path | Table, kind: str, mapping: list[str] | None,
              progress: Progress) -> tuple[Table, tuple[str, Any]]:
    """Read and check the file, away from the window (no database is touched here).

    Returns the table and (kind, parsed file); the kind is guessed from the header if not
    given."""
    table = source if isinstance(source, Table) else read_table(read_export(source))
    kind = kind or ("contacts" if cols.looks_like_contacts(table.header) else "pupils")
    return table, (kind, KINDS[kind][1](table, mapping, progress))


def _read_problem(error: BaseException) -> str | None:
    """Why the file could not be read, in words (None for a bug)."""
    if isinstance(error, ImportRefused):
        return "\n".join(error.lines)
    if isinstance(error, OSError):
        return _("Could not read the file: {reason}").format(reason=error.strerror or error)
    return None


#: What the preview calls a changed column (the flags come from the MIS's SEN status).
_COLUMN_LABELS = {"sen_support": cols.PUPIL_FIELDS["sen_status"][0],
                  "ehc_plan": cols.PUPIL_FIELDS["ehc_plan"][0],
                  **{code: spec[0] for code, spec in cols.PUPIL_FIELDS.items()}}


def _changed(changes: dict) -> list[str]:
    """The changed columns as the user knows them ('Year group', not 'year_group')."""
    return sorted({_(_COLUMN_LABELS.get(name, name)) for name in changes})


class ImportDialog(QDialog):
    """Import pupils or contacts from an MIS export: mapping, preview, all or nothing."""

    def __init__(self, actor: Actor, parent=None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(_("Import pupils"))
        self.actor, self.today = actor, today or dt.date.today()
        self.path: Path | None = None
        self.table: Table | None = None
        self.kind = ""
        self.parsed = None
        self.plan: Any = None  # a PupilPlan or a ContactPlan, as self.kind says
        self.result_plan = None
        self.asking = False  # the file looks partial and the user has not said which it is
        self.task: Task | None = None  # the file being read
        self.resize(900, 640)

        self.file_label = QLabel(_("Choose the CSV export of your MIS (SIMS, Arbor or Bromcom): "
                                   "the pupil list, or the contacts list."), self)
        self.file_label.setObjectName("importFile")
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton(_("&Choose file…"), self)
        self.choose_button.setObjectName("chooseFile")
        self.choose_button.clicked.connect(self.choose_file)
        self.kind_box = QComboBox(self)
        self.kind_box.setObjectName("importKind")
        self.kind_box.addItem(_("Pupils"), "pupils")
        self.kind_box.addItem(_("Contacts (parents and carers)"), "contacts")
        self.kind_box.activated.connect(self._kind_chosen)
        # It corrects the guess made from the file: of use once a file is read. Until then
        # the dialog opens on Choose file…, where the work starts.
        self.kind_box.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(QLabel(_("The file holds:"), self))
        top.addWidget(self.kind_box)
        top.addWidget(self.choose_button)

        self.mapping_table = QTableWidget(0, 3, self)
        self.mapping_table.setObjectName("mappingTable")
        self.mapping_table.setHorizontalHeaderLabels(
            [_("Column in the file"), _("First value"), _("Imported as")])
        self._table_look(self.mapping_table)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("importProgress")
        self.progress.hide()
        # The file's encoding, and a warning when it was guessed: a wrong one garbles names.
        self.encoding_label = QLabel(self)
        self.encoding_label.setObjectName("importEncoding")
        self.encoding_label.setTextFormat(Qt.TextFormat.PlainText)
        self.encoding_label.setWordWrap(True)
        self.encoding_label.hide()
        self.summary = QLabel(self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A file that looks like part of the school: which was meant, before Import.
        self.partial_note = QLabel(self)
        self.partial_note.setObjectName("partialNote")
        self.partial_note.setWordWrap(True)
        set_tone(self.partial_note, LATE)
        self.keep_others = QRadioButton(self)
        self.keep_others.setObjectName("partialUpdate")
        self.mark_others = QRadioButton(self)
        self.mark_others.setObjectName("markOthersLeft")
        self.leavers_group = QButtonGroup(self)
        for button in (self.keep_others, self.mark_others):
            self.leavers_group.addButton(button)
            button.toggled.connect(self._enable_import)
        for widget in (self.partial_note, self.keep_others, self.mark_others):
            widget.hide()
        self.preview = QTableWidget(0, 3, self)
        self.preview.setObjectName("importPreview")
        self.preview.setHorizontalHeaderLabels([_("What"), _("Who"), _("Detail")])
        self._table_look(self.preview)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.addButton(_("&Import"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel(_("<b>Columns</b>: check each guess; choose another where it "
                                  "is wrong."), self))
        layout.addWidget(self.mapping_table, 2)
        layout.addWidget(self.encoding_label)
        layout.addWidget(self.progress)
        layout.addWidget(QLabel(_("<b>Preview</b>: nothing is saved until you press Import."),
                                self))
        layout.addWidget(self.summary)
        layout.addWidget(self.partial_note)
        layout.addWidget(self.keep_others)
        layout.addWidget(self.mark_others)
        layout.addWidget(self.preview, 3)
        layout.addWidget(self.buttons)

    @staticmethod
    def _table_look(table: QTableWidget) -> None:
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        table.setColumnWidth(0, 200)
        table.setColumnWidth(1, 220)

    # --- reading the file (in the worker) -------------------------------------------------

    def choose_file(self) -> None:
        """Ask for the export, then read it."""
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the MIS export"), str(Path.home()), _("CSV files (*.csv *.txt)"))
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        """Read ``path``, guess what it holds and what each column is, and preview it."""
        self.path, self.table, self.kind = Path(path), None, ""
        self.file_label.setText(html.escape(str(path)))
        self._start(self.path, "", None)

    def _kind_chosen(self) -> None:
        if self.table is not None:
            self._start(self.table, self.kind_box.currentData(), None)

    def _mapping_changed(self) -> None:
        if self.table is not None:
            self._start(self.table, self.kind, self.mapping())

    def mapping(self) -> list[str]:
        """The field chosen for each column, in the file's order."""
        return [cast(QComboBox, self.mapping_table.cellWidget(row, 2)).currentData()
                for row in range(self.mapping_table.rowCount())]

    def _start(self, source, kind: str, mapping: list[str] | None) -> None:
        self.import_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.summary.setText(_("Reading the file…"))
        self.task = run_task(lambda progress: read_file(source, kind, mapping, progress),
                             on_success=self._parsed, on_failure=self._unreadable,
                             on_progress=self._progress, parent=self)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _unreadable(self, error: BaseException) -> bool:
        problem = _read_problem(error)
        self._failed(problem or _("The file could not be read; the problem has been logged."))
        return problem is not None

    def _failed(self, message: str) -> None:
        self.task = None
        self.progress.hide()
        self.summary.setText(html.escape(message).replace("\n", "<br>"))
        set_tone(self.summary, LATE)

    @property
    def busy(self) -> bool:
        """True while the worker is reading the file."""
        return self.task is not None

    def _parsed(self, read: tuple[Table, tuple[str, Any]]) -> None:
        self.task = None
        table, result = read
        self.progress.hide()
        kind, parsed = result
        if self.table is not table or self.kind != kind:
            self.table, self.kind = table, kind
            self._fill_mapping(parsed.mapping)
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind))
        self.kind_box.setEnabled(True)
        self._show_encoding(table)
        self.parsed = parsed
        try:
            self.plan = KINDS[kind][2](self.actor, parsed)
        except PolicyError as exc:
            self._failed(str(exc))
            return
        self._show_plan()

    def _show_encoding(self, table: Table) -> None:
        """Say which encoding the file was read with; a guess is said as one, in red."""
        text = _("Encoding: {name}").format(name=table.encoding_name)
        if table.encoding_guessed:
            text += "\n" + "\n".join(table.encoding_notes)
        self.encoding_label.setText(text)
        set_tone(self.encoding_label, LATE if table.encoding_guessed else None)
        self.encoding_label.show()

    # --- mapping and preview ----------------------------------------------------------------

    def _fill_mapping(self, mapping: list[str]) -> None:
        fields = KINDS[self.kind][0]
        assert self.table is not None  # set with the kind, just before
        first = self.table.rows[0][1] if self.table.rows else []
        self.mapping_table.setRowCount(len(self.table.header))
        for row, name in enumerate(self.table.header):
            self.mapping_table.setItem(row, 0, QTableWidgetItem(name))
            self.mapping_table.setItem(row, 1, QTableWidgetItem(cell(first, row)[:80]))
            box = QComboBox(self.mapping_table)
            box.setObjectName(f"mapping{row}")
            box.addItem(_("(not imported)"), cols.IGNORE)
            for code, (label, _aliases) in fields.items():
                box.addItem(_(label), code)
            box.setCurrentIndex(max(0, box.findData(mapping[row])))
            box.currentIndexChanged.connect(self._mapping_changed)
            self.mapping_table.setCellWidget(row, 2, box)

    def _show_plan(self) -> None:
        plan = self.plan
        problems = plan.problems
        warnings = list(getattr(plan, "warnings", ()))
        if self.kind == "pupils":
            rows = [(_("Add"), r.name, f"{r.upn}") for r in plan.added]
            rows += [(_("Update"), r.name, ", ".join(_changed(changes)))
                     for _id, r, changes in plan.updated]
            rows += [(_("Mark as left"), name, _("not in the file")) for _id, name in plan.left]
        else:
            rows = [(_("Link"), who, detail_child + " · " + what)
                    for who, detail_child, what in plan.lines]
        self.preview.setRowCount(0)
        flagged = [(_("Bad row"), line.split(":", 1)[0], line.split(":", 1)[1].strip())
                   for line in problems]
        flagged += [(_("Check"), line.split(":", 1)[0], line.split(":", 1)[1].strip())
                    for line in warnings]
        shown = flagged + rows
        self.preview.setRowCount(min(len(shown), PREVIEW_LIMIT))
        for row, values in enumerate(shown[:PREVIEW_LIMIT]):
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if row < len(flagged):
                    item.setForeground(LATE)
                self.preview.setItem(row, column, item)
        if problems:
            text = ngettext(
                "{n} problem: nothing can be imported until the file (or the choice of "
                "columns) is put right. It is listed below, with its line in the file.",
                "{n} problems: nothing can be imported until the file (or the choice of "
                "columns) is put right. Each is listed below, with its line in the file.",
                len(problems)).format(n=len(problems))
            set_tone(self.summary, LATE)
        else:
            text = _("Ready to import: {summary}").format(summary=plan.summary())
            if warnings:
                text += " " + ngettext("{n} name is flagged to check (“Check” below).",
                                       "{n} names are flagged to check (“Check” below).",
                                       len(warnings)).format(n=len(warnings))
            set_tone(self.summary, None)
        self.summary.setText(html.escape(text))
        self._ask_about_leavers(self.kind == "pupils" and not problems and plan.looks_partial())
        self._enable_import()

    def _ask_about_leavers(self, ask: bool) -> None:
        """A file that looks like part of the school: ask, with neither answer chosen."""
        self.leavers_group.setExclusive(False)
        for button in (self.keep_others, self.mark_others):
            button.setChecked(False)
            button.setVisible(ask)
        self.leavers_group.setExclusive(True)
        self.partial_note.setVisible(ask)
        self.asking = ask
        if ask:
            left = len(self.plan.left)
            self.partial_note.setText(html.escape(self.plan.partial_text() + " " + _(
                "Is this file part of the school (one year group, say), or have they left?")))
            self.keep_others.setText(_("&Update only the pupils in this file; mark nobody as "
                                       "left"))
            self.mark_others.setText(ngettext("&Mark the {n} pupil not in the file as left",
                                              "&Mark the {n} pupils not in the file as left",
                                              left).format(n=left))

    def leavers(self) -> str | None:
        """What happens to pupils missing from the file; None while the question is open."""
        if not self.asking:
            return "mark_left"  # a whole-school file: the missing have left, as previewed
        if self.keep_others.isChecked():
            return "keep"
        return "mark_left" if self.mark_others.isChecked() else None

    def _enable_import(self, *_args) -> None:
        ready = self.plan is not None and not self.plan.problems and not self.busy
        self.import_button.setEnabled(ready and (self.kind != "pupils"
                                                 or self.leavers() is not None))

    # --- importing (main thread, one transaction) -------------------------------------------

    def run_import(self) -> None:
        """Import the file as previewed; a refusal is shown and nothing is saved."""
        if self.parsed is None or self.plan is None or self.plan.problems or self.busy:
            return
        # One transaction on the main thread, where database writes belong; 40,000 pupils take
        # seconds, so say so with the cursor rather than look frozen.
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self.summary.setText(_("Importing…"))
        try:
            if self.kind == "pupils":
                leavers = self.leavers()
                if leavers is None:  # the question is open: Import is not enabled
                    return
                self.result_plan = import_pupils(self.actor, self.parsed, self.today,
                                                 leavers=leavers)
            else:
                self.result_plan = import_contacts(self.actor, self.parsed)
        except PolicyError as exc:
            self._failed(str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.accept()


def open_import(window, actor: Actor) -> bool:
    """File > Import pupils…: run the dialog; afterwards the window shows what changed."""
    dialog = ImportDialog(actor, window)
    imported = dialog.exec() == QDialog.DialogCode.Accepted
    if imported and dialog.result_plan is not None:
        window.statusBar().showMessage(_("Imported: {summary}").format(
            summary=dialog.result_plan.summary()), 15000)
        window.refresh()
    dialog.deleteLater()
    return imported
