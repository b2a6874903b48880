"""The child's week walked through the window: a clash refused in the commissioning form with
both commitments named, the week on the child's page, the office's register and the census."""

import datetime as dt
import stat

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from flexidesk.i18n import _
from flexidesk.policy.providers import commission_placement, provider_detail
from flexidesk.policy.provision import pupil_page
from flexidesk.store.models import Placement, Provider, Pupil
from flexidesk.ui.dialogs.week_register import RegisterCheckDialog, WeekRegisterDialog
from flexidesk.ui.providers.census import CensusDialog
from flexidesk.ui.providers.placement_dialogs import CommissionDialog
from flexidesk.ui.provision.child_page import ChildPage
from tests.clock import TODAY
from tests.ui.modal import Modal
from tests.ui.tab_data import show
from tests.unit.policy.providers.test_placements import _ready_provider, _terms
from tests.unit.policy.week.test_register import EXPORT, make_week

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # the picker's popup


def _ada():
    return Pupil.create(upn="B000000000001", legal_first_name="Ada", legal_last_name="Fenwick",
                        date_of_birth=dt.date(2017, 3, 1), year_group=4, class_name="4 Ash",
                        on_roll_date=dt.date(2021, 9, 1))


def _fill_commission(qtbot, d, sessions):
    qtbot.keyClicks(d.pupil, "Ada Fenwick")
    for code in d.grid.boxes:
        d.grid.boxes[code].setChecked(code in sessions)
    qtbot.keyClicks(d.attendance_from, "Farm office")
    qtbot.keyClicks(d.objectives, "Attend every session")
    qtbot.keyClicks(d.return_plan, "One more afternoon in class each half term")
    d.reason.setCurrentIndex(d.reason.findData("behaviour"))
    d.agreed.setChecked(True)


def test_a_clash_is_refused_in_the_form_and_the_week_shows_on_the_childs_page(qtbot, head):
    ada = _ada()
    boxing, boxing_site = _ready_provider(head, "Riverside Boxing Academy", today=TODAY)
    commission_placement(head, ada.id, boxing.id, **_terms(
        boxing_site, start_date=TODAY, planned_end_date=TODAY + dt.timedelta(weeks=10),
        family_agreed_on=TODAY, sessions=["tue_am"], today=TODAY))
    farm, _site = _ready_provider(head, "Hilltop Farm Learning", today=TODAY)
    dialog = CommissionDialog(head, provider_detail(head, farm.id, TODAY), today=TODAY)
    show(qtbot, dialog, (620, 900))
    _fill_commission(qtbot, dialog, {"tue_am", "thu_am"})
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    error = dialog.error_label.text()
    assert dialog.isVisible() and dialog.error_label.isVisible()
    assert "Ada Fenwick cannot be in two places at once: on Tuesday morning" in error
    assert "already at Riverside Boxing Academy (a placement from 30 Nov 2026, code B)" in error
    assert "this would put them at Hilltop Farm Learning" in error
    assert Placement.select().where(Placement.provider == farm.id).count() == 0
    # Thursday and Wednesday instead: saved, and what was typed was never lost.
    dialog.grid.boxes["tue_am"].setChecked(False)
    dialog.grid.boxes["wed_am"].setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert Placement.get(Placement.provider == farm.id).sessions == "wed_am,thu_am"

    page = show(qtbot, ChildPage(), (900, 700))
    page.show_page(pupil_page(head, ada.id, TODAY), True, True, True, True)
    grid = page.week
    assert grid.isVisible()
    assert grid.item(0, 1).text() == "B · Riverside Boxing Academy"  # Tuesday morning
    assert grid.item(0, 2).text() == "B · Hilltop Farm Learning"  # Wednesday morning
    assert grid.item(1, 2).text() == "In school"
    assert "(from 30 Nov 2026)" in page.week_heading.text()


