"""Alternative provision end to end in the Providers tab, days passing on an injected clock."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer

from flexidesk.policy.providers import checklist_template
from flexidesk.policy.provision import pupil_page
from flexidesk.store.models import (
    AuditEntry,
    DueDiligenceItem,
    Placement,
    PlacementReview,
    Provider,
    Pupil,
)
from flexidesk.ui.providers.dialogs import ChecklistItemDialog, PlacementReviewDialog
from flexidesk.ui.providers.placement_dialogs import CommissionDialog, EndPlacementDialog
from flexidesk.ui.providers.register_dialogs import ProviderDialog, SiteDialog
from flexidesk.ui.providers.tab import ProvidersTab
from tests.ui.tab_data import show

START = dt.date(2026, 11, 2)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # the picker's popup


class Clock:
    """Today, moved on by the test instead of waiting."""

    def __init__(self, today):
        self.today = today

    def __call__(self):
        return self.today


def in_dialog(qtbot, tab, kind, fill, open_it):
    """Open a modal form with ``open_it()`` and let ``fill(dialog)`` work it as a person would."""
    seen = {}

    def work():
        dialog = next(w for w in tab.findChildren(kind) if w.isVisible())
        seen["result"] = fill(dialog)
        if dialog.isVisible():
            seen["reason"] = dialog.reason_label.text()
            seen["error"] = dialog.error_label.text()
            dialog.discard()  # give up, unsaved, without being asked

    QTimer.singleShot(0, work)
    open_it()
    return seen


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def state_cell(tab):
    return tab.model.data(tab.model.index(tab.model.row_of(lambda r: True), 6))


def add_provider_and_site(qtbot, tab):
    def provider_form(d):
        qtbot.keyClicks(d.name, "Hilltop Farm Learning")
        d.kind.setCurrentText("Farm or outdoor learning")
        qtbot.keyClicks(d.ukprn, "10012345")
        d.la_approved.setChecked(True)
        click(qtbot, d.ok_button)

    in_dialog(qtbot, tab, ProviderDialog, provider_form, lambda: click(qtbot, tab.add_button))
    provider = Provider.get(Provider.name == "Hilltop Farm Learning")
    assert (provider.ukprn, provider.la_approved) == ("10012345", True)
    assert tab.panel.title.text() == "Hilltop Farm Learning"

    def site_form(d):
        qtbot.keyClicks(d.name, "Lower Meadow yard")
        click(qtbot, d.ok_button)

    in_dialog(qtbot, tab, SiteDialog, site_form, lambda: click(qtbot, tab.panel.site_button))
    assert tab.panel.sites.texts()[0][0] == "Lower Meadow yard"
    return provider


def record_checks(qtbot, tab, insurance_expires):
    for item in checklist_template():
        tab.panel.checklist.select_key(item.code)

        def fill(d, code=item.code):
            d.status.setCurrentIndex(d.status.findData("held"))
            qtbot.keyClicks(d.evidence, "Seen on the visit")
            if code == "insurance":
                d.expires.setChecked(True)
                d.expiry.set_value(insurance_expires)
            click(qtbot, d.ok_button)

        in_dialog(qtbot, tab, ChecklistItemDialog, fill,
                  lambda: click(qtbot, tab.panel.update_button))


def test_a_provider_is_checked_and_its_state_moves_with_the_days(qtbot, head):
    clock = Clock(START)
    tab = show(qtbot, ProvidersTab(head, clock=clock))
    provider = add_provider_and_site(qtbot, tab)
    assert state_cell(tab) == "Not ready"
    assert "Insurance certificates: not held" in tab.panel.status.text()
    record_checks(qtbot, tab, insurance_expires=dt.date(2027, 3, 1))
    assert DueDiligenceItem.select().where(DueDiligenceItem.provider == provider).count() == \
        len(checklist_template())
    assert state_cell(tab) == "Ready"
    clock.today = dt.date(2027, 2, 10)  # three weeks before the insurance runs out
    tab.refresh()
    tab.show_provider(tab.table.current_object())
    assert state_cell(tab) == "Expiring"
    assert "Insurance certificates: expires on 1 Mar 2027" in tab.panel.status.text()


def commission_form(qtbot, *, override=""):
    def fill(d):
        qtbot.keyClicks(d.pupil, "Ada Fenwick")
        for code in ("session_tue_am", "session_thu_am"):
            d.grid.findChild(type(d.grid.boxes["mon_am"]), code).setChecked(True)
        assert d.hours.text() == "6 hours a week"
        qtbot.keyClicks(d.attendance_from, "Farm office")
        d.amounts[0].setValue(45)
        qtbot.keyClicks(d.objectives, "Attend every session")
        qtbot.keyClicks(d.return_plan, "One more afternoon in class each half term")
        d.reason.setCurrentIndex(d.reason.findData("behaviour"))
        d.agreed.setChecked(True)
        if override:
            qtbot.keyClicks(d.override, override)
        ok = d.ok_button.isEnabled()
        click(qtbot, d.ok_button)
        return ok

    return fill


def _pupil():
    return Pupil.create(upn="B000000000001", legal_first_name="Ada", legal_last_name="Fenwick",
                        date_of_birth=dt.date(2017, 3, 1), year_group=4,
                        on_roll_date=dt.date(2021, 9, 1))


def test_place_refused_then_overridden_alert_review_and_end(qtbot, head, pastoral):
    clock = Clock(START)
    pupil = _pupil()
    lead = show(qtbot, ProvidersTab(pastoral, clock=clock))
    add_provider_and_site(qtbot, lead)  # nothing recorded yet: not ready
    seen = in_dialog(qtbot, lead, CommissionDialog, commission_form(qtbot),
                     lambda: click(qtbot, lead.panel.commission_button))
    assert seen["result"] is False
    assert "only the Headteacher may place a child there" in seen["reason"]
    assert Placement.select().count() == 0

    tab = show(qtbot, ProvidersTab(head, clock=clock))
    seen = in_dialog(qtbot, tab, CommissionDialog,
                     commission_form(qtbot, override="The only farm placement the child will "
                                                     "attend; checks under way"),
                     lambda: click(qtbot, tab.panel.commission_button))
    placement = Placement.get()
    assert placement.override_justification.startswith("The only farm placement")
    assert AuditEntry.select().where(AuditEntry.action == "placement.override").exists()
    assert "Headteacher's override" in tab.panel.placement_facts.text()

    # The checks come in; the insurance then lapses while Ada is placed.
    record_checks(qtbot, tab, insurance_expires=dt.date(2026, 12, 1))
    assert state_cell(tab) == "Expiring"  # ready, but the insurance runs out within 30 days
    clock.today = dt.date(2026, 12, 2)
    tab.refresh()
    tab.show_provider(tab.table.current_object())
    assert "ALERT" in tab.panel.placements.texts()[0][2]
    assert "(1 alert)" in state_cell(tab)
    tab.panel.placements.select_key(placement.id)
    assert "Check lapsed at the provider: Insurance certificates" in \
        tab.panel.placement_facts.text()
    assert tab.panel.continue_button.isEnabled()
    page = pupil_page(head, pupil.id, clock.today)
    assert page.placements[0].alert.startswith("Check lapsed at the provider")

    def review(d):
        qtbot.keyClick(d.score, Qt.Key.Key_Down)  # +2
        d.told.setChecked(True)
        d.told_how.setCurrentIndex(d.told_how.findData("meeting"))
        qtbot.keyClicks(d.feedback, "Met mum: Ada is proud of the feeding round")
        click(qtbot, d.ok_button)

    in_dialog(qtbot, tab, PlacementReviewDialog, review,
              lambda: click(qtbot, tab.panel.review_button))
    saved = PlacementReview.get()
    assert (saved.score, saved.family_told_how, saved.family_feedback_on) == (
        2, "meeting", clock.today)
    assert tab.panel.placements.texts()[0][6] != "not yet told"

    def end(d):
        qtbot.keyClicks(d.outcomes[0], "Attended 31 of 32 sessions")
        qtbot.keyClicks(d.destination, "Full week in Year 4")
        click(qtbot, d.ok_button)

    tab.panel.placements.select_key(placement.id)
    in_dialog(qtbot, tab, EndPlacementDialog, end, lambda: click(qtbot, tab.panel.end_button))
    ended = Placement.get_by_id(placement.id)
    assert (ended.status, ended.end_date, ended.next_review_date) == ("ended", clock.today, None)
    assert ended.next_destination == "Full week in Year 4"
    assert tab.panel.placements.texts()[0][2] == "Ended"
    assert "(1 alert)" not in state_cell(tab)


def test_the_childs_page_shows_the_lapsed_check_in_red(qtbot, head):
    from flexidesk.policy.providers import add_provider, add_site, commission_placement
    from flexidesk.policy.providers import record_due_diligence as record
    from flexidesk.ui.models.rows import LATE
    from flexidesk.ui.provision.tab import ChildPage

    provider = add_provider(head, "Hilltop Farm Learning", today=START)
    for item in checklist_template():
        record(head, provider.id, item.code, "held", evidence="Seen", today=START,
               expires_on=dt.date(2026, 12, 1) if item.code == "insurance" else None)
    site = add_site(head, provider.id, "Yard")
    pupil = _pupil()
    commission_placement(head, pupil.id, provider.id, site_ids=[site.id], start_date=START,
                         planned_end_date=START + dt.timedelta(weeks=8), max_weeks=10,
                         sessions=["mon_am"], attendance_code="B",
                         attendance_sender="Farm office", objectives="Attend",
                         return_plan="Back in class", family_agreed_on=START,
                         primary_reason="behaviour", today=START)
    page = ChildPage()
    qtbot.addWidget(page)
    page.show_page(pupil_page(head, pupil.id, dt.date(2026, 12, 2)), True, True)
    line = page.placements.topLevelItem(0)
    assert line.foreground(0).color() == LATE
    assert line.child(0).text(0).startswith("Check lapsed at the provider: Insurance")
    page.show_page(pupil_page(head, pupil.id, dt.date(2026, 11, 30)), True, True)
    assert page.placements.topLevelItem(0).childCount() == 0


def test_the_school_edits_its_checklist_from_the_panel(qtbot, head):
    from flexidesk.ui.providers.register_dialogs import ChecklistTemplateDialog

    tab = show(qtbot, ProvidersTab(head, clock=Clock(START)))
    add_provider_and_site(qtbot, tab)
    tab.panel.checklist.select_key("insurance")

    def reword(d):
        d.label.clear()
        qtbot.keyClicks(d.label, "Insurance: employer's and public liability")
        d.recheck.setValue(6)
        click(qtbot, d.ok_button)

    in_dialog(qtbot, tab, ChecklistTemplateDialog, reword,
              lambda: click(qtbot, tab.panel.template_button))
    insurance = next(t for t in checklist_template() if t.code == "insurance")
    assert (insurance.label, insurance.recheck_months) == (
        "Insurance: employer's and public liability", 6)
    assert "Insurance: employer's and public liability" in [
        row[0] for row in tab.panel.checklist.texts()]

    tab.panel.checklist.select_key("data_protection")

    def retire(d):
        d.retire.setChecked(True)
        click(qtbot, d.ok_button)

    in_dialog(qtbot, tab, ChecklistTemplateDialog, retire,
              lambda: click(qtbot, tab.panel.template_button))
    assert "data_protection" not in {t.code for t in checklist_template()}
    assert len(tab.panel.checklist.texts()) == len(checklist_template())

    def add(d):
        qtbot.keyClicks(d.label, "First-aid certificates")
        click(qtbot, d.ok_button)

    in_dialog(qtbot, tab, ChecklistTemplateDialog, add,
              lambda: click(qtbot, tab.panel.add_item_button))
    assert tab.panel.checklist.texts()[-1][0] == "First-aid certificates"


def test_a_site_is_changed_and_removed_from_the_panel_after_asking(qtbot, head, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from flexidesk.store.models import ProviderSite

    tab = show(qtbot, ProvidersTab(head, clock=Clock(START)))
    provider = add_provider_and_site(qtbot, tab)
    assert not tab.panel.edit_site_button.isEnabled()  # nothing picked yet
    site = ProviderSite.get(ProviderSite.provider == provider)
    tab.panel.sites.select_key(site.id)
    assert tab.panel.edit_site_button.isEnabled()

    def change(d):
        assert d.name.text() == "Lower Meadow yard"  # the form opens on what is held
        d.name.clear()
        qtbot.keyClicks(d.name, "Upper Meadow barn")
        qtbot.keyClicks(d.postcode, "KX9 2HF")
        click(qtbot, d.ok_button)

    in_dialog(qtbot, tab, SiteDialog, change, lambda: click(qtbot, tab.panel.edit_site_button))
    site = ProviderSite.get_by_id(site.id)
    assert (site.name, site.postcode) == ("Upper Meadow barn", "KX9 2HF")
    assert tab.panel.sites.texts()[0][0] == "Upper Meadow barn"
    assert AuditEntry.select().where(AuditEntry.table_name == "provider_site").count() >= 2

    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    tab.panel.sites.select_key(site.id)
    click(qtbot, tab.panel.remove_site_button)  # said No: kept
    assert ProviderSite.get_or_none(ProviderSite.id == site.id) is not None
    tab.panel.sites.select_key(site.id)
    click(qtbot, tab.panel.remove_site_button)
    assert ProviderSite.get_or_none(ProviderSite.id == site.id) is None
    assert "No site recorded" in tab.panel.sites.texts()[0][0]
