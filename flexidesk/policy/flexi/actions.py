"""The flexi journey's writes from the request to the decision letter."""

from __future__ import annotations

import datetime as dt

from flexidesk.i18n import _, format_date
from flexidesk.policy.flexi._base import (
    LETTER_KINDS,
    LETTER_TITLES,
    NeedsLateReason,
    RefusedAction,
    _check_date,
    _confirm_school_day,
    _deadline_from,
    _decision,
    _get_request,
    _meeting,
    _not_before,
    _policy,
    _require_text,
    _sessions_text,
    _set_stage,
)
from flexidesk.policy.flexi.parties import check_requesters
from flexidesk.policy.flexi.stages import guard, stage_action
from flexidesk.policy.ourpolicy import DEFAULT, OurPolicy, in_force
from flexidesk.policy.records.access import (
    Actor,
    create,
    delete,
    update,
)
from flexidesk.policy.school.working_days import school_calendar
from flexidesk.policy.text import LINE, NOTE, PARAGRAPH, bounded
from flexidesk.store.models import (
    FACTOR_RATINGS,
    FLEXI_OUTCOMES,
    FactorAssessment,
    FlexiAlternative,
    FlexiDecision,
    FlexiMeeting,
    FlexiRequest,
    FlexiRequestAdult,
    Intervention,
    IssuedDocument,
    Provider,
    Pupil,
)

#: A decision recorded more than this many working days after the day it is dated was
#: recorded late: the reason is asked for and kept.
LATE_ENTRY_WORKING_DAYS = 2

#: The stage table's action for issuing each kind of document.
ISSUE_ACTIONS = {"flexi_invitation": "issue_invitation", "flexi_decision": "issue_decision_letter",
                 "flexi_agreement": "issue_agreement", "flexi_end": "issue_end_letter"}


def _request_fields(pupil: Pupil, *, adult_ids, received_on: dt.date, sessions, reasons: str,
                    today: dt.date, policy: OurPolicy = DEFAULT) -> tuple[list[int], dict]:
    """The adults and the fields of a request as received (or corrected), checked."""
    _check_date(received_on, _("date the request was received"), today)
    reasons = bounded(reasons, _("Reasons"), NOTE)
    if not reasons:
        raise RefusedAction(_("Please write what the family told us about why they ask."))
    adult_ids = check_requesters(pupil, adult_ids)
    text = _sessions_text(sessions, policy)
    if not text:
        raise RefusedAction(_("Please choose the sessions the family would like the child "
                              "to spend at home."))
    return adult_ids, {"received_on": received_on, "requested_sessions": text,
                       "reasons": reasons}


@stage_action("receive_request")
def receive_request(actor: Actor, *, pupil_id: int, adult_ids, received_on: dt.date,
                    sessions, reasons: str, today: dt.date | None = None) -> FlexiRequest:
    """Record a family's request: the child, the adults asking, the date, the home sessions, why."""
    pupil = Pupil.get_or_none(Pupil.id == pupil_id)
    if pupil is None:
        raise RefusedAction(_("Please choose the child the request is for."))
    # The request runs under the version of our policy in force the day it arrived.
    policy = in_force(received_on) if isinstance(received_on, dt.date) else DEFAULT
    adult_ids, fields = _request_fields(pupil, adult_ids=adult_ids, received_on=received_on,
                                        sessions=sessions, reasons=reasons,
                                        today=today or dt.date.today(), policy=policy)
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
    request = create(actor, "flexi.receive", FlexiRequest, pupil=pupil,
                     policy_version_id=policy.version_id, **fields)
    for adult_id in adult_ids:
        create(actor, "flexi.receive.adult", FlexiRequestAdult, pupil_id=pupil.id,
               request=request, adult=adult_id)
    return request


@stage_action("correct_request")
def correct_request(actor: Actor, request_id: int, *, adult_ids, received_on: dt.date,
                    sessions, reasons: str, today: dt.date | None = None) -> FlexiRequest:
    """Correct the request as recorded (who asked, when, which sessions, why) until the
    decision; each change is audited with what it was before."""
    request = _get_request(request_id)
    guard(actor, request, "correct_request")
    adult_ids, fields = _request_fields(request.pupil, adult_ids=adult_ids,
                                        received_on=received_on, sessions=sessions,
                                        reasons=reasons, today=today or dt.date.today(),
                                        policy=_policy(request))
    meeting = _meeting(request)
    if meeting is not None and received_on > meeting.meeting_date:
        raise RefusedAction(_("The request cannot have been received ({date}) after the "
                              "meeting about it ({meeting}).").format(
            date=format_date(received_on), meeting=format_date(meeting.meeting_date)))
    current = {link.adult_id: link for link in FlexiRequestAdult.select().where(
        FlexiRequestAdult.request == request)}
    for adult_id, link in current.items():
        if adult_id not in adult_ids:
            delete(actor, "flexi.correct.adult", link, pupil_id=request.pupil_id)
    for adult_id in adult_ids:
        if adult_id not in current:
            create(actor, "flexi.correct.adult", FlexiRequestAdult, pupil_id=request.pupil_id,
                   request=request, adult=adult_id)
    changed = {k: v for k, v in fields.items() if getattr(request, k) != v}
    if changed:
        update(actor, "flexi.correct", request, **changed)
    return request


