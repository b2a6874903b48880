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
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

FORMAT_VERSION = 1
KEY_BYTES = 32
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**16, 8, 1  # 128 * r * n bytes = 64 MiB of memory
RECOVERY_SLOT = "__recovery__"


class KeyringError(Exception):
    """A key file problem; the message is fit for the user."""


class BadCredentials(KeyringError):
    """The name and password did not open any slot (never says which was wrong)."""


def keyfile_path(db_path: Path | str) -> Path:
    """Where the key slots of a database live."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".keys")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _derive(secret: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R,
            p: int = SCRYPT_P) -> bytes:
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(secret.encode("utf-8"))


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _seal_key(shared: bytes, label: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None,
                info=b"flexidesk-slot:" + label.encode("utf-8")).derive(shared)


def _seal(db_key: bytes, public_raw: bytes, label: str) -> dict:
    """Encrypt the database key to a slot's public key (ephemeral X25519 + HKDF + AES-GCM)."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_raw))
    nonce = os.urandom(12)
    sealed = AESGCM(_seal_key(shared, label)).encrypt(nonce, db_key, label.encode("utf-8"))
    return {"ephemeral": _b64(_raw_public(ephemeral.public_key())), "nonce": _b64(nonce),
            "sealed": _b64(sealed)}


def _wrap(db_key: bytes, secret: str, label: str) -> dict:
    """A new slot for ``secret``: a key pair, its private half under the secret, the key sealed."""
    private = X25519PrivateKey.generate()
    private_raw = private.private_bytes(serialization.Encoding.Raw,
                                        serialization.PrivateFormat.Raw,
                                        serialization.NoEncryption())
    salt, nonce = os.urandom(16), os.urandom(12)
    kek = _derive(secret, salt)
    public_raw = _raw_public(private.public_key())
    return {"salt": _b64(salt), "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
            "nonce": _b64(nonce), "public": _b64(public_raw),
            "private": _b64(AESGCM(kek).encrypt(nonce, private_raw, label.encode("utf-8"))),
            "db_key": _seal(db_key, public_raw, label)}


def _unwrap(slot: dict, secret: str, label: str) -> bytes:
    kek = _derive(secret, _unb64(slot["salt"]), slot["n"], slot["r"], slot["p"])
    private_raw = AESGCM(kek).decrypt(_unb64(slot["nonce"]), _unb64(slot["private"]),
                                      label.encode("utf-8"))
    sealed = slot["db_key"]
    private = X25519PrivateKey.from_private_bytes(private_raw)
    shared = private.exchange(X25519PublicKey.from_public_bytes(_unb64(sealed["ephemeral"])))
    return AESGCM(_seal_key(shared, label)).decrypt(
        _unb64(sealed["nonce"]), _unb64(sealed["sealed"]), label.encode("utf-8"))


def new_recovery_key() -> str:
    """A recovery key a person can type from paper: 8 groups of 5 characters."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(40))
    return "-".join(raw[i:i + 5] for i in range(0, 40, 5))


@dataclass
class Keyring:
    """The slots of one database's key file."""

    path: Path
    slots: dict[str, dict]
    display_names: dict[str, str]
    demo: bool = False  # the fictional demo school: its sign-in screen shows the passwords

    # --- reading and writing ---------------------------------------------------------------

    @classmethod
    def load(cls, db_path: Path | str) -> Keyring:
        path = keyfile_path(db_path)
        try:
            data = json.loads(path.read_text("utf-8"))
        except FileNotFoundError as exc:
            raise KeyringError(
                f"The key file {path} is missing, so nobody can sign in to this database. "
                "Restore it from the backup folder, or use the recovery key.") from exc
        except (OSError, ValueError) as exc:
            raise KeyringError(f"The key file {path} cannot be read: it is damaged.") from exc
        if data.get("version") != FORMAT_VERSION:
            raise KeyringError(f"The key file {path} comes from a newer FlexiDesk.")
        return cls(path, data["slots"], data.get("display_names", {}), data.get("demo", False))

    def save(self) -> None:
        """Write atomically, owner-only."""
        data = {"version": FORMAT_VERSION, "slots": self.slots,
                "display_names": self.display_names, "demo": self.demo}
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    @classmethod
    def create(cls, db_path: Path | str, users: list[tuple[str, str, str]],
               db_key: bytes | None = None, demo: bool = False) -> tuple[Keyring, bytes, str]:
        """A new key file for ``users`` (username, display name, password) plus a recovery slot.

        Returns the keyring, the database key and the recovery key (show it once, print it).
        """
        db_key = db_key or secrets.token_bytes(KEY_BYTES)
        recovery = new_recovery_key()
        ring = cls(keyfile_path(db_path), {}, {}, demo)
        ring.slots[RECOVERY_SLOT] = _wrap(db_key, recovery, RECOVERY_SLOT)
        for username, display, password in users:
            ring.slots[username] = _wrap(db_key, password, username)
            ring.display_names[username] = display
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
            _derive(password, b"\0" * 16)
            raise BadCredentials("That name and password do not match.")
        try:
            return _unwrap(slot, password, username)
        except InvalidTag as exc:
            raise BadCredentials("That name and password do not match.") from exc

    def unlock_recovery(self, recovery_key: str) -> bytes:
        """The database key from the printed recovery key."""
        try:
            return _unwrap(self.slots[RECOVERY_SLOT], recovery_key.strip().upper(),
                           RECOVERY_SLOT)
        except (InvalidTag, KeyError) as exc:
            raise BadCredentials("That recovery key does not open this database.") from exc

    def add_user(self, db_key: bytes, username: str, display: str, password: str) -> None:
        """Give a user a slot (or a new password)."""
        self.slots[username] = _wrap(db_key, password, username)
        self.display_names[username] = display
        self.save()

    def remove_user(self, username: str) -> None:
        """Remove a user's slot: their password no longer opens the database."""
        self.slots.pop(username, None)
        self.display_names.pop(username, None)
        self.save()

    def reseal_all(self, new_key: bytes) -> None:
        """After a re-key: seal the new database key to every remaining slot, recovery included."""
        for label, slot in self.slots.items():
            slot["db_key"] = _seal(new_key, _unb64(slot["public"]), label)
        self.save()
