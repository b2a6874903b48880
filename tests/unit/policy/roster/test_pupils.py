"""Pupils from SIMS, Arbor and Bromcom: columns, encodings, codes, bad rows, all or nothing."""

import datetime as dt
from pathlib import Path

import pytest
from stdnum.gb import upn as upn_number

from flexidesk.policy.records.access import PermissionDenied
from flexidesk.policy.roster.csv_file import ImportRefused, read_table
from flexidesk.policy.roster.pupils import import_pupils, parse_pupils, preview_pupils
from flexidesk.store.audit import verify_chain
from flexidesk.store.models import AuditEntry, Pupil

FIXTURES = Path(__file__).parents[3] / "fixtures" / "mis"
TODAY = dt.date(2026, 11, 27)
HEADER = "UPN,Legal Surname,Legal Forename,DOB,Year,Reg\r\n"


def make_upn(serial: int, la: int = 936) -> str:
    body = f"{la}2999{25:02d}{serial:03d}"
    return upn_number.calc_check_digit(body) + body


def csv_bytes(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return (header + "".join(r + "\r\n" for r in rows)).encode(encoding)


def parsed(data: bytes):
    return parse_pupils(read_table(data))


def refused_lines(head, data: bytes) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        import_pupils(head, parsed(data), TODAY)
    return list(refused.value.lines)


@pytest.mark.parametrize("mis", ["sims", "arbor", "bromcom"])
def test_each_mis_export_imports_the_same_six_children(head, mis):
    plan = import_pupils(head, parsed((FIXTURES / f"{mis}_pupils.csv").read_bytes()), TODAY)
    assert (len(plan.added), len(plan.updated), len(plan.left)) == (6, 0, 0)
    harry = Pupil.get(Pupil.legal_last_name == "Delacroix-Moss")
    assert (harry.preferred_name, harry.year_group, harry.class_name) == ("Harry", 6, "6 Oak")
    assert harry.date_of_birth == dt.date(2014, 9, 30)
    assert (harry.ehc_plan, harry.looked_after, harry.pupil_premium) == (True, True, True)
    oliver = Pupil.get(Pupil.legal_first_name == "Oliver")
    assert (oliver.sen_support, oliver.eal, oliver.gender) == (True, True, "M")
    reception = Pupil.get(Pupil.legal_last_name == "Okonkwo-Reid")
    assert reception.year_group == 0
    # Windows-1252 (SIMS), UTF-8 with a BOM (Arbor) and without (Bromcom) all read the accent
    assert Pupil.get(Pupil.legal_last_name == "Fairweather").legal_first_name == "Chloé"


def test_text_starting_with_a_formula_sign_is_kept_as_text(head):
    import_pupils(head, parsed((FIXTURES / "sims_pupils.csv").read_bytes()), TODAY)
    assert Pupil.get(Pupil.legal_last_name == "Marlowe").legal_first_name == "=Kit"
    data = csv_bytes(f"{make_upn(1)},@SUM(A1),+Ann,2019-02-03,Year 2,-2B")
    import_pupils(head, parsed(data), TODAY, leavers="keep")  # one pupil of the six
    pupil = Pupil.get(Pupil.upn == make_upn(1))
    assert (pupil.legal_last_name, pupil.legal_first_name, pupil.class_name) == (
        "@SUM(A1)", "+Ann", "-2B")


@pytest.mark.parametrize("text,year", [("R", 0), ("Reception", 0), ("Y4", 4), ("Year 4", 4),
                                       ("6", 6), ("YR", 0)])
def test_year_groups_in_every_spelling(head, text, year):
    import_pupils(head, parsed(csv_bytes(f"{make_upn(1)},Ash,Bo,01/02/2019,{text},X")), TODAY)
    assert Pupil.get().year_group == year


@pytest.mark.parametrize("text,sen,ehc", [("N", False, False), ("K", True, False),
                                          ("E", False, True), ("SEN Support", True, False),
                                          ("EHC Plan", False, True), ("", False, False)])
def test_sen_as_census_codes_or_words(head, text, sen, ehc):
    data = csv_bytes(f"{make_upn(1)},Ash,Bo,01/02/2019,Y1,X,{text}",
                     header=HEADER.replace("Reg", "Reg,SEN Status"))
    import_pupils(head, parsed(data), TODAY)
    assert (Pupil.get().sen_support, Pupil.get().ehc_plan) == (sen, ehc)


def test_every_kind_of_bad_row_is_one_line_and_nothing_changes(head):
    good = make_upn(1)
    wrong_letter = ("A" if make_upn(2)[0] != "A" else "B") + make_upn(2)[1:]
    data = csv_bytes(
        f"{good},Ash,Bo,01/02/2019,Y1,1A",
        f"{good},Birch,Cy,01/02/2019,Y1,1A",  # line 3: duplicate UPN
        f"{wrong_letter},Cedar,Di,01/02/2019,Y1,1A",  # line 4
        f"{make_upn(3)},Dale,Ed,31/02/2019,Y1,1A",  # line 5: no 31 February
        ",Elm,Flo,01/02/2019,Y1,1A",  # line 6: no UPN
        f"{make_upn(4)},Fir,Gus,01/02/2013,Year 7,7A",  # line 7: not a primary year
        f'{make_upn(5)},"Gorse\nHall",Hal,01/02/2019,Y1,1A',  # line 8: a line break
    )
    lines = refused_lines(head, data)
    assert lines[0] == f"line 3: UPN {good} is also on line 2"
    assert lines[1] == f"line 4: UPN {wrong_letter} has the wrong check letter"
    assert lines[2] == "line 5: there is no such date as 31/02/2019"
    assert lines[3] == "line 6: the UPN is missing"
    assert lines[4].startswith("line 7: “Year 7” is not a year group of a primary school")
    assert lines[5] == "line 8: Legal surname must be on one line."
    assert len(lines) == 6
    assert Pupil.select().count() == 0


def test_a_refused_reimport_leaves_the_roll_and_the_audit_log_as_they_were(head):
    import_pupils(head, parsed(csv_bytes(f"{make_upn(1)},Ash,Bo,01/02/2019,Y1,1A")), TODAY)
    before = (list(Pupil.select().dicts()), AuditEntry.select().count())
    bad = csv_bytes(f"{make_upn(1)},Ash,Bo,01/02/2019,Y2,2A", f"{make_upn(2)},Oak,Al,x,Y1,1A")
    assert refused_lines(head, bad) == ["line 3: “x” is not a date written dd/mm/yyyy or "
                                        "yyyy-mm-dd"]
    assert (list(Pupil.select().dicts()), AuditEntry.select().count()) == before


def test_reimport_updates_by_upn_and_marks_missing_pupils_as_left_never_deleting(head):
    first = csv_bytes(f"{make_upn(1)},Ash,Bo,01/02/2019,Y1,1A",
                      f"{make_upn(2)},Birch,Cy,01/02/2019,Y1,1A")
    import_pupils(head, parsed(first), TODAY)
    later = TODAY + dt.timedelta(days=30)
    second = csv_bytes(f"{make_upn(1)},Ash,Bo,01/02/2019,Y2,2A",
                       f"{make_upn(3)},Cedar,Di,01/02/2019,Y2,2A")
    plan = import_pupils(head, parsed(second), later)
    assert (len(plan.added), len(plan.updated), len(plan.left)) == (1, 1, 1)
    assert Pupil.select().count() == 3
    assert Pupil.get(Pupil.upn == make_upn(1)).class_name == "2A"
    assert Pupil.get(Pupil.upn == make_upn(2)).left_date == later
    assert Pupil.get(Pupil.upn == make_upn(3)).left_date is None


def test_a_leaver_in_the_export_is_marked_left_with_the_mis_date(head):
    september = dt.date(2026, 9, 1)  # on roll from the first import's day
    import_pupils(head, parsed(csv_bytes(f"{make_upn(1)},Ash,Bo,01/02/2019,Y1,1A")), september)
    header = HEADER.replace("Reg", "Reg,Enrolment Status,Date of Leaving")
    data = csv_bytes(f"{make_upn(1)},Ash,Bo,01/02/2019,Y1,1A,Leaver,20/11/2026", header=header)
    plan = import_pupils(head, parsed(data), TODAY)
    assert len(plan.updated) == 1
    assert Pupil.get().left_date == dt.date(2026, 11, 20)


def test_dry_run_and_preview_write_no_pupil(head):
    data = csv_bytes(f"{make_upn(1)},Ash,Bo,2019-02-01,Y1,1A")
    assert len(import_pupils(head, parsed(data), TODAY, dry_run=True).added) == 1
    assert len(preview_pupils(head, parsed(data)).added) == 1
    assert Pupil.select().count() == 0


def test_the_import_is_audited_one_summary_and_one_row_a_pupil(head):
    import_pupils(head, parsed((FIXTURES / "bromcom_pupils.csv").read_bytes()), TODAY)
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.action ** "pupil.import%")]
    assert actions.count("pupil.import") == 1 and actions.count("pupil.import.add") == 6
    assert verify_chain().ok


