"""The three flexi-schooling documents: meeting invitation, decision letter and agreement.

``build_flexi_params`` reads the database once, at issue time, into plain JSON values;
``render_flexi`` lays those params out without touching the database, so a reprint from
the stored params is the same PDF, byte for byte.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from flexidesk.documents import wording
from flexidesk.documents.fonts import Paragraph
from flexidesk.documents.styles import INK, RULE, TINT, stylesheet
from flexidesk.documents.templates import BODY_WIDTH, Letterhead, PageSetup, build_pdf
from flexidesk.i18n import N_, _, using_locale
from flexidesk.policy.flexi.agreement import agreement_review_dates
from flexidesk.policy.flexi.parties import same_person
from flexidesk.policy.ourpolicy import OurPolicy, policy_of
from flexidesk.policy.records.access import Actor, PolicyError, require, viewed
from flexidesk.policy.school.profile import LOGO_MAX_PIXELS, print_size_logo  # noqa: F401
from flexidesk.policy.vocabulary import DAY_LABELS
from flexidesk.store.models import (
    SESSIONS,
    AgreementParty,
    FactorAssessment,
    FlexiAgreement,
    FlexiAlternative,
    FlexiDecision,
    FlexiMeeting,
    FlexiRequest,
    FlexiRequestAdult,
    PupilAdult,
    School,
    StaffUser,
)

KINDS = ("flexi_invitation", "flexi_decision", "flexi_agreement", "flexi_end")


# --- params: the snapshot read at issue time ----------------------------------------------


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


#: The logo is stored at print size when it is set; older files are shrunk at issue time.
letterhead_logo = print_size_logo


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
        "signatory_title": school.signatory_title or _("Headteacher"),
        "local_authority": school.local_authority, "la_notify_flexi": bool(school.la_notify_flexi),
    }


def _addressee_name(adult) -> str:
    if adult.title:
        return f"{adult.title} {adult.last_name}"
    return f"{adult.first_name} {adult.last_name}"


def family_params(request: FlexiRequest) -> dict:
    """Who the letter is to: the request's adults, or failing that those who receive letters."""
    adults = [link.adult for link in FlexiRequestAdult.select().where(
        FlexiRequestAdult.request == request).order_by(FlexiRequestAdult.id)]
    return addressees(adults or letter_adults(request.pupil_id))


def letter_adults(pupil_id: int) -> list:
    """The child's adults who receive letters, main contact first."""
    return [link.adult for link in PupilAdult.select().where(
        PupilAdult.pupil == pupil_id, PupilAdult.receives_letters == True)  # noqa: E712
        .order_by(PupilAdult.priority, PupilAdult.id)]


def addressees(adults: list) -> dict:
    """The names, address block and salutation of a letter to ``adults``."""
    names = [adult.full_name for adult in adults]
    with_address = next((a for a in adults if (a.address or "").strip()), None)
    address = []
    if with_address is not None:
        address = [line.strip() for line in with_address.address.splitlines() if line.strip()]
        if with_address.postcode:
            address.append(with_address.postcode)
    greeting = [_addressee_name(a) for a in adults]
    if (len(adults) == 2 and all(a.title for a in adults)
            and adults[0].last_name.casefold() == adults[1].last_name.casefold()):
        # One surname: "Mrs and Mr Ashby", not "Mrs Ashby and Mr Ashby" (the parts are
        # joined in the letter's own language: "Mrs a Mr Ashby" in Welsh).
        greeting = [adults[0].title, f"{adults[1].title} {adults[1].last_name}"]
    joined = wording.names_list(names)
    # The parts are kept too, so that each language of the letter joins them its own way
    # ("Mrs Ashby a Mr Ashby" in Welsh); the joined forms serve reprints of older letters.
    return {"names": names, "address_lines": ([joined] if joined else []) + address,
            "salutation": wording.names_list(greeting), "greeting": greeting,
            "address": address}


def child_params(pupil) -> dict:
    """The child: everyday name for the text, legal name for the reference line."""
    legal = f"{pupil.legal_first_name} {pupil.legal_last_name}"
    return {"first_name": pupil.preferred_name or pupil.legal_first_name,
            "known_as": pupil.known_as, "legal_name": legal,
            "date_of_birth": _iso(pupil.date_of_birth), "year_group": pupil.year_group,
            "class_name": pupil.class_name, "sen_support": bool(pupil.sen_support),
            "ehc_plan": bool(pupil.ehc_plan)}


def _meeting_params(request: FlexiRequest) -> dict | None:
    meeting = (FlexiMeeting.select().where(FlexiMeeting.request == request)
               .order_by(FlexiMeeting.id.desc()).first())
    if meeting is None:
        return None
    params = {"date": _iso(meeting.meeting_date),
              "time": meeting.meeting_time.strftime("%H:%M") if meeting.meeting_time else None,
              "place": meeting.place}
    if meeting.held and meeting.head_present is False:
        params["head_present"] = False  # the letter must not thank them for meeting the Head
    return params


