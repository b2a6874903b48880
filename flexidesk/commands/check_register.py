"""``flexidesk check-register FILE``: the MIS's attendance export against the office's week.

Prints each session where the MIS's mark and the code FlexiDesk expects disagree, one a
line; exits 0 when the register agrees, 1 when it does not, 2 when the file cannot be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from flexidesk.commands.common import OK, PROBLEM, Usage, open_school, say
from flexidesk.commands.common import db_path as db_path_of
from flexidesk.commands.common import run as run_body
from flexidesk.i18n import _, format_date, ngettext
from flexidesk.policy.roster.csv_file import MAX_BYTES


def _check(args: argparse.Namespace) -> int:
    from flexidesk.policy.week.mis_register import check_register, session_words

    path = Path(args.file)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise Usage(_("{path} is too big to be an attendance export.").format(path=path))
        data = path.read_bytes()
    except OSError as exc:
        raise Usage(_("Could not read {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from exc
    _database, actor = open_school(args, db_path_of(args))
    result = check_register(actor, data, dt.date.today())
    weeks = ", ".join(format_date(monday) for monday in result.weeks)
    say(ngettext("Checked the marks of {n} child for the week beginning {weeks}.",
                 "Checked the marks of {n} children for the week beginning {weeks}.",
                 result.children).format(n=result.children, weeks=weeks))
    for d in result.disagreements:
        say(_("{child} ({upn}), {session}: {why}").format(
            child=d.child, upn=d.upn, session=session_words(d.day, d.part), why=d.why))
    for upn in result.unknown:
        say(_("{upn}: no child FlexiDesk knows has this UPN.").format(upn=upn))
    if result.agrees:
        say(_("The MIS register agrees with FlexiDesk."))
        return OK
    say(ngettext("{n} session disagrees.", "{n} sessions disagree.",
                 len(result.disagreements)).format(n=len(result.disagreements)))
    return PROBLEM


def run(args: argparse.Namespace) -> int:
    """Check the MIS attendance export named on the command line."""
    return run_body(_check, args)
