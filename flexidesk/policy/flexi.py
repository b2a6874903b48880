"""Flexi-schooling requests: the journey's stages, the governing body's rule and the decision deadline.

Every write is an ``@action`` (role checked, one transaction, audit row). An action that does
not fit the request's current stage raises ``RefusedAction`` with a reason the user can read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flexidesk.i18n import N_, _, format_date, format_time
from flexidesk.policy.access import (
    Actor,
    PolicyError,
    action,
    can,
    create,
    delete,
    require,
    update,
)
from flexidesk.policy.calendar import WorkingCalendar, school_calendar
from flexidesk.policy.vocabulary import (
    END_REASON_LABELS,
    FACTORS,
    OUTCOME_LABELS,
    RATING_LABELS,
    REVIEW_OUTCOME_LABELS,
    STAGE_LABELS,
    YEAR_LABELS,
    describe_sessions,
    format_sessions,
    parse_sessions,
)
from flexidesk.store.models import (
    FACTOR_RATINGS,
    FLEXI_OUTCOMES,
    FLEXI_REVIEW_OUTCOMES,
    Adult,
    AgreementParty,
    AuditEntry,
    FactorAssessment,
    FlexiAgreement,
    FlexiAlternative,
    FlexiDecision,
    FlexiMeeting,
    FlexiRequest,
    FlexiRequestAdult,
    FlexiReview,
    Intervention,
    IssuedDocument,
    Provider,
    Pupil,
    StaffUser,
)

#: Stages after which nothing more can happen to a request.
CLOSED_STAGES = frozenset({"ended", "withdrawn"})
#: The documents issued for a request and the stage each fits.
LETTER_KINDS = ("flexi_invitation", "flexi_decision", "flexi_agreement")
LETTER_TITLES = {
    "flexi_invitation": N_("Invitation to a meeting about flexi-schooling"),
    "flexi_decision": N_("Flexi-schooling decision letter"),
    "flexi_agreement": N_("Flexi-schooling agreement"),
}
END_NOTICE_REASONS = ("notice_school", "notice_family")

#: What each next-action code needs, and its label.
_ACTION_PERMISSIONS = {
    "arrange_meeting": "flexi.edit",
    "issue_invitation": "document.issue",
    "record_meeting": "flexi.edit",
    "record_considerations": "flexi.consider",
    "decide": "flexi.decide",
    "issue_decision_letter": "document.issue",
    "draft_agreement": "flexi.edit",
    "issue_agreement": "document.issue",
    "record_signature": "flexi.edit",
    "record_la_notified": "flexi.edit",
    "review": "flexi.edit",
    "end": "flexi.edit",
    "withdraw": "flexi.edit",
}


#: Short milestone names for the timeline (the stage labels are too long to sit side by side).
TIMELINE_LABELS = {
    "received": N_("Received"),
    "meeting_arranged": N_("Meeting arranged"),
    "meeting_held": N_("Meeting held"),
    "considered": N_("Considered"),
    "decided": N_("Decision"),
    "letter_issued": N_("Letter sent"),
    "agreement_drafted": N_("Agreement drafted"),
    "active": N_("Running"),
    "review": N_("Reviews"),
    "ended": N_("Ended"),
    "withdrawn": N_("Withdrawn"),
}


class RefusedAction(PolicyError):
    """The action does not fit the request's stage (or its data); the message says why."""


# --- small helpers ------------------------------------------------------------------------


def _get_request(request_id: int) -> FlexiRequest:
    request = FlexiRequest.get_or_none(FlexiRequest.id == request_id)
    if request is None:
        raise RefusedAction(_("This request could not be found. It may have been removed."))
    return request


def _refuse_if_closed(request: FlexiRequest) -> None:
    if request.stage == "withdrawn":
        raise RefusedAction(_("The family withdrew this request, so nothing more can be done "
                              "with it."))
    if request.stage == "ended":
        raise RefusedAction(_("This arrangement has ended, so nothing more can be done with it."))


def _meeting(request: FlexiRequest) -> FlexiMeeting | None:
    return (FlexiMeeting.select().where(FlexiMeeting.request == request)
            .order_by(FlexiMeeting.id.desc()).first())


def _decision(request: FlexiRequest) -> FlexiDecision | None:
    return FlexiDecision.get_or_none(FlexiDecision.request == request)


def _agreement(request: FlexiRequest) -> FlexiAgreement | None:
    return FlexiAgreement.get_or_none(FlexiAgreement.request == request)


def _not_before(value: dt.date, earliest: dt.date, what: str, earlier: str) -> None:
    if value < earliest:
        raise RefusedAction(_("The {what} ({value}) cannot be before {earlier} ({earliest}).")
                            .format(what=what, value=format_date(value), earlier=earlier,
                                    earliest=format_date(earliest)))