@stage_action("arrange_meeting")
def arrange_meeting(actor: Actor, request_id: int, *, meeting_date: dt.date,
                    meeting_time: dt.time | None, place: str, confirm_non_school_day: bool = False,
                    today: dt.date | None = None) -> FlexiMeeting:
    """Arrange (or re-arrange, until it is held) the meeting with the Headteacher.

    A weekend or closure day raises ``NeedsConfirmation`` unless ``confirm_non_school_day``.
    """
    request = _get_request(request_id)
    step = guard(actor, request, "arrange_meeting")
    _check_date(meeting_date, _("meeting date"), today or dt.date.today(), future=True)
    _not_before(meeting_date, request.received_on, _("meeting date"), _("the request"))
    _confirm_school_day(meeting_date, _("meeting date"), confirm_non_school_day)
    meeting = _meeting(request)
    fields = {"meeting_date": meeting_date, "meeting_time": meeting_time,
              "place": bounded(place, _("Place"), LINE, single_line=True)}
    if meeting is not None and not meeting.held:
        update(actor, "flexi.meeting.rearrange", meeting, pupil_id=request.pupil_id, **fields)
    else:
        meeting = create(actor, "flexi.meeting.arrange", FlexiMeeting, pupil_id=request.pupil_id,
                         request=request, **fields)
    if request.stage != step.next_stage:
        _set_stage(actor, request, step.next_stage)
    return meeting


@stage_action("record_meeting")
def record_meeting(actor: Actor, request_id: int, *, held_on: dt.date, attendees: str,
                   notes: str, head_present: bool, head_absent_reason: str = "",
                   confirm_non_school_day: bool = False,
                   today: dt.date | None = None) -> FlexiMeeting:
    """Record that the meeting was held: when, who came, whether the Headteacher was there.

    A meeting without the Headteacher (or their named deputy) needs ``head_absent_reason``.
    """
    request = _get_request(request_id)
    step = guard(actor, request, "record_meeting")
    meeting = _meeting(request)
    assert meeting is not None  # the guard: a meeting was arranged
    _check_date(held_on, _("meeting date"), today or dt.date.today())
    _not_before(held_on, meeting.meeting_date, _("meeting date"),
                _("the day it was arranged for"))
    _confirm_school_day(held_on, _("meeting date"), confirm_non_school_day)
    attendees = bounded(attendees, _("Who attended"), PARAGRAPH, required=True)
    if head_present not in (True, False):
        raise RefusedAction(_("Please say whether the Headteacher (or their named deputy) was "
                              "at the meeting."))
    reason = "" if head_present else bounded(
        head_absent_reason, _("Why the Headteacher was not there"), PARAGRAPH, required=True)
    update(actor, "flexi.meeting.held", meeting, pupil_id=request.pupil_id, meeting_date=held_on,
           held=True, attendees=attendees, notes=bounded(notes, _("Notes"), NOTE),
           head_present=bool(head_present), head_absent_reason=reason)
    _set_stage(actor, request, step.next_stage)
    return meeting


@stage_action("record_considerations")
def record_considerations(actor: Actor, request_id: int, *, assessments: dict,
                          needs_met_in_school: bool | None, needs_met_notes: str,
                          alternatives: list, needs_met_in_letter: bool = False) -> FlexiRequest:
    """Record the eight considerations and the governing body's question (revisable until decided).

    Each consideration is ``(rating, note)`` or ``(rating, note, in_letter)``: it reaches the
    decision letter only when ticked, and so do the notes on the governing body's question
    (``needs_met_in_letter``). Nothing is ticked unless the Headteacher ticks it.
    """
    request = _get_request(request_id)
    step = guard(actor, request, "record_considerations")
    policy = _policy(request)
    factors = policy.considerations()  # the list of the version the request arrived under
    missing = [label for code, label in factors.items() if code not in assessments]
    if missing:
        raise RefusedAction(_("Please weigh every consideration. Still to do: {list}.")
                            .format(list="; ".join(missing)))
    unknown = set(assessments) - set(factors)
    if unknown:
        raise RefusedAction(_("Unknown consideration: {codes}.").format(
            codes=", ".join(sorted(unknown))))
    for code, (rating, *_rest) in assessments.items():
        if rating not in FACTOR_RATINGS:
            raise RefusedAction(_("Please choose a rating for “{factor}”.")
                                .format(factor=factors[code]))
    if not policy.governing_body_rule:  # the school has no such rule: nothing is asked
        needs_met_in_school, needs_met_notes, needs_met_in_letter = None, "", False
    elif needs_met_in_school not in (True, False):
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
    for code in factors:
        # (rating, note) or (rating, note, in_letter): private unless ticked for the letter.
        rating, note, *ticked = assessments[code]
        note = bounded(note, factors[code], NOTE)
        in_letter = bool(ticked and ticked[0])
        current = existing.get(code)
        if current is None:
            create(actor, "flexi.consider.factor", FactorAssessment, pupil_id=request.pupil_id,
                   request=request, factor=code, rating=rating, note=note, in_letter=in_letter)
        elif (current.rating, current.note, current.in_letter) != (rating, note, in_letter):
            update(actor, "flexi.consider.factor", current, pupil_id=request.pupil_id,
                   rating=rating, note=note, in_letter=in_letter)
    for old in FlexiAlternative.select().where(FlexiAlternative.request == request):
        delete(actor, "flexi.consider.alternative", old, pupil_id=request.pupil_id)
    for link in dict.fromkeys(tuple(sorted(x.items())) for x in links):
        create(actor, "flexi.consider.alternative", FlexiAlternative, pupil_id=request.pupil_id,
               request=request, **dict(link))
    notes = bounded(needs_met_notes, _("Notes"), NOTE)
    return update(actor, "flexi.considerations", request, stage=step.next_stage,
                  needs_met_in_school=(None if needs_met_in_school is None
                                       else bool(needs_met_in_school)),
                  needs_met_notes=notes,
                  needs_met_in_letter=needs_met_in_letter is True and bool(notes))


