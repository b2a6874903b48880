"""``flexidesk check``: the file's integrity and encryption checks and its audit log; with
``--server``, every school's audit chain on the trust's server. Exit 1 on trouble."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from flexidesk.commands.common import OK, PROBLEM, Usage, open_server_as_owner, say, unlock_for
from flexidesk.commands.common import db_path as db_path_of
from flexidesk.commands.common import run as run_body
from flexidesk.i18n import _

if TYPE_CHECKING:
    from flexidesk.store.audit import ChainReport


def _check(args: argparse.Namespace) -> int:
    from flexidesk.store import audit, audit_head
    from flexidesk.store.errors import refuse_non_file
    from flexidesk.store.log_check import log_problems
    from flexidesk.store.opening import open_database
    from flexidesk.store.recovery import inspect, keys_for_backups

    db_path = db_path_of(args)
    if not db_path.exists():
        raise Usage(_("There is no database at {path}.").format(path=db_path))
    refuse_non_file(db_path)
    opened = unlock_for(args, db_path)
    if opened is not None and opened.key is None:
        raise Usage(_("A governor's password opens the governors' report only, not the "
                      "school's database."))
    key = opened.key if opened is not None else None
    found = inspect(db_path, key)
    checks = _("quick_check and cipher_integrity_check") if key else _("quick_check")
    if not found.ok:
        say(_("Database file: DAMAGED ({checks} found problems):").format(checks=checks))
        for line in found.problems[:20]:
            say(f"  {line}")
        say(_("Restore the newest good backup with: flexidesk restore BACKUP"))
        return PROBLEM
    say(_("Database file: ok ({checks})").format(checks=checks))
    database = open_database(db_path, key, migrate=False)
    chain = audit.verify_chain()
    if not chain.ok:
        say(_("Audit log: BROKEN at entry {id} ({reason}); {rows} entries read.").format(
            id=chain.broken_at, reason=_(chain.reason), rows=chain.rows))
        return PROBLEM
    problems = log_problems(database, keys_for_backups(db_path, key))
    result = OK
    if problems:
        say(_("Audit log: ALTERED ({rows} entries; the chain itself is intact):").format(
            rows=chain.rows))
        for line in problems:
            say(f"  {line}")
        result = PROBLEM
    else:
        say(_("Audit log: ok ({rows} entries, chain intact)").format(rows=chain.rows))
        say(_("Sealed head: entry {fingerprint}").format(
            fingerprint=audit_head.fingerprint(audit_head.last_link(database.connection()))))
    if opened is not None:
        result = max(result, _check_roles(database, opened), _check_this_computer(database))
    return result


def _section(title_ok: str, title_bad: str, problems: list[str]) -> int:
    if not problems:
        say(title_ok)
        return OK
    say(title_bad)
    for line in problems:
        say(f"  {line}")
    return PROBLEM


def _check_roles(database, opened) -> int:
    """Every account whose row disagrees with its signed role, every signature that does not
    verify, and (run by a Headteacher) whether their slot vouches for the signing key."""
    from flexidesk.policy.school import signing
    from flexidesk.policy.school.staff import role_label
    from flexidesk.store import authority, roster
    from flexidesk.store.keyslots import KeySlots
    from flexidesk.store.models import StaffUser

    ring = KeySlots.load(database.path)
    rows = {u.username: (u.display_name, u.role, bool(u.active)) for u in StaffUser.select()}
    problems = roster.problems(ring, rows, role_label)
    problems += signing.check_head(ring, opened).warnings
    if not roster.has_authority(ring):
        say(_("Roles: not signed yet (the Headteacher's next sign-in signs them)."))
        return OK
    signed = len([u for u in ring.usernames() if roster.signed_role(ring, u).role])
    return _section(
        _("Roles: ok ({n} accounts signed; signing key {fingerprint}, staff list "
          "number {serial})").format(n=signed, serial=roster.roster_serial(ring),
                                     fingerprint=authority.fingerprint(
                                         str(ring.authority["public"]))),
        _("Roles: PROBLEMS ({n}):").format(n=len(problems)), problems)


def _check_this_computer(database) -> int:
    """Whether the school has gone back behind what this computer saw (read only)."""
    from flexidesk.policy.records.continuity import problems

    return _section(_("This computer: ok (nothing is behind what this computer has seen of "
                      "this school)"),
                    _("This computer: BEHIND what it has seen of this school:"),
                    problems(database))


def check_server(database) -> list[tuple[int, ChainReport]]:
    """Every school's audit chain (and the trust's own), verified: (school_id, ChainReport)."""
    from flexidesk.store import audit, engines

    reports = []
    for school_id in [0, *engines.school_ids(database)]:
        database.use_school(school_id)
        reports.append((school_id, audit.verify_chain()))
    return reports


def _check_server(args: argparse.Namespace) -> int:
    """``flexidesk check --server URL``: verify every school's audit chain; exit 1 on a break."""
    from flexidesk.store.errors import StoreError

    try:
        database = open_server_as_owner(args)
        reports = check_server(database)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    bad = 0
    for school_id, report in reports:
        if report.ok:
            print(_("School {id}: audit chain intact ({n} rows).").format(id=school_id,
                                                                        n=report.rows))
        else:
            bad += 1
            print(_("School {id}: audit chain BROKEN at row {row}: {why}.").format(
                id=school_id, row=report.broken_at, why=report.reason))
    database.close()
    return 1 if bad else 0


def run(args: argparse.Namespace) -> int:
    """Check this computer's school, or with --server every school on the trust's server."""
    if getattr(args, "server", None) is not None:
        return _check_server(args)
    return run_body(_check, args)
