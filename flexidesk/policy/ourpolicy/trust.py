"""A trust's own version of our policy, on a trust's server: its AP lead publishes one for
every school, and each school's Headteacher may adopt it as a version of the school's own
(the governing body's date and the start as for any adoption). A school never changes the
trust's version; the trust never adopts for a school. A laptop imports a policy file."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from flexidesk.i18n import _, format_date
from flexidesk.policy.ourpolicy.policy import OurPolicy
from flexidesk.policy.ourpolicy.rules import check_policy, completed
from flexidesk.policy.ourpolicy.versions import (
    PERMISSION,
    PolicyRefused,
    adoption_dates,
    checked_text,
    policy_of_row,
)
from flexidesk.policy.records.access import Actor, PolicyError, action, create, update
from flexidesk.store.models import PolicyVersion, TrustPolicyVersion

#: Who publishes the trust's version: the trust's AP lead.
PUBLISH = "trust.policy"


@dataclass(frozen=True)
class TrustVersion:
    """One version the trust published: its rules, its number, when and by whom."""

    id: int
    number: int
    body: dict[str, Any]
    published_on: dt.date
    published_by: str

    def policy(self) -> OurPolicy:
        """Its rules as a policy (to compare with the school's own)."""
        return OurPolicy(self.body)

    def heading(self) -> str:
        """'The trust's version 2, published on 9 Nov 2026 by Tom Central.'"""
        if self.published_by:
            return _("The trust's version {n}, published on {date} by {name}.").format(
                n=self.number, date=format_date(self.published_on), name=self.published_by)
        return _("The trust's version {n}, published on {date}.").format(
            n=self.number, date=format_date(self.published_on))


def _version(row: TrustPolicyVersion) -> TrustVersion:
    return TrustVersion(row.id, row.number, json.loads(row.body), row.published_on,
                        row.published_by)


def latest_trust_version() -> TrustVersion | None:
    """The trust's newest version (None on a laptop, or before the trust published one)."""
    row = TrustPolicyVersion.select().order_by(TrustPolicyVersion.number.desc()).first()
    return _version(row) if row is not None else None


def trust_version(version_id: int) -> TrustVersion | None:
    """One of the trust's versions by id."""
    row = TrustPolicyVersion.get_or_none(TrustPolicyVersion.id == version_id)
    return _version(row) if row is not None else None


@action(PUBLISH)
def publish_trust_version(actor: Actor, body: dict, *, today: dt.date | None = None
                          ) -> TrustVersion:
    """Publish ``body`` (checked first, every problem named) as the trust's next version,
    for each school's Headteacher to adopt; it is never changed once published."""
    if not isinstance(body, dict):
        raise PolicyRefused(check_policy(body))
    text = checked_text(completed(body))
    last = TrustPolicyVersion.select(TrustPolicyVersion.number).order_by(
        TrustPolicyVersion.number.desc()).first()
    row = create(actor, "policy.trust.publish", TrustPolicyVersion,
                 number=(last.number if last else 0) + 1, body=text,
                 published_on=today or dt.date.today(),
                 published_by=actor.display_name or actor.username)
    return _version(row)


@action(PERMISSION)
def adopt_trust_version(actor: Actor, trust_version_id: int, *, adopted_on: dt.date,
                        next_review: dt.date, in_force_from: dt.date | None = None,
                        today: dt.date | None = None) -> OurPolicy:
    """Record that the governing body adopted the trust's version ``trust_version_id`` as
    the school's own: a new adopted version with the trust's rules, which records where it
    came from. A draft being prepared is kept (it becomes the version after this one)."""
    today = today or dt.date.today()
    source = TrustPolicyVersion.get_or_none(TrustPolicyVersion.id == trust_version_id)
    if source is None:
        raise PolicyError(_("The trust's version could not be found. Please close Our "
                            "policy and open it again."))
    text = checked_text(completed(json.loads(source.body)))
    start = adoption_dates(adopted_on, next_review, in_force_from, today)
    draft = PolicyVersion.get_or_none(PolicyVersion.status == "draft")
    last = PolicyVersion.select(PolicyVersion.number).order_by(
        PolicyVersion.number.desc()).first()
    number = (last.number if last else 0) + 1
    if draft is not None:  # the draft keeps its place as the next version to come
        number = draft.number
        update(actor, "policy.draft.renumber", draft, number=number + 1)
    row = create(actor, "policy.adopt.trust", PolicyVersion, number=number, status="adopted",
                 body=text, adopted_on=adopted_on, in_force_from=start,
                 next_review=next_review, created_by=actor.user_id, adopted_by=actor.user_id,
                 trust_version_id=source.id)
    return policy_of_row(row)
