"""The school's authority key (Ed25519): who holds which role is signed, not stored.

The private half is sealed only into Headteacher slots and the recovery slot of the key
file; the key file holds the public half. Three kinds of statement are signed:

- a *grant*: (school, user name, role, from-date), one per account;
- the *roster*: the whole list of grants with a serial number, so that a grant removed,
  re-inserted from an older key file or added by hand is noticed;
- an *endorsement*: a new authority key signed by the one before it (after a re-key), so
  that a computer or a Headteacher's slot that knew the old key can follow to the new one.

A Headteacher's slot also carries a MAC of the authority's public key under a key only
that slot's password opens: someone who can seal a key of their own to the slot (which
needs only its public half) cannot make the slot vouch for it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

GRANT = "flexidesk-role-v1"
ROSTER = "flexidesk-roster-v1"
ENDORSE = "flexidesk-authority-v1"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _message(*parts) -> bytes:
    return json.dumps(list(parts), separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def grant_message(school_id: str, username: str, role: str, from_date: str) -> bytes:
    """What a grant's signature covers."""
    return _message(GRANT, school_id, username, role, from_date)


def roster_digest(grants: dict[str, dict]) -> str:
    """A digest of every grant in the key file (user, role, from-date, signature)."""
    rows = sorted((str(u), str(g.get("role")), str(g.get("from")), str(g.get("signature")))
                  for u, g in grants.items())
    return hashlib.sha256(_message(*rows)).hexdigest()


def roster_message(school_id: str, serial: int, grants: dict[str, dict]) -> bytes:
    """What the roster's signature covers."""
    return _message(ROSTER, school_id, serial, roster_digest(grants))


def endorse_message(school_id: str, public_b64: str) -> bytes:
    """What an endorsement of a new authority key covers."""
    return _message(ENDORSE, school_id, public_b64)


@dataclass(frozen=True, repr=False)
class Signer:
    """The authority's private half, in memory for a Headteacher's session only."""

    private_raw: bytes

    @classmethod
    def generate(cls) -> Signer:
        key = Ed25519PrivateKey.generate()
        return cls(key.private_bytes(serialization.Encoding.Raw,
                                     serialization.PrivateFormat.Raw,
                                     serialization.NoEncryption()))

    @property
    def public(self) -> str:
        """The public half, base64, as the key file writes it."""
        key = Ed25519PrivateKey.from_private_bytes(self.private_raw).public_key()
        return b64(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))

    def sign(self, message: bytes) -> str:
        return b64(Ed25519PrivateKey.from_private_bytes(self.private_raw).sign(message))


def verify(public_b64: str, message: bytes, signature_b64: str) -> bool:
    """Whether ``signature_b64`` is the authority's signature of ``message``."""
    try:
        Ed25519PublicKey.from_public_bytes(unb64(public_b64)).verify(unb64(signature_b64),
                                                                     message)
        return True
    except (InvalidSignature, ValueError, TypeError):
        return False


def vouch(slot_private_raw: bytes, label: str, public_b64: str) -> str:
    """A slot's MAC over the authority's public key: only the slot's password can make it."""
    key = hmac.new(slot_private_raw, b"flexidesk-authority-pin:" + label.encode("utf-8"),
                   hashlib.sha256).digest()
    return hmac.new(key, public_b64.encode("ascii"), hashlib.sha256).hexdigest()


def vouches(slot_private_raw: bytes, label: str, public_b64: str, mac: str) -> bool:
    return hmac.compare_digest(vouch(slot_private_raw, label, public_b64), mac)


def fingerprint(public_b64: str) -> str:
    """A short form of a public key for people: 16 hex digits in groups of four."""
    digits = hashlib.sha256(public_b64.encode("ascii")).hexdigest()[:16].upper()
    return "-".join(digits[i:i + 4] for i in range(0, 16, 4))


def chain_leads(chain: list[dict], school_id: str, start_b64: str) -> bool:
    """Whether the key file's chain of authority keys leads, by endorsements, from
    ``start_b64`` (a key someone knew) to its newest key."""
    publics = [str(link.get("public")) for link in chain]
    if start_b64 not in publics:
        return False
    links = chain[publics.index(start_b64):]
    return all(verify(str(before.get("public")),
                      endorse_message(school_id, str(after.get("public"))),
                      str(after.get("endorsement")))
               for before, after in zip(links, links[1:], strict=False))