def test_the_census_lists_placements_and_the_office_records_a_missing_reason(qtbot, head):
    farm, site = _ready_provider(head, today=TODAY)
    Provider.update(ap_setting_type="OTH").where(Provider.id == farm.id).execute()
    ada = _ada()
    placed = commission_placement(head, ada.id, farm.id, **_terms(
        site, start_date=TODAY, planned_end_date=TODAY + dt.timedelta(weeks=10),
        family_agreed_on=TODAY, today=TODAY))
    Placement.update(primary_reason="").where(Placement.id == placed.id).execute()
    dialog = show(qtbot, CensusDialog(head, today=TODAY), (1060, 520))
    assert dialog.period.currentText().startswith("Spring census 2027")
    assert dialog.table.rowCount() == 0
    assert "Ada Fenwick at Hilltop Farm Learning: missing primary reason." in \
        dialog.refused.text()
    assert dialog.reason_row.isVisible()
    dialog.reason.setCurrentIndex(dialog.reason.findData("health"))
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1
    row = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert row == ["Fenwick, Ada", "B000000000001", "Hilltop Farm Learning",
                   "Setting type OTH", "30 Nov 2026",
                   "8 Feb 2027 (planned)", "Physical or mental health needs", "2"]
    assert not dialog.refused.isVisible()


def test_the_office_prints_saves_and_checks_the_weeks_register(qtbot, head, office,
                                                               monkeypatch, tmp_path):
    make_week(head)
    dialog = show(qtbot, WeekRegisterDialog(office, today=TODAY), (980, 520))
    dialog.week.set_value(dt.date(2026, 11, 25))  # last week's register, to check it
    assert dialog.table.rowCount() == 2
    assert [dialog.table.item(1, c).text() for c in (0, 10, 11)] == ["Priya Castell", "C", "C"]
    out = tmp_path / "register.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(dialog.csv_button, Qt.MouseButton.LeftButton)
    assert out.read_bytes().decode("utf-8-sig").splitlines()[1].startswith(
        "T000000000002,Fenwick,Omar,Ash,,,B,B")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(EXPORT), ""))
    seen = {}

    def read(check: RegisterCheckDialog):
        seen["rows"] = check.table.rowCount()
        seen["summary"] = check.summary.text()
        seen["unknown"] = check.unknown.text()
        check.reject()

    Modal(qtbot).click(dialog.check_button, read)
    assert seen["rows"] == 3
    assert "3 sessions disagree" in seen["summary"]
    assert "T000000000099 Juno Marwood" in seen["unknown"]


def test_a_new_staff_account_starts_with_the_least_privileged_role(qtbot, head):
    from flexidesk.policy.records.access import PERMISSIONS
    from flexidesk.ui.dialogs.staff import PasswordForm

    form = PasswordForm(_("Add a member of staff"), new_user=True)
    qtbot.addWidget(form)
    chosen = form.role.currentData()
    assert chosen == "governor"
    held = {role: sum(role in roles for roles in PERMISSIONS.values())
            for role in ("headteacher", "pastoral_lead", "office", "governor")}
    assert held[chosen] == min(held.values())


def test_starting_provision_in_a_full_intervention_asks_first(qtbot, head):
    from PySide6.QtWidgets import QMessageBox

    from flexidesk.policy.provision import enrol
    from flexidesk.store.models import Enrolment, Intervention
    from flexidesk.ui.provision.dialogs import EnrolDialog

    lego = Intervention.create(name="Lego Therapy", capacity=1, review_interval_weeks=6)
    first = Pupil.create(upn="B000000000009", legal_first_name="Bea", legal_last_name="Fenwick",
                         date_of_birth=dt.date(2017, 3, 1), year_group=4,
                         on_roll_date=dt.date(2021, 9, 1))
    enrol(head, first.id, lego.id, TODAY, "Turns", today=TODAY)
    ada = _ada()
    dialog = show(qtbot, EnrolDialog(head, pupil_page(head, ada.id, TODAY)), (560, 600))
    dialog.intervention.setCurrentIndex(dialog.intervention.findData(lego.id))
    assert dialog.first_review.value() == dt.date(2027, 1, 11)  # six weeks on: a school day
    qtbot.keyClicks(dialog.target, "Take turns in a group")
    asked = []

    def answer(box: QMessageBox, button):
        asked.append(box.text())
        box.button(button).click()

    Modal(qtbot).click(dialog.ok_button,
                       lambda box: answer(box, QMessageBox.StandardButton.No))
    assert "Lego Therapy has 1 place, 1 taken from 30 Nov 2026" in asked[0] and dialog.isVisible()
    assert Enrolment.select().count() == 1
    Modal(qtbot).click(dialog.ok_button,
                       lambda box: answer(box, QMessageBox.StandardButton.Yes))
    assert Enrolment.select().count() == 2 and not dialog.isVisible()
