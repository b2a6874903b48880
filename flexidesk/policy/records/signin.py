"""Signing in: unlock the database key from a user's slot, open the school as that user, throttle guesses.

The throttle is kept per database inside the key file and in a small file beside it
(``school.db.signin``), so neither closing FlexiDesk nor deleting one file resets it. It records only the times of failed
attempts, never a name: it counts failures for the database as a whole, so it cannot reveal
which names exist, and guessing across several names is slowed just the same.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from flexidesk.i18n import _, ngettext
from flexidesk.policy.errors import PolicyError
from flexidesk.store.files import atomic_write
from flexidesk.store.keyslots import (
    BadCredentials,
    KeyFileError,
    KeySlots,
    check_keyfile_present,
    keyfile_path,
    settled_key,
)

if TYPE_CHECKING:
    from flexidesk.policy.records.access import Actor
    from flexidesk.server_connection import Connection
    from flexidesk.store.database import FlexiDatabase

# Trying a password needs only the key file; the database layer (Peewee and the models)
# is imported by the functions that open the school, so the sign-in form can be shown,
# and a password tried, before it has loaded.

#: Failures allowed inside WINDOW seconds before a delay begins.
FREE_FAILURES = 5
WINDOW = 300.0
FIRST_DELAY = 30.0
MAX_DELAY = 15 * 60.0


class SignInFailed(PolicyError):
    """Name and password did not match (the message never says which)."""


class SignInDelayed(PolicyError):
    """Too many failed attempts recently: wait ``seconds`` before the next one."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        whole = max(1, int(seconds + 0.999))
        super().__init__(ngettext(
            "Too many attempts. Please wait {n} second before trying again.",
            "Too many attempts. Please wait {n} seconds before trying again.", whole
        ).format(n=whole))


def _mismatch() -> SignInFailed:
    return SignInFailed(_("That name and password do not match. Please try again."))


def is_encrypted(db_path: Path | str) -> bool:
    """Whether this database is opened through key slots (it has a key file)."""
    return keyfile_path(db_path).exists()


def unlock_key(db_path: Path | str, username: str, password: str | None) -> bytes | None:
    """The database key from ``username``'s slot (None for a plain database); SignInFailed if wrong."""
    if not is_encrypted(db_path):
        check_keyfile_present(db_path)
        return None
    try:
        return settled_key(db_path, lambda ring: ring.unlock(username, password or ""))
    except BadCredentials as exc:
        raise _mismatch() from exc


def active_actor(username: str) -> Actor:
    """``username`` as an Actor, if they are active staff in the open database; else SignInFailed."""
    from flexidesk.policy.records.access import Actor
    from flexidesk.store.models import StaffUser

    user = StaffUser.get_or_none((StaffUser.username == username) & (StaffUser.active == True))  # noqa: E712
    if user is None:
        raise _mismatch()
    return Actor.from_user(user)


def open_as(db_path: Path | str, username: str, key: bytes | None) -> tuple[FlexiDatabase, Actor]:
    """Open the database with ``key`` and find ``username``'s active staff record."""
    from flexidesk.store.opening import open_database

    database = open_database(Path(db_path), key)
    try:
        return database, active_actor(username)
    except SignInFailed:
        database.close()
        raise


def sign_in(db_path: Path | str, username: str, password: str | None) -> tuple[FlexiDatabase, Actor]:
    """Open the database as ``username``: unlock their slot, open, find their staff record."""
    return open_as(db_path, username, unlock_key(db_path, username, password))


# --- throttling -------------------------------------------------------------------------------


def delay_for(level: int) -> float:
    """Seconds to wait at a throttle level: 30, 60, 120, ... up to 15 minutes."""
    if level <= 0:
        return 0.0
    return min(FIRST_DELAY * 2 ** (level - 1), MAX_DELAY)


