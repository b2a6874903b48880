"""Parents and carers from the MIS contacts export, linked to their children by UPN; all or nothing.

Each row is one contact of one pupil. The same adult (the same contact ID, or without
one the same name and postcode) on several rows is one adult linked to several children.
A re-import updates the adult and the link; it removes nobody.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flexidesk.i18n import _
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.records.access import Actor, action, create, require, update, viewed
from flexidesk.policy.roster import columns as cols
from flexidesk.policy.roster.csv_file import ImportRefused, Table, cell, check_rows
from flexidesk.policy.roster.pupils import upn_problem
from flexidesk.policy.text import LINE, NAME, bounded, normalised_postcode
from flexidesk.store.models import Adult, Pupil, PupilAdult


@dataclass(frozen=True, slots=True)
class ContactRecord:
    """One good row: the child's UPN, the adult (with the MIS contact id) and the link."""

    line: int
    upn: str
    ref: str
    adult: dict
    link: dict

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.adult["title"], self.adult["first_name"],
                                    self.adult["last_name"]) if p)

    def identity(self) -> tuple:
        """Who this adult is: their MIS id, or else their name and postcode."""
        return ("ref", self.ref) if self.ref else self.name_key()

    def name_key(self) -> tuple:
        """The adult's name and postcode, for adults without an MIS id (added by hand)."""
        return name_key(self.adult["first_name"], self.adult["last_name"],
                        self.adult["postcode"])


def _as_postcode(typed: str) -> str:
    """An MIS export's postcode written the UK way; kept as exported if it is not a UK one
    (the MIS is where it is corrected)."""
    return normalised_postcode(typed) or typed.upper()


def name_key(first: str, last: str, postcode: str) -> tuple:
    """How an adult without an MIS id is recognised: name and postcode, case ignored."""
    return ("name", first.casefold(), last.casefold(), cols.normalise(postcode))