def test_the_pastoral_lead_may_not_import(pastoral):
    with pytest.raises(PermissionDenied):
        import_pupils(pastoral, parsed(csv_bytes(f"{make_upn(1)},Ash,Bo,2019-02-01,Y1,")),
                      TODAY)


def test_a_governor_holding_a_plan_adds_no_pupil(head, governor):
    """Writing a plan is an action of its own: a plan made by the Head, written by a
    governor's hand straight to apply_pupil_plan, is refused and writes nothing."""
    from flexidesk.policy.roster.apply import apply_pupil_plan

    plan = preview_pupils(head, parsed(csv_bytes(f"{make_upn(1)},Ash,Bo,2019-02-01,Y1,1A")))
    last = AuditEntry.select().count()
    with pytest.raises(PermissionDenied):
        apply_pupil_plan(governor, plan, TODAY, "utf-8")
    assert Pupil.select().count() == 0 and AuditEntry.select().count() == last


def test_a_file_without_a_needed_column_says_which(head):
    lines = refused_lines(head, b"UPN,Surname,Forename\r\nX,Y,Z\r\n")
    assert lines == ["line 1: no column is chosen for: Date of birth, Year group"]


def test_the_user_can_correct_a_wrong_guess(head):
    data = csv_bytes(f"{make_upn(1)},Ash,Bo,2019-02-01,Y1,1A",
                     header="Pupil number,Surname,Forename,Born,Year,Reg\r\n")
    table = read_table(data)
    guessed = parse_pupils(table).mapping
    assert guessed[0] == "" and guessed[3] == ""
    fixed = ["upn", *guessed[1:3], "date_of_birth", *guessed[4:]]
    import_pupils(head, parse_pupils(table, fixed), TODAY)
    assert Pupil.get().date_of_birth == dt.date(2019, 2, 1)


