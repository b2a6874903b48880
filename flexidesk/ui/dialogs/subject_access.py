"""Subject access (Headteacher): the request log with its deadlines, and one child's export."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from flexidesk.documents.subject_access import render_json, render_pack
from flexidesk.i18n import _, format_date
from flexidesk.policy.records import redaction, rights
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.policy.records.sar_reply import prepare_pack
from flexidesk.store.models import SubjectAccessRequest
from flexidesk.ui.models.rows import Column, RowsTableModel
from flexidesk.ui.tasks import Progress, Task, run_task
from flexidesk.ui.widgets.date_field import DateField
from flexidesk.ui.widgets.pupil_picker import PupilPicker
from flexidesk.ui.widgets.search_table import SearchableTable
from flexidesk.ui.widgets.status_line import StatusLine


def _write_private(path: Path, data: bytes) -> None:
    """Write a new file readable by its owner only; never overwrite one already there."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def write_export(pack: dict, folder: Path, stem: str,
                 progress: Progress) -> tuple[Path, Path, str, str]:
    """Render the PDF and JSON from an already-prepared reply and write them (no database
    here). The data file holds what the letter does: the records as disclosed, and what was
    withheld and why.

    Returns both paths and both files' SHA-256, for the audit row."""
    pdf = render_pack(pack, progress)
    js = render_json({**pack["records"], "withheld": pack["withheld"]})
    pdf_path, json_path = folder / f"{stem}.pdf", folder / f"{stem}.json"
    _write_private(pdf_path, pdf)
    _write_private(json_path, js)
    return pdf_path, json_path, hashlib.sha256(pdf).hexdigest(), hashlib.sha256(js).hexdigest()


def _export_problem(error: BaseException) -> str:
    """What went wrong with an export, in words; nothing was recorded either way."""
    if isinstance(error, FileExistsError):
        return _("An export with this name is already in that folder; nothing was "
                 "overwritten. Choose another folder.")
    if isinstance(error, OSError):
        return _("The files could not be saved there ({reason}). Choose another "
                 "folder.").format(reason=error.strerror)
    return _("The export could not be made. Nothing was saved and the request is unchanged; "
             "the problem has been logged.")