def _agreement_params(request: FlexiRequest) -> dict | None:
    agreement = FlexiAgreement.get_or_none(FlexiAgreement.request == request)
    if agreement is None:
        return None
    parties = [{"name": p.name, "capacity": p.capacity, "signed_on": _iso(p.signed_on)}
               for p in AgreementParty.select().where(AgreementParty.agreement == agreement)
               .order_by(AgreementParty.id)]
    return {"start_date": _iso(agreement.start_date), "home_sessions": agreement.home_sessions,
            "first_review_date": _iso(agreement.first_review_date),
            "review_interval_weeks": agreement.review_interval_weeks,
            "notice_weeks": agreement.notice_weeks, "home_educator": agreement.home_educator,
            "special_terms": agreement.special_terms, "parties": parties,
            "review_dates": [d.isoformat() for d in agreement_review_dates(agreement)]}


def _decision_params(request: FlexiRequest) -> dict | None:
    decision = FlexiDecision.get_or_none(FlexiDecision.request == request)
    if decision is None:
        return None
    return {"outcome": decision.outcome, "decided_on": _iso(decision.decided_on),
            "due_on": _iso(decision.due_on), "reasons": decision.reasons}


def head_params(school: dict) -> dict:
    """The Headteacher, who meets the family: the school's signatory only when that is the
    Head (a deputy who signs other letters never stands in for the Head's meeting)."""
    row = School.select().first()
    head = (row.headteacher_name or "").strip() if row else ""
    if not head or same_person(school["signatory"], head):
        return {"signatory": school["signatory"], "signatory_title": school["signatory_title"]}
    return {"signatory": head, "signatory_title": _("Headteacher")}


def signer_params(decision: FlexiDecision, school: dict) -> dict:
    """Who signs a decision: whoever decided, in their own name. For the Headteacher that is
    the Head (``head_params``), never a deputy who is the school's letter signatory."""
    decider = StaffUser.get_or_none(StaffUser.id == decision.decided_by_id)
    row = School.select().first()
    # "Ada Quill" the account is "Ms Ada Quill" the Headteacher: a title may differ.
    if decider is None or (row is not None
                           and same_person(decider.display_name, row.headteacher_name or "")):
        return head_params(school)
    title = _("Acting Headteacher") if decider.role == "headteacher" else _(
        "for the Headteacher")
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
        "request": {"id": request.id, "received_on": _iso(request.received_on),
                    "requested_sessions": request.requested_sessions},
        "meeting": _meeting_params(request),
    }
    policy = policy_of(request.policy_version_id).as_params()
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
        params["end"] = {"reason": request.end_reason, "ended_on": _iso(request.ended_on),
                         "notice_given_on": _iso(request.notice_given_on),
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


# --- layout -------------------------------------------------------------------------------


def _setup(p: dict, title: str, *, letter: bool = True) -> PageSetup:
    school = p["school"]
    head = Letterhead(name=school["name"], address_lines=school["address_lines"],
                      phone=school["phone"], email=school["email"], website=school["website"],
                      logo=base64.b64decode(school["logo"]) if school.get("logo") else None)
    return PageSetup(
        letterhead=head, title=title,
        address_lines=wording.address_block(p["family"]) if letter else (),
        date_text=wording.long_date(p["letter_date"]) if letter else "",
        header_text=_("{document} for {child}").format(document=title,
                                                       child=p["child"]["known_as"]))


def _bullets(items: list[str], style) -> list[Flowable]:
    """Bulleted paragraphs (plain Paragraph bullets lay out much faster than a ListFlowable)."""
    return [Paragraph(item, style, bulletText="\u2022") for item in items] + [Spacer(1, 3)]


def _details_table(rows: list[tuple[str, str]], sheet, label_width=42 * mm) -> Table:
    data = [[Paragraph(label, sheet["CellHead"]), Paragraph(value, sheet["Cell"])]
            for label, value in rows]
    table = Table(data, colWidths=[label_width, BODY_WIDTH - label_width], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (0, -1), TINT),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _closing(paragraphs: list[str], lines: list[str], sign_off: str, sheet) -> list[Flowable]:
    """The closing paragraphs, the last kept on the same page as the signature."""
    body = sheet["BodyText"]
    story: list[Flowable] = [Paragraph(text, body) for text in paragraphs[:-1]]
    story.append(KeepTogether([Paragraph(text, body) for text in paragraphs[-1:]] + [
        Spacer(1, 2), Paragraph(sign_off, body), Spacer(1, 10 * mm),
        Paragraph(lines[0], sheet["Signature"]), Paragraph(lines[1], sheet["Signature"])]))
    return story


def _made_under(p: dict, sheet) -> list[Flowable]:
    """The line naming the version of our policy the document was written under (none under
    the built-in default)."""
    line = OurPolicy.from_params(p.get("policy")).made_under()
    return [Spacer(1, 3 * mm), Paragraph(line, sheet["Small"])] if line else []


def _invitation_story(p: dict, sheet) -> list[Flowable]:
    w = wording.invitation(p)
    body = sheet["BodyText"]
    story: list[Flowable] = [Paragraph(w.salutation, body), Paragraph(w.reference,
                                                                       sheet["Reference"])]
    story += [Paragraph(text, body) for text in w.opening]
    story += [_details_table(w.details, sheet, 32 * mm), Spacer(1, 4 * mm)]
    story += [Paragraph(w.topics_heading, sheet["Heading2"]),
              *_bullets(w.topics, sheet["Bullet"])]
    story += [Paragraph(w.guests_heading, sheet["Heading2"])]
    story += [Paragraph(text, body) for text in w.guests]
    story += _closing(w.closing, w.signatory, w.sign_off, sheet)
    return story + _made_under(p, sheet)


def _outcome_box(w: wording.DecisionWording, sheet) -> Table:
    box = Table([[Paragraph(w.outcome, sheet["Heading2"])], [Paragraph(w.outcome_text,
                                                                        sheet["Normal"])]],
                colWidths=[BODY_WIDTH])
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1, INK), ("BACKGROUND", (0, 0), (-1, -1), TINT),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, 0), 6), ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
    ]))
    return box