@dataclass
class ContactFile:
    """A contacts export read and checked."""

    table: Table
    mapping: list[str]
    records: list[ContactRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class ContactPlan:
    """What a contacts import would do; ``lines`` are (adult, child, what) for the preview."""

    adults_added: int = 0
    adults_updated: int = 0
    links_added: int = 0
    links_updated: int = 0
    lines: list[tuple[str, str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    steps: list[tuple] = field(default_factory=list)  # what import_contacts writes, in order
    written: bool = False

    def summary(self) -> str:
        """The counts in one sentence."""
        return _("{adults} adults added and {updated} updated; {links} links to children "
                 "added and {links_updated} updated.").format(
            adults=self.adults_added, updated=self.adults_updated, links=self.links_added,
            links_updated=self.links_updated)


def _row(line: int, cells: list[str], index: dict[str, int]) -> tuple[ContactRecord | None,
                                                                        list[str]]:
    reasons: list[str] = []
    label = {code: _(spec[0]) for code, spec in cols.CONTACT_FIELDS.items()}

    def get(code: str, limit: int = NAME, required: bool = False,
            single_line: bool = True) -> str:
        try:
            return bounded(cell(cells, index.get(code)), label[code], limit,
                           required=required, single_line=single_line)
        except PolicyError as exc:
            reasons.append(str(exc))
            return ""

    upn_text = cell(cells, index["upn"]).upper().replace(" ", "")
    if problem := upn_problem(upn_text):
        reasons.append(problem)
    adult = {"title": get("title", 20), "first_name": get("first_name", required=True),
             "last_name": get("last_name", required=True), "phone": get("phone"),
             "email": get("email", LINE), "postcode": _as_postcode(get("postcode", 20))}
    address = [get(code, LINE, single_line=False) for code in ("address_1", "address_2",
                                                               "town", "county")]
    adult["address"] = "\n".join(line.strip() for part in address for line in part.splitlines()
                                 if line.strip())
    relationship = get("relationship", 50)
    coded = cols.split_code(relationship)
    link: dict[str, Any] = {"relationship": (coded[1] if coded else relationship)
                            or _("Contact")}

    def flag(code: str, default: bool) -> bool:
        if code not in index:
            return default
        try:
            return cols.read_coded(cell(cells, index[code]),
                                   lambda v: cols.parse_flag(v, label[code]))
        except ValueError as exc:  # each problem said, not the first alone
            reasons.append(str(exc))
            return default

    try:
        link["priority"] = cols.parse_priority(cell(cells, index.get("priority")))
    except ValueError as exc:
        reasons.append(str(exc))
        link["priority"] = 1
    link["parental_responsibility"] = flag("parental_responsibility", False)
    # Without the MIS saying, letters go to those with parental responsibility and to the
    # first contact (a foster carer, say); an emergency contact further down gets none.
    link["receives_letters"] = flag("receives_letters", link["parental_responsibility"]
                                    or link["priority"] == 1)
    link["lives_with"] = flag("lives_with", True)
    if reasons:
        return None, reasons
    return ContactRecord(line, upn_text, get("contact_ref", 50), adult, link), []


def parse_contacts(table: Table, mapping: list[str] | None = None,
                   progress: Callable[[int, int], None] | None = None) -> ContactFile:
    """Check every row of a contacts export (no database; runs in a worker)."""
    mapping = list(mapping) if mapping is not None else cols.guess_mapping(
        table.header, cols.CONTACT_FIELDS)
    records, problems = check_rows(
        table, mapping, cols.CONTACT_FIELDS, cols.CONTACT_REQUIRED, _row,
        lambda r: (r.upn, r.identity()),
        lambda key, first: _("this contact of UPN {upn} is also on line {other}").format(
            upn=key[0] if isinstance(key, tuple) else key, other=first),
        _("the file holds no contacts"), progress)
    return ContactFile(table, mapping, records, problems)


def _plan(parsed: ContactFile) -> ContactPlan:
    plan = ContactPlan(problems=list(parsed.problems))
    if plan.problems:
        return plan
    pupils = {p.upn: p for p in Pupil.select(Pupil.id, Pupil.upn, Pupil.legal_first_name,
                                                Pupil.preferred_name, Pupil.legal_last_name)}
    adults = list(Adult.select())
    by_identity: dict[tuple, Adult | str | int] = {}
    for adult in adults:
        by_identity[name_key(adult.first_name, adult.last_name, adult.postcode)] = adult
        if adult.mis_ref:
            by_identity[("ref", adult.mis_ref)] = adult
    links = {(link.pupil_id, link.adult_id): link for link in PupilAdult.select()}
    for record in parsed.records:
        pupil = pupils.get(record.upn)
        if pupil is None:
            plan.problems.append(_("line {n}: no pupil has UPN {upn} (import the pupils "
                                   "first)").format(n=record.line, upn=record.upn))
            continue
        identity = record.identity()
        known = by_identity.get(identity)
        if known is None and record.ref:  # entered by hand before the MIS gave an id
            known = by_identity.get(record.name_key())
            known = known if isinstance(known, Adult) and not known.mis_ref else None
        if known is None:
            plan.adults_added += 1
            by_identity[identity] = "new"
            plan.steps.append(("adult.add", identity, record))
            what = _("new adult")
        elif isinstance(known, Adult):
            wanted = {**record.adult, "mis_ref": record.ref or known.mis_ref}
            changes = {k: v for k, v in wanted.items() if getattr(known, k) != v}
            by_identity[identity] = known.id  # later rows link to them, not update again
            if changes:
                plan.adults_updated += 1
                plan.steps.append(("adult.update", known, changes))
            what = _("details updated") if changes else _("already known")
        else:
            what = _("already known")
        adult_id = known.id if isinstance(known, Adult) else known
        link = links.get((pupil.id, adult_id)) if isinstance(adult_id, int) else None
        if link is None:
            plan.links_added += 1
            plan.steps.append(("link.add", adult_id if isinstance(adult_id, int) else identity,
                               pupil.id, record))
        else:
            changes = {k: v for k, v in record.link.items() if getattr(link, k) != v}
            if changes:
                plan.links_updated += 1
                plan.steps.append(("link.update", link, changes))
        plan.lines.append((record.name, f"{pupil.known_as} ({record.upn})",
                           f"{what}, {record.link['relationship']}"))
    return plan


def preview_contacts(actor: Actor, parsed: ContactFile) -> ContactPlan:
    """What importing ``parsed`` would do (only the view's audit row is written)."""
    require(actor, "pupil.import")
    plan = _plan(parsed)
    viewed(actor, "contact_import_preview", None)
    return plan


@action("pupil.import")
def import_contacts(actor: Actor, parsed: ContactFile, *, dry_run: bool = False) -> ContactPlan:
    """Import a checked contacts export in one transaction, linking adults to pupils by UPN.

    Any bad row (or a UPN no pupil has) refuses the whole file with ImportRefused.
    """
    plan = _plan(parsed)
    if plan.problems:
        raise ImportRefused(sorted(plan.problems, key=_line_number))
    if dry_run:
        return plan
    made: dict[tuple, int] = {}
    for step in plan.steps:
        kind = step[0]
        if kind == "adult.add":
            _kind, identity, record = step
            made[identity] = create(actor, "adult.import", Adult, mis_ref=record.ref,
                                    **record.adult).id
        elif kind == "adult.update":
            update(actor, "adult.import", step[1], **step[2])
        elif kind == "link.add":
            _kind, adult, pupil_id, record = step
            adult_id = adult if isinstance(adult, int) else made[adult]
            create(actor, "pupil.adult.import", PupilAdult, pupil=pupil_id, adult=adult_id,
                   **record.link)
        else:
            update(actor, "pupil.adult.import", step[1], **step[2])
    plan.written = True
    return plan


def _line_number(text: str) -> int:
    head = text.split(":", 1)[0].rsplit(" ", 1)[-1]
    return int(head) if head.isdigit() else 0
