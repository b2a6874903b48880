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


# --- the encoding: stated, certain, or a guess that says so -------------------------------------

ROWS = "UPN,Legal Surname,Legal Forename\r\n{rows}"


def _csv(*rows: str) -> str:
    return ROWS.format(rows="".join(r + "\r\n" for r in rows))


def test_one_stray_windows_1252_byte_does_not_garble_a_utf8_file():
    text = _csv("A1,Brontë,Zoë", "A2,Nuñez,Iñaki", "A3,Dvořák,Renée")
    data = text.encode("utf-8").replace("Renée".encode(), "Renée".encode("cp1252"))
    table = read_table(data)
    assert [r[1][1:] for r in table.rows] == [["Brontë", "Zoë"], ["Nuñez", "Iñaki"],
                                              ["Dvořák", "Renée"]]
    assert table.encoding == "utf-8" and table.encoding_guessed
    assert table.encoding_notes == ("The file is UTF-8 but for a few characters that are not "
                                    "(line 4); they were read as Windows-1252. Check those "
                                    "names in the preview.",)


@pytest.mark.parametrize("codec, names, shown", [
    ("cp1250", [["Wójcik", "Łukasz"], ["Dvořák", "Zdeněk"], ["Kováč", "Štefan"]],
     "Windows-1250 (Central European)"),
    ("shift_jis", [["山田", "太郎"], ["佐藤", "花子"], ["鈴木", "一郎"]], "Shift-JIS (Japanese)"),
    ("cp1252", [["Brontë", "Zoë"], ["Fairweather", "Chloé"], ["Núñez", "Iñaki"]],
     "Windows-1252 (Western European)"),
])
def test_other_encodings_are_detected_and_the_guess_is_said(codec, names, shown):
    data = _csv(*(f"A{n},{last},{first}" for n, (last, first) in enumerate(names))).encode(codec)
    table = read_table(data)
    assert [r[1][1:] for r in table.rows] == names
    assert table.encoding_name == shown and table.encoding_guessed
    assert table.encoding_notes == (f"The file does not say which encoding it is in: FlexiDesk "
                                    f"read it as {shown}. Check that the names in the preview "
                                    "look right.",)


def test_a_stated_or_certain_encoding_is_no_guess():
    for data in (codecs.BOM_UTF8 + _csv("A1,Brontë,Zoë").encode(), _csv("A1,Brontë,Zoë").encode(),
                 _csv("A1,Smith,Ann").encode("ascii")):
        table = read_table(data)
        assert not table.encoding_guessed and table.encoding_notes == ()


def test_the_size_is_checked_before_the_file_is_read(tmp_path, monkeypatch):
    from flexidesk.policy.roster.csv_file import MAX_BYTES, read_export

    huge = tmp_path / "two-gigabytes.csv"
    with open(huge, "wb") as fh:
        fh.truncate(2 * 1024 ** 3)  # sparse: no disk used, and never read
    reads = []
    real_open = open

    def watching_open(*args, **kwargs):
        handle = real_open(*args, **kwargs)
        real_read = handle.read
        handle.read = lambda *a: reads.append(a) or real_read(*a)
        return handle

    monkeypatch.setattr("builtins.open", watching_open)
    with pytest.raises(ImportRefused, match=f"over {MAX_BYTES // 1024 ** 2} MB"):
        read_export(huge)
    assert reads == []