@stage_action("decide")
def decide(actor: Actor, request_id: int, *, outcome: str, decided_on: dt.date, reasons: str,
           justification: str = "", late_entry_reason: str = "",
           today: dt.date | None = None) -> FlexiDecision:
    """The Headteacher's decision; agreeing when needs can be met in school needs a justification.

    ``reasons`` are written for the family and go into the letter; the notes on each
    consideration stay in the record unless ticked for the letter. A decision recorded
    more than ``LATE_ENTRY_WORKING_DAYS`` after its date needs ``late_entry_reason``, kept
    with it: a back-dated decision never hides that the family waited.
    """
    request = _get_request(request_id)
    step = guard(actor, request, "decide")
    if outcome not in FLEXI_OUTCOMES:
        raise RefusedAction(_("Please choose whether the request is agreed or declined."))
    held_on = _deadline_from(request)
    assert held_on is not None  # the guard: the meeting was held (or none is asked for)
    today = today or dt.date.today()
    _check_date(decided_on, _("decision date"), today)
    _not_before(decided_on, held_on, _("decision date"),
                _("the meeting") if _policy(request).meeting_required else _("the request"))
    calendar = school_calendar()
    late_entry_reason = bounded(late_entry_reason, _("Why it is recorded late"), PARAGRAPH)
    if calendar.working_days_between(decided_on, today) > LATE_ENTRY_WORKING_DAYS:
        if not late_entry_reason:
            raise NeedsLateReason(_("The decision is dated {date} but recorded on {today}. "
                                    "Please say why it is recorded late; the reason is kept "
                                    "with the decision.").format(
                date=format_date(decided_on), today=format_date(today)))
    else:
        late_entry_reason = ""
    reasons = _require_text(reasons, _("Please give the main reasons for the decision."),
                            _("Reasons"))
    reasons = bounded(reasons, _("Reasons for the family"), NOTE)
    justification = bounded(justification, _("Justification"), NOTE)
    if outcome == "agreed" and request.needs_met_in_school and not justification:
        raise RefusedAction(_("The child's needs can be met in school, so the governing body "
                              "expects a decline. To agree anyway, please write why."))
    decision = create(actor, "flexi.decide", FlexiDecision, pupil_id=request.pupil_id,
                      request=request, outcome=outcome, decided_on=decided_on,
                      due_on=_policy(request).decision_due(calendar, held_on), reasons=reasons,
                      decided_by=actor.user_id, late_entry_reason=late_entry_reason,
                      policy_version_id=request.policy_version_id)
    _set_stage(actor, request, step.next_stage,
               agree_justification=justification if outcome == "agreed" else "")
    return decision


@stage_action(*ISSUE_ACTIONS.values())
def issue_letter(actor: Actor, request_id: int, *, kind: str, pdf: bytes, params: dict,
                 document_date: dt.date, today: dt.date | None = None) -> IssuedDocument:
    """Record a letter issued for the request; the decision letter moves it to 'letter sent'.

    A letter is dated no later than today; a decision letter no earlier than the decision.
    """
    request = _get_request(request_id)
    if kind not in LETTER_KINDS:
        raise RefusedAction(_("This kind of document does not belong to a flexi request."))
    step = guard(actor, request, ISSUE_ACTIONS[kind])
    _check_date(document_date, _("letter date"), today or dt.date.today())
    if kind == "flexi_decision":
        decision = _decision(request)
        assert decision is not None  # the guard: the request was decided
        _not_before(document_date, decision.decided_on, _("letter date"),
                    _("the decision"))
    from flexidesk.policy.records import documents  # the recorder of every issued document

    title = _("{document}: {child}").format(document=_(LETTER_TITLES[kind]),
                                             child=request.pupil.known_as)
    document = documents.record_issue(actor, kind, title, pdf, params,
                                      document_date=document_date, pupil_id=request.pupil_id,
                                      request_id=request.id)
    if step.next_stage != request.stage:
        _set_stage(actor, request, step.next_stage)
    return document

