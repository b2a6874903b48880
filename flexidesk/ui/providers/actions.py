"""What the Providers panel's buttons do: open a form for the selection, or preview a document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from flexidesk.i18n import _
from flexidesk.policy import ourpolicy
from flexidesk.policy.records.access import PolicyError, can

if TYPE_CHECKING:
    from flexidesk.ui.providers.tab import ProvidersTab


def edit_provider(tab: ProvidersTab) -> bool:
    """Change the shown provider's details."""
    from flexidesk.ui.providers.register_dialogs import ProviderDialog

    if tab.panel.detail is None:
        return False
    return tab._run(ProviderDialog(tab.actor, tab.panel.detail, tab, today=tab.clock()))


def add_site(tab: ProvidersTab) -> bool:
    """Record one more site of the shown provider."""
    from flexidesk.ui.providers.register_dialogs import SiteDialog

    detail = tab.panel.detail
    if detail is None:
        return False
    return tab._run(SiteDialog(tab.actor, detail.id, detail.name, tab))


def edit_site(tab: ProvidersTab) -> bool:
    """Correct the selected site's name, address or postcode."""
    from flexidesk.ui.providers.register_dialogs import SiteDialog

    detail, site = tab.panel.detail, tab.panel.selected_site()
    if detail is None or site is None:
        return False
    return tab._run(SiteDialog(tab.actor, detail.id, detail.name, tab, site=site))


def remove_site(tab: ProvidersTab) -> bool:
    """Take the selected site off the provider, after asking (refused while in use)."""
    from flexidesk.policy.providers import remove_site as remove

    site = tab.panel.selected_site()
    if site is None:
        return False
    answer = QMessageBox.question(
        tab, _("Remove site"), _("Take {site} off this provider's sites?").format(site=site.name))
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        remove(tab.actor, site.id)
    except PolicyError as refusal:
        QMessageBox.information(tab, _("Remove site"), str(refusal))
        return False
    tab.refresh()
    tab.show_provider(tab.table.current_object())
    return True


def _checklist_in_our_policy(tab: ProvidersTab) -> bool:
    """Once the school has adopted its own policy, the checklist is one of its rules: the
    Headteacher changes it there (opened at the AP tab); anyone else is told where. True if
    the buttons of this tab no longer edit it."""
    if ourpolicy.latest_adopted().version_id is None:
        return False
    if not can(tab.actor, "school.edit"):
        QMessageBox.information(tab, _("Due-diligence checklist"), _(
            "The checklist is part of our policy. The Headteacher changes it under Tools > "
            "Our policy, Alternative provision."))
        return True
    from flexidesk.ui.school.our_policy import OurPolicyDialog

    dialog = OurPolicyDialog(tab.actor, tab, today=tab.clock())
    dialog.form.setCurrentIndex(1)  # the Alternative provision tab
    dialog.exec()
    dialog.deleteLater()
    tab.refresh()
    tab.show_provider(tab.table.current_object())
    return True


def edit_template_item(tab: ProvidersTab) -> bool:
    """Change the wording or re-check interval of the selected checklist item."""
    from flexidesk.ui.providers.register_dialogs import ChecklistTemplateDialog

    if _checklist_in_our_policy(tab):
        return False
    item = tab.template_item()
    if item is None:
        return False
    return tab._run(ChecklistTemplateDialog(tab.actor, item, tab))


def add_template_item(tab: ProvidersTab) -> bool:
    """Ask every provider for one more item."""
    from flexidesk.ui.providers.register_dialogs import ChecklistTemplateDialog

    if _checklist_in_our_policy(tab):
        return False
    return tab._run(ChecklistTemplateDialog(tab.actor, None, tab))


def commission(tab: ProvidersTab) -> bool:
    """Place a child with the shown provider."""
    from flexidesk.ui.providers.placement_dialogs import CommissionDialog

    detail = tab.panel.detail
    if detail is None:
        return False
    if not detail.sites:
        QMessageBox.information(tab, _("Commission a placement"),
                                _("Add the sites where the child may attend first."))
        return False
    dialog = CommissionDialog(tab.actor, detail, tab, today=tab.clock())
    saved = tab._run(dialog)
    if saved and dialog.saved is not None:
        tab.panel.placements.select_key(dialog.saved.id)
    return saved


