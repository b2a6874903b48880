"""``flexidesk export-calendar OUT.ics``: the diary as an RFC 5545 file, no child named."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from flexidesk.commands.common import OK, Usage, open_school, say
from flexidesk.commands.common import db_path as db_path_of
from flexidesk.commands.common import run as run_body
from flexidesk.i18n import _


def _export_calendar(args: argparse.Namespace) -> int:
    from flexidesk.documents.calendar_file import to_ics
    from flexidesk.policy.calendar_export import calendar_events
    from flexidesk.store.files import atomic_write
    from flexidesk.store.models import School

    db_path = db_path_of(args)
    if not db_path.exists():
        raise Usage(_("There is no database at {path}.").format(path=db_path))
    _database, actor = open_school(args, db_path)
    events = calendar_events(actor, dt.date.today())
    school = School.select(School.name).first()
    out = Path(args.out)
    try:
        atomic_write(out, to_ics(events, school.name if school else ""))  # owner-only
    except OSError as exc:
        raise Usage(_("Could not write {path}: {reason}").format(
            path=out, reason=exc.strerror or exc)) from exc
    say(_("{n} events written to {path}").format(n=len(events), path=out))
    return OK



def run(args: argparse.Namespace) -> int:
    """Write the school's diary to the file named on the command line."""
    return run_body(_export_calendar, args)
