"""``flexidesk import-pupils FILE [--contacts] [--dry-run]``: the MIS export, all or nothing;
exit 2 when the file is refused."""

from __future__ import annotations

import argparse
import datetime as dt

from flexidesk.commands.common import OK, USAGE, Usage, open_school, say, warn
from flexidesk.commands.common import db_path as db_path_of
from flexidesk.commands.common import run as run_body
from flexidesk.i18n import _
from flexidesk.policy.roster.columns import looks_like_contacts
from flexidesk.policy.roster.contacts import ContactPlan, import_contacts, parse_contacts
from flexidesk.policy.roster.csv_file import ImportRefused, read_export, read_table
from flexidesk.policy.roster.pupils import PartialFile, PupilPlan, import_pupils, parse_pupils


def _read(path) -> bytes:
    """The export's bytes (its size checked first); a file that cannot be read is bad usage."""
    try:
        return read_export(path)
    except OSError as exc:
        raise Usage(_("Could not read {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from exc


def _import(args: argparse.Namespace) -> int:
    # Signed in and holding the school's lock before the export is read: a wrong password
    # never costs the memory of a 2 GB file.
    _database, actor = open_school(args, db_path_of(args))
    try:
        table = read_table(_read(args.file))
        for note in table.encoding_notes:  # a guessed encoding is said, never silent
            warn(note)
        plan: ContactPlan | PupilPlan
        if args.contacts or looks_like_contacts(table.header):
            plan = import_contacts(actor, parse_contacts(table), dry_run=args.dry_run)
        else:
            plan = import_pupils(actor, parse_pupils(table), dt.date.today(),
                                 dry_run=args.dry_run, leavers=args.leavers or "ask")
    except ImportRefused as refused:
        warn(_("Nothing was imported: the file has problems."))
        for line in refused.lines:
            warn(line)
        return USAGE
    except PartialFile as partial:
        warn(_("Nothing was imported. {question}").format(question=partial.plan.partial_text()))
        warn(_("If the file holds only some of the school, run again with --partial to update "
               "just those pupils; if the others really have left, run again with --mark-left."))
        return USAGE
    for line in getattr(plan, "warnings", ()):
        warn(_("Check: {warning}").format(warning=line))
    if args.dry_run:
        say(_("Dry run, nothing written: {summary}").format(summary=plan.summary()))
    else:
        say(_("Imported: {summary}").format(summary=plan.summary()))
    return OK



def run(args: argparse.Namespace) -> int:
    """Import the pupils (or contacts) file named on the command line."""
    return run_body(_import, args)
