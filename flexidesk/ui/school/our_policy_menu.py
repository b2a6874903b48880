"""The menu entries of our policy: Tools > Our policy… (Headteacher) and File > Print our
policy in brief… (any member of staff)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from flexidesk.i18n import _
from flexidesk.policy.records.access import PolicyError, can


def open_our_policy(window) -> None:
    from flexidesk.ui.school.our_policy import OurPolicyDialog

    dialog = OurPolicyDialog(window.actor, window)
    dialog.exec()
    dialog.deleteLater()


def print_brief(window, language: str | None = None) -> None:
    """Preview (and print or save) the rules in force on a page a language."""
    from flexidesk.documents.our_policy import brief_params, render_brief
    from flexidesk.policy.school.preferences import letter_language
    from flexidesk.ui.dialogs.document_preview import DocumentPreviewDialog

    try:
        pdf = render_brief(brief_params(window.actor, dt.date.today(),
                                        language or letter_language()))
    except PolicyError as exc:
        QMessageBox.warning(window, _("Our policy in brief"), str(exc))
        return
    preview = DocumentPreviewDialog(pdf, _("Our policy in brief"), window)
    preview.exec()
    preview.deleteLater()


def add_policy_actions(window) -> list[QAction]:
    """Add the entries the signed-in role may use to ``window.menus``."""
    actions = []
    if can(window.actor, "document.print"):
        brief = QAction(_("&Print our policy in brief…"), window)
        brief.setObjectName("policyBriefAction")
        brief.triggered.connect(lambda _checked=False: print_brief(window))
        window.menus["file"].addAction(brief)
        actions.append(brief)
    if can(window.actor, "school.edit"):
        ours = QAction(_("Our p&olicy…"), window)
        ours.setObjectName("ourPolicyAction")
        ours.triggered.connect(lambda _checked=False: open_our_policy(window))
        window.menus["tools"].addAction(ours)
        actions.append(ours)
    return actions
