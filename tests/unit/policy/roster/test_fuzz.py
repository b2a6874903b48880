"""The importer on generated files: it never crashes and never half-imports (Hypothesis)."""

import csv
import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flexidesk.policy.roster.columns import CONTACT_FIELDS, PUPIL_FIELDS
from flexidesk.policy.roster.contacts import import_contacts, parse_contacts
from flexidesk.policy.roster.csv_file import ImportRefused, read_table
from flexidesk.policy.roster.pupils import import_pupils, parse_pupils
from flexidesk.store.models import Adult, AuditEntry, Pupil, PupilAdult
from tests.unit.policy.roster.test_pupils import make_upn

TODAY = dt.date(2026, 11, 27)
HEADERS = sorted({aliases[0] for _label, aliases in PUPIL_FIELDS.values()}
                 | {"Legal Surname", "DOB", "Year", "UPN", "Reg", "SEN Status", "Priority",
                    "Relationship", "Contact Forename", "Contact Surname", "Notes"}
                 | {aliases[-1] for _label, aliases in CONTACT_FIELDS.values()})
NASTY = st.sampled_from(["", " ", '"', '""', "\n", "\r\n", ",", ";", "\x00", "=1+1", "@A1",
                         "+44", "-3", "31/02/2019", "2019-02-29", "R", "Year 9", "Y4", "K",
                         "Ÿ", "é", "\ufeff", "x" * 300])


def _cell(draw_upn: bool):
    options = [st.text(max_size=20), NASTY, st.sampled_from(
        ["Amelia", "Reception", "Year 3", "01/09/2020", "2019-05-04", "N", "Yes", "Mother"])]
    if draw_upn:
        options.append(st.integers(1, 999).map(make_upn))
    return st.one_of(*options)


@st.composite
def csv_files(draw) -> bytes:
    """A CSV of random columns, cells, blank lines and quoting, in a random encoding."""
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=0, max_size=8))
    rows = draw(st.lists(st.lists(_cell(True), max_size=len(header) + 2), max_size=8))
    out = io.StringIO()
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
    writer = csv.writer(out, quoting=quoting, lineterminator=draw(st.sampled_from(["\n",
                                                                                   "\r\n"])))
    writer.writerow(header)
    for row in rows:
        if draw(st.booleans()):
            out.write("\r\n")  # a blank line
        writer.writerow(row)
    text = out.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):  # and some bytes that belong to no encoding at all
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=12)) + data[at:]
    return data


def _counts():
    return (Pupil.select().count(), Adult.select().count(), PupilAdult.select().count(),
            AuditEntry.select().count())


def _import_or_refuse(head, data: bytes) -> None:
    """Import a generated file: it is imported whole or refused with its own plain message."""
    before = _counts()
    try:
        table = read_table(data)
        pupils = import_pupils(head, parse_pupils(table), TODAY)
    except ImportRefused as refused:
        assert refused.lines and all(line.startswith("line ") for line in refused.lines)
        assert _counts() == before  # nothing half-imported
        return
    assert Pupil.select().count() == before[0] + len(pupils.added)
    try:
        import_contacts(head, parse_contacts(table))
    except ImportRefused:
        assert Pupil.select().count() == before[0] + len(pupils.added)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=csv_files())
def test_generated_files_are_imported_whole_or_refused_plainly(head, data):
    _import_or_refuse(head, data)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_any_bytes_at_all_are_refused_plainly_or_imported(head, data):
    _import_or_refuse(head, data)


def test_a_good_file_spoiled_by_one_bad_row_changes_nothing(head):
    good = (f"UPN,Surname,Forename,DOB,Year\r\n{make_upn(1)},Ash,Bo,2019-01-02,Y1\r\n"
            f"{make_upn(2)},Oak,Cy,2019-01-02,Y1\r\n")
    import_pupils(head, parse_pupils(read_table(good.encode())), TODAY)
    before = _counts()
    spoiled = good.replace("Y1\r\n", "Y2\r\n", 1) + f"{make_upn(3)},Elm,Di,2019-01-02,N2\r\n"
    with pytest.raises(ImportRefused) as refused:
        import_pupils(head, parse_pupils(read_table(spoiled.encode())), TODAY)
    assert refused.value.lines == ("line 4: “N2” is not a year group of a primary school "
                                   "(Reception to Year 6)",)
    assert _counts() == before and Pupil.get(Pupil.upn == make_upn(1)).year_group == 1
