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
    HOLDS_GOVERNORS,
    BadCredentials,
    KeyFileError,
    KeySlots,
    Unlocked,
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


class RoleUnconfirmed(PolicyError):
    """The password was right, but the account's signed role does not verify."""


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
    """The database key from ``username``'s slot (None for a plain database); SignInFailed if
    wrong. A governor's slot holds no database key: KeyFileError (GovernorsOnly)."""
    opened = unlock(db_path, username, password)
    if opened is None:
        return None
    if opened.key is None:
        from flexidesk.store.keyslots import GovernorsOnly

        raise GovernorsOnly()
    return opened.key


def unlock(db_path: Path | str, username: str, password: str | None) -> Unlocked | None:
    """Everything ``username``'s slot opens (None for a plain database); SignInFailed if wrong."""
    if not is_encrypted(db_path):
        check_keyfile_present(db_path)
        return None
    try:
        ring = KeySlots.load(db_path)
        if ring.holds(username) == HOLDS_GOVERNORS:  # no database key to settle
            return ring.open(username, password or "")
        opened: list[Unlocked] = []

        def open_slot(slots: KeySlots) -> bytes:
            found = slots.open(username, password or "")
            if found.key is None:
                raise BadCredentials("That name and password do not match.")
            opened.append(found)
            return found.key

        key = settled_key(db_path, open_slot)
    except BadCredentials as exc:
        raise _mismatch() from exc
    return next(u for u in opened if u.key == key)


def active_user(username: str):
    """``username``'s active staff row in the open database; else SignInFailed."""
    from flexidesk.store.models import StaffUser

    user = StaffUser.get_or_none((StaffUser.username == username) & (StaffUser.active == True))  # noqa: E712
    if user is None:
        raise _mismatch()
    return user


def active_actor(username: str) -> Actor:
    """``username`` as an Actor, from their staff row, if they are active in the open database;
    else SignInFailed. On a laptop the role comes from the key file instead (laptop_actor)."""
    from flexidesk.policy.records.access import Actor

    return Actor.from_user(active_user(username))


def laptop_actor(database: FlexiDatabase, opened: Unlocked) -> Actor:
    """The signed-in member of staff on a laptop: their role is the one the school's
    authority signed in the key file, never the staff table's (which anyone holding the
    database key could edit). A Headteacher's slot proves itself, and an older school's
    first Headteacher sign-in signs everyone's role. What went wrong is kept in
    ``database.warnings`` for the window to say; RoleUnconfirmed if nothing vouches."""
    from flexidesk.policy.records import continuity
    from flexidesk.policy.records.access import HEAD, Actor
    from flexidesk.policy.school import signing, staff_keys
    from flexidesk.store import roster

    user = active_user(opened.username)
    ring = KeySlots.load(database.path)
    if not ring.school_id:
        roster.ensure_school_id(ring)
        ring.save()
    database.warnings = []
    if not roster.has_authority(ring):
        lost = signing.signing_lost(ring)
        if lost:
            raise RoleUnconfirmed(signing.lost_signing_message(lost))
        role = signing.unsigned_role(user)
        if role == HEAD:
            database.signer = staff_keys.sign_roles_at_first_sign_in(database, user, opened,
                                                                     ring)
            ring = KeySlots.load(database.path)
    else:
        origin = signing.origin_problem(ring)
        if origin:
            raise RoleUnconfirmed(origin)
        head = signing.check_head(ring, opened)
        database.warnings += head.warnings
        signed = roster.signed_role(ring, user.username)
        if head.signer is not None or signing.head_by_slot(ring, opened):
            role, database.signer = HEAD, head.signer
            if signed.role != HEAD:
                database.warnings.append(_(
                    "Your own signed role does not verify ({why}); your key slot shows you "
                    "are a Headteacher.").format(why=signed.problem or signed.role))
        elif signed.role is None:
            raise RoleUnconfirmed(_(
                "Your password is right, but FlexiDesk cannot confirm your role: {why}. Ask "
                "the Headteacher to run a check.").format(why=signed.problem))
        else:
            role = signed.role
    continuity.check_at_open(database, ring)
    return Actor(user.username, role, user.display_name, user.id)


def resume_signer(database: FlexiDatabase, actor: Actor, opened: Unlocked | None) -> None:
    """The same Headteacher unlocking the window: their authority is back for signing."""
    from flexidesk.policy.records.access import HEAD
    from flexidesk.policy.school import signing

    database.signer = None
    if opened is not None and actor.role == HEAD and keyfile_path(database.path).exists():
        database.signer = signing.check_head(KeySlots.load(database.path), opened).signer


def as_unlocked(username: str, key: Unlocked | bytes | None) -> Unlocked | None:
    """What a password opened, from a bare database key as older callers pass it."""
    if key is None or isinstance(key, Unlocked):
        return key
    return Unlocked(username, key)


