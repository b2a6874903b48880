"""A writer to be killed: commits numbered transactions through the write path, printing each id.

Run as ``python -m tests.reliability.crash_writer DB KEYHEX FIRST``; it prints ``ready`` once
the database is open, then ``<n>`` after transaction n has committed, until it is killed.
"""

from __future__ import annotations

import datetime as dt
import random
import sys

from flexidesk.policy.records.access import Actor, action, create, update
from flexidesk.store import open_database
from flexidesk.store.models import Adult, Enrolment, Intervention, Pupil, PupilAdult

WRITER = Actor("crashtest", "pastoral_lead", "Crash Test")


def upn(n: int) -> str:
    return f"C{n:012d}"


@action("provision.edit")
def _enrol(actor: Actor, child: Pupil, counter: Intervention, filler: str) -> None:
    create(actor, "enrolment.create", Enrolment, pupil=child, intervention=counter,
           start_date=dt.date(2026, 1, 5), target=filler)


@action("provision.catalogue")
def _count(actor: Actor, counter: Intervention, n: int) -> None:
    update(actor, "intervention.edit", counter, sort_order=n)


@action("pupil.edit")
def numbered_transaction(actor: Actor, n: int, counter: Intervention, filler: str) -> None:
    """Several rows across four tables, an update and their audit rows: all or nothing (each
    table's own action runs inside the child's, under its own permission)."""
    child = create(actor, "pupil.create", Pupil, upn=upn(n), legal_first_name=f"Crash{n}",
                   legal_last_name="Dummy", date_of_birth=dt.date(2019, 1, 1), year_group=1,
                   on_roll_date=dt.date(2025, 9, 1))
    adult = create(actor, "adult.create", Adult, first_name="Pat", last_name=f"Dummy{n}",
                   address=filler, pupil_id=child.id)
    create(actor, "pupil_adult.create", PupilAdult, pupil=child, adult=adult)
    _enrol(actor, child, counter, filler)
    _count(actor, counter, n)


def main(argv: list[str]) -> None:
    db_path, key_hex, first = argv[0], argv[1], int(argv[2])
    open_database(db_path, bytes.fromhex(key_hex) if key_hex != "-" else None, migrate=False)
    counter = Intervention.get(Intervention.name == "Crash counter")
    rng = random.Random(first)
    print("ready", flush=True)
    n = first
    while True:
        # Rows of a few bytes up to many pages, so kills land inside multi-page commits too.
        filler = "x" * rng.choice((10, 500, 5000, 40000))
        numbered_transaction(WRITER, n, counter, filler)
        print(n, flush=True)
        n += 1


if __name__ == "__main__":
    main(sys.argv[1:])
