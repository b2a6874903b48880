"""Reading an MIS's CSV export: its encoding, its header and rows, numbered as a spreadsheet shows them.

Line 1 is the header; a blank line keeps its number (a spreadsheet shows it as an empty
row) but holds nothing. Nothing here looks at the database.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from flexidesk.i18n import _
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.roster.encoding import decode as detect

#: A file bigger than this is not a school's export (a roll of 40,000 is about 8 MB).
MAX_BYTES = 64 * 1024 * 1024
#: One cell longer than this is not a pupil's detail.
MAX_CELL = 10_000
R = TypeVar("R")  # a checked record (a pupil or a contact)


class ImportRefused(PolicyError):
    """The file changes nothing: ``lines`` says why, one ``line N: reason`` a line."""

    def __init__(self, lines: list[str]):
        self.lines = tuple(lines)
        shown = "\n".join(self.lines[:50])
        more = len(self.lines) - 50
        if more > 0:
            shown += "\n" + _("… and {n} more.").format(n=more)
        super().__init__(_("Nothing was imported: the file has problems.") + "\n" + shown)


@dataclass
class Table:
    """A decoded CSV file: the header and the non-blank rows with their line numbers."""

    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    encoding: str = "utf-8"
    too_long: list[int] = field(default_factory=list)  # lines with a cell over MAX_CELL
    #: The encoding as staff read it, and why it is a guess (empty when it was stated or
    #: certain): the preview shows both, and the command line prints the warning.
    encoding_name: str = "UTF-8"
    encoding_notes: tuple[str, ...] = ()

    @property
    def encoding_guessed(self) -> bool:
        return bool(self.encoding_notes)


def _too_big() -> ImportRefused:
    return ImportRefused([_("line 1: the file is over {mb} MB; this is not a pupil "
                            "export").format(mb=MAX_BYTES // (1024 * 1024))])


def read_export(path: Path | str) -> bytes:
    """The bytes of an MIS export, its size checked before anything is read (a 2 GB file
    is refused at once, not read into memory first). OSError if it cannot be read."""
    with open(path, "rb") as fh:
        if os.fstat(fh.fileno()).st_size > MAX_BYTES:
            raise _too_big()
        data = fh.read(MAX_BYTES + 1)  # a file still growing is not read without end
    if len(data) > MAX_BYTES:
        raise _too_big()
    return data


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read with (``encoding.decode`` says more:
    whether that was a guess, and why)."""
    decoded = detect(data)
    return decoded.text, decoded.encoding


def _sniff_delimiter(first_line: str) -> str:
    """Comma, unless the header is plainly split by semicolons or tabs."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def read_table(data: bytes) -> Table:
    """The file as a Table; ImportRefused if it is empty, too big or not a CSV at all."""
    if len(data) > MAX_BYTES:
        raise _too_big()
    decoded = detect(data)
    text = decoded.text.replace("\x00", "")  # NUL bytes are never part of a pupil's details
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first),
                        strict=False)
    table: Table | None = None
    line = 0
    try:
        for cells in reader:
            line += 1
            if table is None:
                header = [c.strip() for c in cells]
                if not any(header):
                    raise ImportRefused([_("line 1: the first line must hold the column "
                                           "names, and it is blank")])
                table = Table(header, encoding=decoded.encoding,
                              encoding_name=decoded.name, encoding_notes=decoded.notes)
                continue
            if not any(c.strip() for c in cells):
                continue
            if any(len(c) > MAX_CELL for c in cells):
                table.too_long.append(line)
                continue
            table.rows.append((line, cells))
    except csv.Error as exc:
        raise ImportRefused([_("line {n}: this line cannot be read as CSV ({reason})").format(
            n=line + 1, reason=exc)]) from None
    if table is None:
        raise ImportRefused([_("line 1: the file is empty")])
    return table


def too_long_lines(table: Table) -> list[tuple[int, str]]:
    """The bad rows whose cells are too long to be anyone's details."""
    return [(n, _("line {n}: a cell is longer than {limit} characters").format(
        n=n, limit=f"{MAX_CELL:,}")) for n in table.too_long]


def cell(cells: list[str], index: int | None) -> str:
    """The cell at ``index`` stripped ('' where the row is short or the field not mapped)."""
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def check_rows(table: Table, mapping: list[str], fields: dict, required: tuple[str, ...],
               read_row: Callable[[int, list[str], dict[str, int]], tuple[R | None, list[str]]],
               key_of: Callable[[R], Hashable], duplicate: Callable[[Hashable, int], str],
               nothing: str, progress: Callable[[int, int], None] | None = None, *,
               raw_key: Callable[[list[str], dict[str, int]], Hashable | None] | None = None
               ) -> tuple[list[R], list[str]]:
    """Read every row with ``read_row(line, cells, index)`` -> (record or None, reasons).

    Returns the good records and the bad rows as ``line N: reason`` lines in line order: a
    needed field without a column, a file without rows, a cell too long, a row's own reasons,
    and a second row with the same key (``duplicate(key, first_line)``). The key is
    ``raw_key(cells, index)`` when given, so that a row with other problems is still checked
    for a duplicate (every problem of a row is said at once); else ``key_of(record)``.
    """
    index = {code: i for i, code in enumerate(mapping) if code}
    missing = [code for code in required if code not in index]
    if missing:
        names = ", ".join(_(fields[c][0]) for c in missing)
        return [], [_("line 1: no column is chosen for: {fields}").format(fields=names)]
    if not table.rows and not table.too_long:
        return [], [_("line 2: {nothing}").format(nothing=nothing)]
    records: list[R] = []
    bad = too_long_lines(table)
    seen: dict[Hashable, int] = {}
    total = len(table.rows)
    for done, (line, cells) in enumerate(table.rows, start=1):
        record, reasons = read_row(line, cells, index)
        key = (raw_key(cells, index) if raw_key is not None
               else key_of(record) if record is not None else None)
        if key is not None and key in seen:
            reasons = [*reasons, duplicate(key, seen[key])]
        elif key is not None:
            seen[key] = line
        if record is not None and not reasons:
            records.append(record)
        bad.extend((line, _("line {n}: {reason}").format(n=line, reason=r)) for r in reasons)
        if progress is not None and done % 500 == 0:
            progress(done, total)
    if progress is not None:
        progress(total, total)
    return records, [text for _line, text in sorted(bad, key=lambda b: b[0])]
