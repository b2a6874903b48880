"""Reading an MIS's CSV: encodings, delimiters, blank lines and line numbers as a spreadsheet shows."""

import codecs

import pytest

from flexidesk.policy.roster.csv_file import MAX_CELL, ImportRefused, read_table
from flexidesk.policy.roster.pupils import parse_pupils
from tests.unit.policy.roster.test_pupils import make_upn


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", codecs.BOM_UTF8),
                                          ("cp1252", b""), ("utf-16", b"")])
def test_every_encoding_a_school_meets_reads_the_same(encoding, bom):
    text = "UPN,Surname\r\nX,Zoë Ñúñez\r\n"
    table = read_table(bom + text.encode(encoding))
    assert table.header == ["UPN", "Surname"] and table.rows == [(2, ["X", "Zoë Ñúñez"])]


def test_a_semicolon_file_from_a_european_spreadsheet_is_read():
    assert read_table(b"UPN;Surname\nX;Y\n").rows == [(2, ["X", "Y"])]


def test_blank_lines_keep_their_numbers_so_line_n_is_the_spreadsheet_row():
    data = (f"UPN,Surname,Forename,DOB,Year\r\n\r\n{make_upn(1)},Ash,Bo,2019-01-02,Y1\r\n"
            f",,,,\r\n{make_upn(2)},Oak,Cy,2019-13-02,Y1\r\n").encode()
    parsed = parse_pupils(read_table(data))
    assert [r.line for r in parsed.records] == [3]
    assert parsed.problems == ["line 5: there is no such date as 2019-13-02"]


def test_a_huge_cell_is_a_bad_row_not_a_slow_letter():
    data = f"UPN,Surname,Forename,DOB,Year\r\n{make_upn(1)},{'x' * (MAX_CELL + 1)},B,2019-01-02,1\r\n"
    assert parse_pupils(read_table(data.encode())).problems == [
        "line 2: a cell is longer than 10,000 characters"]


@pytest.mark.parametrize("data,line", [(b"", "line 1: the file is empty"),
                                       (b"\r\n\r\nUPN\r\n", "line 1: the first line must hold "
                                                            "the column names, and it is blank")])
def test_an_empty_file_is_refused_plainly(data, line):
    with pytest.raises(ImportRefused) as refused:
        read_table(data)
    assert refused.value.lines == (line,)
