"""Flexi-schooling requests: the journey's stages, the governing body's rule and the deadline.

Every write is a ``@stage_action``: an ``@action`` (role checked, one transaction, audit row)
whose permission is read from the stage table, and which first asks the table
(``stages.guard(actor, request, step)``) whether the actor may take the step now; a step
that does not fit raises ``RefusedAction`` with a reason the user can read. Every read of a request takes the actor
first, checks ``flexi.view`` and records the view.
"""

from flexidesk.policy.flexi._base import (
    CLOSED_STAGES,
    END_NOTICE_REASONS,
    LETTER_KINDS,
    LETTER_TITLES,
    TIMELINE_LABELS,
    NeedsConfirmation,
    NeedsLateReason,
    RefusedAction,
)
from flexidesk.policy.flexi.actions import (
    LATE_ENTRY_WORKING_DAYS,
    arrange_meeting,
    correct_request,
    decide,
    issue_letter,
    receive_request,
    record_considerations,
    record_meeting,
)
from flexidesk.policy.flexi.agreement import (
    agreement_review_dates,
    draft_agreement,
    end_arrangement,
    record_la_notified,
    record_signature,
    record_signatures,
    review_arrangement,
    withdraw,
)
from flexidesk.policy.flexi.deadlines import (
    DecisionStatus,
    RequestRow,
    decision_status,
    request_rows,
)
from flexidesk.policy.flexi.detail import (
    DocumentRow,
    EarlierDecision,
    FactorRow,
    PartyRow,
    ProvisionChoice,
    RequestDetail,
    ReviewRow,
    earlier_decisions,
    provision_choices,
    request_detail,
)
from flexidesk.policy.flexi.parties import Signatory, school_signatories
from flexidesk.policy.flexi.stages import TRANSITIONS, Transition, guard, next_actions
from flexidesk.policy.flexi.timeline import Milestone, Timeline, timeline

__all__ = [
    "LATE_ENTRY_WORKING_DAYS", "NeedsLateReason", "Signatory", "correct_request",
    "school_signatories",
    "CLOSED_STAGES", "END_NOTICE_REASONS", "LETTER_KINDS", "LETTER_TITLES", "TIMELINE_LABELS",
    "TRANSITIONS", "DecisionStatus", "DocumentRow", "FactorRow", "Milestone", "PartyRow",
    "ProvisionChoice", "NeedsConfirmation", "RefusedAction", "EarlierDecision", "earlier_decisions", "RequestDetail", "RequestRow", "ReviewRow", "Timeline",
    "Transition", "agreement_review_dates", "arrange_meeting", "decide", "decision_status", "draft_agreement",
    "end_arrangement", "guard", "issue_letter", "next_actions", "provision_choices",
    "receive_request", "record_considerations", "record_la_notified", "record_meeting",
    "record_signature", "record_signatures", "request_detail", "request_rows",
    "review_arrangement", "timeline", "withdraw",
]
