"""Sign-in: slots open the school, wrong passwords are counted, and five in five minutes start a delay."""

import stat

import pytest

from flexidesk.policy.records import signin
from flexidesk.policy.records.signin import (
    SignInDelayed,
    SignInFailed,
    SignInThrottle,
    attempt,
    delay_for,
    sign_in,
)
from flexidesk.policy.school.setup import NewSchool, create_school
from flexidesk.store import close_database


class Clock:
    def __init__(self, now=1_000_000.0):
        self.now = now

    def __call__(self):
        return self.now


def _fail(throttle, times):
    for _ in range(times):
        throttle.record_failure()


def test_four_failures_cost_nothing_the_fifth_starts_a_30_second_wait():
    clock = Clock()
    throttle = SignInThrottle(clock=clock)
    _fail(throttle, 4)
    assert throttle.wait_seconds() == 0
    throttle.check()
    assert throttle.record_failure() == 30
    assert throttle.wait_seconds() == 30
    with pytest.raises(SignInDelayed, match="30 seconds"):
        throttle.check()
    clock.now += 29.5
    with pytest.raises(SignInDelayed, match="1 second before"):
        throttle.check()
    clock.now += 0.5
    throttle.check()


def test_each_further_failure_doubles_the_delay_up_to_fifteen_minutes():
    clock = Clock()
    throttle = SignInThrottle(clock=clock)
    _fail(throttle, 5)
    seen = []
    for _ in range(8):
        clock.now += throttle.wait_seconds()
        seen.append(throttle.record_failure())
    assert seen == [60, 120, 240, 480, 900, 900, 900, 900]


def test_failures_spread_over_more_than_five_minutes_never_throttle():
    clock = Clock()
    throttle = SignInThrottle(clock=clock)
    for _ in range(20):
        throttle.record_failure()
        clock.now += 76  # five failures always span more than 300 s
    assert throttle.wait_seconds() == 0


def test_a_success_clears_the_delay_and_the_count():
    clock = Clock()
    throttle = SignInThrottle(clock=clock)
    _fail(throttle, 5)
    clock.now += 30
    throttle.record_success()
    _fail(throttle, 4)
    assert throttle.wait_seconds() == 0


def test_escalation_is_forgotten_only_after_five_quiet_minutes_after_the_delay():
    clock = Clock()
    throttle = SignInThrottle(clock=clock)
    _fail(throttle, 6)  # level 2: 60 s
    clock.now += 60 + 299
    assert throttle.record_failure() == 120  # still escalating
    clock.now += 120 + 301
    assert throttle.record_failure() == 0  # a fresh start: one failure, no delay


def test_throttle_survives_a_restart_and_stores_no_name(tmp_path):
    clock = Clock()
    db_path = tmp_path / "school.db"
    throttle = SignInThrottle.for_database(db_path, clock)
    _fail(throttle, 5)
    again = SignInThrottle.for_database(db_path, clock)
    assert again.wait_seconds() == 30
    stored = (tmp_path / "school.db.signin")
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert b"head" not in stored.read_bytes()


def test_damaged_throttle_file_means_a_short_wait_not_a_reset(tmp_path):
    clock = Clock()
    (tmp_path / "school.db.signin").write_text("{not json")
    assert SignInThrottle.for_database(tmp_path / "school.db", clock).wait_seconds() == 30


def test_delay_table():
    assert [delay_for(n) for n in range(7)] == [0, 30, 60, 120, 240, 480, 900]


@pytest.fixture
def encrypted_school(tmp_path):
    path = tmp_path / "data" / "school.db"
    database, _actor, _recovery = create_school(path, NewSchool(
        "Larkspur Test Primary", "Ms Wren Hollis", "ENG", "whollis",
        "a long enough password", "a long enough password"))
    database.close()
    close_database()
    return path


def test_sign_in_opens_the_encrypted_school_as_that_user(encrypted_school):
    database, actor = sign_in(encrypted_school, "whollis", "a long enough password")
    assert (actor.username, actor.role, actor.display_name) == (
        "whollis", "headteacher", "Ms Wren Hollis")
    assert database.encrypted


@pytest.mark.parametrize("username, password", [("whollis", "wrong password"),
                                                ("nobody", "a long enough password"),
                                                ("nobody", "wrong password")])
def test_wrong_name_or_password_gets_the_same_message(encrypted_school, username, password):
    with pytest.raises(SignInFailed) as caught:
        sign_in(encrypted_school, username, password)
    assert str(caught.value) == "That name and password do not match. Please try again."


def test_attempt_counts_failures_and_refuses_to_try_while_waiting(encrypted_school, monkeypatch):
    clock = Clock()
    throttle = SignInThrottle.for_database(encrypted_school, clock)
    for _ in range(5):
        with pytest.raises(SignInFailed):
            attempt(throttle, encrypted_school, "whollis", "nope")
    tried = []
    monkeypatch.setattr(signin, "unlock_key", lambda *a: tried.append(a))
    with pytest.raises(SignInDelayed):
        attempt(throttle, encrypted_school, "whollis", "a long enough password")
    assert tried == []  # the password was not even tried during the wait


def test_attempt_with_the_right_password_returns_the_key_and_clears(encrypted_school):
    clock = Clock()
    throttle = SignInThrottle.for_database(encrypted_school, clock)
    with pytest.raises(SignInFailed):
        attempt(throttle, encrypted_school, "whollis", "nope")
    key = attempt(throttle, encrypted_school, "whollis", "a long enough password")
    assert isinstance(key, bytes) and len(key) == 32
    assert throttle.failures == []


def test_a_sign_in_costs_the_key_derivation_and_nothing_but_the_stated_wait(encrypted_school,
                                                                            monkeypatch):
    """The time an attempt takes, on an injected clock: each password costs one key
    derivation (a mistyped one too, and a right one after it), nothing ever sleeps, and the
    wait the throttle states is the wait it keeps, to the second."""
    import time

    from flexidesk.store import slotcrypto

    db_path, password = encrypted_school, "a long enough password"
    clock = Clock()
    derive_seconds = 0.3  # what scrypt takes on the school's laptop
    real_derive = slotcrypto.derive

    def derive(secret, salt, *args, **kwargs):
        clock.now += derive_seconds
        return real_derive(secret, salt, *args, **kwargs)

    monkeypatch.setattr(slotcrypto, "derive", derive)
    monkeypatch.setattr(time, "sleep", lambda s: pytest.fail(f"slept {s} s"))
    throttle = SignInThrottle.for_database(db_path, clock)

    def cost(password):
        start = clock.now
        try:
            attempt(throttle, db_path, "whollis", password)
        except SignInFailed:
            pass
        return round(clock.now - start, 6)

    assert cost("not the password") == derive_seconds
    assert cost(password) == derive_seconds  # right after a mistake: no extra cost
    for _ in range(5):
        cost("not the password")
    with pytest.raises(SignInDelayed) as delayed:
        attempt(throttle, db_path, "whollis", password)
    assert "wait 30 seconds" in str(delayed.value)  # stated, and not even tried meanwhile
    clock.now += 29
    with pytest.raises(SignInDelayed, match="wait 1 second"):
        attempt(throttle, db_path, "whollis", password)
    clock.now += 1
    assert cost(password) == derive_seconds  # the stated wait, and then only the derivation


def test_a_good_sign_in_with_nothing_to_forget_writes_no_file(tmp_path, monkeypatch):
    throttle = SignInThrottle.for_database(tmp_path / "school.db", Clock())
    monkeypatch.setattr(throttle, "_save", lambda: pytest.fail("wrote the throttle files"))
    throttle.record_success()
