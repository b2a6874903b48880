"""The one stage table: which action fits which stage, who may take it, and where it leads.

``TRANSITIONS`` is the one place that says who may take each step. It drives the guard every
write calls (``guard(actor, request, action)``: the role, the stage and its condition), the
role check of each write's ``@stage_action`` (its permission is read from the table, not
written again), and the list of next actions the tab offers an actor (``next_actions``,
which asks ``guard``), so none of them can disagree.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from flexidesk.i18n import N_, _
from flexidesk.policy.errors import PermissionDenied
from flexidesk.policy.flexi._base import (
    RefusedAction,
    _agreement,
    _document,
    _get_request,
    _meeting,
    _outcome,
    _policy,
)
from flexidesk.policy.records.access import Actor, action, require
from flexidesk.store.models import FlexiRequest, IssuedDocument


@dataclass(frozen=True)
class Transition:
    """One row of the table: in ``stage``, ``action`` (by ``permission``) leads to ``next_stage``.

    ``when`` names a condition on the request (see ``CONDITIONS``) that must also hold.
    """

    stage: str
    action: str
    permission: str
    next_stage: str
    when: str | None = None


def _invitation_owed(request: FlexiRequest) -> bool:
    """No invitation yet for the meeting as it now stands (a re-arranged meeting needs one)."""
    meeting = _meeting(request)
    letter = _document(request, "flexi_invitation")
    if meeting is None or letter is None:
        return True
    sent = (json.loads(letter.params or "{}").get("meeting") or {})
    now = {"date": meeting.meeting_date.isoformat(),
           "time": meeting.meeting_time.strftime("%H:%M") if meeting.meeting_time else None,
           "place": meeting.place}
    return bool(sent) and sent != now


def _unsigned(request: FlexiRequest) -> bool:
    agreement = _agreement(request)
    return agreement is None or not any(p.signed_on for p in agreement.parties)


def _la_not_told(request: FlexiRequest) -> bool:
    agreement = _agreement(request)
    return agreement is not None and not agreement.la_notified_on


def _end_letter_owed(request: FlexiRequest) -> bool:
    return (request.end_reason in ("notice_school", "notice_family")
            and IssuedDocument.select().where(IssuedDocument.request == request,
                                              IssuedDocument.kind == "flexi_end").count() == 0)


#: Conditions a transition may carry, each with the refusal shown when it does not hold.
CONDITIONS: dict[str, tuple[Callable[[FlexiRequest], bool], str]] = {
    "agreed": (lambda r: _outcome(r) == "agreed",
               N_("The request was declined, so there is no agreement to draft.")),
    "not_declined": (lambda r: _outcome(r) != "declined",
                     N_("The request was declined: the family must receive the decision "
                        "letter before the request can be closed or withdrawn.")),
    "letter_agreed": (lambda r: _outcome(r) == "agreed",
                      N_("The request was declined and the family has had the letter, so it "
                         "is already closed.")),
    "invitation_owed": (_invitation_owed,
                        N_("The invitation for this meeting has already been sent. Reprint it "
                           "from the Documents list if a copy is needed.")),
    "unsigned": (_unsigned, N_("Someone has already signed this agreement, so it can no longer "
                               "be changed.")),
    "la_not_told": (_la_not_told, N_("There is no agreement yet to tell the local authority "
                                     "about, or it has been told already.")),
    "meeting_required": (lambda r: _policy(r).meeting_required,
                         N_("The policy this request runs under asks for no meeting: weigh "
                            "the considerations and decide.")),
    "no_meeting": (lambda r: not _policy(r).meeting_required,
                   N_("The meeting has not been held yet, so the considerations cannot be "
                      "recorded.")),
    "end_letter_owed": (_end_letter_owed, N_("The letter about the end of the arrangement can "
                                             "be sent once, after it was ended with notice.")),
}

#: Stages a request may be withdrawn from: a running arrangement ends with notice instead.
_OPEN = ("received", "meeting_arranged", "meeting_held", "considered", "decided",
         "letter_issued", "agreement_drafted")
#: Stages in which the recorded request may still be corrected: until the decision.
_BEFORE_DECISION = ("received", "meeting_arranged", "meeting_held", "considered")

#: The stage before a request exists: receiving it is the journey's first step.
NEW = "new"

#: The journey: (stage, action, who may, next stage[, condition]), most likely action first.
TRANSITIONS: tuple[Transition, ...] = (
    Transition(NEW, "receive_request", "flexi.edit", "received"),
    Transition("received", "arrange_meeting", "flexi.edit", "meeting_arranged",
               "meeting_required"),
    # Under a version of our policy with no meeting, the weighing follows receipt.
    Transition("received", "record_considerations", "flexi.consider", "considered",
               "no_meeting"),
    Transition("meeting_arranged", "record_meeting", "flexi.edit", "meeting_held"),
    Transition("meeting_arranged", "issue_invitation", "document.issue", "meeting_arranged",
               "invitation_owed"),
    Transition("meeting_arranged", "arrange_meeting", "flexi.edit", "meeting_arranged"),
    Transition("meeting_held", "record_considerations", "flexi.consider", "considered"),
    Transition("considered", "decide", "flexi.decide", "decided"),
    Transition("considered", "record_considerations", "flexi.consider", "considered"),
    Transition("decided", "issue_decision_letter", "document.issue", "letter_issued"),
    Transition("letter_issued", "draft_agreement", "flexi.edit", "agreement_drafted", "agreed"),
    # Runs once the school and an adult with parental responsibility have signed.
    Transition("agreement_drafted", "record_signature", "flexi.edit", "active"),
    Transition("agreement_drafted", "issue_agreement", "document.issue", "agreement_drafted"),
    Transition("agreement_drafted", "record_la_notified", "flexi.edit", "agreement_drafted",
               "la_not_told"),
    Transition("agreement_drafted", "draft_agreement", "flexi.edit", "agreement_drafted",
               "unsigned"),
    Transition("active", "review", "flexi.edit", "active"),
    Transition("active", "end", "flexi.edit", "ended"),
    Transition("active", "issue_agreement", "document.issue", "active"),
    Transition("active", "record_la_notified", "flexi.edit", "active", "la_not_told"),
    # Ended with notice: the family is written to once.
    Transition("ended", "issue_end_letter", "document.issue", "ended", "end_letter_owed"),
    *(Transition(stage, "correct_request", "flexi.edit", stage) for stage in _BEFORE_DECISION),
    *(Transition(stage, "withdraw", "flexi.edit", "withdrawn",
                 {"decided": "not_declined", "letter_issued": "letter_agreed"}.get(stage))
      for stage in _OPEN),
)

#: Why an action does not fit a stage, stage by stage; ``None`` is every other stage.
_REFUSALS: dict[str, dict[str | None, str]] = {
    "receive_request": {None: N_("This request has already been received.")},
    "arrange_meeting": {None: N_("The meeting has already been held, so it cannot be arranged "
                                 "again.")},
    "record_meeting": {"received": N_("No meeting has been arranged yet. Please arrange the "
                                      "meeting first."),
                       None: N_("The meeting has already been recorded.")},
    "issue_invitation": {None: N_("An invitation can only be sent while a meeting is arranged "
                                  "and not yet held.")},
    "record_considerations": {
        "received": N_("The meeting has not been held yet, so the considerations cannot be "
                       "recorded."),
        "meeting_arranged": N_("The meeting has not been held yet, so the considerations "
                               "cannot be recorded."),
        None: N_("A decision has already been made, so the considerations can no longer be "
                 "changed.")},
    "decide": {
        "received": N_("The meeting has not been held yet, so a decision cannot be recorded."),
        "meeting_arranged": N_("The meeting has not been held yet, so a decision cannot be "
                               "recorded."),
        "meeting_held": N_("The considerations have not been recorded yet, so a decision "
                           "cannot be made."),
        None: N_("A decision has already been recorded for this request.")},
    "issue_decision_letter": {None: N_("The decision letter can only be sent once a decision "
                                       "has been made, and only once.")},
    "draft_agreement": {None: N_("The agreement can be drafted once the family has been sent "
                                 "the letter agreeing the request.")},
    "issue_agreement": {None: N_("There is no drafted agreement to print yet.")},
    "record_signature": {"active": N_("Every party needed has already signed; the arrangement "
                                      "is running."),
                         None: N_("There is no drafted agreement to sign yet.")},
    "record_la_notified": {None: N_("There is no agreement yet to tell the local authority "
                                    "about.")},
    "review": {None: N_("Only a running arrangement can be reviewed.")},
    "end": {None: N_("Only a running arrangement can be ended with notice.")},
    "issue_end_letter": {None: N_("The letter about the end of the arrangement can be sent "
                                  "once the arrangement has ended with notice.")},
    "withdraw": {"active": N_("The arrangement is running: it ends with notice (End with "
                              "notice…) or at a review, not by withdrawing the request."),
                 None: N_("This request can no longer be withdrawn.")},
    "correct_request": {None: N_("The decision has been made, so the request as recorded can "
                                 "no longer be corrected.")},
}


def transition(stage: str, code: str) -> Transition | None:
    """The table's row for ``code`` in ``stage``, or None when it does not fit."""
    return next((t for t in TRANSITIONS if t.stage == stage and t.action == code), None)


