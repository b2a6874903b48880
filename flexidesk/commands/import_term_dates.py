"""``flexidesk import-term-dates FILE [--dry-run]``: a local authority's .ics term dates, with the
same summary the window shows before anything is saved; exit 2 when the file is refused."""

from __future__ import annotations

import argparse
from pathlib import Path

from flexidesk.commands.common import OK, Usage, open_school, say
from flexidesk.commands.common import db_path as db_path_of
from flexidesk.commands.common import run as run_body
from flexidesk.i18n import _, ngettext


def _import(args: argparse.Namespace) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise Usage(_("Could not read {path}: {reason}").format(
            path=args.file, reason=exc.strerror or exc)) from exc
    _database, actor = open_school(args, db_path_of(args))
    from flexidesk.policy.records.access import require
    from flexidesk.policy.school.calendar_import import import_calendar, read_ics
    from flexidesk.policy.school.working_days import school_calendar

    require(actor, "closures.edit")  # before the summary: it is the calendar's to change
    found = read_ics(data, school_calendar().region)
    say(found.summary())
    if args.dry_run:
        say(_("Dry run, nothing written."))
        return OK
    added_terms, added_days = import_calendar(actor, found)
    say(_("Added {terms} and {days}.").format(
        terms=ngettext("{n} term", "{n} terms", added_terms).format(n=added_terms),
        days=ngettext("{n} closure day", "{n} closure days", added_days).format(n=added_days)))
    return OK


def run(args: argparse.Namespace) -> int:
    """Import the term dates file named on the command line."""
    return run_body(_import, args)
