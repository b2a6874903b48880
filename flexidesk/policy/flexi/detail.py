"""The detail read model: everything the detail pane and the action dialogs show of a request."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flexidesk.i18n import _
from flexidesk.policy.flexi._base import (
    _agreement,
    _decision,
    _meeting,
    _next_review,
    _policy,
    _read_request,
)
from flexidesk.policy.flexi.deadlines import letter_date, stage_label
from flexidesk.policy.flexi.parties import why_not_running
from flexidesk.policy.records.access import (
    Actor,
    require,
    viewed,
)
from flexidesk.policy.school.working_days import school_calendar
from flexidesk.policy.vocabulary import (
    END_REASON_LABELS,
    FACTORS,
    OUTCOME_LABELS,
    RATING_LABELS,
    REVIEW_OUTCOME_LABELS,
    YEAR_LABELS,
    describe_sessions,
)
from flexidesk.store.models import (
    Adult,
    AgreementParty,
    DueDiligenceItem,
    FactorAssessment,
    FlexiAlternative,
    FlexiDecision,
    FlexiRequest,
    FlexiRequestAdult,
    FlexiReview,
    IssuedDocument,
    Provider,
    StaffUser,
)


@dataclass(frozen=True)
class FactorRow:
    code: str
    label: str
    rating: str
    rating_label: str
    note: str
    in_letter: bool = False  # the note is private unless ticked for the letter


@dataclass(frozen=True)
class PartyRow:
    id: int
    name: str
    capacity: str
    adult_id: int | None
    signed_on: dt.date | None
    staff_id: int | None = None  # signs for the school


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
class EarlierDecision:
    """A decision on an earlier request for the same child."""

    request_id: int
    received_on: dt.date
    outcome: str
    outcome_label: str
    decided_on: dt.date


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
    head_present: bool | None = None
    head_absent_reason: str = ""
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
    notice_given_on: dt.date | None = None
    short_notice_reason: str = ""
    needs_met_in_letter: bool = False  # the governing-body notes are ticked for the letter
    late_entry_reason: str = ""  # why the decision was recorded long after its date
    not_running_reason: str = ""  # everyone signed, yet it does not run: why
    letter_on: dt.date | None = None  # the decision letter's date
    #: Decisions on the child's earlier requests, newest first: a new request after a
    #: decline shows what was decided before.
    earlier: list[EarlierDecision] = field(default_factory=list)
    #: The version of our policy the request runs under: the considerations to weigh (code,
    #: wording), whether the governing body's rule applies, the agreement's defaults and
    #: the line that names the version ('' under the built-in default).
    considerations: list[tuple[str, str]] = field(default_factory=list)
    governing_body_rule: bool = True
    default_review_weeks: int = 13
    default_notice_weeks: int = 4
    policy_line: str = ""
    #: Whether the family meets the Headteacher before the decision (False: the deadline
    #: counts from receipt, and nothing speaks of a meeting).
    meeting_required: bool = True


@dataclass(frozen=True)
class ProvisionChoice:
    """Provision that might meet a child's needs instead: an intervention or a provider."""

    kind: str  # "intervention" or "provider"
    id: int
    name: str


def provision_choices(actor: Actor, today: dt.date | None = None) -> list[ProvisionChoice]:
    """The interventions ``actor`` may see (catalogue order), then the providers that are ready.

    The letter calls a provider one "the school works with and checks": only a provider whose
    due-diligence checks are all in date may be named.
    """
    from flexidesk.policy.providers import due_diligence_status
    from flexidesk.policy.provision import intervention_choices

    today = today or dt.date.today()
    items: dict[int, list[DueDiligenceItem]] = {}
    for item in DueDiligenceItem.select():
        items.setdefault(item.provider_id, []).append(item)
    providers = [p for p in Provider.select().where(Provider.active).order_by(Provider.name)
                 if due_diligence_status(p, items.get(p.id, []), today).ready]
    return ([ProvisionChoice("intervention", i.id, i.name) for i in intervention_choices(actor)]
            + [ProvisionChoice("provider", p.id, p.name) for p in providers])


def _earlier(pupil_id: int, before: FlexiRequest | None = None) -> list[EarlierDecision]:
    """Decisions on the child's requests, newest first; with ``before``, only on the requests
    recorded before that one."""
    query = (FlexiDecision.select(FlexiDecision, FlexiRequest).join(FlexiRequest)
             .where(FlexiRequest.pupil == pupil_id))
    if before is not None:
        query = query.where(FlexiRequest.id < before.id)
    return [EarlierDecision(d.request_id, d.request.received_on, d.outcome,
                            _(OUTCOME_LABELS[d.outcome]), d.decided_on)
            for d in query.order_by(FlexiDecision.decided_on.desc(), FlexiDecision.id.desc())]


