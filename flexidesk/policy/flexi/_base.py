"""Shared pieces of the flexi journey: its constants, the refusal and the small look-ups."""

from __future__ import annotations

import datetime as dt

from flexidesk.i18n import N_, _, format_date, ngettext
from flexidesk.policy.errors import AskFirst
from flexidesk.policy.ourpolicy import DEFAULT, OurPolicy, policy_of
from flexidesk.policy.records.access import (
    Actor,
    PolicyError,
    require,
    update,
    viewed,
)
from flexidesk.policy.school.school_days import require_school_day
from flexidesk.policy.school.working_days import school_calendar
from flexidesk.policy.text import NOTE, bounded
from flexidesk.policy.vocabulary import (
    format_sessions,
    parse_sessions,
)
from flexidesk.store.models import (
    SESSIONS,
    FlexiAgreement,
    FlexiDecision,
    FlexiMeeting,
    FlexiRequest,
    FlexiReview,
    IssuedDocument,
)

#: Stages after which nothing more can happen to a request.
CLOSED_STAGES = frozenset({"ended", "withdrawn"})
#: The documents issued for a request and the stage each fits.
LETTER_KINDS = ("flexi_invitation", "flexi_decision", "flexi_agreement", "flexi_end")
LETTER_TITLES = {
    "flexi_invitation": N_("Invitation to a meeting about flexi-schooling"),
    "flexi_decision": N_("Flexi-schooling decision letter"),
    "flexi_agreement": N_("Flexi-schooling agreement"),
    "flexi_end": N_("Letter about the end of flexi-schooling"),
}
END_NOTICE_REASONS = ("notice_school", "notice_family")

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


class NeedsConfirmation(RefusedAction, AskFirst):
    """The date is allowed once the user confirms it (a weekend or a day the school is shut)."""


class NeedsLateReason(RefusedAction):
    """A decision recorded long after its date: allowed once the reason is given."""


#: The furthest ahead a planned date may lie: anything later is a slip of the keyboard.
MAX_DAYS_AHEAD = 2 * 366
#: The earliest date a record may carry.
EARLIEST = dt.date(2000, 1, 1)
#: The sessions of a school week: a pattern with all of them at home is not flexi-schooling.
ALL_SESSIONS = frozenset(SESSIONS)


# --- small helpers ------------------------------------------------------------------------


def _get_request(request_id: int) -> FlexiRequest:
    request = FlexiRequest.get_or_none(FlexiRequest.id == request_id)
    if request is None:
        raise RefusedAction(_("This request could not be found. It may have been removed."))
    return request


def _read_request(actor: Actor, request_id: int, what: str) -> FlexiRequest:
    """The request, for ``actor`` who may view flexi records; the read is audited as a view."""
    require(actor, "flexi.view")
    request = _get_request(request_id)
    viewed(actor, what, request.pupil_id, request.id)
    return request




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


def _check_date(value: dt.date, what: str, today: dt.date, *, future: bool = False) -> None:
    """Refuse a date far from today, or (unless ``future``) one that has not happened yet."""
    if not isinstance(value, dt.date):
        raise RefusedAction(_("Please enter the {what}.").format(what=what))
    if value < EARLIEST or value > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise RefusedAction(_("The {what} ({value}) is too far from today. Please check the "
                              "year.").format(what=what, value=format_date(value)))
    if not future and value > today:
        raise RefusedAction(_("The {what} ({value}) is in the future. Please enter the day it "
                              "happened.").format(what=what, value=format_date(value)))


def _confirm_school_day(value: dt.date, what: str, confirmed: bool) -> None:
    """A weekend or closure day is allowed only once the user has confirmed it."""
    if not confirmed and not school_calendar().is_working_day(value):
        raise NeedsConfirmation(_("The {what} ({value}) is not a school day: a weekend, a bank "
                                  "holiday or a closure day. Is that right?")
                                .format(what=what, value=format_date(value)))


def _working_review_day(value: dt.date, what: str, *, after: dt.date | None = None) -> None:
    """Reviews fall on school days, within a year of ``after``; the message names the next
    school day (the one rule of ``school.school_days``, refused as this journey refuses)."""
    try:
        require_school_day(value, what, after=after)
    except PolicyError as exc:
        raise RefusedAction(str(exc)) from None