def open_as(db_path: Path | str, username: str, key: Unlocked | bytes | None):
    """Open the school as ``username`` with what their password opened: (database, actor).

    A governor's slot opens the governors' report file only: (GovernorsDesk, actor)."""
    opened = as_unlocked(username, key)
    if opened is not None and opened.governors_only:
        from flexidesk.policy.records.governors import open_governors

        return open_governors(Path(db_path), opened)
    from flexidesk.store.opening import open_database

    database = open_database(Path(db_path), opened.key if opened else None)
    try:
        if opened is None or not is_encrypted(db_path):
            return database, active_actor(username)
        return database, laptop_actor(database, opened)
    except BaseException:
        database.close()
        raise


def sign_in(db_path: Path | str, username: str, password: str | None):
    """Open the school as ``username``: unlock their slot, open, confirm their role."""
    return open_as(db_path, username, unlock(db_path, username, password))


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
        damaged = False
        for read in (self._read_side, self._read_keyfile):
            try:
                state = read()
            except FileNotFoundError:
                continue
            except (OSError, ValueError, TypeError, AttributeError):
                # A damaged throttle must not lock everyone out, nor be an easy reset:
                # start a fresh delay as if five failures had just happened.
                state = {"failures": [], "level": 1, "until": self.clock() + delay_for(1)}
                damaged = True
            if state:
                states.append(state)
        for state in states:
            self.failures = sorted({*self.failures, *(float(t) for t in state["failures"])})
            self.level = max(self.level, int(state["level"]))
            self.until = max(self.until, float(state["until"]))
        if damaged:  # written back whole: the next attempt, once the wait is over, is let in
            self._save()

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


def attempt_unlock(throttle: SignInThrottle, db_path: Path | str, username: str,
                   password: str | None) -> Unlocked | None:
    """One throttled attempt: what the password opens in the slot (None: a plain file).

    Raises SignInDelayed while waiting (the password is not even tried) and SignInFailed
    on a mismatch, which is counted.
    """
    throttle.check()
    try:
        opened = unlock(db_path, username, password)
    except SignInFailed:
        throttle.record_failure()
        raise
    throttle.record_success()
    return opened


def attempt(throttle: SignInThrottle, db_path: Path | str, username: str,
            password: str | None) -> bytes | None:
    """One throttled attempt: the database key if the password opens the slot."""
    opened = attempt_unlock(throttle, db_path, username, password)
    if opened is not None and opened.key is None:
        from flexidesk.store.keyslots import GovernorsOnly

        raise GovernorsOnly()
    return opened.key if opened is not None else None


def server_throttle(connection: Connection, clock: Callable[[], float] = time.time
                    ) -> SignInThrottle:
    """The throttle this computer keeps for signing in to a server (PostgreSQL's own
    ``auth_delay`` slows every guess at the server itself: docs/server.md)."""
    import hashlib

    from flexidesk import paths

    name = hashlib.sha256(connection.url.encode("utf-8")).hexdigest()[:16]
    return SignInThrottle(paths.data_dir() / f"server-{name}.signin", clock)


#: What PostgreSQL says when a login may not come in (never shown: the user reads that the
#: name and password do not match, which gives nothing away about which names exist).
_REFUSED = ("authentication failed", "is not permitted to log in", "does not exist")


def sign_in_server(connection: Connection, username: str, password: str | None, *,
                   remember: bool = False, throttle: SignInThrottle | None = None):
    """Sign in to the server as a member of staff: their own login, their FlexiDesk account.

    The server checks the password of the login typed (``name@school`` for a school's
    staff, the plain name for the trust's); without one, the OS keystore's is used. The
    role is the one the server gives the login: the account must agree with it. Failed
    attempts count towards this computer's delay. Returns (database, actor)."""
    from flexidesk.policy.records.access import Actor
    from flexidesk.store.errors import StoreError
    from flexidesk.store.server import ServerURL, open_server, save_password

    throttle = throttle or server_throttle(connection)
    throttle.check()
    base = ServerURL.parse(connection.url)
    url = ServerURL(username, base.host, base.port, base.dbname)
    try:
        database = open_server(url, ca_file=connection.ca_file, password=password)
    except StoreError as exc:
        if any(words in str(exc.__cause__ or "") for words in _REFUSED):
            throttle.record_failure()
            raise _mismatch() from exc
        raise
    try:
        school, name, role = database.execute_sql(
            "SELECT * FROM flexidesk.whoami()").fetchone()
        database.use_school(school)
        actor = active_actor(name)
        if role is None or actor.role != role:
            raise PolicyError(_(
                "Your account's role on the server does not match FlexiDesk's record of it. "
                "Ask the trust's IT team to check your login."))
    except Exception:
        database.close()
        raise
    throttle.record_success()
    if remember and password is not None:
        save_password(url, password)
    return database, Actor(actor.username, role, actor.display_name, actor.user_id)


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
