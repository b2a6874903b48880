"""Signing in to the encrypted demo as its headteacher: key slot unlock (scrypt) plus opening SQLCipher."""

from __future__ import annotations

import statistics
import time

from benchmarks.bench_seed import HEAD, demo_file
from benchmarks.common import Figure

REPEAT = 5
PUPILS = 300


def run() -> list[Figure]:
    """Median of REPEAT sign-ins, and of its two halves measured apart."""
    from flexidesk.policy.records.signin import sign_in
    from flexidesk.store import close_database, open_database
    from flexidesk.store.keyslots import KeySlots
    from flexidesk.store.models import Pupil

    path = demo_file(PUPILS, encrypted=True)
    whole, unlock, opening = [], [], []
    for _n in range(REPEAT):
        start = time.perf_counter()
        database, _actor = sign_in(path, *HEAD)
        Pupil.select().count()  # the first real read, so the key is known to work
        whole.append(time.perf_counter() - start)
        database.close()

        start = time.perf_counter()
        key = KeySlots.load(path).unlock(*HEAD)
        unlock.append(time.perf_counter() - start)
        start = time.perf_counter()
        database = open_database(path, key)
        Pupil.select().count()
        opening.append(time.perf_counter() - start)
        database.close()
    close_database()
    return [
        Figure("sign-in as the demo headteacher (unlock + open + first read)",
               statistics.median(whole), "s"),
        Figure("sign-in: key slot unlock (scrypt, 64 MiB)", statistics.median(unlock), "s"),
        Figure("sign-in: open the encrypted database and read", statistics.median(opening),
               "s"),
    ]
