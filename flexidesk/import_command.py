"""``flexidesk import-pupils FILE``: pupils (or, with --contacts, their families) from the MIS."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from flexidesk.admin import OK, USAGE, _db_path, _open, _run, _say, _Usage, _warn
from flexidesk.i18n import _
from flexidesk.policy.mis_columns import looks_like_contacts
from flexidesk.policy.mis_contacts import ContactPlan, import_contacts, parse_contacts
from flexidesk.policy.mis_csv import ImportRefused, read_table
from flexidesk.policy.mis_import import PupilPlan, import_pupils, parse_pupils


def _import(args: argparse.Namespace) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise _Usage(_("Could not read {path}: {reason}").format(
            path=args.file, reason=exc.strerror or exc)) from exc
    _database, actor = _open(args, _db_path(args))
    try:
        table = read_table(data)
        plan: ContactPlan | PupilPlan
        if args.contacts or looks_like_contacts(table.header):
            plan = import_contacts(actor, parse_contacts(table), dry_run=args.dry_run)
        else:
            plan = import_pupils(actor, parse_pupils(table), dt.date.today(),
                                 dry_run=args.dry_run)
    except ImportRefused as refused:
        _warn(_("Nothing was imported: the file has problems."))
        for line in refused.lines:
            _warn(line)
        return USAGE
    if args.dry_run:
        _say(_("Dry run, nothing written: {summary}").format(summary=plan.summary()))
    else:
        _say(_("Imported: {summary}").format(summary=plan.summary()))
    return OK


def import_pupils_command(args: argparse.Namespace) -> int:
    """``flexidesk import-pupils FILE [--contacts] [--dry-run]``; exit 2 if the file is refused."""
    return _run(_import, args)
