"""Key slots: the random database key, wrapped for each user's password (scrypt + AES-GCM).

The key file sits beside the database (``school.db`` -> ``school.db.keys``). It names the
staff who may sign in (never a child) and holds, for each, the 256-bit key their slot
unwraps: the database key for staff who work with children's records, the governors' key
(which opens only the governors' report file, ``store.governors_file``) for governors.
Headteacher slots and the recovery slot also hold the school's authority key, whose
signatures say who holds which role (``store.authority``, ``store.roster``). Each slot holds an X25519 key pair whose private half is encrypted
(AES-GCM) under a key derived from the password with scrypt (64 MiB, about 0.3 s here),
and the database key sealed to the public half. That lets a re-key seal the new
database key to every remaining slot without knowing anyone's password, while a
removed user's old copy of the file only ever opens the old key. A recovery slot,
opened by a printed recovery key, is created with the school.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flexidesk.store.files import atomic_write
from flexidesk.store.keyfile_state import (  # noqa: F401 - their home before; still found here
    FORMAT_VERSION,
    GOVERNORS_LABEL,
    HOLDS_DATABASE,
    HOLDS_GOVERNORS,
    PREVIOUS_LABEL,
    READABLE_VERSIONS,
    RECOVERY_SLOT,
    BadCredentials,
    GovernorsOnly,
    KeyFileError,
    check_keyfile_present,
    keyfile_path,
    pending_keyfile,
)


@dataclass(frozen=True, repr=False)
class Unlocked:
    """What one password opened (never printed: it holds keys).

    ``key`` is the database key (None for a governors' slot), ``governors_key`` the
    governors' key (for a governors' slot), ``authority`` the authority's private half (a
    Headteacher's or the recovery slot), ``vouched`` whether the slot's own MAC vouches for
    the key file's authority (None when it has none to check), and ``slot_private`` the
    slot's own private half (to vouch, or to change the password, without a second scrypt).
    """

    username: str
    key: bytes | None
    governors_key: bytes | None = None
    authority: bytes | None = None
    vouched: bool | None = None
    slot_private: bytes = b""

    @property
    def governors_only(self) -> bool:
        return self.key is None and self.governors_key is not None


log = logging.getLogger(__name__)


def settled_key(db_path: Path | str, unlock: Callable[[KeySlots], bytes]) -> bytes:
    """The key that opens the database, as ``unlock`` takes it from a slot.

    A re-key writes the new slots to a side file, has the database take the new key, then
    puts the side file in place of the key file. If the computer stopped between those
    steps, the side file is still there and one of the two files holds the key the
    database takes: the side file is then put in place (the re-key is finished) or, if the
    database never took the new key, removed. Either way nothing needs doing by hand, and
    a database that reads perfectly well is never mistaken for a damaged one.

    Raises BadCredentials when no slot opens for ``unlock``. When neither key reads the
    file, the key from the key file is returned: the file itself is then the problem,
    which the integrity check at opening reports.
    """
    ring = KeySlots.load(db_path)
    pending = pending_keyfile(db_path)
    if not pending.exists():
        return unlock(ring)
    from flexidesk.store.database import key_opens

    try:
        key = unlock(ring)
    except BadCredentials:
        key = None
    if key is not None and key_opens(db_path, key):
        log.warning("A re-key had stopped before the database took the new key; "
                    "its side file is removed")
        pending.unlink(missing_ok=True)
        return key
    try:
        new_key = unlock(KeySlots.load_file(pending))
    except KeyFileError:
        new_key = None
    if new_key is not None and key_opens(db_path, new_key):
        log.warning("A re-key had stopped after the database took the new key; "
                    "the new key file is put in place")
        os.replace(pending, keyfile_path(db_path))
        return new_key
    if key is None:
        raise BadCredentials("That name and password do not match.")
    return key


def _crypto():
    """The slot cryptography, loaded at the first key operation: showing the sign-in form,
    or opening a plain file, does not wait for the cryptography package to load."""
    from flexidesk.store import slotcrypto

    return slotcrypto


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


#: The recovery key's characters: capitals and digits, none that reads as another (no I,
#: O, 0 or 1), 40 of them printed in 8 groups of 5.
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RECOVERY_LENGTH = 40


def new_recovery_key() -> str:
    """A recovery key a person can type from paper: 8 groups of 5 characters."""
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
    return grouped_recovery_key(raw)


def grouped_recovery_key(raw: str) -> str:
    """40 characters as the key slot knows them: 8 groups of 5, joined by dashes."""
    return "-".join(raw[i:i + 5] for i in range(0, len(raw), 5))


@dataclass
class KeySlots:
    """The slots of one database's key file."""

    path: Path
    slots: dict[str, dict]
    display_names: dict[str, str]
    demo: bool = False  # the fictional demo school: its sign-in screen shows the passwords
    #: The keys the database had before each re-key, sealed under the current key: whoever
    #: can open the database can still open its older backups; nobody else can.
    previous: list[dict] = field(default_factory=list)
    #: The sign-in throttle's state (times of failures only, never a name), kept here so
    #: that deleting a separate state file does not reset it (policy.signin).
    throttle: dict = field(default_factory=dict)
    #: A random name for the school, in every signature and in this computer's memory of it.
    school_id: str = ""
    #: The authority's public half and the chain of its earlier keys ({"public", "chain"}).
    authority: dict = field(default_factory=dict)
    #: username -> {"role", "from", "signature"}; and the signed list of them all.
    grants: dict[str, dict] = field(default_factory=dict)
    roster: dict = field(default_factory=dict)
    #: The governors' key sealed under the database key, so staff can write their file.
    governors: dict = field(default_factory=dict)

    # --- reading and writing ---------------------------------------------------------------

    @classmethod
    def load(cls, db_path: Path | str) -> KeySlots:
        """The key file of the database at ``db_path``."""
        return cls.load_file(keyfile_path(db_path))

    @classmethod
    def load_file(cls, path: Path) -> KeySlots:
        """A key file read from ``path`` (the key file, or a re-key's side file)."""
        try:
            data = json.loads(path.read_text("utf-8"))
        except FileNotFoundError as exc:
            raise KeyFileError(
                f"The key file {path} is missing, so nobody can sign in to this database. "
                "Restore it from the backup folder, or use the recovery key.") from exc
        except (OSError, ValueError) as exc:
            raise KeyFileError(f"The key file {path} cannot be read: it is damaged.") from exc
        if not isinstance(data, dict):
            raise KeyFileError(f"The key file {path} cannot be read: it is damaged.")
        if data.get("version") not in READABLE_VERSIONS:
            raise KeyFileError(f"The key file {path} comes from a newer FlexiDesk.")
        slots = data.get("slots")
        if not isinstance(slots, dict) or not all(isinstance(v, dict) for v in slots.values()):
            raise KeyFileError(
                f"The key file {path} cannot be read: it is damaged. Put back the copy kept "
                "in the backup folder, or use the recovery key.")
        throttle = data.get("throttle")

        def part(name: str) -> dict:
            value = data.get(name)
            return value if isinstance(value, dict) else {}

        return cls(path, slots, data.get("display_names", {}), data.get("demo", False),
                   data.get("previous", []), throttle if isinstance(throttle, dict) else {},
                   str(data.get("school_id") or ""), part("authority"), part("grants"),
                   part("roster"), part("governors"))

    def save(self) -> None:
        """Write atomically, owner-only."""
        data = {"version": FORMAT_VERSION, "school_id": self.school_id, "slots": self.slots,
                "display_names": self.display_names, "demo": self.demo,
                "previous": self.previous, "throttle": self.throttle,
                "authority": self.authority, "grants": self.grants, "roster": self.roster,
                "governors": self.governors}
        atomic_write(self.path, json.dumps(data, indent=1))

    @classmethod
    def create(cls, db_path: Path | str, users: list[tuple[str, str, str]],
               db_key: bytes | None = None, demo: bool = False,
               progress: Callable[[int, int], None] | None = None, *,
               roles: dict[str, str] | None = None, today: str = "",
               signer=None) -> tuple[KeySlots, bytes, str]:
        """A new key file for ``users`` (username, display name, password) plus a recovery slot.

        With ``roles`` (username -> role), the school gets its authority key at once: each
        role is signed from ``today`` (ISO date), governors' slots hold the governors' key
        and Headteacher slots the authority (``signer``, or a new one). Without, the file is as an older FlexiDesk
        wrote it, and the first Headteacher to sign in signs the roles.

        Returns the keyring, the database key and the recovery key (show it once, print it).
        Each slot takes scrypt's deliberate moment; ``progress(done, total)`` hears of each.
        """
        from flexidesk.store import roster

        db_key = db_key or secrets.token_bytes(_crypto().KEY_BYTES)
        recovery = new_recovery_key()
        ring = cls(keyfile_path(db_path), {}, {}, demo)
        governors_key = None
        if roles is not None:
            signer, governors_key = roster.start_authority(ring, db_key, signer)
        total = len(users) + 1
        ring.slots[RECOVERY_SLOT] = _crypto().wrap(db_key, recovery, RECOVERY_SLOT)
        if signer is not None:
            roster.seal_authority_to(ring, RECOVERY_SLOT, signer)
            roster.sign_recovery(ring, signer)
        if progress is not None:
            progress(1, total)
        for done, (username, display, password) in enumerate(users, start=2):
            role = (roles or {}).get(username)
            if role == "governor" and governors_key is not None:
                ring.put_slot(governors_key, username, display, password, holds=HOLDS_GOVERNORS)
            else:
                ring.put_slot(db_key, username, display, password,
                              signer=signer if role == "headteacher" else None)
            if progress is not None:
                progress(done, total)
        if signer is not None and roles is not None:
            for username, role in roles.items():
                roster.set_grant(ring, signer, username, role, today)
            roster.sign_roster(ring, signer)
        ring.save()
        return ring, db_key, recovery

    # --- using it ---------------------------------------------------------------------------

    def usernames(self) -> list[str]:
        """Who may sign in, in a stable order (the recovery slot is not a person)."""
        return sorted(u for u in self.slots if u != RECOVERY_SLOT)

    def holds(self, username: str) -> str:
        """What ``username``'s slot unwraps: HOLDS_DATABASE or HOLDS_GOVERNORS."""
        return str(self.slots.get(username, {}).get("holds") or HOLDS_DATABASE)

    def open(self, username: str, password: str) -> Unlocked:
        """Everything ``password`` opens in ``username``'s slot; else BadCredentials."""
        slot = self.slots.get(username)
        if slot is None:
            # Spend the same effort so timing does not tell whether the name exists.
            _crypto().derive(password, b"\0" * 16)
            raise BadCredentials("That name and password do not match.")
        try:
            private = _crypto().unwrap_private(slot, password, username)
            held = _crypto().open_sealed(slot.get("db_key") or {}, private, username)
        except _crypto().SlotMismatch as exc:
            raise BadCredentials("That name and password do not match.") from exc
        except _crypto().SlotDamaged as exc:
            raise self._damaged_slot(username) from exc
        return self._unlocked(username, slot, private, held)

    def _unlocked(self, label: str, slot: dict, private: bytes, held: bytes) -> Unlocked:
        authority = None
        if "authority" in slot:
            try:
                authority = _crypto().open_sealed(slot["authority"], private,
                                                  label + ":authority")
            except _crypto().SlotMismatch:
                authority = None  # sealed to some other slot: of no use here
        vouched = None
        public = self.authority.get("public")
        if slot.get("authority_mac") and public:
            from flexidesk.store import authority as auth

            vouched = auth.vouches(private, label, str(public), str(slot["authority_mac"]))
        if self.holds(label) == HOLDS_GOVERNORS:
            return Unlocked(label, None, held, authority, vouched, private)
        return Unlocked(label, held, None, authority, vouched, private)

    def _damaged_slot(self, username: str) -> KeyFileError:
        """A slot that cannot be read is the file's problem, never a wrong password."""
        from flexidesk.i18n import _

        return KeyFileError(_(
            "The key file {path} is damaged: the sign-in of {user} cannot be read, so "
            "nothing was opened and nothing has been changed. Put back the copy of the key "
            "file kept in the backup folder, or sign in with the recovery key.").format(
                path=self.path,
                user=_("the recovery key") if username == RECOVERY_SLOT else username))

    def unlock(self, username: str, password: str) -> bytes:
        """The database key, if ``password`` opens ``username``'s slot; else BadCredentials.

        A governors' slot holds no database key: GovernorsOnly."""
        opened = self.open(username, password)
        if opened.key is None:
            raise GovernorsOnly()
        return opened.key

    def open_recovery(self, recovery_key: str) -> Unlocked:
        """What the printed recovery key opens: the database key and the authority."""
        slot = self.slots.get(RECOVERY_SLOT)
        try:
            if slot is None:
                raise KeyError(RECOVERY_SLOT)
            secret = recovery_key.strip().upper()
            private = _crypto().unwrap_private(slot, secret, RECOVERY_SLOT)
            held = _crypto().open_sealed(slot["db_key"], private, RECOVERY_SLOT)
        except (_crypto().SlotMismatch, KeyError) as exc:
            raise BadCredentials("That recovery key does not open this database.") from exc
        except _crypto().SlotDamaged as exc:
            raise self._damaged_slot(RECOVERY_SLOT) from exc
        return self._unlocked(RECOVERY_SLOT, slot, private, held)

    def unlock_recovery(self, recovery_key: str) -> bytes:
        """The database key from the printed recovery key."""
        key = self.open_recovery(recovery_key).key
        assert key is not None  # the recovery slot always holds the database key
        return key

    def put_slot(self, held_key: bytes, username: str, display: str, password: str, *,
                 holds: str = HOLDS_DATABASE, signer=None) -> None:
        """Give a user a slot holding ``held_key`` (with ``signer``, a Headteacher's: the
        authority too, vouched for by the slot itself). Not saved: the caller saves."""
        private = _crypto().new_private()
        slot = _crypto().wrap(held_key, password, username, private)
        if holds != HOLDS_DATABASE:
            slot["holds"] = holds
        self.slots[username] = slot
        self.display_names[username] = display
        if signer is not None:
            from flexidesk.store import roster

            roster.seal_authority_to(self, username, signer)
            roster.vouch_for(self, username, private)

    def add_user(self, db_key: bytes, username: str, display: str, password: str, *,
                 holds: str = HOLDS_DATABASE, signer=None) -> None:
        """Give a user a slot (or a new password), and save."""
        self.put_slot(db_key, username, display, password, holds=holds, signer=signer)
        self.save()

    def change_password(self, opened: Unlocked, password: str) -> None:
        """A new password on the slot ``opened`` came from: same key pair, so everything
        sealed to it stays; the old password stops opening it. Saved."""
        slot = self.slots[opened.username]
        slot.update(_crypto().rewrap(opened.slot_private, password, opened.username))
        self.save()

    def governors_key(self, db_key: bytes) -> bytes | None:
        """The governors' key, opened with the database key (None before the school has one)."""
        if not self.governors:
            return None
        try:
            return _crypto().open_under(self.governors, db_key, GOVERNORS_LABEL)
        except _crypto().SlotMismatch:
            return None

    def remove_user(self, username: str) -> None:
        """Remove a user's slot: their password no longer opens the database."""
        self.slots.pop(username, None)
        self.display_names.pop(username, None)
        self.grants.pop(username, None)
        self.save()

    def reseal_all(self, new_key: bytes, old_key: bytes | None = None, *,
                   governors_key: bytes | None = None) -> None:
        """After a re-key: seal the new database key to every slot that holds it, recovery
        included, and (given) a new governors' key to every governors' slot.

        With ``old_key`` (the key being replaced), it and the keys before it are kept,
        sealed under the new key, so that backups made before the re-key still open.
        """
        if old_key is not None:
            keys = [old_key, *self.previous_keys(old_key)]
            self.previous = [_crypto().seal_under(k, new_key, PREVIOUS_LABEL) for k in keys]
            if governors_key is None:
                governors_key = self.governors_key(old_key)
        from flexidesk.store import roster

        for label, slot in self.slots.items():
            holds = roster.sealed_holds(self, label)
            if holds is None:  # a slot nobody signed a role for: it is given nothing
                slot.pop("db_key", None)
                slot.pop("authority", None)
            elif holds == HOLDS_GOVERNORS:
                slot["holds"] = HOLDS_GOVERNORS
                slot.pop("authority", None)
                if governors_key is not None:
                    slot["db_key"] = _crypto().seal(governors_key, _unb64(slot["public"]), label)
            else:
                slot["db_key"] = _crypto().seal(new_key, _unb64(slot["public"]), label)
        if governors_key is not None:
            self.governors = _crypto().seal_under(governors_key, new_key, GOVERNORS_LABEL)
        self.save()

    def previous_keys(self, current_key: bytes) -> list[bytes]:
        """The database's earlier keys, newest first, opened with its current key."""
        keys = []
        for entry in self.previous:
            try:
                keys.append(_crypto().open_under(entry, current_key, PREVIOUS_LABEL))
            except _crypto().SlotMismatch:
                continue  # sealed under some other key: of no use with this one
        return keys
