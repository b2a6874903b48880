"""The small form widgets: the sessions grid, the date field and the pupil picker."""

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt

from flexidesk.policy.records.access import PermissionDenied
from flexidesk.store.models import AuditEntry, Pupil
from flexidesk.ui.widgets.date_field import DateField
from flexidesk.ui.widgets.pupil_picker import PupilPicker
from flexidesk.ui.widgets.sessions_grid import SessionsGrid


def test_sessions_grid_clicks_give_codes_in_week_order(qtbot):
    grid = SessionsGrid()
    qtbot.addWidget(grid)
    grid.show()
    qtbot.waitExposed(grid)
    changes = []
    grid.changed.connect(lambda: changes.append(1))
    qtbot.mouseClick(grid.boxes["fri_pm"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(grid.boxes["mon_am"], Qt.MouseButton.LeftButton)
    assert grid.sessions() == ["mon_am", "fri_pm"]
    assert len(changes) == 2
    grid.set_sessions("wed_am,wed_pm")
    assert grid.sessions() == ["wed_am", "wed_pm"]
    assert not grid.boxes["mon_am"].isChecked()
    grid.set_sessions(["tue_pm"])
    assert grid.sessions() == ["tue_pm"]
    assert grid.boxes["tue_pm"].accessibleName() == "Tuesday afternoon"


def test_sessions_grid_space_bar_ticks_the_focused_box(qtbot):
    grid = SessionsGrid()
    qtbot.addWidget(grid)
    qtbot.keyClick(grid.boxes["thu_am"], Qt.Key.Key_Space)
    assert grid.sessions() == ["thu_am"]


def test_date_field_shows_british_dates_and_gives_python_dates(qtbot):
    field = DateField(dt.date(2026, 3, 4))
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    assert field.text() == "04/03/2026"
    assert field.calendarPopup()
    field.setFocus()
    field.setSelectedSection(DateField.Section.DaySection)
    qtbot.keyClicks(field, "25122026")  # the sections advance as each fills, as people type
    assert field.value() == dt.date(2026, 12, 25)


def _field_in_a_form(qtbot, value, **bounds):
    """A date field between two line edits, shown, with the focus in it."""
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    form = QWidget()
    before = QLineEdit(form)  # created in tab order: before, the date, after
    field = DateField(value, form, **bounds)
    after = QLineEdit(form)
    layout = QVBoxLayout(form)
    for widget in (before, field, after):
        layout.addWidget(widget)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    return form, before, field, after


@pytest.mark.parametrize("section", ["DaySection", "MonthSection", "YearSection"])
@pytest.mark.parametrize("typed, expected", [
    ("26112026", dt.date(2026, 11, 26)),  # later day of the month than the latest allowed
    ("12102026", dt.date(2026, 10, 12)),  # once gave 01/02/2026
    ("3/1/2026", dt.date(2026, 1, 3)),
    ("29.02.2024", dt.date(2024, 2, 29)),
])
def test_a_whole_date_typed_in_any_section_is_the_date_kept(qtbot, section, typed, expected):
    """Typing a date gives that date, whichever section the cursor was in and whatever the
    latest date allowed (here 6 December 2026, as on the day the field went wrong)."""
    _form, _before, field, _after = _field_in_a_form(
        qtbot, dt.date(2026, 12, 1), maximum=dt.date(2026, 12, 6))
    field.setSelectedSection(getattr(DateField.Section, section))
    qtbot.keyClicks(field, typed)
    assert field.value() == expected, field.text()
    assert field.problem == ""


def test_a_date_past_the_latest_allowed_is_refused_with_a_message(qtbot):
    _form, _before, field, _after = _field_in_a_form(
        qtbot, dt.date(2026, 12, 1), maximum=dt.date(2026, 12, 6))
    with qtbot.waitSignal(field.refused) as refused:
        qtbot.keyClicks(field, "07122026")
    assert field.value() == dt.date(2026, 12, 1)  # the date it had, not a clamped one
    assert "latest date allowed is 6 Dec 2026" in refused.args[0]
    assert field.problem == refused.args[0]


def test_a_date_before_the_earliest_or_no_date_at_all_is_refused(qtbot):
    _form, _before, field, after = _field_in_a_form(
        qtbot, dt.date(2026, 12, 1), minimum=dt.date(2026, 9, 1))
    with qtbot.waitSignal(field.refused) as refused:
        qtbot.keyClicks(field, "31082026")
    assert "earliest date allowed is 1 Sept 2026" in refused.args[0]
    with qtbot.waitSignal(field.refused) as refused:
        qtbot.keyClicks(field, "31/02/2026")
    assert "not a date" in refused.args[0]
    with qtbot.waitSignal(field.refused):
        qtbot.keyClicks(field, "3/1")
        qtbot.keyClick(field, Qt.Key.Key_Tab)  # leaving with half a date refuses it too
    assert field.value() == dt.date(2026, 12, 1)
    qtbot.waitUntil(after.hasFocus)


def test_tab_leaves_the_date_field_and_never_changes_the_date(qtbot):
    _form, before, field, after = _field_in_a_form(qtbot, dt.date(2027, 1, 18))
    field.setSelectedSection(DateField.Section.DaySection)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    qtbot.waitUntil(after.hasFocus)  # not the month section of the same field
    qtbot.keyClick(after, Qt.Key.Key_Backtab)
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_Backtab)
    qtbot.waitUntil(before.hasFocus)
    assert field.value() == dt.date(2027, 1, 18)


def test_escape_while_typing_gives_the_old_date_back(qtbot):
    _form, _before, field, _after = _field_in_a_form(qtbot, dt.date(2027, 1, 18))
    qtbot.keyClicks(field, "0302")
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert field.value() == dt.date(2027, 1, 18)
    assert field.text() == "18/01/2027"


def _pupil(first, last, year=3, preferred=None, left=None):
    return Pupil.create(upn=f"A{abs(hash((first, last))) % 10**12:012d}", legal_first_name=first,
                        legal_last_name=last, preferred_name=preferred,
                        date_of_birth=dt.date(2018, 5, 4), year_group=year,
                        on_roll_date=dt.date(2022, 9, 1), left_date=left)


# The offscreen platform cannot raise or grab for the completer's popup; that is not ours.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_pupil_picker_completes_on_any_part_of_the_name(qtbot, office):
    nell = _pupil("Eleanor", "Ashdown", preferred="Nell")
    _pupil("Omar", "Fenwick", 4)
    _pupil("Nelly", "Brook", 1, left=dt.date(2025, 7, 20))
    picker = PupilPicker(office)
    qtbot.addWidget(picker)
    seen = []
    picker.pupil_changed.connect(seen.append)
    qtbot.keyClicks(picker, "ashd")
    completer = picker.completer()
    assert completer.completionCount() == 1
    assert completer.currentCompletion().startswith("Nell Ashdown (Eleanor, Year 3")
    assert picker.pupil_id() == nell.id  # one child matches: chosen already
    assert seen[-1] == nell.id
    picker.clear()
    assert picker.pupil_id() is None
    qtbot.keyClicks(picker, "nel")  # the left pupil is not offered
    assert completer.completionCount() == 1
    picker.set_pupil(nell.id)
    assert picker.pupil_id() == nell.id
    assert "4 May 2018" in picker.text()


# The offscreen platform cannot raise or grab for the completer's popup; that is not ours.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_pupil_picker_waits_when_the_name_is_ambiguous(qtbot, head):
    _pupil("Sam", "Lee", 2)
    _pupil("Sam", "Leeming", 5)
    picker = PupilPicker(head)
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker, "sam lee")
    assert picker.pupil_id() is None
    assert picker.completer().completionCount() == 2


def test_pupil_picker_reads_the_roll_through_the_actor(qtbot, head, governor):
    """The picker names every child on roll: the read is the actor's, checked and recorded."""
    _pupil("Sam", "Lee", 2)
    _pupil("Ivo", "Rennet", 5, left=dt.date(2025, 7, 20))
    last = AuditEntry.select().count()
    with pytest.raises(PermissionDenied):
        PupilPicker(governor)
    assert AuditEntry.select().count() == last  # a refused read leaves no trace
    picker = PupilPicker(head, include_left=True)
    qtbot.addWidget(picker)
    assert picker.completer().model().rowCount() == 2
    views = [(e.username, e.action, e.pupil_id, json.loads(e.after))
             for e in AuditEntry.select().where(AuditEntry.id > last)]
    assert views == [("head", "view.pupil_choices", None, {"rows": 2})]
