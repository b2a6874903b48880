"""``flexidesk backup``: a verified, encrypted backup now (and to the second folder)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from flexidesk.commands.common import OK, PROBLEM, open_school, progress_printer, say, warn
from flexidesk.commands.common import db_path as db_path_of
from flexidesk.commands.common import run as run_body
from flexidesk.i18n import _
from flexidesk.policy.records.access import require
from flexidesk.policy.records.backups import note_backup, unrecorded_backup
from flexidesk.store.backup import (
    BackupOutcome,
    _copy_key_file,
    backup_database,
    remember_backup,
    write_backups,
)
from flexidesk.store.errors import StoreError, refuse_non_file


def _backup(args: argparse.Namespace) -> int:
    db_path = db_path_of(args)
    refuse_non_file(db_path)
    database, actor = open_school(args, db_path)
    require(actor, "backup.run")
    report = progress_printer(_("Backing up:"))
    if args.to:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        dest = backup_database(database, Path(args.to) / f"{db_path.stem}-{stamp}.db", report)
        _copy_key_file(db_path, dest.parent)
        outcome = BackupOutcome(dest)
    else:
        outcome = write_backups(db_path, database.key, progress=report, source=database)
    try:
        note_backup(actor, outcome)
    except StoreError as exc:  # another program holds the write lock, or the disk filled
        say(_("Backup written and checked: {path}").format(path=outcome.primary))
        warn(unrecorded_backup(outcome.primary, exc))
        return PROBLEM
    remember_backup(database)
    say(_("Backup written and checked: {path}").format(path=outcome.primary))
    if outcome.second is not None:
        say(_("Second copy written and checked: {path}").format(path=outcome.second))
    if outcome.second_problem:
        warn(outcome.second_problem)
        return PROBLEM
    return OK


def run(args: argparse.Namespace) -> int:
    """Back up now; exit 1 if the second copy could not be written."""
    return run_body(_backup, args)
