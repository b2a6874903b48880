"""What the flexi-schooling documents show, read from the database once at issue time.

``build_flexi_params`` snapshots the request into plain JSON values; ``flexi_letters`` lays
them out without touching the database, so a reprint is the same PDF, byte for byte.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flexidesk.documents import family
from flexidesk.documents.params import child_params, iso, school_params
from flexidesk.i18n import _
from flexidesk.policy.flexi.agreement import agreement_review_dates
from flexidesk.policy.flexi.parties import same_person
from flexidesk.policy.records.access import Actor, PolicyError, require, viewed
from flexidesk.store.models import (
    AgreementParty,
    FactorAssessment,
    FlexiAgreement,
    FlexiAlternative,
    FlexiDecision,
    FlexiMeeting,
    FlexiRequest,
    FlexiRequestAdult,
    School,
    StaffUser,
)

KINDS = ("flexi_invitation", "flexi_decision", "flexi_agreement", "flexi_end")


def family_params(request: FlexiRequest) -> dict:
    """Who the letter is to: the request's adults, or failing that those who receive letters;
    a copy for each household."""
    adults = [link.adult for link in FlexiRequestAdult.select().where(
        FlexiRequestAdult.request == request).order_by(FlexiRequestAdult.id)]
    return family.family_params(adults or family.letter_adults(request.pupil_id))


#: Kept for callers that name them here.
letter_adults = family.letter_adults


def addressees(adults: list) -> dict:
    """The names, address blocks and greetings of a letter to ``adults`` (a copy a household)."""
    return family.family_params(adults)


def _meeting_params(request: FlexiRequest) -> dict | None:
    meeting = (FlexiMeeting.select().where(FlexiMeeting.request == request)
               .order_by(FlexiMeeting.id.desc()).first())
    if meeting is None:
        return None
    params = {"date": iso(meeting.meeting_date),
              "time": meeting.meeting_time.strftime("%H:%M") if meeting.meeting_time else None,
              "place": meeting.place}
    if meeting.held and meeting.head_present is False:
        params["head_present"] = False  # the letter must not thank them for meeting the Head
    return params


def _agreement_params(request: FlexiRequest) -> dict | None:
    agreement = FlexiAgreement.get_or_none(FlexiAgreement.request == request)
    if agreement is None:
        return None
    parties = [{"name": p.name, "capacity": p.capacity, "signed_on": iso(p.signed_on)}
               for p in AgreementParty.select().where(AgreementParty.agreement == agreement)
               .order_by(AgreementParty.id)]
    return {"start_date": iso(agreement.start_date), "home_sessions": agreement.home_sessions,
            "review_dates": [d.isoformat() for d in agreement_review_dates(agreement)],
            "first_review_date": iso(agreement.first_review_date),
            "review_interval_weeks": agreement.review_interval_weeks,
            "notice_weeks": agreement.notice_weeks, "home_educator": agreement.home_educator,
            "special_terms": agreement.special_terms, "parties": parties}


def _decision_params(request: FlexiRequest) -> dict | None:
    decision = FlexiDecision.get_or_none(FlexiDecision.request == request)
    if decision is None:
        return None
    return {"outcome": decision.outcome, "decided_on": iso(decision.decided_on),
            "due_on": iso(decision.due_on), "reasons": decision.reasons}


def head_params(school: dict) -> dict:
    """The Headteacher, who meets the family: the school's signatory only when that is the
    Head (a deputy who signs other letters never stands in for the Head's meeting)."""
    row = School.select().first()
    head = (row.headteacher_name or "").strip() if row else ""
    if not head or same_person(school["signatory"], head):
        return {"signatory": school["signatory"], "signatory_title": school["signatory_title"]}
    # Kept in English: each language of the letter writes the title its own way.
    return {"signatory": head, "signatory_title": "Headteacher"}


def signer_params(decision: FlexiDecision, school: dict) -> dict:
    """Who signs a decision: whoever decided, in their own name. For the Headteacher that is
    the Head (``head_params``), never a deputy who is the school's letter signatory."""
    decider = StaffUser.get_or_none(StaffUser.id == decision.decided_by_id)
    row = School.select().first()
    # "Ada Quill" the account is "Ms Ada Quill" the Headteacher: a title may differ.
    if decider is None or (row is not None
                           and same_person(decider.display_name, row.headteacher_name or "")):
        return head_params(school)
    # Kept in English: each language of the letter writes the title its own way.
    title = "Acting Headteacher" if decider.role == "headteacher" else "for the Headteacher"
    return {"signatory": decider.display_name, "signatory_title": title}


def build_flexi_params(actor: Actor, kind: str, *, request_id: int,
                       letter_date: dt.date | None = None, language: str | None = None) -> dict:
    """Everything ``kind`` shows about the request, as JSON values, read now for ``actor``.

    The letter names the family and their address, so only a role that may issue letters
    reads them ("document.issue"), checked before anything is read; the read is recorded as
    a view of the child, since the preview shows it whether or not it is issued.
    ``language`` ('en', 'cy' or 'cy+en'; default the school's setting) is kept in the
    params, so a reprint comes out in the language the family first received.
    """
    from flexidesk.policy.school.preferences import letter_language
    if kind not in KINDS:
        raise ValueError(f"not a flexi document: {kind}")
    require(actor, "document.issue")
    request = FlexiRequest.get_or_none(FlexiRequest.id == request_id)
    if request is None:
        raise PolicyError(_("This request could not be found. It may have been removed."))
    params = _flexi_params(kind, request, letter_date, language or letter_language())
    viewed(actor, "letter", request.pupil_id, request.id, permission="document.issue")
    return params


def _flexi_params(kind: str, request: FlexiRequest, letter_date: dt.date | None,
                  language: str) -> dict:
    """The params of ``kind`` for ``request`` (PolicyError while it cannot be written yet)."""
    params: dict[str, Any] = {  # a JSON snapshot, one section per key
        "kind": kind,
        "language": language,
        "letter_date": (letter_date or dt.date.today()).isoformat(),
        "school": school_params(),
        "child": child_params(request.pupil),
        "family": family_params(request),
        "request": {"id": request.id, "received_on": iso(request.received_on),
                    "requested_sessions": request.requested_sessions},
        "meeting": _meeting_params(request),
    }
    from flexidesk.policy.ourpolicy import policy_of

    began_under = policy_of(request.policy_version_id)
    # Whether the LA is told is the rule of the version the request began under.
    params["school"]["la_notify_flexi"] = began_under.la_told
    policy = began_under.as_params()
    if policy is not None:  # the version of our policy the request runs under
        params["policy"] = policy
    if kind == "flexi_invitation":
        if params["meeting"] is None:
            raise PolicyError(_("Please arrange the meeting before writing the invitation."))
        params["signer"] = head_params(params["school"])  # the Head invites, meets and signs
        return params
    if kind == "flexi_end":
        agreement = FlexiAgreement.get_or_none(FlexiAgreement.request == request)
        if request.end_reason not in ("notice_school", "notice_family") or agreement is None:
            raise PolicyError(_("This arrangement has not ended with notice, so there is no "
                                "end letter to write."))
        params["end"] = {"reason": request.end_reason, "ended_on": iso(request.ended_on),
                         "notice_given_on": iso(request.notice_given_on),
                         "agreed_notice_weeks": agreement.notice_weeks,
                         "short_notice_reason": request.short_notice_reason}
        return params
    params["decision"] = _decision_params(request)
    if params["decision"] is None:
        raise PolicyError(_("No decision has been recorded yet, so this document cannot be "
                            "written."))
    params["signer"] = signer_params(FlexiDecision.get(FlexiDecision.request == request),
                                     params["school"])
    params["agreement"] = _agreement_params(request)
    if kind == "flexi_agreement":
        if params["agreement"] is None:
            raise PolicyError(_("Please draft the agreement before printing it."))
        return params
    # Nothing internal reaches the letter unless the Headteacher ticked it: a consideration
    # (its rating and note) only when ticked, the governing-body notes likewise.
    params["factors"] = [{"code": f.factor, "rating": f.rating, "note": f.note}
                         for f in FactorAssessment.select().where(
                             FactorAssessment.request == request,
                             FactorAssessment.in_letter == True)  # noqa: E712
                         .order_by(FactorAssessment.id)]
    params["needs_met_in_school"] = request.needs_met_in_school
    params["needs_met_notes"] = request.needs_met_notes if request.needs_met_in_letter else ""
    alternatives = []
    for alt in FlexiAlternative.select().where(FlexiAlternative.request == request).order_by(
            FlexiAlternative.id):
        if alt.intervention is not None:
            alternatives.append({"kind": "intervention", "name": alt.intervention.name,
                                 "description": alt.intervention.description})
        else:
            assert alt.provider is not None  # the table's CHECK: one of the two is set
            alternatives.append({"kind": "provider", "name": alt.provider.name,
                                 "description": alt.provider.provider_type})
    params["alternatives"] = alternatives
    return params