def test_updates_and_leavers_each_have_their_audit_row(head):
    import_pupils(head, parsed(csv_bytes(f"{make_upn(1)},Ash,Bo,01/02/2019,Y1,1A",
                                         f"{make_upn(2)},Oak,Cy,01/02/2019,Y1,1A")), TODAY)
    import_pupils(head, parsed(csv_bytes(f"{make_upn(1)},Ash,Bo,01/02/2019,Y2,2A")), TODAY)
    oak = Pupil.get(Pupil.upn == make_upn(2))
    rows = {e.action: e for e in AuditEntry.select().where(
        AuditEntry.action.in_(["pupil.import.update", "pupil.import.left"]))}
    assert '"year_group": 2' in rows["pupil.import.update"].after
    assert rows["pupil.import.left"].pupil_id == oak.id
    assert verify_chain().ok


def test_a_leaver_without_a_leaving_date_is_marked_left_on_the_import_day(head):
    september = dt.date(2026, 9, 1)
    import_pupils(head, parsed(csv_bytes(f"{make_upn(1)},Ash,Bo,01/02/2019,Y1,1A")), september)
    header = HEADER.replace("Reg", "Reg,Enrolment Status,Date of Leaving")
    data = csv_bytes(f"{make_upn(1)},Ash,Bo,01/02/2019,Y1,1A,Leaver,", header=header)
    import_pupils(head, parsed(data), TODAY)
    assert Pupil.get().left_date == TODAY