def _decision_story(p: dict, sheet) -> list[Flowable]:
    w = wording.decision(p)
    body = sheet["BodyText"]
    story: list[Flowable] = [Paragraph(w.salutation, body),
                             Paragraph(w.reference, sheet["Reference"]),
                             Paragraph(w.opening, body), _outcome_box(w, sheet), Spacer(1, 2 * mm),
                             # Where a family looks first: right under the decision itself.
                             Paragraph(f"<b>{w.no_appeal}</b>", body), Spacer(1, 2 * mm)]
    if w.reasons or w.factors:
        story.append(Paragraph(w.reasons_heading, sheet["Heading2"]))
        story += [Paragraph(text, body) for text in w.reasons]
        if w.factors:
            story += [Paragraph(w.factor_intro, body), *_bullets(w.factors, sheet["Bullet"])]
    story += [Paragraph(text, body) for text in w.governing_body]
    story += [CondPageBreak(30 * mm), Paragraph(w.section_heading, sheet["Heading2"])]
    if w.section_intro:
        story.append(Paragraph(w.section_intro, body))
    if w.section_items:
        story += _bullets(w.section_items, sheet["Bullet"])
    story += _closing(w.closing, w.signatory, w.sign_off, sheet)
    return story + _made_under(p, sheet)


def pattern_table(home_sessions: str, sheet) -> Table:
    """Monday to Friday by morning and afternoon, each cell 'School' or 'Home' (home tinted)."""
    home = {s for s in (home_sessions or "").split(",") if s}
    days = [d for d in ("mon", "tue", "wed", "thu", "fri")]
    head = [Paragraph("", sheet["CellHead"])] + [
        Paragraph(_(DAY_LABELS[d]), sheet["CellHeadCentre"]) for d in days]
    rows = [head]
    styles = [
        ("GRID", (0, 0), (-1, -1), 0.6, RULE), ("BACKGROUND", (0, 0), (-1, 0), TINT),
        ("BACKGROUND", (0, 0), (0, -1), TINT), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    for r, (part, label) in enumerate((("am", _("Morning")), ("pm", _("Afternoon"))), start=1):
        row = [Paragraph(label, sheet["CellHead"])]
        for c, day in enumerate(days, start=1):
            at_home = f"{day}_{part}" in home and f"{day}_{part}" in SESSIONS
            row.append(Paragraph(_("<b>Home</b> (code C)") if at_home else _("School"),
                                 sheet["CellCentre"]))
            if at_home:
                styles.append(("BACKGROUND", (c, r), (c, r), colors.HexColor("#FCEFD4")))
        rows.append(row)
    first_col = 26 * mm
    return Table(rows, colWidths=[first_col] + [(BODY_WIDTH - first_col) / 5] * 5,
                 style=TableStyle(styles), hAlign="LEFT")


def _signature_block(party: dict, sheet) -> Flowable:
    signed = wording.long_date(party.get("signed_on")) if party.get("signed_on") else ""
    line = "_" * 34
    rows = [
        [Paragraph(_("Name"), sheet["CellHead"]), Paragraph(wording.text(party["name"]),
                                                            sheet["Cell"]),
         Paragraph(_("Capacity"), sheet["CellHead"]),
         Paragraph(wording.text(wording.capacity_label(party.get("capacity", ""))),
                   sheet["Cell"])],
        [Paragraph(_("Signature"), sheet["CellHead"]), Paragraph(line, sheet["Cell"]),
         Paragraph(_("Date"), sheet["CellHead"]), Paragraph(signed or "_" * 18, sheet["Cell"])],
    ]
    table = Table(rows, colWidths=[24 * mm, 76 * mm, 22 * mm, BODY_WIDTH - 122 * mm],
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.6, RULE), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 1), (-1, 1), 16),
    ]))
    return KeepTogether([table, Spacer(1, 3 * mm)])