def _require_text(value: str, message: str, label: str | None = None,
                  limit: int = NOTE) -> str:
    """``value`` stripped; refused with ``message`` when empty, or when past ``limit``."""
    text = bounded(value, label or _("This text"), limit)
    if not text:
        raise RefusedAction(message)
    return text


def _policy(request: FlexiRequest) -> OurPolicy:
    """The version of our policy the request was received under (the default if none)."""
    return policy_of(request.policy_version_id)


def _sessions_text(sessions, policy: OurPolicy = DEFAULT) -> str:
    try:
        text = format_sessions(parse_sessions(sessions) if isinstance(sessions, str) else sessions)
    except ValueError as exc:
        raise RefusedAction(_("Some of the sessions chosen are not school sessions.")) from exc
    in_school = len(ALL_SESSIONS - set(text.split(",")))
    if 0 < in_school < policy.fewest_sessions_in_school:
        raise RefusedAction(ngettext(
            "Our policy asks for at least {n} session a week in school; this pattern leaves "
            "{left}.", "Our policy asks for at least {n} sessions a week in school; this "
            "pattern leaves {left}.", policy.fewest_sessions_in_school).format(
            n=policy.fewest_sessions_in_school, left=in_school))
    if ALL_SESSIONS <= set(text.split(",")):
        raise RefusedAction(_("Every session of the week is at home, so the child would have no "
                              "time in school. That is not flexi-schooling: it is elective home "
                              "education, which the family arranges with the local authority "
                              "after taking the child off the school's roll."))
    return text


def _set_stage(actor: Actor, request: FlexiRequest, stage: str, **changes) -> FlexiRequest:
    return update(actor, f"flexi.stage.{stage}", request, stage=stage, **changes)


def _held_date(request: FlexiRequest) -> dt.date | None:
    meeting = _meeting(request)
    return meeting.meeting_date if meeting and meeting.held else None


def _deadline_from(request: FlexiRequest) -> dt.date | None:
    """The day the decision deadline counts from: the meeting, once held; or, under a version
    of our policy with no meeting, the day the request was received."""
    if not _policy(request).meeting_required:
        return request.received_on
    return _held_date(request)


def _outcome(request: FlexiRequest) -> str | None:
    decision = _decision(request)
    return decision.outcome if decision else None


def _document(request: FlexiRequest, kind: str) -> IssuedDocument | None:
    return (IssuedDocument.select().where(IssuedDocument.request == request,
                                          IssuedDocument.kind == kind)
            .order_by(IssuedDocument.id.desc()).first())


def _next_review(request: FlexiRequest, agreement: FlexiAgreement | None,
                 reviews: list[FlexiReview]) -> dt.date | None:
    if reviews:
        return reviews[-1].next_review_date
    if agreement is None:
        return None
    return agreement.first_review_date or school_calendar().on_or_after(
        (agreement.active_from or agreement.start_date)
        + dt.timedelta(weeks=agreement.review_interval_weeks))


def rows_a_form_edits(request_id: int) -> list[tuple[str, int]]:
    """The rows a step's form may change besides the request itself: its meeting, its
    agreement and the agreement's parties, the Headteacher's weighing of each factor. A form
    remembers each as it opens, and its save is refused if someone changed one since."""
    from flexidesk.store.models import (
        AgreementParty,
        FactorAssessment,
        FlexiAgreement,
        FlexiMeeting,
    )
    from flexidesk.store.query import as_tuples

    rows: list[tuple[str, int]] = [("flexi_request", request_id)]
    for model in (FlexiMeeting, FlexiAgreement, FactorAssessment):
        rows += [(model._meta.table_name, row_id) for (row_id,) in as_tuples(
            model.select(model.id).where(model.request == request_id))]
    agreements = FlexiAgreement.select(FlexiAgreement.id).where(
        FlexiAgreement.request == request_id)
    rows += [("agreement_party", row_id) for (row_id,) in as_tuples(AgreementParty.select(
        AgreementParty.id).where(AgreementParty.agreement.in_(agreements)))]
    return rows

