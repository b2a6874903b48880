"""The governors' file beside the database (``school.db.governors``): what governors may see,
encrypted under the governors' key.

A governor's key slot opens the governors' key and nothing else, so a governor with the
key file, their password and Python can read this file and no other. Staff, who hold the
database key, open the governors' key through it (``KeySlots.governors_key``) to write it.
The content is plain data (policy.records.governors builds and reads it); this module only
seals and opens it.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from flexidesk.i18n import _
from flexidesk.store.files import atomic_write

SUFFIX = ".governors"
FORMAT = 1


class GovernorsFileError(Exception):
    """The governors' file is missing, damaged or not for this key; fit for the user."""


def governors_path(db_path: Path | str) -> Path:
    """Where the governors' file of a database lives."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + SUFFIX)


def _aad(school_id: str) -> bytes:
    return b"flexidesk-governors:" + school_id.encode("utf-8")


def write(db_path: Path | str, governors_key: bytes, school_id: str, payload: dict) -> None:
    """Seal ``payload`` (plain JSON data) under the governors' key, atomically, owner-only.

    Raises OSError (disk full, read-only folder) for the caller to report."""
    nonce = os.urandom(12)
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    sealed = AESGCM(governors_key).encrypt(nonce, body, _aad(school_id))
    atomic_write(governors_path(db_path), json.dumps({
        "format": FORMAT, "school_id": school_id,
        "nonce": base64.b64encode(nonce).decode("ascii"),
        "sealed": base64.b64encode(sealed).decode("ascii")}))


def read(db_path: Path | str, governors_key: bytes) -> dict:
    """The payload, opened with the governors' key; GovernorsFileError if it cannot be."""
    path = governors_path(db_path)
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise GovernorsFileError(_(
            "There is no governors' report beside the school's database yet ({path}). The "
            "Headteacher publishes it from the Tools menu.").format(path=path)) from exc
    except (OSError, ValueError) as exc:
        raise GovernorsFileError(_("The governors' report {path} cannot be read: it is "
                                   "damaged.").format(path=path)) from exc
    try:
        if data.get("format") != FORMAT:
            raise ValueError("format")
        body = AESGCM(governors_key).decrypt(base64.b64decode(data["nonce"]),
                                             base64.b64decode(data["sealed"]),
                                             _aad(str(data["school_id"])))
        return json.loads(body.decode("utf-8"))
    except (InvalidTag, KeyError, ValueError, TypeError, AttributeError) as exc:
        raise GovernorsFileError(_(
            "The governors' report {path} does not open with the governors' key: it was "
            "written for another key, or altered. Ask the Headteacher to publish it "
            "again.").format(path=path)) from exc