class SubjectAccessDialog(QDialog):
    """Log a request, watch its one-month deadline, and export everything held about the child."""

    def __init__(self, actor: Actor, parent=None, today: dt.date | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Subject access requests"))
        self.resize(900, 620)
        self.actor = actor
        self.today = today or dt.date.today()
        self.task: Task | None = None  # the export being written
        self._export_request: SubjectAccessRequest | None = None
        self._export_pupil: int | None = None

        self.model = RowsTableModel([
            Column(_("Child"), lambda r: r.pupil_name),
            Column(_("Asked by"), lambda r: r.request.requester),
            Column(_("Received"), lambda r: format_date(r.request.received_on),
                   sort_key=lambda r: r.request.received_on),
            Column(_("Due"), lambda r: format_date(r.request.due_on),
                   sort_key=lambda r: r.request.due_on),
            Column(_("Status"), lambda r: r.status_text(),
                   sort_key=lambda r: (r.days_left is None, r.days_left)),
        ], tone=lambda r: "late" if r.overdue else ("muted" if r.days_left is None else None),
            parent=self)
        self.table = SearchableTable(self.model, _("Search requests (Ctrl+F)"), self)
        self.table.current_changed.connect(self._selection_changed)

        self.complete_button = QPushButton(_("Mark &answered"), self)
        self.complete_button.setObjectName("completeButton")
        self.complete_button.clicked.connect(self.complete_selected)
        self.export_button = QPushButton(_("&Export this child's records..."), self)
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.export_selected)
        actions = QHBoxLayout()
        actions.addWidget(self.complete_button)
        actions.addWidget(self.export_button)
        actions.addStretch(1)

        new_box = QGroupBox(_("A new request"), self)
        self.pupil = PupilPicker(self.actor, new_box, include_left=True)
        self.pupil.setObjectName("pupilPicker")
        self.requester = QLineEdit(new_box)
        self.requester.setObjectName("requester")
        self.requester.setPlaceholderText(_("e.g. Mrs Fernleigh (mother)"))
        self.received = DateField(self.today, new_box, maximum=self.today)
        self.due_label = QLabel(new_box)
        self.received.dateChanged.connect(self._update_due)
        self.record_button = QPushButton(_("&Record request"), new_box)
        self.record_button.setObjectName("recordButton")
        self.record_button.clicked.connect(self.record)
        form = QFormLayout(new_box)
        form.addRow(_("C&hild:"), self.pupil)
        form.addRow(_("Asked &by:"), self.requester)
        form.addRow(_("Recei&ved on:"), self.received)
        form.addRow(_("Answer by:"), self.due_label)
        form.addRow("", self.record_button)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.status = StatusLine(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("A request must be answered within one month; the day it "
                                  "arrives counts as day 1."), self))
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(new_box)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._update_due()
        self.refresh()

    # --- the log ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the request log."""
        self.table.set_rows(rights.list_requests(self.actor, self.today))
        self._selection_changed(self.table.current_object())

    def _selection_changed(self, row) -> None:
        open_request = row is not None and row.days_left is not None
        self.complete_button.setEnabled(open_request)
        self.export_button.setEnabled(row is not None and row.request.pupil_id is not None
                                      and self.task is None)

    def _update_due(self) -> None:
        due = rights.sar_due_date(self.received.value())
        self.due_label.setText(format_date(due, "full"))

    def record(self) -> None:
        """Log the request typed in the form."""
        if self.pupil.pupil_id() is None:
            self.status.say(_("Please choose the child the request is about."), error=True)
            self.pupil.setFocus()
            return
        try:
            req = rights.record_request(self.actor, pupil_id=self.pupil.pupil_id(),
                                        requester=self.requester.text(),
                                        received_on=self.received.value())
        except PolicyError as exc:
            self.status.say(str(exc), error=True)
            return
        self.requester.clear()
        self.pupil.clear()
        self.refresh()
        self.table.select_where(lambda r: r.request.id == req.id)
        self.status.say(_("Request recorded. Answer by {date}.").format(
            date=format_date(req.due_on, "full")))

    def complete_selected(self) -> None:
        """Mark the selected request answered today."""
        row = self.table.current_object()
        if row is None:
            return
        try:
            rights.complete_request(self.actor, row.request, self.today)
        except PolicyError as exc:
            self.status.say(str(exc), error=True)
            return
        self.refresh()

    # --- the export -------------------------------------------------------------------------

    def export_selected(self) -> None:
        """Check the flagged passages with the Headteacher, ask for a folder, then export the
        selected request's reply there."""
        row = self.table.current_object()
        if row is None or row.request.pupil_id is None:
            return
        if not self.review(row.request):
            return
        folder = QFileDialog.getExistingDirectory(self, _("Choose where to save the export"))
        if folder:
            self.start_export(row.request, Path(folder))

    def review(self, request: SubjectAccessRequest) -> bool:
        """Show every passage to keep or redact (none: nothing to ask); True to go on."""
        from flexidesk.ui.dialogs.sar_review import SarReviewDialog

        try:
            found = redaction.passages(self.actor, request)
        except PolicyError as exc:
            self.status.say(str(exc), error=True)
            return False
        if not found:
            return True
        if SarReviewDialog(self.actor, request, found, self).exec() != QDialog.DialogCode.Accepted:
            self.status.say(_("Nothing was exported. The decisions made so far are kept with "
                              "the request."))
            return False
        return True

    def start_export(self, request: SubjectAccessRequest, folder: Path) -> None:
        """Prepare the reply here (refused while a passage waits for a decision), render and
        save it in a worker, audit when done."""
        try:
            pack = prepare_pack(self.actor, request, letter_date=self.today)
        except PolicyError as exc:
            self.status.say(str(exc), error=True)
            return
        # No name on the disk's file list.
        stem = f"subject-access-{request.pupil_id}-{self.today.isoformat()}"
        self._export_request, self._export_pupil = request, request.pupil_id
        self.progress.setRange(0, 0)
        self.progress.show()
        self.export_button.setEnabled(False)
        self.status.say(_("Preparing the export..."))
        self.task = run_task(lambda progress: write_export(pack, folder, stem, progress),
                             on_success=self._finished, on_failure=self._failed,
                             on_progress=self._progress, parent=self)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _finished(self, result) -> None:
        pdf_path, json_path, pdf_sha, json_sha = result
        self.task = None
        self.progress.hide()
        assert self._export_pupil is not None  # set as the export started
        rights.record_export(self.actor, self._export_pupil, pdf_sha256=pdf_sha,
                             json_sha256=json_sha, request=self._export_request,
                             completed_on=self.today)
        self.refresh()
        self.status.say(_("Saved {pdf} and {json}. The request is marked answered.").format(
            pdf=pdf_path.name, json=json_path.name) if self._export_request else
            _("Saved {pdf} and {json}.").format(pdf=pdf_path.name, json=json_path.name))
        self.last_export = (pdf_path, json_path)

    def _failed(self, error: BaseException) -> bool:
        """Any failure ends the export with a message; an unexpected one is also logged."""
        self.task = None
        self.progress.hide()
        self.status.say(_export_problem(error), error=True)
        self._selection_changed(self.table.current_object())
        return isinstance(error, OSError)

    def reject(self) -> None:
        if self.task is not None:
            self.status.say(_("Please wait: the export is still being written."), error=True)
            return
        super().reject()