def _require_text(value: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise RefusedAction(message)
    return text


def _sessions_text(sessions) -> str:
    try:
        text = format_sessions(parse_sessions(sessions) if isinstance(sessions, str) else sessions)
    except ValueError as exc:
        raise RefusedAction(_("Some of the sessions chosen are not school sessions.")) from exc
    return text


def _set_stage(actor: Actor, request: FlexiRequest, stage: str, **changes) -> FlexiRequest:
    return update(actor, f"flexi.stage.{stage}", request, stage=stage, **changes)


def _held_date(request: FlexiRequest) -> dt.date | None:
    meeting = _meeting(request)
    return meeting.meeting_date if meeting and meeting.held else None


# --- the journey (writes) -------------------------------------------------------------------


@action("flexi.edit")
def receive_request(actor: Actor, *, pupil_id: int, adult_ids, received_on: dt.date,
                    sessions, reasons: str) -> FlexiRequest:
    """Record a family's request: the child, the adults asking, the date, the home sessions, why."""
    pupil = Pupil.get_or_none(Pupil.id == pupil_id)
    if pupil is None:
        raise RefusedAction(_("Please choose the child the request is for."))
    adult_ids = list(dict.fromkeys(adult_ids or ()))
    if not adult_ids:
        raise RefusedAction(_("Please choose at least one adult making the request."))
    found = {a.id for a in Adult.select(Adult.id).where(Adult.id.in_(adult_ids))}
    if set(adult_ids) - found:
        raise RefusedAction(_("One of the adults chosen could not be found."))
    text = _sessions_text(sessions)
    if not text:
        raise RefusedAction(_("Please choose the sessions the family would like the child "
                              "to spend at home."))
    open_request = (FlexiRequest.select()
                    .where(FlexiRequest.pupil == pupil,
                           FlexiRequest.stage.not_in(("ended", "withdrawn")))
                    .where(~((FlexiRequest.stage == "letter_issued")
                             & FlexiRequest.id.in_(FlexiDecision.select(FlexiDecision.request)
                                                   .where(FlexiDecision.outcome == "declined"))))
                    .first())
    if open_request is not None:
        raise RefusedAction(_("{child} already has an open flexi-schooling request (received "
                              "{date}). Please carry on with that one.")
                            .format(child=pupil.known_as,
                                    date=format_date(open_request.received_on)))
    request = create(actor, "flexi.receive", FlexiRequest, pupil=pupil, received_on=received_on,
                     requested_sessions=text, reasons=(reasons or "").strip())
    for adult_id in adult_ids:
        create(actor, "flexi.receive.adult", FlexiRequestAdult, pupil_id=pupil.id,
               request=request, adult=adult_id)
    return request


@action("flexi.edit")
def arrange_meeting(actor: Actor, request_id: int, *, meeting_date: dt.date,
                    meeting_time: dt.time | None, place: str) -> FlexiMeeting:
    """Arrange (or re-arrange, until it is held) the meeting with the Headteacher."""
    request = _get_request(request_id)
    _refuse_if_closed(request)
    if request.stage not in ("received", "meeting_arranged"):
        raise RefusedAction(_("The meeting has already been held, so it cannot be arranged "
                              "again."))
    _not_before(meeting_date, request.received_on, _("meeting date"), _("the request"))
    meeting = _meeting(request)
    fields = {"meeting_date": meeting_date, "meeting_time": meeting_time,
              "place": (place or "").strip()}
    if meeting is not None and not meeting.held:
        update(actor, "flexi.meeting.rearrange", meeting, pupil_id=request.pupil_id, **fields)
    else:
        meeting = create(actor, "flexi.meeting.arrange", FlexiMeeting, pupil_id=request.pupil_id,
                         request=request, **fields)
    if request.stage != "meeting_arranged":
        _set_stage(actor, request, "meeting_arranged")
    return meeting


@action("flexi.edit")
def record_meeting(actor: Actor, request_id: int, *, held_on: dt.date, attendees: str,
                   notes: str) -> FlexiMeeting:
    """Record that the meeting was held: when, who came, what was said."""
    request = _get_request(request_id)
    _refuse_if_closed(request)
    if request.stage == "received":
        raise RefusedAction(_("No meeting has been arranged yet. Please arrange the meeting "
                              "first."))
    if request.stage != "meeting_arranged":
        raise RefusedAction(_("The meeting has already been recorded."))
    _not_before(held_on, request.received_on, _("meeting date"), _("the request"))
    meeting = _meeting(request)
    update(actor, "flexi.meeting.held", meeting, pupil_id=request.pupil_id, meeting_date=held_on,
           held=True, attendees=(attendees or "").strip(), notes=(notes or "").strip())
    _set_stage(actor, request, "meeting_held")
    return meeting


@action("flexi.consider")
def record_considerations(actor: Actor, request_id: int, *, assessments: dict,
                          needs_met_in_school: bool, needs_met_notes: str,
                          alternatives: list) -> FlexiRequest:
    """Record the eight considerations and the governing body's question (revisable until decided)."""
    request = _get_request(request_id)
    _refuse_if_closed(request)
    if request.stage in ("received", "meeting_arranged"):
        raise RefusedAction(_("The meeting has not been held yet, so the considerations cannot "
                              "be recorded."))
    if request.stage not in ("meeting_held", "considered"):
        raise RefusedAction(_("A decision has already been made, so the considerations can no "
                              "longer be changed."))
    missing = [FACTORS[f] for f in FACTORS if f not in assessments]
    if missing:
        raise RefusedAction(_("Please weigh every consideration. Still to do: {list}.")
                            .format(list="; ".join(_(m) for m in missing)))
    unknown = set(assessments) - set(FACTORS)
    if unknown:
        raise RefusedAction(_("Unknown consideration: {codes}.").format(
            codes=", ".join(sorted(unknown))))
    for code, (rating, _note) in assessments.items():
        if rating not in FACTOR_RATINGS:
            raise RefusedAction(_("Please choose a rating for “{factor}”.")
                                .format(factor=_(FACTORS[code])))
    if needs_met_in_school not in (True, False):
        raise RefusedAction(_("Please answer the governing body's question: can the child's "
                              "needs be met in school or by provision the school arranges?"))
    links = []
    for kind, item_id in alternatives or ():
        if kind == "intervention" and Intervention.get_or_none(Intervention.id == item_id):
            links.append({"intervention": item_id})
        elif kind == "provider" and Provider.get_or_none(Provider.id == item_id):
            links.append({"provider": item_id})
        else:
            raise RefusedAction(_("One of the provisions chosen could not be found."))

    existing = {fa.factor: fa for fa in FactorAssessment.select().where(
        FactorAssessment.request == request)}
    for code in FACTORS:
        rating, note = assessments[code]
        note = (note or "").strip()
        current = existing.get(code)
        if current is None:
            create(actor, "flexi.consider.factor", FactorAssessment, pupil_id=request.pupil_id,
                   request=request, factor=code, rating=rating, note=note)
        elif (current.rating, current.note) != (rating, note):
            update(actor, "flexi.consider.factor", current, pupil_id=request.pupil_id,
                   rating=rating, note=note)
    for old in FlexiAlternative.select().where(FlexiAlternative.request == request):
        delete(actor, "flexi.consider.alternative", old, pupil_id=request.pupil_id)
    for link in dict.fromkeys(tuple(sorted(x.items())) for x in links):
        create(actor, "flexi.consider.alternative", FlexiAlternative, pupil_id=request.pupil_id,
               request=request, **dict(link))
    return update(actor, "flexi.considerations", request, stage="considered",
                  needs_met_in_school=bool(needs_met_in_school),
                  needs_met_notes=(needs_met_notes or "").strip())


@action("flexi.decide")
def decide(actor: Actor, request_id: int, *, outcome: str, decided_on: dt.date, reasons: str,
           justification: str = "") -> FlexiDecision:
    """The Headteacher's decision; agreeing when needs can be met in school needs a justification."""
    request = _get_request(request_id)
    _refuse_if_closed(request)
    if request.stage in ("received", "meeting_arranged"):
        raise RefusedAction(_("The meeting has not been held yet, so a decision cannot be "
                              "recorded."))
    if request.stage == "meeting_held":
        raise RefusedAction(_("The considerations have not been recorded yet, so a decision "
                              "cannot be made."))
    if request.stage != "considered":
        raise RefusedAction(_("A decision has already been recorded for this request."))
    if outcome not in FLEXI_OUTCOMES:
        raise RefusedAction(_("Please choose whether the request is agreed or declined."))
    held_on = _held_date(request)
    _not_before(decided_on, held_on, _("decision date"), _("the meeting"))
    reasons = _require_text(reasons, _("Please give the main reasons for the decision."))
    justification = (justification or "").strip()
    if outcome == "agreed" and request.needs_met_in_school and not justification:
        raise RefusedAction(_("The child's needs can be met in school, so the governing body "
                              "expects a decline. To agree anyway, please write why."))
    decision = create(actor, "flexi.decide", FlexiDecision, pupil_id=request.pupil_id,
                      request=request, outcome=outcome, decided_on=decided_on,
                      due_on=school_calendar().decision_due(held_on), reasons=reasons,
                      decided_by=actor.user_id)
    _set_stage(actor, request, "decided",
               agree_justification=justification if outcome == "agreed" else "")
    return decision


@action("document.issue")
def issue_letter(actor: Actor, request_id: int, *, kind: str, pdf: bytes, params: dict,
                 document_date: dt.date) -> IssuedDocument:
    """Record a letter issued for the request; the decision letter moves it to 'letter sent'."""
    request = _get_request(request_id)
    if kind not in LETTER_KINDS:
        raise RefusedAction(_("This kind of document does not belong to a flexi request."))
    if kind == "flexi_invitation":
        if request.stage != "meeting_arranged":
            raise RefusedAction(_("An invitation can only be sent while a meeting is arranged "
                                  "and not yet held."))
    elif kind == "flexi_decision":
        if request.stage != "decided":
            raise RefusedAction(_("The decision letter can only be sent once a decision has been "
                                  "made, and only once."))
    elif request.stage not in ("agreement_drafted", "active"):
        raise RefusedAction(_("There is no drafted agreement to print yet."))
    from flexidesk.policy import documents  # the recorder of every issued document

    title = _("{document}: {child}").format(document=_(LETTER_TITLES[kind]),
                                             child=request.pupil.known_as)
    document = documents.record_issue(actor, kind, title, pdf, params,
                                      document_date=document_date, pupil_id=request.pupil_id,
                                      request_id=request.id)
    if kind == "flexi_decision":
        _set_stage(actor, request, "letter_issued")
    return document


def _outcome(request: FlexiRequest) -> str | None:
    decision = _decision(request)
    return decision.outcome if decision else None


@action("flexi.edit")
def draft_agreement(actor: Actor, request_id: int, *, start_date: dt.date, home_sessions,
                    first_review_date: dt.date | None, review_interval_weeks: int = 13,
                    notice_weeks: int = 4, home_educator: str = "", special_terms: str = "",
                    parties) -> FlexiAgreement:
    """Draft the agreement after an agreed letter (re-draftable until someone has signed)."""
    request = _get_request(request_id)
    _refuse_if_closed(request)
    outcome = _outcome(request)
    if outcome == "declined":
        raise RefusedAction(_("The request was declined, so there is no agreement to draft."))
    agreement = _agreement(request)
    if request.stage == "agreement_drafted" and agreement is not None:
        if any(p.signed_on for p in agreement.parties):
            raise RefusedAction(_("Someone has already signed this agreement, so it can no "
                                  "longer be changed."))
    elif request.stage != "letter_issued":
        raise RefusedAction(_("The agreement can be drafted once the family has been sent the "
                              "letter agreeing the request."))
    decision = _decision(request)
    _not_before(start_date, decision.decided_on, _("start date"), _("the decision"))
    if first_review_date is not None:
        _not_before(first_review_date, start_date, _("first review"), _("the start date"))
    if not 1 <= int(review_interval_weeks) <= 52:
        raise RefusedAction(_("Reviews should be between 1 and 52 weeks apart."))
    if not 0 <= int(notice_weeks) <= 26:
        raise RefusedAction(_("The notice period should be between 0 and 26 weeks."))
    sessions = _sessions_text(home_sessions)
    if not sessions:
        raise RefusedAction(_("Please choose the sessions the child will spend at home."))
    cleaned = []
    for name, capacity, adult_id in parties or ():
        name = (name or "").strip()
        if not name:
            raise RefusedAction(_("Every party to the agreement needs a name."))
        cleaned.append((name, (capacity or "parent").strip(), adult_id))
    if len(cleaned) < 2:
        raise RefusedAction(_("An agreement needs at least two parties: the school and the "
                              "family."))
    fields = {"start_date": start_date, "home_sessions": sessions,
              "first_review_date": first_review_date,
              "review_interval_weeks": int(review_interval_weeks),
              "notice_weeks": int(notice_weeks), "home_educator": (home_educator or "").strip(),
              "special_terms": (special_terms or "").strip()}
    if agreement is None:
        agreement = create(actor, "flexi.agreement.draft", FlexiAgreement,
                           pupil_id=request.pupil_id, request=request,
                           # Entered after the event, a draft dates from no later than its start.
                           drafted_on=max(decision.decided_on, min(dt.date.today(), start_date)),
                           **fields)
    else:
        update(actor, "flexi.agreement.redraft", agreement, pupil_id=request.pupil_id, **fields)
        for party in list(agreement.parties):
            delete(actor, "flexi.agreement.party", party, pupil_id=request.pupil_id)
    for name, capacity, adult_id in cleaned:
        create(actor, "flexi.agreement.party", AgreementParty, pupil_id=request.pupil_id,
               agreement=agreement, name=name, capacity=capacity, adult=adult_id)
    if request.stage != "agreement_drafted":
        _set_stage(actor, request, "agreement_drafted")
    return agreement


@action("flexi.edit")
def record_signature(actor: Actor, party_id: int, *, signed_on: dt.date) -> AgreementParty:
    """Record one party's signature; once all have signed the arrangement is running."""
    party = AgreementParty.get_or_none(AgreementParty.id == party_id)
    if party is None:
        raise RefusedAction(_("This party to the agreement could not be found."))
    agreement = party.agreement
    request = agreement.request
    _refuse_if_closed(request)
    if request.stage != "agreement_drafted":
        raise RefusedAction(_("Every party has already signed; the arrangement is running."))
    _not_before(signed_on, _decision(request).decided_on, _("signature date"), _("the decision"))
    update(actor, "flexi.agreement.sign", party, pupil_id=request.pupil_id, signed_on=signed_on)
    parties = list(AgreementParty.select().where(AgreementParty.agreement == agreement))
    if all(p.signed_on for p in parties):
        update(actor, "flexi.agreement.active", agreement, pupil_id=request.pupil_id,
               active_from=max(p.signed_on for p in parties))
        _set_stage(actor, request, "active")
    return party


@action("flexi.edit")
def record_signatures(actor: Actor, signatures: dict[int, dt.date]) -> list[AgreementParty]:
    """Record several parties' signatures as one step: all are kept, or none."""
    return [record_signature(actor, party_id, signed_on=signed_on)
            for party_id, signed_on in signatures.items()]


@action("flexi.edit")
def record_la_notified(actor: Actor, request_id: int, *, notified_on: dt.date) -> FlexiAgreement:
    """Record the date the local authority was told about the arrangement."""
    request = _get_request(request_id)
    _refuse_if_closed(request)
    agreement = _agreement(request)
    if agreement is None:
        raise RefusedAction(_("There is no agreement yet to tell the local authority about."))
    _not_before(notified_on, _decision(request).decided_on, _("notification date"),
                _("the decision"))
    return update(actor, "flexi.la_notified", agreement, pupil_id=request.pupil_id,
                  la_notified_on=notified_on)


@action("flexi.edit")
def review_arrangement(actor: Actor, request_id: int, *, review_date: dt.date, outcome: str,
                       notes: str, new_sessions=None,
                       next_review_date: dt.date | None = None) -> FlexiReview:
    """Review a running arrangement: continue, change the home sessions, or end it."""
    request = _get_request(request_id)
    _refuse_if_closed(request)
    if request.stage != "active":
        raise RefusedAction(_("Only a running arrangement can be reviewed."))
    if outcome not in FLEXI_REVIEW_OUTCOMES:
        raise RefusedAction(_("Please choose the outcome of the review."))
    agreement = _agreement(request)
    _not_before(review_date, agreement.active_from, _("review date"), _("the arrangement began"))
    sessions = ""
    if outcome == "change":
        sessions = _sessions_text(new_sessions or ())
        if not sessions:
            raise RefusedAction(_("Please choose the new home sessions."))
        if sessions == agreement.home_sessions:
            raise RefusedAction(_("The new sessions are the same as the current ones."))
    if outcome == "end":
        next_review_date = None
    elif next_review_date is None:
        next_review_date = review_date + dt.timedelta(weeks=agreement.review_interval_weeks)
    elif next_review_date <= review_date:
        raise RefusedAction(_("The next review must come after this one."))
    review = create(actor, "flexi.review", FlexiReview, pupil_id=request.pupil_id,
                    request=request, review_date=review_date, outcome=outcome,
                    new_sessions=sessions, notes=(notes or "").strip(),
                    next_review_date=next_review_date, reviewed_by=actor.user_id)
    if outcome == "change":
        update(actor, "flexi.agreement.sessions", agreement, pupil_id=request.pupil_id,
               home_sessions=sessions)
    if outcome == "end":
        _set_stage(actor, request, "ended", ended_on=review_date, end_reason="review")
    return review


@action("flexi.edit")
def end_arrangement(actor: Actor, request_id: int, *, ended_on: dt.date, reason: str,
                    notice_weeks: int) -> FlexiRequest:
    """End a running arrangement after notice from the school or the family."""
    request = _get_request(request_id)
    _refuse_if_closed(request)
    if request.stage != "active":
        raise RefusedAction(_("Only a running arrangement can be ended with notice."))
    if reason not in END_NOTICE_REASONS:
        raise RefusedAction(_("Please say who gave notice: the school or the family."))
    if not 0 <= int(notice_weeks) <= 26:
        raise RefusedAction(_("The notice period should be between 0 and 26 weeks."))
    _not_before(ended_on, _agreement(request).active_from, _("end date"),
                _("the arrangement began"))
    return _set_stage(actor, request, "ended", ended_on=ended_on, end_reason=reason,
                      notice_weeks=int(notice_weeks))


@action("flexi.edit")
def withdraw(actor: Actor, request_id: int, *, withdrawn_on: dt.date,
             note: str = "") -> FlexiRequest:
    """The family withdraws the request (or a running arrangement) at any stage before it closed."""
    request = _get_request(request_id)
    _refuse_if_closed(request)
    if request.stage == "letter_issued" and _outcome(request) == "declined":
        raise RefusedAction(_("The request was declined and the family has had the letter, so "
                              "it is already closed."))
    _not_before(withdrawn_on, request.received_on, _("withdrawal date"), _("the request"))
    changes = {"withdrawn_on": withdrawn_on, "end_reason": "withdrawn"}
    if request.stage == "active":
        changes["ended_on"] = withdrawn_on
    note = (note or "").strip()
    if note:
        separator = "\n\n" if request.reasons else ""
        changes["reasons"] = request.reasons + separator + _("Withdrawn: {note}").format(note=note)
    return _set_stage(actor, request, "withdrawn", **changes)


# --- reads ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestRow:
    """One request as the list shows it."""

    id: int
    pupil_id: int
    child: str
    year_label: str
    stage: str
    stage_label: str
    received_on: dt.date
    meeting_date: dt.date | None
    decision_due: dt.date | None
    working_days_left: int | None
    overdue: bool
    outcome: str | None


@dataclass(frozen=True)
class DecisionStatus:
    """Where the decision stands against its five-working-day deadline."""

    due_on: dt.date | None
    working_days_left: int | None
    overdue: bool
    decided: bool
    late: bool = False  # decided, but after the deadline


def _status(calendar: WorkingCalendar, held_on: dt.date | None, decision, stage: str,
            today: dt.date) -> DecisionStatus:
    if decision is not None:
        return DecisionStatus(decision.due_on, None, False, True,
                              decision.decided_on > decision.due_on)
    if held_on is None:
        return DecisionStatus(None, None, False, False)
    due = calendar.decision_due(held_on)
    if stage in CLOSED_STAGES:
        return DecisionStatus(due, None, False, False)
    return DecisionStatus(due, calendar.working_days_between(today, due), today > due, False)


def request_rows(actor: Actor, today: dt.date) -> list[RequestRow]:
    """Every request, newest first, with its deadline worked out for ``today``."""
    require(actor, "flexi.view")
    calendar = school_calendar()
    meetings: dict[int, FlexiMeeting] = {}
    for m in FlexiMeeting.select().order_by(FlexiMeeting.id):
        meetings[m.request_id] = m  # the latest meeting wins
    decisions = {d.request_id: d for d in FlexiDecision.select()}
    rows = []
    query = (FlexiRequest.select(FlexiRequest, Pupil).join(Pupil)
             .order_by(FlexiRequest.received_on.desc(), FlexiRequest.id.desc()))
    for request in query:
        meeting = meetings.get(request.id)
        decision = decisions.get(request.id)
        held_on = meeting.meeting_date if meeting and meeting.held else None
        status = _status(calendar, held_on, decision, request.stage, today)
        rows.append(RequestRow(
            id=request.id, pupil_id=request.pupil_id, child=request.pupil.known_as,
            year_label=_(YEAR_LABELS.get(request.pupil.year_group, "")),
            stage=request.stage, stage_label=_(STAGE_LABELS[request.stage]),
            received_on=request.received_on,
            meeting_date=meeting.meeting_date if meeting else None,
            decision_due=status.due_on, working_days_left=status.working_days_left,
            overdue=status.overdue, outcome=decision.outcome if decision else None))
    return rows


def decision_status(request_id: int, today: dt.date) -> DecisionStatus:
    """The decision's due date, working days left and whether it is overdue (or was late)."""
    request = _get_request(request_id)
    return _status(school_calendar(), _held_date(request), _decision(request), request.stage,
                   today)


@dataclass(frozen=True)
class Milestone:
    """One step of the journey on the timeline."""

    code: str
    label: str
    date: dt.date | None
    state: str  # "done", "late", "next", "future", "skipped"
    detail: str
    done: bool = False  # a "late" step may be done (after its deadline) or still waiting


@dataclass(frozen=True)
class Timeline:
    """The milestones of a request, its decision deadline and the day it was drawn for."""

    milestones: list[Milestone]
    deadline: dt.date | None
    today: dt.date


def _document(request: FlexiRequest, kind: str) -> IssuedDocument | None:
    return (IssuedDocument.select().where(IssuedDocument.request == request,
                                          IssuedDocument.kind == kind)
            .order_by(IssuedDocument.id.desc()).first())


def _audited_on(request: FlexiRequest, action_name: str) -> dt.date | None:
    """The day an action on the request was recorded (the audit keeps the time)."""
    entry = (AuditEntry.select(AuditEntry.at)
             .where(AuditEntry.action == action_name,
                    AuditEntry.table_name == FlexiRequest._meta.table_name,
                    AuditEntry.record_id == request.id)
             .order_by(AuditEntry.id.desc()).first())
    return dt.date.fromisoformat(entry.at[:10]) if entry else None


def _arranged_date(request: FlexiRequest, meeting: FlexiMeeting | None,
                   invitation: IssuedDocument | None) -> dt.date | None:
    """When the meeting was arranged: the invitation's date, else the day it was recorded."""
    if meeting is None:
        return None
    if invitation is not None:
        return invitation.document_date
    date = _audited_on(request, "flexi.stage.meeting_arranged") or request.received_on
    return max(request.received_on, min(date, meeting.meeting_date))


def _considered_date(request: FlexiRequest, meeting: FlexiMeeting | None,
                     decision: FlexiDecision | None) -> dt.date | None:
    """When the considerations were recorded, kept between the meeting and the decision."""
    if request.needs_met_in_school is None:
        return None
    date = _audited_on(request, "flexi.considerations")
    if date is None:  # recorded before FlexiDesk kept an audit: the nearest known day
        if decision is not None:
            return decision.decided_on
        return meeting.meeting_date if meeting is not None and meeting.held else None
    if decision is not None:
        date = min(date, decision.decided_on)
    if meeting is not None and meeting.held:
        date = max(date, meeting.meeting_date)
    return date


def _next_review(request: FlexiRequest, agreement: FlexiAgreement | None,
                 reviews: list[FlexiReview]) -> dt.date | None:
    if reviews:
        return reviews[-1].next_review_date
    if agreement is None:
        return None
    return agreement.first_review_date or (
        (agreement.active_from or agreement.start_date)
        + dt.timedelta(weeks=agreement.review_interval_weeks))


def timeline(request_id: int, today: dt.date) -> Timeline:
    """The request's milestones in journey order, each with its date, state and detail."""
    request = _get_request(request_id)
    meeting = _meeting(request)
    decision = _decision(request)
    agreement = _agreement(request)
    reviews = list(FlexiReview.select().where(FlexiReview.request == request)
                   .order_by(FlexiReview.review_date, FlexiReview.id))
    status = _status(school_calendar(), _held_date(request), decision, request.stage, today)
    stage_order = ("received", "meeting_arranged", "meeting_held", "considered", "decided",
                   "letter_issued", "agreement_drafted", "active")
    reached = stage_order.index(request.stage) if request.stage in stage_order else None
    if request.stage == "ended":
        reached = len(stage_order)

    # Where a withdrawn request stopped: the furthest stage with its evidence on record.
    if request.stage == "withdrawn":
        evidence = [True, meeting is not None, bool(meeting and meeting.held),
                    request.needs_met_in_school is not None, decision is not None,
                    _document(request, "flexi_decision") is not None, agreement is not None,
                    bool(agreement and agreement.active_from)]
        reached = max(i for i, ok in enumerate(evidence) if ok)

    invitation = _document(request, "flexi_invitation")
    letter = _document(request, "flexi_decision")
    when = ""
    if meeting is not None:
        when = format_date(meeting.meeting_date)
        if meeting.meeting_time:
            when += " " + format_time(meeting.meeting_time)
        if meeting.place:
            when += ", " + meeting.place
    parties = list(agreement.parties) if agreement else []
    signed = sum(1 for p in parties if p.signed_on)
    factors = list(FactorAssessment.select().where(FactorAssessment.request == request))
    concerns = sum(1 for f in factors if f.rating in ("concern", "serious_concern"))

    steps: list[tuple[str, dt.date | None, str]] = [
        ("received", request.received_on,
         _("Requested at home: {sessions}").format(
             sessions=describe_sessions(request.requested_sessions))),
        ("meeting_arranged", _arranged_date(request, meeting, invitation),
         (_("Meeting: {when}").format(when=when) + (
             "\n" + _("Invitation sent {date}").format(date=format_date(invitation.document_date))
             if invitation else "\n" + _("No invitation letter sent yet")))
         if meeting else _("Invite the family to a meeting with the Headteacher")),
        ("meeting_held", meeting.meeting_date if meeting else None,
         _("Attended by: {who}").format(who=meeting.attendees or _("not recorded"))
         if meeting and meeting.held else (
             _("Planned for {when}").format(when=when) if meeting
             else _("Meet the family and talk the request through"))),
        ("considered", _considered_date(request, meeting, decision),
         (_("{n} of 8 considerations raise a concern").format(n=concerns) + "\n"
          + (_("Needs can be met in school") if request.needs_met_in_school
             else _("Needs cannot be met in school")))
         if request.needs_met_in_school is not None
         else _("Weigh the eight considerations and the governing body's question")),
        ("decided", decision.decided_on if decision else status.due_on,
         (_("{outcome} on {date} (due {due})").format(
             outcome=_(OUTCOME_LABELS[decision.outcome]), date=format_date(decision.decided_on),
             due=format_date(decision.due_on)))
         if decision else (
             _("Due by {date}").format(date=format_date(status.due_on)) if status.due_on
             else _("Due within five working days of the meeting"))),
        ("letter_issued", letter.document_date if letter else (
            # A letter sent before FlexiDesk kept copies: the decision day is the best guess.
            decision.decided_on if decision and reached is not None and reached >= 5 else None),
         _("Letter dated {date}").format(date=format_date(letter.document_date))
         if letter else _("Write to the family with the outcome")),
    ]
    if decision is None or decision.outcome == "agreed":
        next_review = _next_review(request, agreement, reviews)
        steps += [
            ("agreement_drafted", agreement.drafted_on if agreement else None,
             _("{signed} of {total} parties have signed").format(signed=signed,
                                                                 total=len(parties))
             if agreement else _("Draft the agreement and talk it through with the family")),
            ("active", agreement.active_from if agreement else None,
             _("Home sessions (code C): {sessions}").format(
                 sessions=describe_sessions(agreement.home_sessions))
             if agreement else _("Runs once every party has signed")),
            ("review", reviews[-1].review_date if reviews and request.stage != "active"
             else next_review,
             (_("{n} review(s) held").format(n=len(reviews)) + "\n" if reviews else "")
             + (_("Next review {date}").format(date=format_date(next_review))
                if next_review and request.stage == "active" else _("Reviewed termly"))),
        ]

    waiting_late = set()  # steps not done and past their date
    if status.overdue:
        waiting_late.add("decided")
    if meeting is not None and not meeting.held and request.stage == "meeting_arranged" \
            and today > meeting.meeting_date:
        waiting_late.add("meeting_held")
    milestones = []
    for i, (code, date, detail) in enumerate(steps):
        label = _(TIMELINE_LABELS[code])
        if code == "review":
            # Reviews recur: done once the arrangement is over, otherwise the next one is due.
            if request.stage == "active":
                state = "late" if date and today > date else "next"
            elif request.stage == "ended" and reviews:
                state = "done"
            elif request.stage in CLOSED_STAGES:
                state = "skipped"
            else:
                state = "future"
        elif reached is not None and i <= reached:
            state = "done"
            if code == "decided" and status.late:
                state = "late"
        elif request.stage == "withdrawn":
            state = "skipped"
        elif reached is not None and i == reached + 1:
            state = "late" if code in waiting_late else "next"
        else:
            state = "late" if code in waiting_late else "future"
        done = state == "done" or (state == "late" and code not in waiting_late
                                   and code != "review")
        milestones.append(Milestone(code, label, date, state, detail, done))

    if request.stage == "ended":
        milestones.append(Milestone(
            "ended", _(TIMELINE_LABELS["ended"]), request.ended_on, "done",
            _(END_REASON_LABELS.get(request.end_reason or "", "")) + (
                "\n" + _("{n} weeks' notice").format(n=request.notice_weeks)
                if request.notice_weeks is not None else ""), True))
    elif request.stage == "withdrawn":
        milestones.append(Milestone("withdrawn", _(TIMELINE_LABELS["withdrawn"]),
                                    request.withdrawn_on, "done",
                                    _("The family withdrew the request"), True))
    return Timeline(milestones, status.due_on, today)


def _action_label(code: str, request: FlexiRequest | None = None) -> str:
    labels = {
        "arrange_meeting": _("Arrange meeting…"),
        "issue_invitation": _("Send invitation…"),
        "record_meeting": _("Record meeting…"),
        "record_considerations": _("Record considerations…"),
        "decide": _("Record decision…"),
        "issue_decision_letter": _("Send decision letter…"),
        "draft_agreement": _("Draft agreement…"),
        "issue_agreement": _("Print agreement…"),
        "record_signature": _("Record signature…"),
        "record_la_notified": _("Local authority told…"),
        "review": _("Review arrangement…"),
        "end": _("End with notice…"),
        "withdraw": _("Withdraw request…"),
    }
    if request is not None and code == "arrange_meeting" and request.stage == "meeting_arranged":
        return _("Re-arrange meeting…")
    if request is not None and code == "record_considerations" and request.stage == "considered":
        return _("Revise considerations…")
    if request is not None and code == "draft_agreement" and request.stage == "agreement_drafted":
        return _("Revise agreement…")
    return labels[code]


def next_actions(request_id: int, actor: Actor) -> list[tuple[str, str]]:
    """What may be done now with the request, most likely first, filtered by the actor's role."""
    request = _get_request(request_id)
    stage = request.stage
    codes: list[str] = []
    if stage == "received":
        codes = ["arrange_meeting"]
    elif stage == "meeting_arranged":
        codes = ["record_meeting", "issue_invitation", "arrange_meeting"]
    elif stage == "meeting_held":
        codes = ["record_considerations"]
    elif stage == "considered":
        codes = ["decide", "record_considerations"]
    elif stage == "decided":
        codes = ["issue_decision_letter"]
    elif stage == "letter_issued":
        codes = ["draft_agreement"] if _outcome(request) == "agreed" else []
    elif stage == "agreement_drafted":
        agreement = _agreement(request)
        codes = ["record_signature", "issue_agreement"]
        if agreement and not agreement.la_notified_on:
            codes.append("record_la_notified")
        if agreement and not any(p.signed_on for p in agreement.parties):
            codes.append("draft_agreement")
    elif stage == "active":
        agreement = _agreement(request)
        codes = ["review", "end", "issue_agreement"]
        if agreement and not agreement.la_notified_on:
            codes.append("record_la_notified")
    closed_decline = stage == "letter_issued" and _outcome(request) == "declined"
    if stage not in CLOSED_STAGES and not closed_decline:
        codes.append("withdraw")
    return [(code, _action_label(code, request)) for code in codes
            if can(actor, _ACTION_PERMISSIONS[code])]


# --- the detail pane ---------------------------------------------------------------------


@dataclass(frozen=True)
class FactorRow:
    code: str
    label: str
    rating: str
    rating_label: str
    note: str


@dataclass(frozen=True)
class PartyRow:
    id: int
    name: str
    capacity: str
    adult_id: int | None
    signed_on: dt.date | None


@dataclass(frozen=True)
class ReviewRow:
    id: int
    review_date: dt.date
    outcome: str
    outcome_label: str
    new_sessions: str
    notes: str
    next_review_date: dt.date | None


@dataclass(frozen=True)
class DocumentRow:
    id: int
    kind: str
    title: str
    document_date: dt.date
    issued_by: str


@dataclass(frozen=True)
class RequestDetail:
    """Everything the tab's detail pane (and the action dialogs) need about one request."""

    id: int
    pupil_id: int
    child: str
    year_label: str
    stage: str
    stage_label: str
    received_on: dt.date
    requested_sessions: str
    requested_sessions_text: str
    reasons: str
    adults: list[tuple[int, str]]
    meeting_date: dt.date | None = None
    meeting_time: dt.time | None = None
    meeting_place: str = ""
    meeting_held: bool = False
    attendees: str = ""
    meeting_notes: str = ""
    factors: list[FactorRow] = field(default_factory=list)
    needs_met_in_school: bool | None = None
    needs_met_notes: str = ""
    alternatives: list[tuple[str, int, str]] = field(default_factory=list)
    outcome: str | None = None
    outcome_label: str = ""
    decided_on: dt.date | None = None
    decision_reasons: str = ""
    decided_by: str = ""
    agree_justification: str = ""
    due_on: dt.date | None = None
    agreement_id: int | None = None
    start_date: dt.date | None = None
    home_sessions: str = ""
    home_sessions_text: str = ""
    first_review_date: dt.date | None = None
    review_interval_weeks: int | None = None
    notice_weeks: int | None = None
    home_educator: str = ""
    special_terms: str = ""
    la_notified_on: dt.date | None = None
    active_from: dt.date | None = None
    parties: list[PartyRow] = field(default_factory=list)
    reviews: list[ReviewRow] = field(default_factory=list)
    next_review_date: dt.date | None = None
    documents: list[DocumentRow] = field(default_factory=list)
    withdrawn_on: dt.date | None = None
    ended_on: dt.date | None = None
    end_reason: str | None = None
    end_reason_label: str = ""
    end_notice_weeks: int | None = None


@dataclass(frozen=True)
class ProvisionChoice:
    """Provision that might meet a child's needs instead: an intervention or a provider."""

    kind: str  # "intervention" or "provider"
    id: int
    name: str


def provision_choices(actor: Actor) -> list[ProvisionChoice]:
    """The interventions ``actor`` may see (catalogue order), then the active providers."""
    from flexidesk.policy.provision import intervention_choices

    providers = Provider.select().where(Provider.active).order_by(Provider.name)
    return ([ProvisionChoice("intervention", i.id, i.name) for i in intervention_choices(actor)]
            + [ProvisionChoice("provider", p.id, p.name) for p in providers])


def request_detail(request_id: int) -> RequestDetail:
    """Everything known about one request, ready to show."""
    request = _get_request(request_id)
    pupil = request.pupil
    adults = [(link.adult.id, link.adult.full_name) for link in
              FlexiRequestAdult.select(FlexiRequestAdult, Adult).join(Adult)
              .where(FlexiRequestAdult.request == request).order_by(FlexiRequestAdult.id)]
    values: dict = {}
    meeting = _meeting(request)
    if meeting is not None:
        values.update(meeting_date=meeting.meeting_date, meeting_time=meeting.meeting_time,
                      meeting_place=meeting.place, meeting_held=bool(meeting.held),
                      attendees=meeting.attendees, meeting_notes=meeting.notes)
        if meeting.held:
            values["due_on"] = school_calendar().decision_due(meeting.meeting_date)
    by_code = {f.factor: f for f in FactorAssessment.select().where(
        FactorAssessment.request == request)}
    values["factors"] = [FactorRow(code, _(label), by_code[code].rating,
                                   _(RATING_LABELS[by_code[code].rating]), by_code[code].note)
                         for code, label in FACTORS.items() if code in by_code]
    alternatives = []
    for alt in FlexiAlternative.select().where(FlexiAlternative.request == request):
        if alt.intervention_id:
            alternatives.append(("intervention", alt.intervention_id, alt.intervention.name))
        else:
            alternatives.append(("provider", alt.provider_id, alt.provider.name))
    values["alternatives"] = alternatives
    decision = _decision(request)
    if decision is not None:
        decider = StaffUser.get_or_none(StaffUser.id == decision.decided_by_id)
        values.update(outcome=decision.outcome, outcome_label=_(OUTCOME_LABELS[decision.outcome]),
                      decided_on=decision.decided_on, decision_reasons=decision.reasons,
                      decided_by=decider.display_name if decider else "",
                      due_on=decision.due_on)
    agreement = _agreement(request)
    reviews = list(FlexiReview.select().where(FlexiReview.request == request)
                   .order_by(FlexiReview.review_date, FlexiReview.id))
    if agreement is not None:
        values.update(
            agreement_id=agreement.id, start_date=agreement.start_date,
            home_sessions=agreement.home_sessions,
            home_sessions_text=describe_sessions(agreement.home_sessions),
            first_review_date=agreement.first_review_date,
            review_interval_weeks=agreement.review_interval_weeks,
            notice_weeks=agreement.notice_weeks, home_educator=agreement.home_educator,
            special_terms=agreement.special_terms, la_notified_on=agreement.la_notified_on,
            active_from=agreement.active_from,
            parties=[PartyRow(p.id, p.name, p.capacity, p.adult_id, p.signed_on)
                     for p in agreement.parties.order_by(AgreementParty.id)],
            next_review_date=_next_review(request, agreement, reviews)
            if request.stage == "active" else None)
    values["reviews"] = [ReviewRow(r.id, r.review_date, r.outcome,
                                   _(REVIEW_OUTCOME_LABELS[r.outcome]), r.new_sessions, r.notes,
                                   r.next_review_date) for r in reviews]
    values["documents"] = [DocumentRow(d.id, d.kind, d.title, d.document_date, d.issued_by)
                           for d in IssuedDocument.select().where(IssuedDocument.request == request)
                           .order_by(IssuedDocument.id)]
    return RequestDetail(
        id=request.id, pupil_id=pupil.id, child=pupil.known_as,
        year_label=_(YEAR_LABELS.get(pupil.year_group, "")), stage=request.stage,
        stage_label=_(STAGE_LABELS[request.stage]), received_on=request.received_on,
        requested_sessions=request.requested_sessions,
        requested_sessions_text=describe_sessions(request.requested_sessions),
        reasons=request.reasons, adults=adults,
        needs_met_in_school=request.needs_met_in_school,
        needs_met_notes=request.needs_met_notes,
        agree_justification=request.agree_justification,
        withdrawn_on=request.withdrawn_on, ended_on=request.ended_on,
        end_reason=request.end_reason,
        end_reason_label=_(END_REASON_LABELS[request.end_reason]) if request.end_reason else "",
        end_notice_weeks=request.notice_weeks, **values)