def earlier_decisions(actor: Actor, pupil_id: int) -> list[EarlierDecision]:
    """The decisions already made on the child's requests, newest first (shown on a new one)."""
    require(actor, "flexi.view")
    rows = _earlier(pupil_id)
    if rows:
        viewed(actor, "flexi_request", pupil_id, rows[0].request_id)
    return rows


def request_detail(actor: Actor, request_id: int, today: dt.date | None = None) -> RequestDetail:
    """Everything known about one request, ready to show (its stage as it stands ``today``)."""
    request = _read_request(actor, request_id, "flexi_request")
    today = today or dt.date.today()
    pupil = request.pupil
    adults = [(link.adult.id, link.adult.full_name) for link in
              FlexiRequestAdult.select(FlexiRequestAdult, Adult).join(Adult)
              .where(FlexiRequestAdult.request == request).order_by(FlexiRequestAdult.id)]
    values: dict = {}
    policy = _policy(request)
    meeting = _meeting(request)
    if meeting is not None:
        values.update(meeting_date=meeting.meeting_date, meeting_time=meeting.meeting_time,
                      meeting_place=meeting.place, meeting_held=bool(meeting.held),
                      attendees=meeting.attendees, meeting_notes=meeting.notes,
                      head_present=meeting.head_present,
                      head_absent_reason=meeting.head_absent_reason)
        if meeting.held and policy.meeting_required:
            values["due_on"] = policy.decision_due(school_calendar(), meeting.meeting_date)
    if not policy.meeting_required:
        values["due_on"] = policy.decision_due(school_calendar(), request.received_on)
    by_code = {f.factor: f for f in FactorAssessment.select().where(
        FactorAssessment.request == request)}
    # In the order of the version it was weighed under, in its own words (retired or not).
    order = [c["code"] for c in policy.flexi["considerations"]]
    order += [code for code in FACTORS if code not in order]
    order += sorted(code for code in by_code if code not in order)
    values["factors"] = [FactorRow(code, policy.consideration_label(code), by_code[code].rating,
                                   _(RATING_LABELS[by_code[code].rating]), by_code[code].note,
                                   bool(by_code[code].in_letter))
                         for code in order if code in by_code]
    values.update(considerations=list(policy.considerations().items()),
                  governing_body_rule=policy.governing_body_rule,
                  default_review_weeks=policy.review_weeks,
                  default_notice_weeks=policy.notice_weeks, policy_line=policy.made_under(),
                  meeting_required=policy.meeting_required)
    alternatives = []
    for alt in FlexiAlternative.select().where(FlexiAlternative.request == request):
        if alt.intervention is not None:
            alternatives.append(("intervention", alt.intervention.id, alt.intervention.name))
        else:
            assert alt.provider is not None  # the table's CHECK: one of the two is set
            alternatives.append(("provider", alt.provider.id, alt.provider.name))
    values["alternatives"] = alternatives
    decision = _decision(request)
    if decision is not None:
        decider = StaffUser.get_or_none(StaffUser.id == decision.decided_by_id)
        values.update(outcome=decision.outcome, outcome_label=_(OUTCOME_LABELS[decision.outcome]),
                      decided_on=decision.decided_on, decision_reasons=decision.reasons,
                      decided_by=decider.display_name if decider else "",
                      due_on=decision.due_on, late_entry_reason=decision.late_entry_reason,
                      letter_on=letter_date(request))
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
            parties=[PartyRow(p.id, p.name, p.capacity, p.adult_id, p.signed_on, p.staff_id)
                     for p in agreement.parties.order_by(AgreementParty.id)],
            not_running_reason="" if agreement.active_from else why_not_running(
                request.pupil_id, list(agreement.parties)),
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
        stage_label=stage_label(request, today), received_on=request.received_on,
        requested_sessions=request.requested_sessions,
        requested_sessions_text=describe_sessions(request.requested_sessions),
        reasons=request.reasons, adults=adults,
        needs_met_in_school=request.needs_met_in_school,
        needs_met_notes=request.needs_met_notes,
        agree_justification=request.agree_justification,
        withdrawn_on=request.withdrawn_on, ended_on=request.ended_on,
        end_reason=request.end_reason,
        end_reason_label=_(END_REASON_LABELS[request.end_reason]) if request.end_reason else "",
        end_notice_weeks=request.notice_weeks, notice_given_on=request.notice_given_on,
        short_notice_reason=request.short_notice_reason,
        needs_met_in_letter=bool(request.needs_met_in_letter),
        earlier=_earlier(pupil.id, request), **values)
