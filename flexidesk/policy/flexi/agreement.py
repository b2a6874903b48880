"""The flexi journey's writes after the letter: the agreement, its signatures, reviews and end."""

from __future__ import annotations

import datetime as dt

from flexidesk.i18n import _, format_date
from flexidesk.policy.flexi._base import (
    END_NOTICE_REASONS,
    RefusedAction,
    _agreement,
    _check_date,
    _decision,
    _get_request,
    _not_before,
    _policy,
    _sessions_text,
    _set_stage,
    _working_review_day,
)
from flexidesk.policy.flexi.parties import (
    holds_parental_responsibility,
    resolve_parties,
    signs_for_school,
)
from flexidesk.policy.flexi.stages import guard, stage_action
from flexidesk.policy.records.access import (
    Actor,
    PolicyError,
    can,
    create,
    delete,
    update,
)
from flexidesk.policy.school.school_days import review_series
from flexidesk.policy.school.working_days import school_calendar
from flexidesk.policy.text import LINE, NOTE, PARAGRAPH, bounded
from flexidesk.policy.week import Commitment, check_booking
from flexidesk.store.models import (
    FLEXI_REVIEW_OUTCOMES,
    AgreementParty,
    FlexiAgreement,
    FlexiRequest,
    FlexiReview,
)


def agreement_review_dates(agreement: FlexiAgreement, count: int = 3) -> list[dt.date]:
    """The review dates an agreement prints: its first review (or the interval after its
    start), then one every interval, each on a school day."""
    first = agreement.first_review_date or (
        agreement.start_date + dt.timedelta(weeks=agreement.review_interval_weeks))
    return review_series(first, agreement.review_interval_weeks, count)


def _book_home_sessions(request: FlexiRequest, sessions: str, start: dt.date) -> None:
    """Book the home sessions into the child's week from ``start``: a session the child
    already spends at a provider is refused, both commitments named."""
    try:
        check_booking(Commitment("flexi", request.id, request.pupil_id,
                                 frozenset(sessions.split(",")), "C", start, None, ""),
                      request.pupil.known_as)
    except PolicyError as clash:
        raise RefusedAction(str(clash)) from None


@stage_action("draft_agreement")
def draft_agreement(actor: Actor, request_id: int, *, start_date: dt.date, home_sessions,
                    first_review_date: dt.date | None, review_interval_weeks: int = 13,
                    notice_weeks: int = 4, home_educator: str = "", special_terms: str = "",
                    parties) -> FlexiAgreement:
    """Draft the agreement after an agreed letter (re-draftable until someone has signed).

    ``parties`` are chosen, never typed: ("staff", id) for whoever signs for the school,
    ("adult", id) for an adult linked to the child, ("pupil", None) for the child.
    """
    request = _get_request(request_id)
    step = guard(actor, request, "draft_agreement")
    agreement = _agreement(request)
    decision = _decision(request)
    assert decision is not None  # the guard: an agreed decision letter went out
    _not_before(start_date, decision.decided_on, _("start date"), _("the decision"))
    if first_review_date is not None:
        _not_before(first_review_date, start_date, _("first review"), _("the start date"))
        _working_review_day(first_review_date, _("first review"), after=start_date)
    if not 1 <= int(review_interval_weeks) <= 52:
        raise RefusedAction(_("Reviews should be between 1 and 52 weeks apart."))
    if not 0 <= int(notice_weeks) <= 26:
        raise RefusedAction(_("The notice period should be between 0 and 26 weeks."))
    sessions = _sessions_text(home_sessions, _policy(request))
    if not sessions:
        raise RefusedAction(_("Please choose the sessions the child will spend at home."))
    _book_home_sessions(request, sessions, start_date)
    chosen = resolve_parties(request.pupil, parties)
    fields = {"start_date": start_date, "home_sessions": sessions,
              "first_review_date": first_review_date,
              "review_interval_weeks": int(review_interval_weeks),
              "notice_weeks": int(notice_weeks),
              "home_educator": bounded(home_educator, _("Home educator"), LINE),
              "special_terms": bounded(special_terms, _("Special terms"), NOTE)}
    if agreement is None:
        agreement = create(actor, "flexi.agreement.draft", FlexiAgreement,
                           pupil_id=request.pupil_id, request=request,
                           # Entered after the event, a draft dates from no later than its start.
                           drafted_on=max(decision.decided_on, min(dt.date.today(), start_date)),
                           policy_version_id=request.policy_version_id, **fields)
    else:
        update(actor, "flexi.agreement.redraft", agreement, pupil_id=request.pupil_id, **fields)
        for old in list(agreement.parties):
            delete(actor, "flexi.agreement.party", old, pupil_id=request.pupil_id)
    for row in chosen:
        create(actor, "flexi.agreement.party", AgreementParty, pupil_id=request.pupil_id,
               agreement=agreement, **row)
    if request.stage != step.next_stage:
        _set_stage(actor, request, step.next_stage)
    return agreement