def permission_of(*codes: str) -> str:
    """The one permission the table gives ``codes`` (an action needs the same in every stage;
    an action that stands for several, like issuing a letter, the same for each)."""
    found = {t.permission for t in TRANSITIONS if t.action in codes}
    if len(found) != 1 or not set(codes) <= {t.action for t in TRANSITIONS}:
        raise ValueError(f"the stage table gives {codes} no single permission: {found}")
    return found.pop()


def stage_action(*codes: str):
    """``@action`` for the write that takes the table's step ``codes``: its role check is the
    permission the table gives that step, so the table stays the one place to change it."""
    decorate = action(permission_of(*codes))

    def wrap(fn):
        wrapped = decorate(fn)
        wrapped.stage_actions = codes
        return wrapped

    return wrap


def guard(actor: Actor, request: FlexiRequest, code: str) -> Transition:
    """The transition ``code`` takes ``request`` through for ``actor``, or why not:
    PermissionDenied when the table's permission for it is not the actor's role (asked
    first, so a refused role learns nothing of the request), RefusedAction when it does
    not fit the request's stage or its condition."""
    require(actor, permission_of(code))
    # A declined request has no agreement, whatever its stage: say so first.
    if code == "draft_agreement" and _outcome(request) == "declined":
        raise RefusedAction(_(CONDITIONS["agreed"][1]))
    row = transition(request.stage, code)
    if row is None:
        if request.stage == "withdrawn":
            raise RefusedAction(_("The family withdrew this request, so nothing more can be "
                                  "done with it."))
        if request.stage == "ended":
            raise RefusedAction(_("This arrangement has ended, so nothing more can be done "
                                  "with it."))
        messages = _REFUSALS[code]
        if code == "decide" and request.stage == "received" \
                and not _policy(request).meeting_required:
            raise RefusedAction(_(messages["meeting_held"]))  # nothing weighed yet
        raise RefusedAction(_(messages.get(request.stage, messages[None])))
    if row.when is not None:
        holds, message = CONDITIONS[row.when]
        if not holds(request):
            raise RefusedAction(_(message))
    return row


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
        "issue_end_letter": _("Send end-of-arrangement letter…"),
        "withdraw": _("Withdraw request…"),
        "correct_request": _("Correct request…"),
    }
    if request is not None and code == "arrange_meeting" and request.stage == "meeting_arranged":
        return _("Re-arrange meeting…")
    if request is not None and code == "record_considerations" and request.stage == "considered":
        return _("Revise considerations…")
    if request is not None and code == "draft_agreement" and request.stage == "agreement_drafted":
        return _("Revise agreement…")
    return labels[code]


def next_actions(request_id: int, actor: Actor) -> list[tuple[str, str]]:
    """What ``actor`` may do now with the request, most likely first: each step the guard
    would let them take, so what is offered is exactly what would be allowed."""
    request = _get_request(request_id)
    codes = []
    for code in dict.fromkeys(t.action for t in TRANSITIONS if t.stage == request.stage):
        try:
            guard(actor, request, code)
        except (PermissionDenied, RefusedAction):
            continue
        codes.append(code)
    return [(code, _action_label(code, request)) for code in codes]
