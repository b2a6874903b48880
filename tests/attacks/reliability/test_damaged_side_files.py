"""Small files beside the database written as garbage (a sync client, a full disk, a bad
sector): each is one plain message, or is healed, and never locks the school for good."""

from __future__ import annotations

import pytest

from flexidesk.policy.records.signin import SignInThrottle
from flexidesk.store import audit_head
from tests.attacks.reliability.helpers import flexidesk, make_school, no_traceback

GARBAGE = bytes(range(256)) * 4  # not UTF-8, not JSON


class Clock:
    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("content", [GARBAGE, b'{"failures": "x", "level": [], "until": null}'])
def test_a_damaged_sign_in_throttle_file_is_a_short_wait_once_not_a_lock_out_for_ever(
        tmp_path, content):
    db_path = tmp_path / "school.db"
    db_path.with_name("school.db.signin").write_bytes(content)
    clock = Clock()
    assert SignInThrottle.for_database(db_path, clock).wait_seconds() == 30  # not a reset
    clock.now += 31  # the person waits as told, and tries again
    assert SignInThrottle.for_database(db_path, clock).wait_seconds() == 0


def test_a_garbage_sealed_head_is_reported_as_damaged_not_a_traceback(tmp_path):
    db_path, _key = make_school(tmp_path / "school")
    home = tmp_path / "home"
    audit_head.head_path(db_path).write_bytes(GARBAGE)
    code, said = flexidesk(home, "check", "--db", str(db_path))
    assert no_traceback(said), said
    assert code == 1
    assert "The sealed audit head is damaged: it cannot be read." in said
    code, said = flexidesk(home, "backup", "--db", str(db_path))  # work goes on, and says so
    assert code == 0 and no_traceback(said), said
