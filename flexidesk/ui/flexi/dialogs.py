"""The flexi-schooling action dialogs: one small form per step of a request's journey.

``run_action(parent, actor, request_id, code)`` opens the dialog for a next-action code
from ``flexidesk.policy.flexi.next_actions`` and returns True when something was saved.
Every form fills in sensible defaults, keeps OK disabled (with the reason shown) until
what is typed makes sense, and shows a refusal from the policy inside the form without
losing what was typed. Every write goes through ``flexidesk.policy.flexi``. The forms live
by phase of the journey: ``request_dialogs``, ``decision_dialogs``, ``agreement_dialogs``
and ``running_dialogs``.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from flexidesk.i18n import _
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.ui.flexi.agreement_dialogs import (
    DraftAgreementDialog,
    LaNotifiedDialog,
    SignatureDialog,
)
from flexidesk.ui.flexi.decision_dialogs import (
    ConsiderationsDialog,
    DecideDialog,
    DecisionLetterDialog,
)
from flexidesk.ui.flexi.forms import ActionDialog, _issue_with_message, preview_and_issue
from flexidesk.ui.flexi.request_dialogs import (
    ArrangeMeetingDialog,
    CorrectRequestDialog,
    ReceiveRequestDialog,
    RecordMeetingDialog,
    WithdrawDialog,
)
from flexidesk.ui.flexi.running_dialogs import EndDialog, ReviewDialog

__all__ = ["DIALOGS", "ActionDialog", "make_dialog", "preview_and_issue", "run_action"]


DIALOGS: dict[str, type[ActionDialog]] = {
    "receive_request": ReceiveRequestDialog,
    "arrange_meeting": ArrangeMeetingDialog,
    "record_meeting": RecordMeetingDialog,
    "record_considerations": ConsiderationsDialog,
    "decide": DecideDialog,
    "issue_decision_letter": DecisionLetterDialog,
    "draft_agreement": DraftAgreementDialog,
    "record_signature": SignatureDialog,
    "record_la_notified": LaNotifiedDialog,
    "review": ReviewDialog,
    "end": EndDialog,
    "withdraw": WithdrawDialog,
    "correct_request": CorrectRequestDialog,
}

#: Actions that need no form: the document is previewed and issued straight away.
_DIRECT_DOCUMENTS = {"issue_invitation": "flexi_invitation", "issue_agreement": "flexi_agreement",
                     "issue_end_letter": "flexi_end"}


def make_dialog(parent, actor: Actor, request_id: int | None, code: str) -> ActionDialog:
    """The dialog for an action code, ready to show (for run_action and for tests)."""
    try:
        cls = DIALOGS[code]
    except KeyError:
        raise ValueError(f"no dialog for action {code!r}") from None
    return cls(actor, request_id, parent)


def run_action(parent: QWidget | None, actor: Actor, request_id: int | None, code: str) -> bool:
    """Open the dialog for ``code`` on ``request_id``; True when something was saved."""
    if code in _DIRECT_DOCUMENTS:
        assert request_id is not None  # a document is always of a request
        return _issue_with_message(parent, actor, request_id, _DIRECT_DOCUMENTS[code],
                                   dt.date.today())
    try:
        dialog = make_dialog(parent, actor, request_id, code)
    except PolicyError as refusal:
        QMessageBox.warning(parent, _("Not available"), str(refusal))
        return False
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    if isinstance(dialog, ArrangeMeetingDialog):
        dialog.follow_up()
    elif isinstance(dialog, DraftAgreementDialog):
        # A drafted agreement is read before anyone signs: open its preview at once.
        _issue_with_message(parent, actor, dialog.request_id, "flexi_agreement", dt.date.today())
    return True
