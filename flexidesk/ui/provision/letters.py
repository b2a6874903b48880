"""Family letters for every review in a date range: rendered in a worker with a progress bar,
shown as one PDF to print or save, and each recorded as issued once the user issues them (on
the main thread, where every database write belongs)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog

from flexidesk.i18n import _, ngettext
from flexidesk.policy.provision.letters import issue_review_letters, reviews_between
from flexidesk.policy.records.access import Actor
from flexidesk.ui.dialogs.document_copies import go_ahead_without_family
from flexidesk.ui.tasks import Progress, Task, run_task
from flexidesk.ui.widgets.date_field import DateField
from flexidesk.ui.widgets.form_dialog import FormDialog


def render_letters(params: list[dict], progress: Progress) -> list[bytes]:
    """Render each letter from its params (no database here: the params were read before)."""
    from flexidesk.documents.provision_letter import render_review_letter

    pdfs = []
    for n, letter in enumerate(params, start=1):
        pdfs.append(render_review_letter(letter))
        progress(n, len(params))
    return pdfs


class ReviewLettersDialog(FormDialog):
    """Choose a date range; every review in it gets a letter, each recorded as issued."""

    def __init__(self, actor: Actor, parent=None):
        self.task: Task | None = None
        self.issued: list = []
        self.letters_done = 0
        super().__init__(actor, parent)
        self.setObjectName("reviewLetters")
        self.setWindowTitle(_("Family letters after reviews"))
        self.ok_button.setText(_("&Write the letters"))

    def build(self) -> None:
        today = dt.date.today()
        self.start = DateField(today - dt.timedelta(days=7), self, maximum=today)
        self.start.setObjectName("fromDate")
        self.end = DateField(today, self, maximum=today)
        self.end.setObjectName("toDate")
        self.form.addRow(_("Reviews &from:"), self.start)
        self.form.addRow(_("&To:"), self.end)
        self.watch(self.start, self.end)

    def problem(self) -> str:
        if self.end.value() < self.start.value():
            return _("The end of the range comes before its start.")
        return ""

    def save(self):
        from flexidesk.documents.provision_letter import review_letter_params

        ids = reviews_between(self.actor, self.start.value(), self.end.value())
        if not ids:
            self.show_error(_("No reviews were held in that range."))
            return False
        today = dt.date.today()
        params = [review_letter_params(self.actor, rid, today) for rid in ids]
        nobody = sorted({p["child"]["known_as"] for p in params if not p["family"]["names"]})
        if nobody and not go_ahead_without_family(self, nobody, total=len(params)):
            return False  # stays open: nothing written, nothing recorded
        self._ids = ids
        self._params = params
        self.progress = QProgressDialog(_("Writing the letters…"), "", 0, len(ids), self)
        self.progress.setObjectName("lettersProgress")
        self.progress.setCancelButton(None)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.ok_button.setEnabled(False)
        params = self._params
        self.task = run_task(lambda progress: render_letters(params, progress),
                             on_success=self._rendered, on_failure=self._failed,
                             on_progress=self._progress, parent=self)
        return False  # stays open until the worker is done

    def _progress(self, done: int, total: int) -> None:
        self.letters_done = done
        self.progress.setValue(done)
        self.progress.setLabelText(_("Writing the letters… {done} of {total}").format(
            done=done, total=total))

    def _rendered(self, pdfs: list[bytes]) -> None:
        from flexidesk.documents.batch import one_pdf
        from flexidesk.policy.provision.letters import KIND
        from flexidesk.policy.records.documents import Paper
        from flexidesk.ui.dialogs.document_copies import record_copies
        from flexidesk.ui.dialogs.document_preview import DocumentPreviewDialog

        self.progress.close()
        n = len(pdfs)
        title = ngettext("Family letter after a review", "{n} family letters after reviews",
                         n).format(n=n)
        self.preview = DocumentPreviewDialog(
            one_pdf(pdfs), title, self,
            issue_label=ngettext("&Issue the letter", "&Issue {n} letters", n).format(n=n))
        # Each print or save of the batch is a copy of every letter in it, recorded for each
        # child with that letter's own hash, whether or not the letters are then issued.
        today = dt.date.today()
        for pdf, params in zip(pdfs, self._params, strict=True):
            record_copies(self.preview, self.actor, Paper(
                KIND, title, pdf, params, today, pupil_id=params.get("pupil_id")))
        issue = self.preview.exec() == self.preview.DialogCode.Accepted
        self.preview.deleteLater()
        if not issue:
            self.show_error(_("The letters were not issued."))
            self.ok_button.setEnabled(True)
            return
        try:
            self.issued = issue_review_letters(
                self.actor, list(zip(self._ids, pdfs, self._params, strict=True)),
                document_date=today)
        except Exception as exc:  # a refusal: shown in the form, nothing recorded
            self.show_error(str(exc))
            self.ok_button.setEnabled(True)
            return
        self.reason_label.setText(ngettext("{n} letter written and recorded as issued.",
                                           "{n} letters written and recorded as issued.",
                                           len(self.issued)).format(n=len(self.issued)))
        self.reason_label.show()
        self.saved = self.issued
        self.done(self.DialogCode.Accepted)

    def _failed(self, error: BaseException) -> bool:
        """Any failure is reported in the form, and nothing is recorded."""
        self.progress.close()
        self.show_error(_("The letters could not be written ({reason}). Nothing was "
                          "recorded.").format(reason=error))
        self.ok_button.setEnabled(True)
        return True
