"""Tools > Our policy holds the rules that lived elsewhere: the Headteacher changes them in
the form, adopts the version, and the rest of FlexiDesk keeps to it."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from flexidesk.policy import ourpolicy
from flexidesk.policy.provision import default_first_review
from flexidesk.policy.provision.settings import contact_weeks, forest_aim_percent
from flexidesk.store.models import Intervention
from flexidesk.ui.provision.settings import ProvisionSettingsDialog
from flexidesk.ui.school.catalogue import InterventionDialog
from tests.clock import TODAY
from tests.ui.flexi_fixtures import type_date
from tests.ui.modal import Modal
from tests.ui.tab_data import make_provision, show
from tests.ui.test_flexi_journey import issued as journey_issued
from tests.ui.test_flexi_journey import ok

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
issued = journey_issued  # "Issue" pressed in every document preview

ADOPTED = TODAY - dt.timedelta(days=14)


def type_number(qtbot, box, value: int) -> None:
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, str(value))
    assert box.value() == value


def adopt_in(qtbot, policy_dialog) -> None:
    def adopt(d):
        type_date(qtbot, d.adopted_on, ADOPTED)
        type_date(qtbot, d.in_force_from, ADOPTED)
        type_date(qtbot, d.next_review, dt.date(2027, 11, 15))
        ok(qtbot, d)

    Modal(qtbot).click(policy_dialog.adopt_button, adopt)


def test_provision_rhythms_are_changed_in_our_policy_from_provision_settings(
        qtbot, school, head):
    make_provision(school)
    settings = show(qtbot, ProvisionSettingsDialog(head))
    assert settings.weeks.value() == 7 and not settings.weeks.isReadOnly()
    changes = []

    def in_our_policy(policy_dialog):
        form = policy_dialog.form
        assert form.currentIndex() == 2  # opened at the Provision map tab
        type_number(qtbot, form.contact_weeks, 3)
        type_number(qtbot, form.forest_aim, 60)
        lego = form.review_weeks.spins["Lego Therapy"]
        type_number(qtbot, lego, 2)
        changes.extend(policy_dialog.changes.item(i).text()
                       for i in range(policy_dialog.changes.count()))
        adopt_in(qtbot, policy_dialog)
        policy_dialog.reject()

    Modal(qtbot).click(settings.our_policy, in_our_policy)
    assert changes == ["Contact each family at least every (weeks): 7 \u2192 3",
                       "Forest School weekly aim (%): 100 \u2192 60",
                       "Lego Therapy reviewed every (weeks): 6 \u2192 2"]
    # The saved version holds the three rules; the settings window shows them at once.
    version = ourpolicy.in_force(TODAY)
    assert version.number == 1
    assert version.body["provision"]["contact_weeks"] == 3
    assert version.body["provision"]["review_weeks"]["Lego Therapy"] == 2
    assert (settings.weeks.value(), settings.aim.value()) == (3, 60)
    assert settings.weeks.isReadOnly() and settings.aim.isReadOnly()  # the policy holds them
    # ...and FlexiDesk keeps to them.
    assert (contact_weeks(TODAY), forest_aim_percent(TODAY)) == (3, 60)
    lego = Intervention.get(Intervention.name == "Lego Therapy")
    assert default_first_review(lego.id, TODAY) == dt.date(2026, 12, 14)


def test_the_catalogue_shows_a_rhythm_the_policy_sets_without_editing_it(qtbot, school, head):
    from flexidesk.policy.school import catalogue

    Intervention.create(name="Lego Therapy", review_interval_weeks=6)
    body = ourpolicy.starting_body()
    body["provision"]["review_weeks"]["Lego Therapy"] = 3
    ourpolicy.save_draft(head, body)
    ourpolicy.adopt(head, adopted_on=ADOPTED, next_review=dt.date(2027, 11, 1), today=TODAY)
    line = next(line for line in catalogue.catalogue(head) if line.form.name == "Lego Therapy")
    dialog = show(qtbot, InterventionDialog(head, line=line))
    assert dialog.interval.value() == 3
    assert not dialog.interval.isEnabled()
    assert "Our policy" in dialog.interval.toolTip()


# --- the due-diligence checklist (AP tab) ------------------------------------------------------


def test_the_checklist_is_edited_on_the_ap_tab_and_the_providers_tab_keeps_to_it(qtbot, head):
    from flexidesk.policy.providers import checklist_template
    from flexidesk.ui.providers.tab import ProvidersTab
    from flexidesk.ui.school.our_policy import OurPolicyDialog
    from tests.ui.test_ap_journey import Clock, add_provider_and_site, click

    tab = show(qtbot, ProvidersTab(head, clock=Clock(TODAY)))
    add_provider_and_site(qtbot, tab)
    dialog = show(qtbot, OurPolicyDialog(head, today=TODAY))
    form = dialog.form
    form.setCurrentIndex(1)
    table = form.checklist
    insurance = next(r for r in range(table.rowCount())
                     if table.cell(r, 0).data(Qt.ItemDataRole.UserRole) == "insurance")
    table.setCurrentCell(insurance, 0)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Space)  # untick: stop asking for it
    assert table.cell(insurance, 0).checkState() == Qt.CheckState.Unchecked
    click(qtbot, form.findChild(QPushButton, "add_checklist_item"))
    # The new row's English cell, open for typing (not a number box's own line).
    editor = next(w for w in table.viewport().findChildren(QLineEdit)
                  if w.parent() is table.viewport() and w.isVisible())
    qtbot.keyClicks(editor, "Minibus driver licences")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # Tab leaves the cell, its words kept
    new_row = table.rowCount() - 1
    assert table.cell(new_row, 1).text() == "Minibus driver licences"
    type_number(qtbot, table.number_cell(new_row, 3), 12)
    changes = [dialog.changes.item(i).text() for i in range(dialog.changes.count())]
    assert "Checklist item added: Minibus driver licences" in changes
    assert "Checklist item retired: Insurance certificates" in changes
    adopt_in(qtbot, dialog)
    dialog.reject()

    saved = ourpolicy.in_force(TODAY).body["ap"]["checklist"]
    assert {"code": "own_1", "en": "Minibus driver licences", "cy": "", "recheck_months": 12,
            "retired": False} in saved
    assert {t.code for t in checklist_template(TODAY)} >= {"own_1"}
    assert "insurance" not in {t.code for t in checklist_template(TODAY)}
    tab.show_provider(tab.table.current_object())
    assert "Minibus driver licences" in [row[0] for row in tab.panel.checklist.texts()]

    # The panel's "Change item" now opens our policy at its AP tab.
    tab.panel.checklist.select_key("own_1")

    def at_the_ap_tab(policy_dialog):
        assert policy_dialog.form.currentIndex() == 1
        policy_dialog.reject()

    Modal(qtbot).click(tab.panel.template_button, at_the_ap_tab)


# --- whether the local authority is told (Flexi tab) ---------------------------------------------


def test_the_la_rule_is_set_in_our_policy_and_school_details_shows_it(qtbot, school, head):
    from flexidesk.store.models import School
    from flexidesk.ui.school.details import SchoolDetailsDialog
    from flexidesk.ui.school.our_policy import OurPolicyDialog
    from tests.ui.test_ap_journey import click

    School.update(la_notify_flexi=False, local_authority="Millshire Council").execute()
    details = show(qtbot, SchoolDetailsDialog(head))
    assert details.la_notify.isEnabled()  # before any version, the details still hold it
    details.discard()

    dialog = show(qtbot, OurPolicyDialog(head, today=TODAY))
    assert not dialog.form.la_told.isChecked()
    dialog.form.la_told.setFocus()
    qtbot.keyClick(dialog.form.la_told, Qt.Key.Key_Space)
    assert [dialog.changes.item(i).text() for i in range(dialog.changes.count())] == [
        "The local authority is told of every arrangement: no \u2192 yes"]
    adopt_in(qtbot, dialog)
    assert ourpolicy.in_force(TODAY).la_told is True

    details = show(qtbot, SchoolDetailsDialog(head))
    assert details.la_notify.isChecked() and not details.la_notify.isEnabled()
    assert "Our policy" in details.la_notify.toolTip()
    click(qtbot, details.ok_button)  # saving the details leaves the old tick as it was
    assert School.get().la_notify_flexi is False
    assert ourpolicy.in_force(TODAY).la_told is True


# --- the meeting switched off (Flexi tab) -------------------------------------------------------


def test_with_the_meeting_switched_off_a_request_runs_from_receipt_to_its_letter(
        qtbot, school, head, issued):
    from flexidesk.store.models import FlexiDecision, FlexiRequest
    from flexidesk.ui.flexi.tab import FlexiTab
    from flexidesk.ui.school.our_policy import OurPolicyDialog
    from tests.ui import test_flexi_journey as journey
    from tests.ui.flexi_fixtures import make_family

    dialog = show(qtbot, OurPolicyDialog(head, today=TODAY))
    form = dialog.form
    form.meeting.setFocus()
    qtbot.keyClick(form.meeting, Qt.Key.Key_Space)
    assert not form.stand_in.isEnabled()  # nobody stands in at a meeting there is not
    assert [dialog.changes.item(i).text() for i in range(dialog.changes.count())] == [
        "A meeting with the family comes before the decision: yes \u2192 no"]
    adopt_in(qtbot, dialog)
    dialog.reject()
    version = ourpolicy.in_force(TODAY)
    assert version.meeting_required is False

    make_family()
    tab = show(qtbot, FlexiTab(head))
    modal = Modal(qtbot)
    received = TODAY - dt.timedelta(days=3)  # Friday 27 November

    def receive(d):
        qtbot.keyClicks(d.pupil, "Hollis")
        qtbot.mouseClick(d.sessions.boxes["fri_am"], Qt.MouseButton.LeftButton)
        type_date(qtbot, d.received, received)
        qtbot.keyClicks(d.reasons, "Wren learns best outdoors on Friday mornings.")
        ok(qtbot, d)

    modal.click(tab.new_button, receive)
    assert FlexiRequest.get().policy_version_id == version.version_id
    assert tab.action_codes()[0] == "record_considerations"
    assert "arrange_meeting" not in tab.action_codes()
    assert [m.label for m in tab.timeline.milestones()][:3] == ["Received", "Considered",
                                                                 "Decision"]

    def consider(d):
        for combo in d.ratings.values():
            combo.setFocus()
            qtbot.keyClick(combo, Qt.Key.Key_Down)
            qtbot.keyClick(combo, Qt.Key.Key_Down)
        qtbot.mouseClick(d.needs["no"], Qt.MouseButton.LeftButton)
        ok(qtbot, d)

    modal.click(tab.action_button("record_considerations"), consider)

    def decide(d):
        # Five school days from receipt (Friday 27 November), not from a meeting.
        assert "4 December 2026" in d.due.text()
        assert "meeting" not in " ".join(
            w.text() for w in d.findChildren(QLabel) if w.isVisible()).lower()
        qtbot.mouseClick(d.outcome["declined"], Qt.MouseButton.LeftButton)
        qtbot.keyClicks(d.reasons, "School is the right place for Wren this year.")
        ok(qtbot, d)

    modal.click(tab.action_button("decide"), decide)
    assert FlexiDecision.get().due_on == dt.date(2026, 12, 4)
    letter = journey.issue_decision_letter(qtbot, modal, tab)
    text = journey.pdf_text(letter)
    assert "Thank you for your request, received on" in text
    assert "meet" not in text.lower()


# --- alternative provision rules (AP tab) ---------------------------------------------------------


def test_ap_rules_set_in_our_policy_are_held_in_the_commission_window(qtbot, head):
    from flexidesk.policy.providers import checklist_template, record_due_diligence
    from flexidesk.store.models import Placement, Pupil
    from flexidesk.ui.providers.placement_dialogs import CommissionDialog
    from flexidesk.ui.providers.tab import ProvidersTab
    from flexidesk.ui.school.our_policy import OurPolicyDialog
    from tests.ui.test_ap_journey import Clock, add_provider_and_site, click, in_dialog

    dialog = show(qtbot, OurPolicyDialog(head, today=TODAY))
    dialog.form.setCurrentIndex(1)
    type_number(qtbot, dialog.form.full_time, 12)
    assert not dialog.form.family_writing.isChecked()  # the default: the day agreed only
    dialog.form.family_writing.setFocus()
    qtbot.keyClick(dialog.form.family_writing, Qt.Key.Key_Space)
    adopt_in(qtbot, dialog)
    dialog.reject()
    assert ourpolicy.in_force(TODAY).full_time_hours == 12

    Pupil.create(upn="B000000000001", legal_first_name="Ada", legal_last_name="Fenwick",
                 date_of_birth=dt.date(2017, 3, 1), year_group=4,
                 on_roll_date=dt.date(2021, 9, 1))
    tab = show(qtbot, ProvidersTab(head, clock=Clock(TODAY)))
    provider = add_provider_and_site(qtbot, tab)
    for item in checklist_template(TODAY):  # the provider is ready (its checks seen)
        record_due_diligence(head, provider.id, item.code, "held", evidence="Seen on the visit",
                             today=TODAY)
    tab.refresh()
    tab.show_provider(tab.table.current_object())
    seen = {}

    def fill(d):
        qtbot.keyClicks(d.pupil, "Ada Fenwick")
        for code in ("mon_am", "tue_am", "wed_am", "thu_am", "fri_am"):
            d.grid.boxes[code].setChecked(True)
        qtbot.keyClicks(d.attendance_from, "Farm office")
        d.amounts[0].setValue(45)
        qtbot.keyClicks(d.objectives, "Attend every session")
        qtbot.keyClicks(d.return_plan, "One more afternoon in class each half term")
        d.reason.setCurrentIndex(d.reason.findData("behaviour"))
        d.agreed.setChecked(True)
        # 15 hours: full time under this version's 12, not under FlexiDesk's 18.
        seen["warning"] = d.warnings.text()
        seen["before"] = (d.ok_button.isEnabled(), d.reason_label.text())
        d.in_writing.setFocus()
        qtbot.keyClick(d.in_writing, Qt.Key.Key_Space)
        seen["after"] = d.ok_button.isEnabled()
        click(qtbot, d.ok_button)

    in_dialog(qtbot, tab, CommissionDialog, fill,
              lambda: click(qtbot, tab.panel.commission_button))
    assert seen["warning"] == "15 hours a week is more than 12: this is full-time education."
    assert seen["before"] == (False, "Our policy asks for the family's agreement in writing "
                              "before a placement starts. When the family's signed agreement "
                              "is back, tick that it is in writing and place the child.")
    assert seen["after"] is True
    placed = Placement.get()
    assert placed.family_agreed_in_writing is True
    assert placed.policy_version_id == ourpolicy.in_force(TODAY).version_id
