"""Key slots: the random database key, wrapped for each user's password (scrypt + AES-GCM).

The key file sits beside the database (``school.db`` -> ``school.db.keys``). It names the
staff who may sign in (never a child) and holds, for each, the 256-bit database key
sealed for them. Each slot holds an X25519 key pair whose private half is encrypted
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

FORMAT_VERSION = 1
RECOVERY_SLOT = "__recovery__"
PREVIOUS_LABEL = "__previous__"

log = logging.getLogger(__name__)


class KeyFileError(Exception):
    """A key file problem; the message is fit for the user."""


class BadCredentials(KeyFileError):
    """The name and password did not open any slot (never says which was wrong)."""


def keyfile_path(db_path: Path | str) -> Path:
    """Where the key slots of a database live."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".keys")


def check_keyfile_present(db_path: Path | str) -> None:
    """Raise KeyFileError when the database is encrypted but its key file is missing.

    Without it the file looks like a damaged plain database; the user should hear that the
    key file is what is gone, and where a copy is kept.
    """
    db_path = Path(db_path)
    if keyfile_path(db_path).exists() or not db_path.is_file():
        return
    try:
        with open(db_path, "rb") as fh:
            header = fh.read(16)
    except OSError:
        return
    if header and header != b"SQLite format 3\x00":
        raise KeyFileError(
            f"The key file {keyfile_path(db_path)} is missing, so nobody can sign in to this "
            "encrypted database. Put back the copy kept in the backup folder "
            f"({db_path.parent / 'backups' / keyfile_path(db_path).name}).")


def pending_keyfile(db_path: Path | str) -> Path:
    """Where a re-key keeps the new key slots until the database has taken the new key."""
    path = keyfile_path(db_path)
    return path.with_name(path.name + ".pending")


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


def new_recovery_key() -> str:
    """A recovery key a person can type from paper: 8 groups of 5 characters."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(40))
    return "-".join(raw[i:i + 5] for i in range(0, 40, 5))


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
        if data.get("version") != FORMAT_VERSION:
            raise KeyFileError(f"The key file {path} comes from a newer FlexiDesk.")
        slots = data.get("slots")
        if not isinstance(slots, dict) or not all(isinstance(v, dict) for v in slots.values()):
            raise KeyFileError(
                f"The key file {path} cannot be read: it is damaged. Put back the copy kept "
                "in the backup folder, or use the recovery key.")
        throttle = data.get("throttle")
        return cls(path, slots, data.get("display_names", {}), data.get("demo", False),
                   data.get("previous", []), throttle if isinstance(throttle, dict) else {})

    def save(self) -> None:
        """Write atomically, owner-only."""
        data = {"version": FORMAT_VERSION, "slots": self.slots,
                "display_names": self.display_names, "demo": self.demo,
                "previous": self.previous, "throttle": self.throttle}
        atomic_write(self.path, json.dumps(data, indent=1))

    @classmethod
    def create(cls, db_path: Path | str, users: list[tuple[str, str, str]],
               db_key: bytes | None = None, demo: bool = False,
               progress: Callable[[int, int], None] | None = None) -> tuple[KeySlots, bytes, str]:
        """A new key file for ``users`` (username, display name, password) plus a recovery slot.

        Returns the keyring, the database key and the recovery key (show it once, print it).
        Each slot takes scrypt's deliberate moment; ``progress(done, total)`` hears of each.
        """
        db_key = db_key or secrets.token_bytes(_crypto().KEY_BYTES)
        recovery = new_recovery_key()
        ring = cls(keyfile_path(db_path), {}, {}, demo)
        total = len(users) + 1
        ring.slots[RECOVERY_SLOT] = _crypto().wrap(db_key, recovery, RECOVERY_SLOT)
        if progress is not None:
            progress(1, total)
        for done, (username, display, password) in enumerate(users, start=2):
            ring.slots[username] = _crypto().wrap(db_key, password, username)
            ring.display_names[username] = display
            if progress is not None:
                progress(done, total)
        ring.save()
        return ring, db_key, recovery

    # --- using it ---------------------------------------------------------------------------

    def usernames(self) -> list[str]:
        """Who may sign in, in a stable order (the recovery slot is not a person)."""
        return sorted(u for u in self.slots if u != RECOVERY_SLOT)

    def unlock(self, username: str, password: str) -> bytes:
        """The database key, if ``password`` opens ``username``'s slot; else BadCredentials."""
        slot = self.slots.get(username)
        if slot is None:
            # Spend the same effort so timing does not tell whether the name exists.
            _crypto().derive(password, b"\0" * 16)
            raise BadCredentials("That name and password do not match.")
        try:
            return _crypto().unwrap(slot, password, username)
        except _crypto().SlotMismatch as exc:
            raise BadCredentials("That name and password do not match.") from exc
        except _crypto().SlotDamaged as exc:
            raise self._damaged_slot(username) from exc

    def _damaged_slot(self, username: str) -> KeyFileError:
        """A slot that cannot be read is the file's problem, never a wrong password."""
        from flexidesk.i18n import _

        return KeyFileError(_(
            "The key file {path} is damaged: the sign-in of {user} cannot be read, so "
            "nothing was opened and nothing has been changed. Put back the copy of the key "
            "file kept in the backup folder, or sign in with the recovery key.").format(
                path=self.path,
                user=_("the recovery key") if username == RECOVERY_SLOT else username))

    def unlock_recovery(self, recovery_key: str) -> bytes:
        """The database key from the printed recovery key."""
        try:
            return _crypto().unwrap(self.slots[RECOVERY_SLOT], recovery_key.strip().upper(),
                           RECOVERY_SLOT)
        except (_crypto().SlotMismatch, KeyError) as exc:
            raise BadCredentials("That recovery key does not open this database.") from exc
        except _crypto().SlotDamaged as exc:
            raise self._damaged_slot(RECOVERY_SLOT) from exc

    def add_user(self, db_key: bytes, username: str, display: str, password: str) -> None:
        """Give a user a slot (or a new password)."""
        self.slots[username] = _crypto().wrap(db_key, password, username)
        self.display_names[username] = display
        self.save()

    def remove_user(self, username: str) -> None:
        """Remove a user's slot: their password no longer opens the database."""
        self.slots.pop(username, None)
        self.display_names.pop(username, None)
        self.save()

    def reseal_all(self, new_key: bytes, old_key: bytes | None = None) -> None:
        """After a re-key: seal the new database key to every remaining slot, recovery included.

        With ``old_key`` (the key being replaced), it and the keys before it are kept,
        sealed under the new key, so that backups made before the re-key still open.
        """
        if old_key is not None:
            keys = [old_key, *self.previous_keys(old_key)]
            self.previous = [_crypto().seal_under(k, new_key, PREVIOUS_LABEL) for k in keys]
        for label, slot in self.slots.items():
            slot["db_key"] = _crypto().seal(new_key, _unb64(slot["public"]), label)
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
