"""A realistic, entirely fictional demo school of any size, deterministic per seed.

Everything is made up: the school, its town and local authority, its staff, the children
and their families. Dates are relative to today, so that "a decision due in two working
days" stays true on whatever day the demo is written; everything else follows the seed.
Rows go in with bulk inserts inside one transaction, so 40,000 pupils take seconds.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from flexidesk.demo.common import Progress
from flexidesk.demo.names import MIN_PUPILS, SCHOOL_NAME
from flexidesk.demo.people import upn_check_letter
from flexidesk.demo.seeder import Seeder
from flexidesk.demo_accounts import DEMO_ACCOUNTS
from flexidesk.i18n import _
from flexidesk.store.governors_file import governors_path
from flexidesk.store.keyslots import KeySlots, keyfile_path
from flexidesk.store.opening import open_database

__all__ = ["DEMO_ACCOUNTS", "DemoExists", "SeedResult", "describe", "ensure_demo", "seed_demo",
           "upn_check_letter"]


@dataclass
class SeedResult:
    """What seed_demo wrote: where, how much, how long it took, and how to sign in."""

    path: Path
    encrypted: bool
    school_name: str
    counts: dict[str, int]
    seconds: float
    accounts: tuple[tuple[str, str, str, str], ...] = DEMO_ACCOUNTS
    recovery_key: str | None = None
    today: dt.date = field(default_factory=dt.date.today)


class DemoExists(Exception):
    """The target file exists and --force was not given."""


# --- the public face ----------------------------------------------------------------------


def _files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
            keyfile_path(path), governors_path(path)]


def seed_demo(path: Path | str, pupils: int = 300, seed: int = 1, *, encrypted: bool = True,
              force: bool = False, progress: Progress | None = None,
              today: dt.date | None = None) -> SeedResult:
    """Write the fictional demo school to ``path`` and return what was written.

    ``encrypted`` makes a SQLCipher file with a key file holding a slot per demo account;
    otherwise a plain file with no key file. An existing file is replaced only with
    ``force`` (else DemoExists). ``progress(fraction, label)`` is told of each step.
    ``today`` anchors every date (default: the real today).
    """
    path = Path(path)
    if pupils < MIN_PUPILS:
        raise ValueError(_("The demo school needs at least {n} pupils.").format(n=MIN_PUPILS))
    existing = [p for p in _files(path) if p.exists()]
    if existing and not force:
        raise DemoExists(_("{path} already exists. Add --force to replace it with a new demo "
                           "school.").format(path=existing[0]))
    for old in existing:
        old.unlink()
    started = time.perf_counter()
    today = today or dt.date.today()
    recovery = None
    key = None
    tell = progress or (lambda _fraction, _label: None)
    rows_progress = progress
    if encrypted:
        # The key slots (scrypt, on purpose slow) take about as long as the rows: half each.
        users = [(username, display, password) for username, display, _r, password in DEMO_ACCOUNTS]
        label = _("keys for the demo accounts")
        tell(0.0, label)
        _ring, key, recovery = KeySlots.create(
            path, users, demo=True, progress=lambda done, total: tell(done / total / 2, label),
            roles={username: role for username, _d, role, _p in DEMO_ACCOUNTS},
            today=today.isoformat())
        if progress is not None:
            rows_progress = lambda fraction, text: progress(0.5 + fraction / 2, text)  # noqa: E731
    try:
        seeder = Seeder(seed, pupils, today, rows_progress)
        database = open_database(path, key, create=True)
        try:
            with database.atomic():
                seeder.run()
            if encrypted:  # the demo governor's report, in the only file their key opens
                from flexidesk.policy.records.governors import write

                write(database)
        finally:
            database.close()
    except BaseException:
        for made in _files(path):  # a half-written demo is no use to anyone
            made.unlink(missing_ok=True)
        raise
    return SeedResult(path, encrypted, SCHOOL_NAME, seeder.counts,
                      time.perf_counter() - started, DEMO_ACCOUNTS, recovery, today)


def ensure_demo(path: Path | str, progress: Progress | None = None) -> None:
    """Create the encrypted demo school at ``path`` if there is none yet (for --demo)."""
    path = Path(path)
    if not path.exists():
        seed_demo(path, force=True, progress=progress)


def describe(result: SeedResult) -> str:
    """A short plain summary of a seeded demo, for the command line."""
    c = result.counts
    lines = [
        _("Demo school written: {school}").format(school=result.school_name),
        _("File: {path} ({kind})").format(
            path=result.path, kind=_("encrypted, key file beside it") if result.encrypted
            else _("plain, not encrypted: for benchmarks only")),
        _("{pupils} pupils and {adults} adults; {enrolments} enrolments in {interventions} "
          "interventions; {providers} providers with {placements} placements; "
          "{requests} flexi-schooling requests.").format(
            pupils=c.get("pupils", 0), adults=c.get("adults", 0),
            enrolments=c.get("enrolments", 0), interventions=c.get("interventions", 0),
            providers=c.get("providers", 0), placements=c.get("placements", 0),
            requests=c.get("flexi requests", 0)),
        _("Took {seconds:.1f} seconds.").format(seconds=result.seconds),
    ]
    if result.encrypted:
        lines.append(_("Sign in with one of these demo accounts (name / password):"))
        for username, display, _role, password in result.accounts:
            lines.append(f"  {username:<10} {password:<15} {display}")
        if result.recovery_key:
            lines.append(_("Recovery key (demo only): {key}").format(key=result.recovery_key))
    return "\n".join(lines)
