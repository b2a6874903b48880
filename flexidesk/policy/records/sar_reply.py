"""The reply to a subject access request: the child's records as the Headteacher decided to
disclose them, and what the covering letter must tell the family (UK GDPR Article 15).

Article 15 gives the family a copy of the data and, with it, the purposes it is used for, the
kinds of data, who receives it, how long it is kept, where it came from, whether any decision
is made by a computer alone, the family's rights (to have it corrected or erased, to restrict
or object to its use) and the right to complain to the Information Commissioner. The facts
that vary by school and child are gathered here; the wording is the document's.
"""

from __future__ import annotations

import base64
import datetime as dt
import re

from flexidesk.i18n import _, ngettext
from flexidesk.policy.records.access import Actor, PolicyError, require
from flexidesk.policy.records.redaction import (
    find_passages,
    redacted,
    scanner_for,
    with_decisions,
)
from flexidesk.policy.records.rights import collect_subject_data
from flexidesk.store.models import Adult, PupilAdult, School, SubjectAccessRequest

PACK_FORMAT = "flexidesk-subject-access-reply/1"


def prepare_pack(actor: Actor, request: SubjectAccessRequest, *,
                 letter_date: dt.date | None = None) -> dict:
    """The whole reply as JSON-safe data (permission "sar.export"): ``records`` as disclosed
    (each redacted passage replaced by ``{"withheld": reason}``), ``withheld`` (where each
    redaction is and why, never what it said), ``cover`` (the letter's facts) and
    ``language``. Refused while any flagged passage waits for the Headteacher's decision."""
    require(actor, "sar.export")
    if request.pupil_id is None:
        raise PolicyError(_("This request is not linked to a child, so there is nothing to "
                            "export."))
    data = collect_subject_data(actor, request.pupil_id)
    decided = with_decisions(request, find_passages(data, scanner_for(request.pupil_id)))
    waiting = sum(1 for p in decided if not p.decided)
    if waiting:
        raise PolicyError(ngettext(
            "{n} passage still needs your decision (keep or redact) before the records can be "
            "exported.",
            "{n} passages still need your decision (keep or redact) before the records can be "
            "exported.", waiting).format(n=waiting))
    from flexidesk.policy.school.preferences import letter_language

    return {
        "format": PACK_FORMAT,
        "language": letter_language(),
        "records": redacted(data, decided),
        "withheld": [{"where": p.where, "reason": p.reason}
                     for p in decided if p.decision == "redact"],
        "kept": sum(1 for p in decided if p.decision == "keep"),
        "cover": cover_facts(request, data, letter_date or dt.date.today()),
    }


def _addressee(request: SubjectAccessRequest) -> Adult | None:
    """The child's adult the requester's words name, if one clearly is ("Mrs Maya Fernleigh
    (mother)" is Maya Fernleigh): the letter then goes to their address."""
    words = {w.casefold() for w in re.findall(r"[^\W\d_]+", request.requester)}
    best = [a for a in Adult.select().join(PupilAdult).where(PupilAdult.pupil == request.pupil_id)
            if a.last_name.casefold() in words
            and (a.first_name.casefold() in words or (a.title or "").casefold() in words)]
    return best[0] if len(best) == 1 else None


def _requester_name(request: SubjectAccessRequest, adult: Adult | None) -> str:
    if adult is not None and adult.title:
        return f"{adult.title} {adult.last_name}"
    return re.sub(r"\s*\([^)]*\)", "", request.requester).strip() or request.requester


def cover_facts(request: SubjectAccessRequest, data: dict, letter_date: dt.date) -> dict:
    """The facts the covering letter states, as plain values."""
    from flexidesk.policy.records.retention import KIND_LABELS, rules

    school = School.select().first()
    if school is None:
        raise PolicyError(_("The school's details have not been entered yet, so the reply "
                            "cannot be written. Please fill in the school's profile first."))
    adult = _addressee(request)
    lines = [line.strip() for line in (school.address or "").splitlines() if line.strip()]
    address: list[str] = []
    if adult is not None:
        address = [adult.full_name, *(ln.strip() for ln in adult.address.splitlines()
                                      if ln.strip())]
        if adult.postcode:
            address.append(adult.postcode)
    placements = data.get("placements", [])
    requests = data.get("flexi_requests", [])
    told_la = any(p.get("la_notified_on") for p in placements) or any(
        a.get("la_notified_on") for r in requests for a in r.get("agreements", []))
    pupil = data["pupil"]
    return {
        "school": {"name": school.name, "address_lines": lines + ([school.postcode]
                                                                  if school.postcode else []),
                   "phone": school.phone, "email": school.email, "website": school.website,
                   "logo": base64.b64encode(school.logo).decode("ascii") if school.logo else "",
                   "nation": school.nation},
        "signatory": school.letter_signatory or school.headteacher_name,
        "signatory_title": school.signatory_title or "",
        "letter_date": letter_date.isoformat(),
        "requester": request.requester,
        "dear": _requester_name(request, adult),
        "address_lines": address,
        "received_on": request.received_on.isoformat(),
        "due_on": request.due_on.isoformat(),
        "child": f"{pupil.get('preferred_name') or pupil['legal_first_name']} "
                 f"{pupil['legal_last_name']}",
        "child_first": pupil.get("preferred_name") or pupil["legal_first_name"],
        "providers": sorted({p["provider"] for p in placements if p.get("provider")}),
        "local_authority": school.local_authority if (told_la or placements or requests) else "",
        "local_authority_told": bool(told_la),
        # Kinds as msgids and periods as numbers: the letter words them in its own language.
        "retention": [{"kind": KIND_LABELS[kind], "years": rule.years,
                       "counted_from": rule.counted_from}
                      for kind, rule in rules().items() if kind in KIND_LABELS],
    }
