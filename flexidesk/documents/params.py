"""The parts of a document's params every kind shares: the school, the child, the signatory.

Params are read from the database once, at issue time, into plain JSON values; documents are
laid out from them alone, so a reprint from the stored params is the same PDF, byte for byte.
"""

from __future__ import annotations

import base64
import datetime as dt

from flexidesk.i18n import N_, _
from flexidesk.policy.records.access import PolicyError
from flexidesk.policy.school.profile import print_size_logo
from flexidesk.store.models import School

#: Titles a signatory may have that a Welsh letter writes in Welsh ("Pennaeth"); a title the
#: school typed otherwise is printed as typed.
TITLES = (N_("Headteacher"), N_("Acting Headteacher"), N_("for the Headteacher"),
          N_("Deputy Headteacher"), N_("Head of School"), N_("Executive Headteacher"),
          N_("Chair of Governors"), N_("Pastoral Lead"), N_("Designated Safeguarding Lead"))

#: How the MIS names an adult's relationship to the child, in words a Welsh letter translates
#: ("mam"); anything else is printed as the MIS wrote it.
RELATIONSHIPS = (N_("mother"), N_("father"), N_("parent"), N_("carer"), N_("guardian"),
                 N_("foster carer"), N_("grandmother"), N_("grandfather"), N_("aunt"),
                 N_("uncle"), N_("stepmother"), N_("stepfather"), N_("sister"),
                 N_("brother"), N_("social worker"))

#: The logo is stored at print size when it is set; older files are shrunk at issue time.
letterhead_logo = print_size_logo


def iso(value: dt.date | None) -> str | None:
    """A date as params keep it (ISO), or None."""
    return value.isoformat() if value else None


def title_words(title: str) -> str:
    """A signatory's title in the language in force: "Pennaeth" in a Welsh letter for a
    school whose signatory is its "Headteacher"."""
    typed = (title or "").strip()
    known = {t.casefold(): t for t in TITLES}
    return _(known[typed.casefold()]) if typed.casefold() in known else typed


def relationship_words(relationship: str) -> str:
    """An adult's relationship to the child in the language in force ("Mother" -> "mam")."""
    typed = (relationship or "").strip()
    known = {r.casefold(): r for r in RELATIONSHIPS}
    key = typed.casefold().replace("-", "")
    return _(known[key]) if key in known else typed


def school_params() -> dict:
    """The school's letterhead and signatory as plain values (the logo as base64)."""
    school = School.select().first()
    if school is None:
        raise PolicyError(_("The school's details have not been entered yet, so letters cannot "
                            "be written. Please fill in the school's profile first."))
    lines = [line.strip() for line in (school.address or "").splitlines() if line.strip()]
    if school.postcode:
        lines.append(school.postcode)
    return {
        "name": school.name, "address_lines": lines, "phone": school.phone,
        "email": school.email, "website": school.website,
        "logo": base64.b64encode(letterhead_logo(school.logo)).decode("ascii"),
        "signatory": school.letter_signatory or school.headteacher_name,
        "signatory_title": school.signatory_title or "Headteacher",
        "headteacher": school.headteacher_name,
        "local_authority": school.local_authority, "la_notify_flexi": bool(school.la_notify_flexi),
    }


def child_params(pupil) -> dict:
    """The child: everyday name for the text, legal name for the reference line."""
    return {"first_name": pupil.preferred_name or pupil.legal_first_name,
            "known_as": pupil.known_as, "legal_name": pupil.legal_name,
            "date_of_birth": iso(pupil.date_of_birth), "year_group": pupil.year_group,
            "class_name": pupil.class_name, "sen_support": bool(pupil.sen_support),
            "ehc_plan": bool(pupil.ehc_plan), "upn": pupil.upn}
