"""Pupils from the MIS: read the export, check every row, show the plan, then import all or nothing.

``parse_pupils`` reads and checks the file (no database: it runs in a worker thread).
``preview_pupils`` compares it with the roll; ``import_pupils`` is the one action the
command line and the window both call. A file with any bad row changes nothing. A
re-import updates pupils by UPN and marks those missing from the file as left; nobody is
ever deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength
from stdnum.exceptions import ValidationError as UpnError
from stdnum.gb import upn as upn_number

from flexidesk.i18n import _, ngettext
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.records.access import Actor, action, require, viewed
from flexidesk.policy.roster import columns as cols
from flexidesk.policy.roster.csv_file import ImportRefused, Table, cell, check_rows
from flexidesk.policy.text import NAME, bounded, shown
from flexidesk.store.database import db

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class PupilRecord:
    """One good row: the UPN, the Pupil columns the file holds, and whether the child has left."""

    line: int
    upn: str
    values: dict
    left: bool

    @property
    def name(self) -> str:
        first = self.values.get("preferred_name") or self.values.get("legal_first_name", "")
        return f"{first} {self.values.get('legal_last_name', '')}".strip()


@dataclass
class PupilFile:
    """A pupil export read and checked: its columns, the mapping used, good rows and bad ones."""

    table: Table
    mapping: list[str]
    records: list[PupilRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "line N: reason", in line order
    warnings: list[str] = field(default_factory=list)  # imported, but worth a look first


#: A file that would mark more than this share of the roll as left (and at least
#: ``PARTIAL_MIN`` pupils) looks like part of the school, one year group say: the import
#: asks whether to update just those pupils or to mark the others as left.
PARTIAL_SHARE = 0.1
PARTIAL_MIN = 3
#: How an import treats pupils on roll who are missing from the file: ask when the file
#: looks partial, update only those in the file, or mark the missing as left.
LEAVERS = ("ask", "keep", "mark_left")


@dataclass
class PupilPlan:
    """What an import would do: pupils added, updated (with their changes) and marked as left."""

    added: list[PupilRecord] = field(default_factory=list)
    updated: list[tuple[int, PupilRecord, dict]] = field(default_factory=list)
    left: list[tuple[int, str]] = field(default_factory=list)  # (pupil id, name)
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)
    written: bool = False  # True once an import has saved it
    in_file: int = 0  # pupils on roll in the file
    on_roll: int = 0  # pupils on roll here before the import
    warnings: list[str] = field(default_factory=list)  # names worth a look (from the file)
    partial: bool = False  # the importer chose to update only the pupils in the file

    def summary(self) -> str:
        """The counts in one sentence, as the command line prints them."""
        return _("{added} pupils added, {updated} updated and {left} marked as left "
                 "({unchanged} unchanged).").format(
            added=len(self.added), updated=len(self.updated), left=len(self.left),
            unchanged=self.unchanged)

    def looks_partial(self) -> bool:
        """Whether the file seems to hold part of the school: many on roll are missing."""
        return len(self.left) >= PARTIAL_MIN and len(self.left) > self.on_roll * PARTIAL_SHARE

    def partial_text(self) -> str:
        """'This file has 38 pupils of 300 on roll; 262 would be marked as left.'"""
        return ngettext("This file has {n} pupil of {roll} on roll; {left} would be marked as "
                        "left.",
                        "This file has {n} pupils of {roll} on roll; {left} would be marked as "
                        "left.", self.in_file).format(n=self.in_file, roll=self.on_roll,
                                                      left=len(self.left))


class PartialFile(PolicyError):
    """The file looks like part of the school: choose a partial update or mark the rest left."""

    def __init__(self, plan: PupilPlan):
        self.plan = plan
        super().__init__(plan.partial_text() + " " + _(
            "Choose whether to update only the pupils in the file, or to mark the others as "
            "left."))


def upn_problem(text: str) -> str | None:
    """Why ``text`` is not a UPN, checked by python-stdnum (None when it is one)."""
    if not text:
        return _("the UPN is missing")
    shown_upn = shown(text)  # a megabyte typed as a UPN is not repeated back in full
    try:
        upn_number.validate(text)
    except InvalidChecksum:
        return _("UPN {upn} has the wrong check letter").format(upn=shown_upn)
    except InvalidLength:
        return _("UPN {upn} is not 13 characters long").format(upn=shown_upn)
    except InvalidComponent:
        return _("UPN {upn} names a local authority ({la}) that does not exist").format(
            upn=shown_upn, la=shown(text[1:4]))
    except UpnError:
        return _("UPN {upn} is not written as a UPN (a letter, 11 digits, then a digit or "
                 "letter)").format(upn=shown_upn)
    return None


def _row(line: int, cells: list[str], index: dict[str, int]) -> tuple[PupilRecord | None,
                                                                        list[str]]:
    """One row as a record, or the reasons it is bad."""
    reasons: list[str] = []
    values: dict = {}

    def read(code: str, parse: Callable[[str], object], target: str | None = None) -> None:
        if code not in index:
            return
        try:
            values[target or code] = parse(cell(cells, index[code]))
        except (ValueError, PolicyError) as exc:
            reasons.append(str(exc))

    upn_text = _upn_text(cells, index)
    if problem := upn_problem(upn_text):
        reasons.append(problem)
    label = {code: _(spec[0]) for code, spec in cols.PUPIL_FIELDS.items()}
    for code in ("legal_first_name", "legal_last_name"):
        read(code, lambda v, c=code: bounded(  # type: ignore[misc]  # mypy: lambda default args
            v, label[c], NAME, required=True, single_line=True))
    read("preferred_name", lambda v: bounded(v, label["preferred_name"], NAME,
                                             single_line=True) or None)
    read("class_name", lambda v: bounded(v, label["class_name"], NAME, single_line=True))
    read("gender", lambda v: cols.gender_code(bounded(v, label["gender"], 20, single_line=True)))
    read("date_of_birth", lambda v: cols.parse_date(v) if v else _raise(
        _("the date of birth is missing")))
    read("year_group", lambda v: cols.read_coded(v, cols.parse_year))
    read("on_roll_date", lambda v: cols.parse_date(v) if v else None)
    read("left_date", lambda v: cols.parse_date(v) if v else None)
    for code in ("pupil_premium", "looked_after", "eal", "ehc_plan"):
        read(code, lambda v, c=code: cols.read_coded(  # type: ignore[misc]  # as above
            v, lambda w: cols.parse_flag(w, label[c])))
    read("sen_status", lambda v: cols.read_coded(v, cols.parse_sen))
    read("enrolment_status", lambda v: cols.read_coded(v, cols.parse_status), "_left")
    start, end = values.get("on_roll_date"), values.get("left_date")
    if start and end and end < start:
        reasons.append(_("the leaving date is before the admission date"))
    if reasons:  # every problem of the row at once, not the first alone
        return None, reasons
    left = bool(values.pop("_left", False)) or values.get("left_date") is not None
    if values.get("preferred_name") == values.get("legal_first_name"):
        values["preferred_name"] = None  # SIMS repeats the legal name where there is no other
    if values.get("on_roll_date") is None:
        values.pop("on_roll_date", None)
    if "sen_status" in values:
        code = values.pop("sen_status")
        values["sen_support"] = code == "K"
        values["ehc_plan"] = code == "E" or values.get("ehc_plan", False)
    if not left:
        values["left_date"] = None  # on roll in the MIS: on roll here (a child who came back)
    elif values.get("left_date") is None:
        values.pop("left_date", None)  # a leaver without a date: the import's day is used
    return PupilRecord(line, upn_text, values, left), []


def _raise(message: str):
    raise ValueError(message)


def parse_pupils(table: Table, mapping: list[str] | None = None,
                 progress: Progress | None = None) -> PupilFile:
    """Check every row of a pupil export; ``mapping`` gives each column's field (guessed if None).

    Runs without the database (in a worker), so it only knows the file: duplicate UPNs,
    check letters, dates, year groups, names. ``progress(done, total)`` is called now and then.
    """
    mapping = list(mapping) if mapping is not None else cols.guess_mapping(
        table.header, cols.PUPIL_FIELDS)
    records, problems = check_rows(
        table, mapping, cols.PUPIL_FIELDS, cols.PUPIL_REQUIRED, _row, lambda r: r.upn,
        lambda upn, first: _("UPN {upn} is also on line {other}").format(upn=upn, other=first),
        _("the file holds no pupils"), progress,
        raw_key=lambda cells, index: _upn_text(cells, index) or None)
    return PupilFile(table, mapping, records, problems, _name_warnings(table, mapping))


def _upn_text(cells: list[str], index: dict[str, int]) -> str:
    return cell(cells, index.get("upn")).upper().replace(" ", "")


def _name_warnings(table: Table, mapping: list[str]) -> list[str]:
    """Names a spreadsheet would take for formulas, flagged for the preview (not refused)."""
    names = [(i, _(cols.PUPIL_FIELDS[code][0])) for i, code in enumerate(mapping)
             if code in ("legal_first_name", "legal_last_name", "preferred_name")]
    return [warning for line, cells in table.rows for i, label in names
            if (warning := cols.formula_warning(line, label, cell(cells, i)))]


def _plan(parsed: PupilFile) -> PupilPlan:
    plan = PupilPlan(problems=list(parsed.problems), warnings=list(parsed.warnings))
    if plan.problems:
        return plan
    columns = cols.PUPIL_COLUMNS
    cursor = db.execute_sql(
        f"SELECT id, upn, {', '.join(columns)} FROM pupil")  # names from our own tuple
    existing = {row[1]: row for row in cursor.fetchall()}
    position = {name: i + 2 for i, name in enumerate(columns)}
    in_file = set()
    for record in parsed.records:
        in_file.add(record.upn)
        row = existing.get(record.upn)
        if row is None:
            if not record.left:  # a leaver the school never had here is not added
                plan.added.append(record)
            continue
        changes = {name: value for name, value in record.values.items()
                   if row[position[name]] != cols.stored_form(value)}
        if record.left and row[position["left_date"]] is not None:
            changes.pop("left_date", None)  # already left: keep the date recorded here
        if record.left and "left_date" not in record.values and row[position["left_date"]] is None:
            changes["left_date"] = None  # filled in with the import's date when applied
        if changes:
            plan.updated.append((row[0], record, changes))
        else:
            plan.unchanged += 1
    names = position["preferred_name"], position["legal_first_name"], position["legal_last_name"]
    for upn, row in existing.items():
        if upn not in in_file and row[position["left_date"]] is None:
            plan.left.append((row[0], f"{row[names[0]] or row[names[1]]} {row[names[2]]}"))
    plan.on_roll = sum(1 for row in existing.values() if row[position["left_date"]] is None)
    plan.in_file = sum(1 for record in parsed.records if not record.left)
    return plan


def preview_pupils(actor: Actor, parsed: PupilFile) -> PupilPlan:
    """What importing ``parsed`` would do to the roll (nothing is written but the view's audit)."""
    require(actor, "pupil.import")
    plan = _plan(parsed)
    viewed(actor, "pupil_import_preview", None)
    return plan


@action("pupil.import")
def import_pupils(actor: Actor, parsed: PupilFile, today: dt.date, *,
                  dry_run: bool = False, leavers: str = "ask") -> PupilPlan:
    """Import a checked pupil export in one transaction; any bad row refuses the whole file.

    Raises ImportRefused (its ``lines`` one ``line N: reason`` each) and changes nothing if
    the file has a bad row. ``leavers`` says what happens to pupils on roll missing from the
    file: "mark_left", "keep" (a partial update), or "ask", which raises PartialFile when
    the file looks like part of the school. With ``dry_run`` it returns the plan and writes
    nothing.
    """
    if leavers not in LEAVERS:
        raise ValueError(f"leavers must be one of {LEAVERS}, not {leavers!r}")
    plan = _plan(parsed)
    if plan.problems:
        raise ImportRefused(plan.problems)
    if leavers == "keep":
        plan.left, plan.partial = [], True
    elif leavers == "ask" and plan.looks_partial():
        raise PartialFile(plan)
    if dry_run:
        return plan
    from flexidesk.policy.roster.apply import apply_pupil_plan

    apply_pupil_plan(actor, plan, today, parsed.table.encoding)
    plan.written = True
    return plan

