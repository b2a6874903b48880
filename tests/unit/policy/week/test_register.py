"""The office's week: the register sheet, its CSV, and the MIS's export set against it."""

import datetime as dt
from pathlib import Path

import pytest

from flexidesk.documents.week_register import register_csv, register_pdf, safe_cell
from flexidesk.policy.providers import commission_placement
from flexidesk.policy.records.access import PolicyError
from flexidesk.policy.week.mis_register import check_register, read_marks
from flexidesk.policy.week.register import register_sheet
from flexidesk.store.models import ClosureDay, FlexiAgreement, FlexiRequest, Pupil
from tests.ui.tab_data import make_pupils
from tests.unit.policy.providers.test_placements import _ready_provider, _terms

D = dt.date
EXPORT = Path(__file__).parents[3] / "fixtures" / "mis" / "sims_attendance_week.csv"
MONDAY = D(2026, 11, 23)


def make_week(head, farm="Hilltop Farm Learning") -> dict[str, Pupil]:
    """Omar at a farm on Tuesdays (B); Priya at home on Fridays under a flexi agreement (C)."""
    pupils = make_pupils()
    provider, site = _ready_provider(head, farm)
    commission_placement(head, pupils["Omar"].id, provider.id,
                         **_terms(site, sessions=["tue_am", "tue_pm"]))
    request = FlexiRequest.create(pupil=pupils["Priya"], received_on=D(2026, 9, 1),
                                  stage="active")
    FlexiAgreement.create(request=request, start_date=D(2026, 10, 2),
                          home_sessions="fri_am,fri_pm", drafted_on=D(2026, 9, 20),
                          active_from=D(2026, 10, 2))
    return pupils


def test_the_sheet_lists_each_child_away_from_class_with_each_sessions_code(head, office):
    make_week(head)
    ClosureDay.create(date=D(2026, 11, 27), reason="INSET")
    sheet = register_sheet(office, D(2026, 11, 25))
    assert sheet.monday == MONDAY and sheet.open_days == (True, True, True, True, False)
    assert [(r.name, r.codes) for r in sheet.rows] == [
        ("Omar Fenwick", ("", "", "B", "B", "", "", "", "", "", ""))]  # Priya's Friday is shut
    assert sheet.rows[0].where[2] == "Hilltop Farm Learning"
    sheet = register_sheet(office, MONDAY + dt.timedelta(weeks=1))
    assert [(r.name, r.codes[8:]) for r in sheet.rows] == [
        ("Omar Fenwick", ("", "")), ("Priya Castell", ("C", "C"))]
    assert register_pdf(sheet).startswith(b"%PDF")


def test_the_csv_has_the_mis_columns_and_no_cell_a_spreadsheet_would_run(head, office):
    pupils = make_week(head)
    Pupil.update(legal_last_name="=HYPERLINK(\"x\")", class_name="@Ash").where(
        Pupil.id == pupils["Omar"].id).execute()
    text = register_csv(register_sheet(office, MONDAY)).decode("utf-8-sig")
    header, omar, priya = text.splitlines()
    assert header.startswith("UPN,Surname,Forename,Reg Group,Mon 23/11/2026 AM,")
    assert omar == "T000000000002,\"'=HYPERLINK(\"\"x\"\")\",Omar,'@Ash,,,B,B,,,,,,"
    assert priya.endswith(",C,C")
    for value in ("=1+1", "+1", "-1", "@SUM(A1)"):
        assert safe_cell(value) == "'" + value
    assert safe_cell("Ash") == "Ash"


def test_the_mis_export_is_read_and_where_it_disagrees_is_listed(head, office):
    make_week(head)
    result = check_register(office, EXPORT.read_bytes(), D(2026, 11, 30))
    assert result.weeks == (MONDAY,) and result.children == 4
    assert [(d.child, d.day, d.part, d.expected, d.found) for d in result.disagreements] == [
        ("Omar Fenwick", D(2026, 11, 24), "pm", "B", "\\"),
        ("Omar Fenwick", D(2026, 11, 25), "am", "", "B"),
        ("Priya Castell", D(2026, 11, 27), "pm", "C", "")]
    assert result.disagreements[1].why.startswith("The MIS has B, but FlexiDesk has the child "
                                                  "in school")
    assert result.disagreements[2].why == ("Not marked in the MIS; FlexiDesk expects C "
                                           "(at home).")
    assert result.unknown == ("T000000000099 Juno Marwood",)
    assert not result.agrees


def test_the_long_shape_of_export_is_read_too_and_a_session_to_come_is_not_compared(head):
    make_week(head)
    data = (b"UPN,Date,Session,Mark\r\n"
            b"T000000000002,24/11/2026,AM,B\r\nT000000000002,24/11/2026,PM,B\r\n"
            b"T000000000002,01/12/2026,AM,\r\n")
    marks = read_marks(data)
    assert [(m.day, m.part, m.mark) for m in marks][:2] == [
        (D(2026, 11, 24), "am", "B"), (D(2026, 11, 24), "pm", "B")]
    assert check_register(head, data, D(2026, 11, 30)).agrees


def test_a_file_that_is_not_an_attendance_export_is_refused_plainly(head):
    with pytest.raises(PolicyError, match="needs a UPN column"):
        read_marks(b"Name,Mark\r\nOmar,B\r\n")
    with pytest.raises(PolicyError, match="Date, Session and Mark"):
        read_marks(b"UPN,Name\r\nT000000000002,Omar\r\n")