def family_feedback(tab: ProvidersTab) -> bool:
    """Record how and when the family heard about the selected placement's last review."""
    from flexidesk.ui.providers.placement_dialogs import FamilyFeedbackDialog

    line = tab.panel.current_placement()
    if line is None or line.feedback_missing_review is None:
        return False
    return tab._run(FamilyFeedbackDialog(tab.actor, line, tab, today=tab.clock()))


def end(tab: ProvidersTab) -> bool:
    """End the selected placement."""
    from flexidesk.policy.providers import objectives_of
    from flexidesk.store.models import Placement
    from flexidesk.ui.providers.placement_dialogs import EndPlacementDialog

    line, detail = tab.panel.current_placement(), tab.panel.detail
    if line is None or detail is None:
        return False
    objectives = objectives_of(Placement.get_by_id(line.id))
    return tab._run(EndPlacementDialog(tab.actor, detail.name, line, objectives, tab,
                                       today=tab.clock()))


def continue_placement(tab: ProvidersTab) -> bool:
    """The Headteacher says why the selected placement goes on past a lapsed check."""
    from flexidesk.ui.providers.placement_dialogs import ContinueDialog

    line = tab.panel.current_placement()
    if line is None or not line.alert:
        return False
    return tab._run(ContinueDialog(tab.actor, line, tab, today=tab.clock()))


def _preview(tab: ProvidersTab, kind: str, title: str, *,
             placement_id: int | None = None) -> None:
    """Read the document's params, lay it out and preview it: its first print or save issues
    it (recorded, with the params that rebuild it byte for byte), and every later copy is
    recorded too."""
    from flexidesk.documents.render import build_params, render
    from flexidesk.policy.records.documents import Paper
    from flexidesk.ui.dialogs.document_copies import show_paper

    today = tab.clock()
    try:
        ids = {"placement_id": placement_id} if placement_id is not None else {}
        params = build_params(tab.actor, kind, today=today, **ids)
        pdf = render(kind, params)
    except PolicyError as refusal:
        QMessageBox.information(tab, title, str(refusal))
        return
    show_paper(tab, tab.actor, Paper(kind, title, pdf, params, today,
                                     placement_id=placement_id))


def agreement_details(tab: ProvidersTab) -> bool:
    """Record what the selected placement's agreement names beyond the commission."""
    from flexidesk.ui.providers.agreement_dialog import AgreementDetailsDialog

    line, detail = tab.panel.current_placement(), tab.panel.detail
    if line is None or detail is None:
        return False
    return tab._run(AgreementDetailsDialog(tab.actor, detail.name, line, tab,
                                           today=tab.clock()))


def agreement(tab: ProvidersTab) -> None:
    """Preview the placement agreement with the provider."""
    line = tab.panel.current_placement()
    if line is not None:
        _preview(tab, "ap_placement_agreement",
                 _("Placement agreement: {child}").format(child=line.pupil),
                 placement_id=line.id)


def feedback_letter(tab: ProvidersTab) -> None:
    """Preview the letter to the family after the selected placement's latest review (asking
    first if no parent or carer is recorded to receive it)."""
    from flexidesk.documents.ap_documents import feedback_letter_family
    from flexidesk.ui.dialogs.document_copies import go_ahead_without_family

    line = tab.panel.current_placement()
    if line is not None:
        try:
            family = feedback_letter_family(tab.actor, line.id, tab.clock())
        except PolicyError as refusal:
            QMessageBox.information(tab, _("Placement review"), str(refusal))
            return
        if not family and not go_ahead_without_family(tab, [line.pupil]):
            return
        _preview(tab, "ap_feedback_letter",
                 _("Placement review, letter to the family: {child}").format(child=line.pupil),
                 placement_id=line.id)


def register_report(tab: ProvidersTab) -> None:
    """Preview the AP register report."""
    _preview(tab, "ap_register", _("Alternative provision register"))
