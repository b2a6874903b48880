"""MIS exports as schools really have them: "code - description" values, a file of one year
group, every problem of every row at once, and names a spreadsheet would run as formulas."""

import pytest

from flexidesk.policy.roster import columns as cols
from flexidesk.policy.roster.contacts import parse_contacts
from flexidesk.policy.roster.csv_file import read_table
from flexidesk.policy.roster.pupils import PartialFile, import_pupils, preview_pupils
from flexidesk.store.models import AuditEntry, Pupil
from tests.unit.policy.roster.test_pupils import TODAY, csv_bytes, make_upn, parsed, refused_lines

SIMS_HEADER = ("UPN,Legal Surname,Legal Forename,Gender,DOB,Year,Reg,SEN Status,EHC Plan,"
               "Pupil Premium Indicator,EAL,Enrolment Status\r\n")


def _sims_row(serial, sen="N - No Special Educational Need", year="Y3 - Year 3",
              status="C - Current", gender="F - Female", flag="N - No", last="Ash"):
    return (f'{make_upn(serial)},{last},Bo,{gender},01/02/2018,{year},3A,"{sen}",N - No,'
            f"{flag},{flag},{status}")


@pytest.mark.parametrize("sen,support,ehc", [
    ("K - SEN Support", True, False),
    ("E - Education, Health and Care Plan", False, True),
    ("N - No Special Educational Need", False, False)])
def test_sims_code_and_description_is_read_in_every_coded_column(head, sen, support, ehc):
    data = csv_bytes(_sims_row(1, sen=sen, flag="Y - Yes"), header=SIMS_HEADER)
    import_pupils(head, parsed(data), TODAY)
    pupil = Pupil.get()
    assert (pupil.sen_support, pupil.ehc_plan) == (support, ehc)
    assert (pupil.year_group, pupil.gender, pupil.pupil_premium, pupil.eal) == (3, "F", True,
                                                                                 True)
    assert pupil.left_date is None


def test_a_code_and_words_that_disagree_are_refused_not_guessed(head):
    lines = refused_lines(head, csv_bytes(_sims_row(1, sen="K - No Special Educational Need"),
                                          header=SIMS_HEADER))
    assert lines == ["line 2: “K - No Special Educational Need”: the code K and the words "
                     "after it say different things"]


def test_a_leaver_coded_with_its_words_is_read():
    file = parsed(csv_bytes(_sims_row(1, status="L - Leaver"), header=SIMS_HEADER))
    assert file.records[0].left and not file.problems


def test_split_code_reads_only_a_short_code_before_a_dash():
    assert cols.split_code("K - SEN Support") == ("K", "SEN Support")
    assert cols.split_code("Y4 – Year 4") == ("Y4", "Year 4")
    assert cols.split_code("Okonkwo-Reid") is None
    assert cols.split_code("No Special Educational Need") is None


def test_coded_contacts_flags_and_relationships_are_read(head):
    header = ("UPN,Contact ID,Contact Forename,Contact Surname,Relationship,Priority,"
              "Parental Responsibility\r\n")
    data = csv_bytes(f"{make_upn(1)},C1,Hazel,Ashby,PAM - Mother,1,Y - Yes", header=header)
    record = parse_contacts(read_table(data)).records[0]
    assert record.link["relationship"] == "Mother"
    assert record.link["parental_responsibility"] is True


def test_every_problem_of_every_row_is_said_at_once(head):
    data = csv_bytes(_sims_row(1), _sims_row(1, sen="Q - Unknown"), header=SIMS_HEADER)
    lines = refused_lines(head, data)
    # The SEN error does not hide the duplicate UPN on the same line, nor the other way round.
    assert lines == ["line 3: “Q - Unknown” is not an SEN status (N, K or E, or their words)",
                     f"line 3: UPN {make_upn(1)} is also on line 2"]


def test_contacts_say_every_bad_flag_of_a_row(head):
    header = "UPN,Contact Forename,Contact Surname,Priority,Parental Responsibility\r\n"
    data = csv_bytes(f"{make_upn(1)},Hazel,Ashby,first,perhaps", header=header)
    problems = parse_contacts(read_table(data)).problems
    assert len(problems) == 2 and "priority" in problems[0] and "perhaps" in problems[1]


def _roll(head, n):
    import_pupils(head, parsed(csv_bytes(*(_sims_row(i) for i in range(1, n + 1)),
                                         header=SIMS_HEADER)), TODAY)


def test_a_file_of_one_year_group_asks_before_marking_the_rest_as_left(head):
    _roll(head, 30)
    one_class = parsed(csv_bytes(*(_sims_row(i, year="Y4 - Year 4") for i in range(1, 5)),
                                 header=SIMS_HEADER))
    plan = preview_pupils(head, one_class)
    assert plan.looks_partial()
    assert plan.partial_text() == ("This file has 4 pupils of 30 on roll; 26 would be marked "
                                   "as left.")
    audit = AuditEntry.select().count()
    with pytest.raises(PartialFile, match="26 would be marked as left"):
        import_pupils(head, one_class, TODAY)  # no choice given: nothing happens
    assert Pupil.select().where(Pupil.left_date.is_null()).count() == 30
    assert AuditEntry.select().count() == audit
    plan = import_pupils(head, one_class, TODAY, leavers="keep")
    assert (len(plan.updated), len(plan.left), plan.partial) == (4, 0, True)
    assert Pupil.select().where(Pupil.left_date.is_null()).count() == 30
    assert Pupil.select().where(Pupil.year_group == 4).count() == 4
    plan = import_pupils(head, one_class, TODAY, leavers="mark_left")
    assert Pupil.select().where(Pupil.left_date.is_null()).count() == 4


def test_a_full_export_with_a_couple_of_leavers_is_not_asked_about(head):
    _roll(head, 30)
    plan = import_pupils(head, parsed(csv_bytes(*(_sims_row(i) for i in range(1, 29)),
                                                header=SIMS_HEADER)), TODAY)
    assert len(plan.left) == 2 and not plan.partial


def test_a_name_a_spreadsheet_would_run_is_flagged_in_the_preview(head):
    data = csv_bytes(_sims_row(1, last="=HYPERLINK(x)"), _sims_row(2, last="@Ash"),
                     _sims_row(3, last="Ash-Birch"), header=SIMS_HEADER)
    plan = preview_pupils(head, parsed(data))
    assert plan.warnings == [
        "line 2: the legal surname “=HYPERLINK(x)” starts with “=”, which a spreadsheet would "
        "read as a formula; check it in the MIS",
        "line 3: the legal surname “@Ash” starts with “@”, which a spreadsheet would read as a "
        "formula; check it in the MIS"]
    assert not plan.problems  # flagged, not refused: the name is kept as text
