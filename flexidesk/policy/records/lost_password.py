"""The Headteacher's password is lost: the printed recovery key opens the school, and a
Headteacher account is given a new password (the same strength rules), recorded in the audit
log. Nothing else changes: every record, every other account and the signed roles stay.

A wrong recovery key counts towards the same sign-in delay as a wrong password (it is one
more guess at the key file); a key of the wrong shape is told so and tries nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flexidesk.i18n import _
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.records.signin import SignInThrottle
from flexidesk.policy.roles import HEAD
from flexidesk.store.keyslots import (
    RECOVERY_ALPHABET,
    RECOVERY_LENGTH,
    BadCredentials,
    KeySlots,
    Unlocked,
    grouped_recovery_key,
)

#: The audit row a new password given with the recovery key leaves.
RECOVERY_ACTION = "staff.recovery_password"


class RecoveryKeyWrong(PolicyError):
    """The recovery key was of the right shape but does not open this school."""


def tidy_recovery_key(typed: str) -> str:
    """The recovery key as its slot knows it, from what was typed: spaces, dashes and small
    letters are forgiven; PolicyError (saying what a key looks like) for anything else."""
    raw = "".join(ch for ch in typed.upper() if not ch.isspace() and ch not in "-\u2010\u2013")
    if not raw:
        raise PolicyError(_("Please type the recovery key from the printed sheet."))
    odd = sorted({ch for ch in raw if ch not in RECOVERY_ALPHABET})
    if odd:
        raise PolicyError(_(
            "A recovery key has only letters and the digits 2 to 9 (never 0, 1, I or "
            "O), but this one has {chars}. Please check it against the printed sheet.").format(
                chars=", ".join(f"\u201c{ch}\u201d" for ch in odd)))
    if len(raw) != RECOVERY_LENGTH:
        raise PolicyError(_(
            "A recovery key has {n} letters and digits (8 groups of 5), but this one has "
            "{found}. Please check it against the printed sheet.").format(
                n=RECOVERY_LENGTH, found=len(raw)))
    return grouped_recovery_key(raw)


@dataclass(frozen=True, repr=False)
class Recovered:
    """What the recovery key opened (never printed: it holds keys), and the Headteacher
    accounts that may be given a new password with it (username, name)."""

    db_path: Path
    opened: Unlocked
    heads: list[tuple[str, str]] = field(default_factory=list)


def open_with_recovery_key(db_path: Path | str, typed: str,
                           throttle: SignInThrottle | None = None) -> Recovered:
    """Try the recovery key (throttled as a password is): what it opens, and whose password
    it may set. SignInDelayed while a delay runs, PolicyError for a key of the wrong shape
    (not counted), RecoveryKeyWrong for one that does not open this school (counted)."""
    return recovered_from(db_path, unlock_recovery(db_path, typed, throttle))


def unlock_recovery(db_path: Path | str, typed: str,
                    throttle: SignInThrottle | None = None) -> Unlocked:
    """What the recovery key opens in the key file (the key file only: a worker thread may
    run it while the window paints). Raises as ``open_with_recovery_key`` does."""
    db_path = Path(db_path)
    throttle = throttle or SignInThrottle.for_database(db_path)
    throttle.check()
    key = tidy_recovery_key(typed)
    try:
        opened = KeySlots.load(db_path).open_recovery(key)
    except BadCredentials as exc:
        throttle.record_failure()
        raise RecoveryKeyWrong(_(
            "That recovery key does not open this school's records. Please check it against "
            "the printed sheet for this school. Nothing has changed.")) from exc
    throttle.record_success()
    return opened


def recovered_from(db_path: Path | str, opened: Unlocked) -> Recovered:
    """What the recovery key opened, checked, with the Headteachers it may set a password
    for (an older school's are read from its database: call on the main thread)."""
    db_path = Path(db_path)
    ring = KeySlots.load(db_path)
    _check_authority(ring, opened)
    heads = _headteachers(ring, db_path, opened)
    if not heads:
        raise PolicyError(_("This school has no Headteacher account to give a new password "
                            "to. Nothing has changed."))
    return Recovered(db_path, opened, heads)


def _check_authority(ring: KeySlots, opened: Unlocked) -> None:
    """A school whose roles are signed: the recovery slot must be the one the school made,
    holding the school's own signing key (a Headteacher's new slot is sealed to it)."""
    from flexidesk.store import authority as auth
    from flexidesk.store import roster

    if not roster.has_authority(ring):
        return
    if (not roster.recovery_verifies(ring) or opened.authority is None
            or auth.Signer(opened.authority).public != ring.authority.get("public")):
        raise PolicyError(_(
            "The recovery key opened this school, but the key file's signing key is not the "
            "one the school made, so FlexiDesk cannot confirm who is a Headteacher. Put back "
            "the key file kept in the backup folder, then use the recovery key again. Nothing "
            "has changed."))


def _headteachers(ring: KeySlots, db_path: Path, opened: Unlocked) -> list[tuple[str, str]]:
    """The accounts a Headteacher's password may be set for: those the school signed as
    Headteachers (an older school, whose roles are not signed yet: the audit log's)."""
    from flexidesk.store import roster

    if roster.has_authority(ring):
        return sorted(((u, ring.display_names.get(u, u)) for u in ring.usernames()
                       if roster.signed_role(ring, u).role == HEAD), key=lambda h: h[1])
    from flexidesk.policy.school.signing import audited_roles, unsigned_role
    from flexidesk.store.database import close_database
    from flexidesk.store.models import StaffUser
    from flexidesk.store.opening import open_database

    open_database(db_path, opened.key)
    try:
        audited = audited_roles()
        return sorted(((u.username, u.display_name) for u in StaffUser.select().where(
            StaffUser.active == True)  # noqa: E712
            if u.username in ring.slots and unsigned_role(u, audited) == HEAD),
            key=lambda h: h[1])
    finally:
        close_database()


def set_head_password(recovered: Recovered, username: str, password: str, again: str) -> None:
    """Give the Headteacher ``username`` a new password with what the recovery key opened: a
    new key slot holding the database key (and the signing key), the old password no longer
    opening anything; one audit row says so. Refused, with nothing changed, for a password
    the strength rules refuse or two that differ."""
    names = dict(recovered.heads)
    if username not in names:
        raise PolicyError(_("Please choose the Headteacher whose password is lost."))
    if password != again:
        raise PolicyError(_("The two new passwords are different. Please type them again."))
    from flexidesk.store.database import close_database
    from flexidesk.store.opening import open_database

    open_database(recovered.db_path, recovered.opened.key)
    try:
        _record_new_password(recovered, username, names[username], password)
    finally:
        close_database()


def _record_new_password(recovered: Recovered, username: str, display: str,
                         password: str) -> None:
    from flexidesk.policy.records.access import Actor, action
    from flexidesk.policy.school.passwords import check_strength
    from flexidesk.store import audit, roster
    from flexidesk.store import authority as auth
    from flexidesk.store.models import School, StaffUser

    school = School.select(School.name).first()
    check_strength(password, username, display, school.name if school else "")
    user = StaffUser.get_or_none((StaffUser.username == username)
                                 & (StaffUser.active == True))  # noqa: E712
    if user is None:
        raise PolicyError(_("{name}'s account has been removed, so it cannot be given a new "
                            "password. Nothing has changed.").format(name=display))
    opened = recovered.opened

    @action("staff.manage")
    def record(actor: Actor) -> None:
        audit.record(actor.username, RECOVERY_ACTION, "staff_user", user.id,
                     after={"with": "recovery key"})
        ring = KeySlots.load(recovered.db_path)
        signer = (auth.Signer(opened.authority)
                  if roster.has_authority(ring) and opened.authority is not None else None)
        assert opened.key is not None  # the recovery slot always holds the database key
        ring.put_slot(opened.key, username, user.display_name, password, signer=signer)
        ring.save()  # written last: a failure rolls the audit row back

    record(Actor(username, HEAD, user.display_name, user.id))