@stage_action("record_signature")
def record_signature(actor: Actor, party_id: int, *, signed_on: dt.date,
                     today: dt.date | None = None) -> AgreementParty:
    """Record one party's signature; once all have signed the arrangement is running.

    It runs only once the school and an adult with parental responsibility have signed,
    and never from before the agreed start date.
    """
    party = AgreementParty.get_or_none(AgreementParty.id == party_id)
    if party is None:
        raise RefusedAction(_("This party to the agreement could not be found."))
    agreement = party.agreement
    request = agreement.request
    step = guard(actor, request, "record_signature")
    _check_date(signed_on, _("signature date"), today or dt.date.today())
    decision = _decision(request)
    assert decision is not None  # the guard: a drafted agreement follows the decision
    _not_before(signed_on, decision.decided_on, _("signature date"), _("the decision"))
    update(actor, "flexi.agreement.sign", party, pupil_id=request.pupil_id, signed_on=signed_on)
    parties = list(AgreementParty.select().where(AgreementParty.agreement == agreement))
    signed = [p for p in parties if p.signed_on]
    # Read again now, not at drafting: an account may no longer sign, and parental
    # responsibility may have been taken off an adult's record since.
    school = any(signs_for_school(p) for p in signed)
    family = any(holds_parental_responsibility(request.pupil_id, p.adult_id) for p in signed)
    if len(signed) == len(parties) and school and family:
        update(actor, "flexi.agreement.active", agreement, pupil_id=request.pupil_id,
               active_from=max([agreement.start_date] + [p.signed_on for p in signed
                                                          if p.signed_on]))
        _set_stage(actor, request, step.next_stage)
    return party


@stage_action("record_signature")
def record_signatures(actor: Actor, signatures: dict[int, dt.date]) -> list[AgreementParty]:
    """Record several parties' signatures as one step: all are kept, or none."""
    return [record_signature(actor, party_id, signed_on=signed_on)
            for party_id, signed_on in signatures.items()]


@stage_action("record_la_notified")
def record_la_notified(actor: Actor, request_id: int, *, notified_on: dt.date) -> FlexiAgreement:
    """Record the date the local authority was told about the arrangement."""
    request = _get_request(request_id)
    guard(actor, request, "record_la_notified")
    agreement = _agreement(request)
    decision = _decision(request)
    assert agreement is not None and decision is not None  # the guard: an agreement is drafted
    _not_before(notified_on, decision.decided_on, _("notification date"),
                _("the decision"))
    return update(actor, "flexi.la_notified", agreement, pupil_id=request.pupil_id,
                  la_notified_on=notified_on)