class SignInThrottle:
    """Five failures in five minutes start an escalating delay; a success or a quiet spell ends it.

    Once delays have begun, each further failure doubles the delay. The escalation is
    forgotten after WINDOW seconds with no failure counted from the end of the last
    delay, so a patient guesser never gets back to five free tries quickly.
    """

    def __init__(self, path: Path | None = None, clock: Callable[[], float] = time.time, *,
                 keyfile: Path | None = None):
        self.path = path
        self.keyfile = keyfile
        self.clock = clock
        self.failures: list[float] = []
        self.level = 0
        self.until = 0.0
        self._load()

    @classmethod
    def for_database(cls, db_path: Path | str, clock: Callable[[], float] = time.time
                     ) -> SignInThrottle:
        """The throttle kept beside a database's key file."""
        db_path = Path(db_path)
        return cls(db_path.with_name(db_path.name + ".signin"), clock,
                   keyfile=keyfile_path(db_path))

    def wait_seconds(self) -> float:
        """Seconds before another attempt is allowed (0 when one may try now)."""
        return max(0.0, self.until - self.clock())

    def check(self) -> None:
        """Raise SignInDelayed while a delay is running."""
        wait = self.wait_seconds()
        if wait > 0:
            raise SignInDelayed(wait)

    def record_failure(self) -> float:
        """Count a failed attempt; returns the delay now in force (0 if none)."""
        now = self.clock()
        last = self.failures[-1] if self.failures else None
        if self.level and last is not None and now - max(self.until, last) > WINDOW:
            self.level, self.failures = 0, []
        self.failures = [t for t in self.failures if now - t <= WINDOW] + [now]
        if self.level:
            self.level += 1
        elif len(self.failures) >= FREE_FAILURES:
            self.level = 1
        self.until = now + delay_for(self.level) if self.level else 0.0
        self._save()
        return delay_for(self.level)

    def record_success(self) -> None:
        """A good sign-in clears the slate (written only when there was something to clear:
        each write rewrites the key file and the side file, each flushed to the disk)."""
        if not (self.failures or self.level or self.until):
            return
        self.failures, self.level, self.until = [], 0, 0.0
        self._save()

    # --- persistence (times only, never a name) ---------------------------------------------

    def _load(self) -> None:
        """Read the state from the key file and the side file; the stricter of the two wins,
        so deleting (or editing) either one alone does not reset the throttle."""
        states = []
        for read in (self._read_side, self._read_keyfile):
            try:
                state = read()
            except FileNotFoundError:
                continue
            except (OSError, ValueError, TypeError, AttributeError):
                # A damaged throttle must not lock everyone out, nor be an easy reset:
                # start a fresh delay as if five failures had just happened.
                state = {"failures": [], "level": 1, "until": self.clock() + delay_for(1)}
            if state:
                states.append(state)
        for state in states:
            self.failures = sorted({*self.failures, *(float(t) for t in state["failures"])})
            self.level = max(self.level, int(state["level"]))
            self.until = max(self.until, float(state["until"]))

    def _read_side(self) -> dict:
        if self.path is None:
            return {}
        return _state(json.loads(self.path.read_text("utf-8")))

    def _read_keyfile(self) -> dict:
        if self.keyfile is None or not self.keyfile.exists():
            return {}
        try:
            ring = KeySlots.load_file(self.keyfile)
        except KeyFileError:
            return {}  # a damaged key file: unlocking says so, in its own words
        return _state(ring.throttle)

    def _save(self) -> None:
        data = {"failures": self.failures, "level": self.level, "until": self.until}
        try:
            if self.path is not None:
                atomic_write(self.path, json.dumps(data))
            if self.keyfile is not None and self.keyfile.exists():
                ring = KeySlots.load_file(self.keyfile)
                ring.throttle = data
                ring.save()
        except (OSError, KeyFileError):
            pass  # a read-only folder: the in-memory throttle still applies this session


def _state(data) -> dict:
    """A throttle state as read back; TypeError/ValueError/AttributeError if malformed."""
    if not data:
        return {}
    return {"failures": [float(t) for t in data.get("failures", [])],
            "level": int(data.get("level", 0)), "until": float(data.get("until", 0.0))}


def attempt(throttle: SignInThrottle, db_path: Path | str, username: str,
            password: str | None) -> bytes | None:
    """One throttled attempt: the database key if the password opens the slot.

    Raises SignInDelayed while waiting (the password is not even tried) and SignInFailed
    on a mismatch, which is counted.
    """
    throttle.check()
    try:
        key = unlock_key(db_path, username, password)
    except SignInFailed:
        throttle.record_failure()
        raise
    throttle.record_success()
    return key


def sign_in_server(connection: Connection, username: str, password: str | None, *,
                   remember: bool = False):
    """Sign in to the server as a member of staff: their own login, their FlexiDesk account.

    The server checks the password (each member of staff has a login of their FlexiDesk
    username); without one, the OS keystore's is used. Returns (database, actor)."""
    from flexidesk.store.errors import StoreError
    from flexidesk.store.server import ServerURL, open_server, save_password

    base = ServerURL.parse(connection.url)
    url = ServerURL(username, base.host, base.port, base.dbname)
    try:
        database = open_server(url, ca_file=connection.ca_file, password=password)
    except StoreError as exc:
        if "authentication failed" in str(exc.__cause__ or ""):
            raise _mismatch() from exc
        raise
    school = database.execute_sql("SELECT flexidesk_login_school()").fetchone()[0]
    database.use_school(school)
    try:
        actor = active_actor(username)
    except Exception:
        database.close()
        raise
    if remember and password is not None:
        save_password(url, password)
    return database, actor


def names_in_plain_file(db_path: Path) -> list[tuple[str, str]]:
    """Who may sign in to an unencrypted file (benchmarks; a school's file has a key file):
    (username, display name) of each active account, read without binding the models."""
    from flexidesk.store.opening import open_database

    database = open_database(db_path, None, migrate=False)
    try:
        return [tuple(row) for row in database.execute_sql(
            "SELECT username, display_name FROM staff_user WHERE active").fetchall()]
    finally:
        database.close()
