"""The one way a document leaves FlexiDesk: preview, then print or save, each copy recorded.

``show_paper`` shows a rendered document and records every print and save made from the
preview through ``policy.records.documents.record_copy`` (an IssuedDocument and an audit
row, or an audit row for a letter still waiting for its Issue button). A print whose dialog
was cancelled is no copy: the preview emits ``printed`` only once the pages went out.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from flexidesk.i18n import _, ngettext
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.records.access import Actor
from flexidesk.policy.records.documents import Paper, record_copy
from flexidesk.store.errors import StoreError
from flexidesk.ui.dialogs.document_preview import DocumentPreviewDialog
from flexidesk.ui.widgets.progress import go_or_stay


def record_copies(preview: DocumentPreviewDialog, actor: Actor, paper: Paper) -> None:
    """Record each print and save made from ``preview`` of ``paper``, as it happens."""

    def note(how: str, path: str = "") -> None:
        try:
            record_copy(actor, paper, how, path=path)
        except (PolicyError, StoreError) as problem:
            # The copy exists whatever happened here: say so, so that someone can note it.
            QMessageBox.warning(preview, _("Not recorded"), _(
                "The document went out, but FlexiDesk could not record it: {reason} Please "
                "tell the person who looks after FlexiDesk.").format(reason=problem))

    preview.printed.connect(lambda: note("print"))
    preview.saved.connect(lambda path: note("save", path))


def go_ahead_without_family(parent: QWidget | None, children: list[str], total: int = 1) -> bool:
    """Asked before letters go to families with no parent or carer recorded to receive them:
    each would begin "Dear Parent or carer" and carry no address. True to go ahead anyway."""
    if not children:
        return True
    names = ", ".join(children[:8]) + (", …" if len(children) > 8 else "")
    if total == 1:
        text = _("No parent or carer who receives letters is recorded for {child}, so this "
                 "letter would begin “Dear Parent or carer” and carry no address. Add the "
                 "family on the child's page first, or go ahead anyway?").format(child=names)
    else:
        text = ngettext(
            "{n} of the {total} letters has no parent or carer to go to ({children}): it "
            "would begin “Dear Parent or carer” and carry no address. Add the family on the "
            "child's page first, or go ahead anyway?",
            "{n} of the {total} letters have no parent or carer to go to ({children}): they "
            "would begin “Dear Parent or carer” and carry no address. Add the families on "
            "the children's pages first, or go ahead anyway?", len(children)).format(
                n=len(children), total=total, children=names)
    return go_or_stay(parent, QMessageBox.Icon.Warning, _("No parent or carer to write to"),
                      text, _("&Go ahead anyway"), _("&Stop"))


def show_paper(parent: QWidget | None, actor: Actor, paper: Paper, *,
               issue_label: str | None = None, notice: str = "") -> bool:
    """Preview ``paper``; every print and save is recorded. True when Issue was pressed.

    ``notice`` (rich text, user text escaped) is shown above the pages: what to check before
    the document goes out."""
    preview = DocumentPreviewDialog(paper.pdf, paper.title, parent, issue_label=issue_label)
    preview.set_notice(notice)
    record_copies(preview, actor, paper)
    try:
        return preview.exec() == QDialog.DialogCode.Accepted
    finally:
        preview.deleteLater()
