"""Pieces every flexi action dialog shares: the form base, radio rows, the preview-and-issue step."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QWidget,
)

from flexidesk.documents.render import build_params, render
from flexidesk.i18n import N_, _, format_date, format_long_date, ngettext
from flexidesk.policy import flexi
from flexidesk.policy.flexi import RequestDetail
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.policy.records.documents import Paper
from flexidesk.policy.school.working_days import school_calendar
from flexidesk.policy.vocabulary import FACTORS
from flexidesk.ui.dialogs.document_copies import show_paper
from flexidesk.ui.models.rows import LATE
from flexidesk.ui.widgets.form_dialog import FormDialog, ask_first, set_tone
from flexidesk.ui.widgets.versioned_form import VersionedSave

# --- small shared pieces -------------------------------------------------------------------


def _show_day(label: QLabel, day: dt.date) -> None:
    """Write the day out in full, in red when the school is shut that day."""
    if school_calendar().is_working_day(day):
        label.setText(format_long_date(day))
        set_tone(label, None)
    else:
        label.setText(_("{date} is not a school day.").format(date=format_long_date(day)))
        set_tone(label, LATE)


class ActionDialog(VersionedSave, FormDialog):
    """A form for one step of a flexi request, headed by the child and the request's date.

    What the form shows of the request comes from ``policy.flexi.request_detail`` (read
    once, as the dialog opens); what it saves goes through the policy's action for the step.
    """

    def __init__(self, actor: Actor, request_id: int | None, parent=None):
        self.request_id = request_id
        # Raises PolicyError if the request was removed meanwhile (by someone, or a restore).
        self.detail: RequestDetail | None = (
            flexi.request_detail(actor, request_id) if request_id is not None else None)
        # The versions shown (the request, its meeting, agreement, parties and factors): a
        # save after someone else's is refused by name, never merged.
        if request_id is not None:
            self.remember_versions(flexi.rows_a_form_edits(request_id))
        super().__init__(actor, parent)
        if self.detail is not None:
            self.set_heading(_("<b>{child}</b>: request received {date}").format(
                child=html.escape(self.detail.child),
                date=format_date(self.detail.received_on)))


def _radio_row(parent: QWidget, choices: list[tuple[str, str]]) -> tuple[QWidget, QButtonGroup,
                                                                           dict[str, QRadioButton]]:
    """A row of radio buttons; returns the row, its group and the buttons by code."""
    row = QWidget(parent)
    box = QHBoxLayout(row)
    box.setContentsMargins(0, 0, 0, 0)
    group = QButtonGroup(row)
    buttons = {}
    for code, label in choices:
        button = QRadioButton(label, row)
        button.setObjectName(f"choice_{code}")
        group.addButton(button)
        box.addWidget(button)
        buttons[code] = button
    box.addStretch(1)
    return row, group, buttons


def _chosen(buttons: dict[str, QRadioButton]) -> str | None:
    return next((code for code, button in buttons.items() if button.isChecked()), None)


# --- documents --------------------------------------------------------------------------------

DOCUMENT_TITLES = {
    "flexi_invitation": N_("Meeting invitation"),
    "flexi_decision": N_("Decision letter"),
    "flexi_agreement": N_("Flexi-schooling agreement"),
    "flexi_end": N_("End-of-arrangement letter"),
}
ISSUE_LABELS = {
    "flexi_invitation": N_("Issue letter"),
    "flexi_decision": N_("Issue letter"),
    "flexi_agreement": N_("Issue agreement"),
    "flexi_end": N_("Issue letter"),
}


def preview_and_issue(parent: QWidget | None, actor: Actor, request_id: int, kind: str,
                      document_date: dt.date, issue_label: str | None = None):
    """Render the document, show it, and record it as issued if the user presses Issue.

    The letter's details are read through the actor (checked, then recorded as a view);
    every print or save made in the preview is recorded as it happens, issued or not.
    Returns the IssuedDocument, or None when the user closed the preview without issuing.
    Raises PolicyError when the policy refuses the issue.
    """
    params = build_params(actor, kind, request_id=request_id, letter_date=document_date)
    pdf = render(kind, params)
    title = f"{_(DOCUMENT_TITLES[kind])}: {params['child']['known_as']}"
    paper = Paper(kind, title, pdf, params, document_date, request_id=request_id)
    if not show_paper(parent, actor, paper, issue_label=issue_label or _(ISSUE_LABELS[kind]),
                      notice=private_notes_notice(params)):
        return None
    return flexi.issue_letter(actor, request_id, kind=kind, pdf=pdf, params=params,
                              document_date=document_date)


def private_notes_notice(params: dict) -> str:
    """Each private note a letter prints (ticked "In the letter"), named for a last look."""
    notes = [(FACTORS.get(f["code"], f["code"]), f["note"]) for f in params.get("factors", ())
             if f.get("note")]
    if not notes:
        return ""
    items = "".join(f"<li><b>{html.escape(_(label))}</b>: {html.escape(_short(note))}</li>"
                    for label, note in notes)
    return "<b>{}</b><ul style='margin:2px 0'>{}</ul>".format(html.escape(ngettext(
        "This letter prints {n} of your private notes, as you ticked it. Check it is meant "
        "for the family:", "This letter prints {n} of your private notes, as you ticked "
        "them. Check each is meant for the family:", len(notes)).format(n=len(notes))), items)


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _issue_with_message(parent, actor: Actor, request_id: int, kind: str,
                        document_date: dt.date) -> bool:
    """Preview and issue; a refusal is shown in a message box. True when issued."""
    try:
        return preview_and_issue(parent, actor, request_id, kind, document_date) is not None
    except PolicyError as refusal:
        QMessageBox.warning(parent, _("Not issued"), str(refusal))
        return False


def with_confirmation(parent: QWidget | None, call):
    """Run ``call(confirmed)``; when the policy asks to confirm a date, ask the user, then retry.

    Returns what ``call`` returned, or False when the user did not confirm.
    """
    return ask_first(parent, _("Not a school day"), call)