def _agreement_story(p: dict, sheet) -> list[Flowable]:
    w = wording.agreement(p)
    body = sheet["BodyText"]
    story: list[Flowable] = [Paragraph(w.title, sheet["Title"]), Paragraph(w.intro, body),
                             _details_table(w.details, sheet, 48 * mm)]
    parties = p["agreement"]["parties"]
    story += [Paragraph(w.parties_heading, sheet["Heading2"]),
              *_bullets([_("{name}, {capacity}").format(
                  name=wording.text(x["name"]),
                  capacity=wording.text(wording.capacity_label(x.get("capacity", ""))).lower())
                  for x in parties], sheet["Bullet"])]
    story += [KeepTogether([Paragraph(w.pattern_heading, sheet["Heading2"]),
                            pattern_table(p["agreement"]["home_sessions"], sheet),
                            Spacer(1, 2 * mm), Paragraph(w.pattern_note, sheet["Small"])])]
    for number, (heading, paragraphs) in enumerate(w.clauses, start=1):
        block = [Paragraph(f"{number}. {heading}", sheet["ClauseHeading"])]
        block += [Paragraph(text, sheet["Clause"]) for text in paragraphs]
        story.append(KeepTogether(block))
    story += [CondPageBreak(60 * mm), Paragraph(w.signatures_heading, sheet["Heading1"]),
              Paragraph(w.signatures_intro, body)]
    story += [_signature_block(party, sheet) for party in parties]
    return story + _made_under(p, sheet)


def _end_story(p: dict, sheet) -> list[Flowable]:
    w = wording.end_letter(p)
    body = sheet["BodyText"]
    story: list[Flowable] = [Paragraph(w.salutation, body),
                             Paragraph(w.reference, sheet["Reference"])]
    story += [Paragraph(text, body) for text in w.paragraphs]
    story += _closing(w.closing, w.signatory, w.sign_off, sheet)
    return story + _made_under(p, sheet)


#: Each document's title, story and whether it is a letter (address and date at the top).
_DOCUMENTS = {
    "flexi_invitation": (N_("Invitation to a meeting"), _invitation_story, True),
    "flexi_decision": (N_("Flexi-schooling decision"), _decision_story, True),
    "flexi_agreement": (N_("Flexi-schooling agreement"), _agreement_story, False),
    "flexi_end": (N_("End of flexi-schooling"), _end_story, True),
}

#: The locale each language of a letter is written in.
LETTER_LOCALES = {"en": "en_GB", "cy": "cy_GB"}


def render_flexi(kind: str, params: dict) -> bytes:
    """The PDF of a flexi document from its params alone (no database).

    In Welsh, English, or both: a bilingual document gives the Welsh in full first, then
    the English, as Welsh schools send them.
    """
    if kind not in _DOCUMENTS:
        raise ValueError(f"not a flexi document: {kind}")
    title, story_of, letter = _DOCUMENTS[kind]
    return render_in_languages(params, title, story_of, letter=letter)


def render_in_languages(params: dict, title: str, story_of, *, letter: bool = True) -> bytes:
    """The PDF of a document whose ``story_of(params, sheet)`` is told once in each of the
    params' languages ("cy+en": the Welsh in full, then the English); ``title`` is a msgid."""
    sheet = stylesheet()
    languages = (params.get("language") or "en").split("+")
    stories: list[Flowable] = []
    titles, setup = [], None
    for language in languages:
        with using_locale(LETTER_LOCALES.get(language, "en_GB")):
            titles.append(_(title))
            if setup is None:
                setup = _setup(params, _(title), letter=letter)
            if stories:
                stories.append(PageBreak())
            stories += story_of(params, sheet)
    assert setup is not None  # set for the first language ("".split("+") is never empty)
    if len(titles) > 1:
        setup = dataclasses.replace(setup, title=" / ".join(titles))
    with using_locale(LETTER_LOCALES.get(languages[0], "en_GB")):  # "Page 1 of 2" too
        return build_pdf(setup, stories)