@stage_action("review")
def review_arrangement(actor: Actor, request_id: int, *, review_date: dt.date, outcome: str,
                       notes: str, new_sessions=None,
                       next_review_date: dt.date | None = None) -> FlexiReview:
    """Review a running arrangement: continue, change the home sessions, or end it."""
    request = _get_request(request_id)
    guard(actor, request, "review")
    if outcome not in FLEXI_REVIEW_OUTCOMES:
        raise RefusedAction(_("Please choose the outcome of the review."))
    agreement = _agreement(request)
    # the guard: the arrangement is running, so its agreement is signed and active
    assert agreement is not None and agreement.active_from is not None
    _not_before(review_date, agreement.active_from, _("review date"), _("the arrangement began"))
    sessions = ""
    if outcome == "change":
        sessions = _sessions_text(new_sessions or (), _policy(request))
        if not sessions:
            raise RefusedAction(_("Please choose the new home sessions."))
        if sessions == agreement.home_sessions:
            raise RefusedAction(_("The new sessions are the same as the current ones."))
        _book_home_sessions(request, sessions, review_date)
    if outcome == "end":
        next_review_date = None
    elif next_review_date is None:  # the interval's day, or the first working day after it
        next_review_date = school_calendar().on_or_after(
            review_date + dt.timedelta(weeks=agreement.review_interval_weeks))
    elif next_review_date <= review_date:
        raise RefusedAction(_("The next review must come after this one."))
    else:
        _working_review_day(next_review_date, _("next review"), after=review_date)
    review = create(actor, "flexi.review", FlexiReview, pupil_id=request.pupil_id,
                    request=request, review_date=review_date, outcome=outcome,
                    new_sessions=sessions, notes=bounded(notes, _("Notes"), NOTE),
                    next_review_date=next_review_date, reviewed_by=actor.user_id)
    if outcome == "change":
        update(actor, "flexi.agreement.sessions", agreement, pupil_id=request.pupil_id,
               home_sessions=sessions)
    if outcome == "end":
        # Ending at a review takes the table's way out of a running arrangement.
        _set_stage(actor, request, guard(actor, request, "end").next_stage, ended_on=review_date,
                   end_reason="review")
    return review


@stage_action("end")
def end_arrangement(actor: Actor, request_id: int, *, ended_on: dt.date, reason: str,
                    notice_given_on: dt.date, short_notice_reason: str = "",
                    today: dt.date | None = None) -> FlexiRequest:
    """End a running arrangement after notice from the school or the family.

    The end date respects the agreement's notice period counted from ``notice_given_on``;
    a shorter notice needs the Headteacher, with their reason recorded.
    """
    request = _get_request(request_id)
    step = guard(actor, request, "end")
    if reason not in END_NOTICE_REASONS:
        raise RefusedAction(_("Please say who gave notice: the school or the family."))
    agreement = _agreement(request)
    # the guard: the arrangement is running, so its agreement is signed and active
    assert agreement is not None and agreement.active_from is not None
    _check_date(notice_given_on, _("date notice was given"), today or dt.date.today())
    # Notice falls between the agreement's start and today: none before it ran.
    _not_before(notice_given_on, agreement.start_date, _("date notice was given"),
                _("the agreement's start"))
    _check_date(ended_on, _("end date"), today or dt.date.today(), future=True)
    _not_before(ended_on, agreement.active_from, _("end date"), _("the arrangement began"))
    _not_before(ended_on, notice_given_on, _("end date"), _("the day notice was given"))
    earliest = notice_given_on + dt.timedelta(weeks=agreement.notice_weeks)
    why = bounded(short_notice_reason, _("Reason for the shorter notice"), PARAGRAPH)
    if ended_on < earliest:
        if not can(actor, "flexi.decide"):
            raise RefusedAction(_("The agreement asks for {n} weeks' notice, so it ends on {date} "
                                  "at the earliest. Only the Headteacher may agree a shorter "
                                  "notice.").format(n=agreement.notice_weeks,
                                                    date=format_date(earliest)))
        if not why:
            raise RefusedAction(_("The agreement asks for {n} weeks' notice, so it ends on {date} "
                                  "at the earliest. To end it sooner, please record the "
                                  "Headteacher's reason.").format(n=agreement.notice_weeks,
                                                                  date=format_date(earliest)))
    else:
        why = ""
    return _set_stage(actor, request, step.next_stage, ended_on=ended_on, end_reason=reason,
                      notice_weeks=(ended_on - notice_given_on).days // 7,
                      notice_given_on=notice_given_on, short_notice_reason=why)


@stage_action("withdraw")
def withdraw(actor: Actor, request_id: int, *, withdrawn_on: dt.date,
             note: str = "") -> FlexiRequest:
    """The family withdraws the request before it runs; a running arrangement ends only
    through ``end_arrangement`` (with its notice) or at a review."""
    request = _get_request(request_id)
    step = guard(actor, request, "withdraw")
    _not_before(withdrawn_on, request.received_on, _("withdrawal date"), _("the request"))
    changes: dict = {"withdrawn_on": withdrawn_on, "end_reason": "withdrawn"}
    note = bounded(note, _("Note"), PARAGRAPH)
    if note:
        separator = "\n\n" if request.reasons else ""
        changes["reasons"] = request.reasons + separator + _("Withdrawn: {note}").format(note=note)
    return _set_stage(actor, request, step.next_stage, **changes)

