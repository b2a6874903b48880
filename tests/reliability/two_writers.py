"""One of two writers saving into the same file at once, each save audited.

Run as ``python -m tests.reliability.two_writers DB KEYHEX NAME SAVES``; it prints ``ready``
once the database is open, waits for a line on standard input (so both start together),
then makes SAVES audited saves through the write path and prints ``saved N failed F``,
then one ``failed: ...`` line for each save that raised.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time

from flexidesk.policy.records.access import Actor, action, create, update
from flexidesk.store import close_database, open_database
from flexidesk.store.models import Intervention, Pupil


@action("provision.catalogue")
def _count(actor: Actor, name: str, n: int) -> None:
    counter = Intervention.get(Intervention.name == f"Counter {name}")
    update(actor, "intervention.edit", counter, sort_order=n)


@action("pupil.edit")
def one_save(actor: Actor, name: str, n: int) -> None:
    """A child added and a catalogue row changed: two audited writes in one transaction (the
    catalogue's own action runs inside the child's, each under its own permission)."""
    create(actor, "pupil.create", Pupil, upn=f"{name[0].upper()}{n:012d}",
           legal_first_name=f"{name}{n}", legal_last_name="Soak",
           date_of_birth=dt.date(2019, 1, 1), year_group=1, on_roll_date=dt.date(2025, 9, 1))
    _count(actor, name, n)


def main(argv: list[str]) -> None:
    db_path, key_hex, name, saves = argv[0], argv[1], argv[2], int(argv[3])
    open_database(db_path, bytes.fromhex(key_hex) if key_hex != "-" else None, migrate=False)
    actor = Actor(name, "pastoral_lead", name.title())
    print("ready", flush=True)
    sys.stdin.readline()
    failures = []
    rng = random.Random(name)
    for n in range(1, saves + 1):
        try:
            one_save(actor, name, n)
        except Exception as exc:  # counted and shown: the soak asserts there are none
            failures.append(f"{type(exc).__name__}: {exc}")
        # A breath between saves, as a person or an import has: two loops with none starve
        # each other of the write lock (SQLite's busy wait polls), which is not what is tested.
        time.sleep(rng.uniform(0, 0.01))
    close_database()
    print(f"saved {saves - len(failures)} failed {len(failures)}", flush=True)
    for line in failures:
        print(f"failed: {line}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
