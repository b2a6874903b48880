"""The school's own details that every letter prints: name, address, signatory, logo."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from io import BytesIO
from typing import Any

from flexidesk.i18n import _
from flexidesk.policy.records import access
from flexidesk.policy.records.access import Actor, PolicyError, action
from flexidesk.policy.text import LINE, NAME, PARAGRAPH, bounded, postcode
from flexidesk.store import audit
from flexidesk.store.models import NATIONS, School

#: A logo is drawn at most 22 mm tall; 600 pixels is print quality with room to spare.
LOGO_MAX_PIXELS = 600
#: A picture file bigger than this is a photograph, not a letterhead logo.
LOGO_MAX_BYTES = 10_000_000


@dataclass(frozen=True)
class SchoolDetails:
    """What the school-details form shows and saves."""

    name: str
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    nation: str = "ENG"
    local_authority: str = ""
    la_notify_flexi: bool = False
    letter_signatory: str = ""
    signatory_title: str = ""
    dsl_name: str = ""  # the designated safeguarding lead, named in AP agreements
    dsl_phone: str = ""


def details() -> SchoolDetails:
    """The school's details as saved (no child's data, so no permission is needed to read)."""
    school = School.select().first()
    if school is None:
        return SchoolDetails("")
    return SchoolDetails(**{f.name: getattr(school, f.name) for f in fields(SchoolDetails)})


def logo() -> bytes:
    """The letterhead logo as stored, at print size (b"" when the school has none)."""
    school = School.select(School.logo).first()
    return bytes(school.logo) if school is not None and school.logo else b""


def _checked(values: SchoolDetails) -> dict:
    one_line = {"name": (_("The school's name"), LINE, True),
                "postcode": (_("Postcode"), NAME, False),
                "phone": (_("Telephone"), NAME, False),
                "email": (_("Email"), LINE, False),
                "website": (_("Website"), LINE, False),
                "local_authority": (_("Local authority"), LINE, False),
                "letter_signatory": (_("Letters signed by"), NAME, True),
                "signatory_title": (_("Their title"), NAME, True),
                "dsl_name": (_("Designated safeguarding lead"), NAME, False),
                "dsl_phone": (_("Safeguarding lead's telephone"), NAME, False)}
    clean: dict[str, Any] = {name: bounded(getattr(values, name), label, limit, required=required,
                           single_line=True)
             for name, (label, limit, required) in one_line.items()}
    clean["postcode"] = postcode(clean["postcode"], _("Postcode"))
    address = bounded(values.address, _("Address"), PARAGRAPH)
    if len(address.splitlines()) > 6:
        raise PolicyError(_("The address has more than six lines; letters show at most six."))
    clean["address"] = "\n".join(line.strip() for line in address.splitlines() if line.strip())
    if clean["email"] and ("@" not in clean["email"] or " " in clean["email"]):
        raise PolicyError(_("The email address does not look right (it needs an @)."))
    if values.nation not in NATIONS:
        raise PolicyError(_("Please choose England, Wales, Scotland or Northern Ireland."))
    clean["nation"] = values.nation
    clean["la_notify_flexi"] = bool(values.la_notify_flexi)
    return clean


@action("school.edit")
def update_details(actor: Actor, values: SchoolDetails) -> School:
    """Save the school's details; the next letter prints them. Only what changed is audited."""
    clean = _checked(values)
    school = School.select().first()
    if school is None:
        raise PolicyError(_("There is no school in this file to edit."))
    changed = {k: v for k, v in clean.items() if getattr(school, k) != v}
    if not changed:
        return school
    return access.update(actor, "school.edit", school, **changed)


def print_size_logo(data: bytes | None) -> bytes:
    """A logo at print size as a JPEG on white paper (b'' when none or unreadable).

    A JPEG goes into a PDF as it is, so every render (and reprint) skips decoding and
    recompressing the picture.
    """
    if not data:
        return b""
    from PIL import Image, UnidentifiedImageError  # ReportLab's own dependency

    try:
        with Image.open(BytesIO(bytes(data))) as image:
            image.load()
            if image.format == "JPEG" and image.mode == "RGB" and \
                    max(image.size) <= LOGO_MAX_PIXELS:
                return bytes(data)
            image.thumbnail((LOGO_MAX_PIXELS, LOGO_MAX_PIXELS))
            rgba = image.convert("RGBA")
            paper = Image.new("RGB", rgba.size, "white")
            paper.paste(rgba, mask=rgba.getchannel("A"))  # transparency shows the paper
            out = BytesIO()
            paper.save(out, "JPEG", quality=92)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return b""  # a damaged logo must never stop a letter


@action("school.edit")
def set_logo(actor: Actor, picture: bytes | None) -> bool:
    """Store the letterhead logo at print size (None removes it); audited. True if one is set.

    The picture is a PNG or JPEG (the window draws an SVG into a PNG first); it is kept
    already shrunk, so letters embed it without work.
    """
    school = School.select().first()
    if school is None:
        raise PolicyError(_("There is no school in this file to edit."))
    stored = None
    if picture is not None:
        if len(picture) > LOGO_MAX_BYTES:
            raise PolicyError(_("This picture is too big for a logo (at most 10 MB)."))
        stored = print_size_logo(picture)
        if not stored:
            raise PolicyError(_("This file is not a picture FlexiDesk can use. Choose a PNG, "
                                "JPEG or SVG file."))
    before = _fingerprint(school.logo)
    school.logo = stored
    school.save(only=[School.logo])
    # The audit keeps a fingerprint of each picture, not tens of kilobytes of it.
    audit.record(actor.username, "school.logo", "school", school.id,
                 before={"logo": before}, after={"logo": _fingerprint(stored)})
    return stored is not None


def _fingerprint(picture: bytes | None) -> str | None:
    return hashlib.sha256(bytes(picture)).hexdigest()[:16] if picture else None
