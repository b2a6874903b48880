"""Versions of our policy: the one in force on a day, the draft, and the two actions that
change them (save a draft; adopt it, as the governing body did)."""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import json

from flexidesk.i18n import _, format_date
from flexidesk.policy.ourpolicy.policy import OurPolicy
from flexidesk.policy.ourpolicy.rules import (
    DEFAULT_POLICY,
    Problem,
    check_policy,
    completed,
    default_policy,
)
from flexidesk.policy.ourpolicy.school_default import (
    checklist_before,
    review_weeks_of_catalogue,
    school_default,
)
from flexidesk.policy.records.access import Actor, PolicyError, action, create, update
from flexidesk.store.models import PolicyVersion

#: Who may change the school's policy: the Headteacher ("school.edit").
PERMISSION = "school.edit"
#: The longest a policy may go before its next review.
MAX_REVIEW_YEARS = 5


class PolicyRefused(PolicyError):
    """A policy that cannot be saved: each problem names its key path and the reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"\u2022 {p}" for p in problems[:12])
        more = len(problems) - 12
        if more > 0:
            lines += "\n" + _("and {n} more").format(n=more)
        super().__init__(_("This policy cannot be saved:") + "\n" + lines)


def policy_of_row(row: PolicyVersion) -> OurPolicy:
    return OurPolicy(completed(json.loads(row.body)), row.id, row.number, row.adopted_on,
                     row.in_force_from, row.next_review, row.trust_version_id)


def policy_of(version_id: int | None) -> OurPolicy:
    """The policy a record was made under (the school's default when it names none)."""
    if version_id is None:
        return school_default()
    row = PolicyVersion.get_or_none(PolicyVersion.id == version_id)
    return policy_of_row(row) if row is not None else school_default()


def policies_by_id() -> dict[int, OurPolicy]:
    """Every adopted version by id, for a list that reads many records at once."""
    return {row.id: policy_of_row(row) for row in PolicyVersion.select()
            .where(PolicyVersion.status == "adopted")}


def _in_force_row(on: dt.date) -> PolicyVersion | None:
    return (PolicyVersion.select()
            .where(PolicyVersion.status == "adopted", PolicyVersion.in_force_from <= on)
            .order_by(PolicyVersion.in_force_from.desc(), PolicyVersion.number.desc()).first())


def in_force(on: dt.date) -> OurPolicy:
    """The adopted version in force on ``on`` (the school's default before any)."""
    row = _in_force_row(on)
    return policy_of_row(row) if row is not None else school_default()


def _a_schools_session() -> bool:
    """False in the trust's own session on a server: no school's policy is the trust's, and
    the trust reads no school's versions (it keeps to the shared checklist)."""
    database = getattr(PolicyVersion._meta.database, "obj", PolicyVersion._meta.database)
    return bool(getattr(database, "school_id", True))  # a laptop's file is one school's


def checklist_in_force(on: dt.date) -> list[tuple[str, str, int | None]]:
    """The due-diligence checklist in force on ``on`` (code, wording, re-check months),
    read without the rest of the school's default (a trust's view reads providers, not the
    provision map)."""
    row = _in_force_row(on) if _a_schools_session() else None
    if row is not None:
        return policy_of_row(row).checklist()
    body = copy.deepcopy(DEFAULT_POLICY)
    body["ap"]["checklist"] = checklist_before()
    return OurPolicy(body).checklist()


def latest_adopted() -> OurPolicy:
    """The most recently adopted version, in force or about to be (the school's default if
    none)."""
    row = (PolicyVersion.select().where(PolicyVersion.status == "adopted")
           .order_by(PolicyVersion.number.desc()).first())
    return policy_of_row(row) if row is not None else school_default()


def draft() -> OurPolicy | None:
    """The draft being prepared, if any."""
    row = PolicyVersion.get_or_none(PolicyVersion.status == "draft")
    return policy_of_row(row) if row is not None else None


def adopted_versions() -> list[OurPolicy]:
    """Every adopted version, oldest first (the governors' report reads the history)."""
    return [policy_of_row(row) for row in PolicyVersion.select()
            .where(PolicyVersion.status == "adopted").order_by(PolicyVersion.number)]


def checked_text(body: dict) -> str:
    problems = check_policy(body)
    if problems:
        raise PolicyRefused(problems)
    return json.dumps(body, ensure_ascii=False, sort_keys=True)


@action(PERMISSION)
def save_draft(actor: Actor, body: dict) -> OurPolicy:
    """Save ``body`` as the draft (one at a time: the next version's number); checked
    against the schema first, refused with every problem named."""
    text = checked_text(body)
    row = PolicyVersion.get_or_none(PolicyVersion.status == "draft")
    if row is None:
        last = PolicyVersion.select(PolicyVersion.number).order_by(
            PolicyVersion.number.desc()).first()
        row = create(actor, "policy.draft", PolicyVersion, number=(last.number if last else 0) + 1,
                     status="draft", body=text, created_by=actor.user_id)
    elif row.body != text:
        update(actor, "policy.draft.edit", row, body=text)
    return policy_of_row(row)


@action(PERMISSION)
def adopt(actor: Actor, *, adopted_on: dt.date, next_review: dt.date,
          in_force_from: dt.date | None = None, today: dt.date | None = None) -> OurPolicy:
    """Record that the governing body adopted the draft on ``adopted_on``: it is in force
    from ``in_force_from`` (that day by default) and next reviewed by ``next_review``."""
    today = today or dt.date.today()
    row = PolicyVersion.get_or_none(PolicyVersion.status == "draft")
    if row is None:
        raise PolicyError(_("There is no draft to adopt. Please save the changes as a draft "
                            "first."))
    checked_text(json.loads(row.body))  # a draft saved by an older FlexiDesk is checked again
    start = adoption_dates(adopted_on, next_review, in_force_from, today)
    update(actor, "policy.adopt", row, status="adopted", adopted_on=adopted_on,
           in_force_from=start, next_review=next_review, adopted_by=actor.user_id)
    return policy_of_row(row)


def adoption_dates(adopted_on: dt.date, next_review: dt.date, in_force_from: dt.date | None,
                   today: dt.date) -> dt.date:
    """Check an adoption's dates (the governing body's, the start, the next review) and
    return the day the version is in force from; PolicyError says what is wrong."""
    if not isinstance(adopted_on, dt.date) or not isinstance(next_review, dt.date):
        raise PolicyError(_("Please give the day the governing body adopted the policy and "
                            "the day it is next reviewed."))
    if adopted_on > today:
        raise PolicyError(_("The governing body cannot have adopted the policy on {date}: "
                            "that is in the future.").format(date=format_date(adopted_on)))
    if adopted_on < today - dt.timedelta(days=366):
        raise PolicyError(_("The adoption date ({date}) is more than a year ago. Please check "
                            "the year.").format(date=format_date(adopted_on)))
    start = in_force_from or adopted_on
    if start < adopted_on:
        raise PolicyError(_("The policy cannot be in force ({start}) before the governing "
                            "body adopted it ({date}).").format(
            start=format_date(start), date=format_date(adopted_on)))
    if not start < next_review <= start + dt.timedelta(days=366 * MAX_REVIEW_YEARS):
        raise PolicyError(_("The next review ({date}) must come after the policy is in force "
                            "and within {years} years.").format(
            date=format_date(next_review), years=MAX_REVIEW_YEARS))
    return start


def review_due_from(next_review: dt.date) -> dt.date:
    """The day a policy's review shows on Today: a month before it is due (31 March: the
    last day of February)."""
    month = next_review.month - 1 or 12
    year = next_review.year - (next_review.month == 1)
    return dt.date(year, month, min(next_review.day, calendar.monthrange(year, month)[1]))


def starting_body() -> dict:
    """What the form opens with: the draft, else the latest adopted version, else the default;
    every intervention still offered is named with its review rhythm (an intervention added
    to the catalogue since comes in with its catalogue interval)."""
    current = draft() or latest_adopted()
    body = default_policy()
    body.update(json.loads(json.dumps(current.body)))
    named = body["provision"]["review_weeks"]
    body["provision"]["review_weeks"] = {**review_weeks_of_catalogue(), **named}
    return body
