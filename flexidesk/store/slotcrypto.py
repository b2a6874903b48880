"""The cryptography of a key slot: scrypt for the secret, X25519 + HKDF + AES-GCM for the seal.

Kept apart from ``keyslots`` (which reads and writes key files) so that the cryptography
package loads only when a key is actually derived, sealed or opened.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

#: The database key and every key derived here are 256 bits.
KEY_BYTES = 32
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**16, 8, 1  # 128 * r * n bytes = 64 MiB of memory


class SlotMismatch(Exception):
    """The secret (or the slot's label) does not open this slot."""


class SlotDamaged(Exception):
    """A slot lacks a field, or a field is not what FlexiDesk writes (not a password problem)."""


#: Each base64 field of a slot and the length it decodes to.
_SLOT_BYTES = {"salt": 16, "nonce": 12, "public": 32, "private": KEY_BYTES + 16}
_SEALED_BYTES = {"ephemeral": 32, "nonce": 12, "sealed": KEY_BYTES + 16}
#: scrypt's cost as FlexiDesk writes it, and a ceiling: a slot asking for more memory than
#: this (an edited file) is damaged, not a reason to fill the laptop's memory.
_SCRYPT_LIMITS = {"n": (2**10, 2**20), "r": (1, 32), "p": (1, 16)}


def _exact_b64(value: object, length: int) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return len(base64.b64decode(value.encode("ascii"), validate=True)) == length
    except (ValueError, UnicodeEncodeError):
        return False


def check_slot(slot: object) -> None:
    """Raise SlotDamaged unless ``slot`` has every field, each of the shape ``wrap`` writes."""
    if not isinstance(slot, dict) or not isinstance(slot.get("db_key"), dict):
        raise SlotDamaged
    for name, length in _SLOT_BYTES.items():
        if not _exact_b64(slot.get(name), length):
            raise SlotDamaged(name)
    for name, length in _SEALED_BYTES.items():
        if not _exact_b64(slot["db_key"].get(name), length):
            raise SlotDamaged(f"db_key.{name}")
    for name, (low, high) in _SCRYPT_LIMITS.items():
        value = slot.get(name)
        if type(value) is not int or not low <= value <= high:
            raise SlotDamaged(name)
    if slot["n"] & (slot["n"] - 1):
        raise SlotDamaged("n")  # scrypt needs a power of two


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def derive(secret: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R,
            p: int = SCRYPT_P) -> bytes:
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(secret.encode("utf-8"))


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _seal_key(shared: bytes, label: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None,
                info=b"flexidesk-slot:" + label.encode("utf-8")).derive(shared)


def seal(db_key: bytes, public_raw: bytes, label: str) -> dict:
    """Encrypt the database key to a slot's public key (ephemeral X25519 + HKDF + AES-GCM)."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_raw))
    nonce = os.urandom(12)
    sealed = AESGCM(_seal_key(shared, label)).encrypt(nonce, db_key, label.encode("utf-8"))
    return {"ephemeral": _b64(_raw_public(ephemeral.public_key())), "nonce": _b64(nonce),
            "sealed": _b64(sealed)}


def new_private() -> bytes:
    """A fresh X25519 private half for a slot."""
    return X25519PrivateKey.generate().private_bytes(serialization.Encoding.Raw,
                                                     serialization.PrivateFormat.Raw,
                                                     serialization.NoEncryption())


def public_of(private_raw: bytes) -> bytes:
    """The public half of a slot's private half."""
    return _raw_public(X25519PrivateKey.from_private_bytes(private_raw).public_key())


def wrap(db_key: bytes, secret: str, label: str, private_raw: bytes | None = None) -> dict:
    """A new slot for ``secret``: a key pair, its private half under the secret, the key sealed."""
    private_raw = private_raw or new_private()
    public_raw = public_of(private_raw)
    return {**rewrap(private_raw, secret, label), "public": _b64(public_raw),
            "db_key": seal(db_key, public_raw, label)}


def unwrap(slot: dict, secret: str, label: str) -> bytes:
    """The key held in ``slot``; SlotMismatch if ``secret`` does not open it, SlotDamaged if
    the slot itself is not whole."""
    return open_sealed(slot["db_key"], unwrap_private(slot, secret, label), label)


def unwrap_private(slot: dict, secret: str, label: str) -> bytes:
    """The slot's own X25519 private half; SlotMismatch if ``secret`` does not open it,
    SlotDamaged if the slot itself is not whole."""
    check_slot(slot)
    kek = derive(secret, _unb64(slot["salt"]), slot["n"], slot["r"], slot["p"])
    try:
        return AESGCM(kek).decrypt(_unb64(slot["nonce"]), _unb64(slot["private"]),
                                   label.encode("utf-8"))
    except InvalidTag as exc:
        raise SlotMismatch from exc


def open_sealed(sealed: dict, private_raw: bytes, label: str) -> bytes:
    """What ``seal`` sealed to the slot whose private half is ``private_raw``."""
    try:
        private = X25519PrivateKey.from_private_bytes(private_raw)
        shared = private.exchange(X25519PublicKey.from_public_bytes(_unb64(sealed["ephemeral"])))
        return AESGCM(_seal_key(shared, label)).decrypt(
            _unb64(sealed["nonce"]), _unb64(sealed["sealed"]), label.encode("utf-8"))
    except (InvalidTag, KeyError, ValueError) as exc:
        raise SlotMismatch from exc


def rewrap(private_raw: bytes, secret: str, label: str) -> dict:
    """The slot's private half encrypted under a new secret (a changed password): the slot's
    key pair, and so everything sealed to it, stays as it was."""
    salt, nonce = os.urandom(16), os.urandom(12)
    kek = derive(secret, salt)
    return {"salt": _b64(salt), "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
            "nonce": _b64(nonce),
            "private": _b64(AESGCM(kek).encrypt(nonce, private_raw, label.encode("utf-8")))}


def seal_under(secret: bytes, key: bytes, label: str) -> dict:
    """``secret`` encrypted under the 256-bit ``key`` (AES-GCM, ``label`` bound in)."""
    nonce = os.urandom(12)
    return {"nonce": _b64(nonce),
            "sealed": _b64(AESGCM(key).encrypt(nonce, secret, label.encode("utf-8")))}


def open_under(entry: dict, key: bytes, label: str) -> bytes:
    """What ``seal_under`` sealed; SlotMismatch if ``key`` (or ``label``) is not the one."""
    try:
        return AESGCM(key).decrypt(_unb64(entry["nonce"]), _unb64(entry["sealed"]),
                                   label.encode("utf-8"))
    except (InvalidTag, KeyError, ValueError) as exc:
        raise SlotMismatch from exc
