"""Alternative provision, read side: providers with their due-diligence status, and one in detail.

A provider is ready for a placement when every checklist item is held (and in date) or does
not apply. The status is computed here, once, so the window, the letters and the placement
checks all agree on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from peewee import fn

from flexidesk.i18n import _, ngettext
from flexidesk.policy.access import Actor, PolicyError, action, create, update
from flexidesk.policy.reviews import check_review
from flexidesk.policy.vocabulary import CHECKLIST, DD_STATUS_LABELS
from flexidesk.store.models import (
    DueDiligenceItem,
    Placement,
    PlacementReview,
    Provider,
    ProviderSite,
    Pupil,
    StaffUser,
)

#: An item expiring within this many days is flagged while the provider is still ready.
EXPIRY_WARNING_DAYS = 30

#: Placements that count as running (and so keep needing a ready provider).
LIVE_PLACEMENT_STATUSES = ("planned", "active")


@dataclass(frozen=True)
class DueDiligenceStatus:
    """How a provider's checklist stands today."""

    missing: int
    expired: int
    expiring: int
    next_expiry: dt.date | None

    @property
    def ready(self) -> bool:
        return self.missing == 0 and self.expired == 0

    @property
    def label(self) -> str:
        """'Ready', '2 missing', '1 expired', '3 missing, 1 expired', or 'Ready, 1 expiring...'."""
        parts = []
        if self.missing:
            parts.append(ngettext("{n} missing", "{n} missing", self.missing)
                         .format(n=self.missing))
        if self.expired:
            parts.append(ngettext("{n} expired", "{n} expired", self.expired)
                         .format(n=self.expired))
        if parts:
            return ", ".join(parts)
        if self.expiring:
            return ngettext("Ready; {n} expiring within 30 days",
                            "Ready; {n} expiring within 30 days",
                            self.expiring).format(n=self.expiring)
        return _("Ready")


def item_problem(status: str, expires_on: dt.date | None, today: dt.date) -> str | None:
    """What is wrong with one checklist item: 'missing', 'expired', 'expiring' or None."""
    if status == "not_applicable":
        return None
    if status in ("missing", "requested"):
        return "missing"
    if status == "expired" or (expires_on is not None and expires_on < today):
        return "expired"
    if expires_on is not None and expires_on <= today + dt.timedelta(days=EXPIRY_WARNING_DAYS):
        return "expiring"
    return None


def due_diligence_status(provider: Any, items: Iterable[Any], today: dt.date
                         ) -> DueDiligenceStatus:
    """The status of ``provider`` from its checklist ``items`` (objects with .item, .status,
    .expires_on); a CHECKLIST item with no row at all counts as missing."""
    del provider  # the status depends on the items alone; kept so callers read naturally
    seen: set[str] = set()
    missing = expired = expiring = 0
    next_expiry = None
    for item in items:
        if item.item not in CHECKLIST:
            continue  # an item the checklist no longer asks for does not block a placement
        seen.add(item.item)
        problem = item_problem(item.status, item.expires_on, today)
        if problem == "missing":
            missing += 1
        elif problem == "expired":
            expired += 1
        elif problem == "expiring":
            expiring += 1
        if (item.status == "held" and item.expires_on is not None and item.expires_on >= today
                and (next_expiry is None or item.expires_on < next_expiry)):
            next_expiry = item.expires_on
    missing += len(set(CHECKLIST) - seen)
    return DueDiligenceStatus(missing, expired, expiring, next_expiry)


@dataclass(frozen=True)
class ProviderRow:
    """One provider as the Providers tab lists it."""

    id: int
    name: str
    provider_type: str
    la_approved: bool
    active: bool
    status: DueDiligenceStatus
    live_placements: int

    @property
    def ready(self) -> bool:
        return self.status.ready

    @property
    def next_expiry(self) -> dt.date | None:
        return self.status.next_expiry


@dataclass(frozen=True)
class _Item:
    item: str
    status: str
    expires_on: dt.date | None


def provider_rows(today: dt.date) -> list[ProviderRow]:
    """Every provider with its due-diligence status and running placements (three queries)."""
    items: dict[int, list[_Item]] = {}
    for provider_id, code, status, expires_on in (
            DueDiligenceItem.select(DueDiligenceItem.provider, DueDiligenceItem.item,
                                    DueDiligenceItem.status, DueDiligenceItem.expires_on)
            .tuples()):
        items.setdefault(provider_id, []).append(_Item(code, status, expires_on))
    live = dict(Placement.select(Placement.provider, fn.COUNT(Placement.id))
                .where(Placement.status.in_(LIVE_PLACEMENT_STATUSES))
                .group_by(Placement.provider).tuples())
    rows = []
    for pid, name, kind, approved, active in (
            Provider.select(Provider.id, Provider.name, Provider.provider_type,
                            Provider.la_approved, Provider.active)
            .order_by(Provider.name).tuples()):
        rows.append(ProviderRow(
            id=pid, name=name, provider_type=kind, la_approved=approved, active=active,
            status=due_diligence_status(None, items.get(pid, ()), today),
            live_placements=live.get(pid, 0)))
    return rows


@dataclass(frozen=True)
class ChecklistLine:
    """One CHECKLIST item as held on the provider (or not held at all)."""

    code: str
    label: str
    status: str
    status_label: str
    evidence: str
    checked_on: dt.date | None
    checked_by: str
    expires_on: dt.date | None
    problem: str | None  # 'missing', 'expired', 'expiring' or None


@dataclass(frozen=True)
class SiteLine:
    """A site where pupils may attend."""

    id: int
    name: str
    address: str
    postcode: str


@dataclass(frozen=True)
class ProviderPlacementLine:
    """A placement with the provider, its latest review and the family's latest feedback."""

    id: int
    pupil_id: int
    pupil: str
    site: str
    status: str
    start_date: dt.date
    planned_end_date: dt.date | None
    next_review: dt.date | None
    review_overdue: bool
    last_review: dt.date | None
    last_score: int | None
    family_feedback_on: dt.date | None


@dataclass(frozen=True)
class ProviderDetail:
    """Everything the Providers tab's side panel shows about one provider."""

    id: int
    name: str
    provider_type: str
    address: str
    postcode: str
    contact_name: str
    phone: str
    email: str
    ofsted_urn: str
    la_approved: bool
    registered_school: bool
    registration_number: str
    notes: str
    status: DueDiligenceStatus
    checklist: tuple[ChecklistLine, ...]
    sites: tuple[SiteLine, ...]
    placements: tuple[ProviderPlacementLine, ...]


def provider_detail(provider_id: int, today: dt.date) -> ProviderDetail:
    """One provider: its checklist in CHECKLIST order, its sites and its placements."""
    provider = Provider.get_by_id(provider_id)
    staff = dict(StaffUser.select(StaffUser.id, StaffUser.display_name).tuples())
    held = {i.item: i for i in DueDiligenceItem.select()
            .where(DueDiligenceItem.provider == provider_id)}
    checklist = []
    for code, label in CHECKLIST.items():
        item = held.get(code)
        status = item.status if item else "missing"
        expires_on = item.expires_on if item else None
        checklist.append(ChecklistLine(
            code=code, label=_(label), status=status,
            status_label=_(DD_STATUS_LABELS.get(status, status)),
            evidence=item.evidence if item else "",
            checked_on=item.checked_on if item else None,
            checked_by=staff.get(item.checked_by_id, "") if item else "",
            expires_on=expires_on, problem=item_problem(status, expires_on, today)))

    sites = tuple(SiteLine(s.id, s.name, s.address, s.postcode)
                  for s in ProviderSite.select().where(ProviderSite.provider == provider_id)
                  .order_by(ProviderSite.name))
    site_names = {s.id: s.name for s in sites}

    placements = list(Placement.select(Placement, Pupil).join(Pupil)
                      .where(Placement.provider == provider_id)
                      .order_by(Placement.start_date.desc()))
    latest: dict[int, PlacementReview] = {}
    feedback: dict[int, dt.date] = {}
    if placements:
        for r in (PlacementReview.select()
                  .where(PlacementReview.placement.in_([p.id for p in placements]))
                  .order_by(PlacementReview.review_date, PlacementReview.id)):
            latest[r.placement_id] = r  # ordered oldest first, so the last one wins
            if r.family_feedback_on is not None:
                feedback[r.placement_id] = max(r.family_feedback_on,
                                               feedback.get(r.placement_id, r.family_feedback_on))
    lines = []
    for p in placements:
        review = latest.get(p.id)
        live = p.status in LIVE_PLACEMENT_STATUSES
        lines.append(ProviderPlacementLine(
            id=p.id, pupil_id=p.pupil_id, pupil=p.pupil.known_as,
            site=site_names.get(p.site_id, ""), status=p.status, start_date=p.start_date,
            planned_end_date=p.planned_end_date,
            next_review=p.next_review_date if live else None,
            review_overdue=live and p.next_review_date is not None
            and p.next_review_date < today,
            last_review=review.review_date if review else None,
            last_score=review.score if review else None,
            family_feedback_on=feedback.get(p.id)))

    return ProviderDetail(
        id=provider.id, name=provider.name, provider_type=provider.provider_type,
        address=provider.address, postcode=provider.postcode,
        contact_name=provider.contact_name, phone=provider.phone, email=provider.email,
        ofsted_urn=provider.ofsted_urn, la_approved=provider.la_approved,
        registered_school=provider.registered_school,
        registration_number=provider.registration_number, notes=provider.notes,
        status=due_diligence_status(provider, held.values(), today),
        checklist=tuple(checklist), sites=sites, placements=tuple(lines))


# --- the write path: keeping the checklist up to date -----------------------------------------

#: The states a person records; "expired" follows from the expiry date itself.
RECORDABLE_STATUSES = ("missing", "requested", "held", "not_applicable")


@action("provider.edit")
def record_due_diligence(actor: Actor, provider_id: int, code: str, status: str, *,
                         evidence: str = "", checked_on: dt.date | None = None,
                         expires_on: dt.date | None = None,
                         today: dt.date | None = None) -> DueDiligenceItem:
    """Record where one checklist item stands for a provider: asked for, held (with the
    evidence seen, when, and any expiry), not applicable (and why), or missing again."""
    today = today or dt.date.today()
    if Provider.get_or_none(Provider.id == provider_id) is None:
        raise PolicyError(_("This provider could not be found. It may have been removed."))
    if code not in CHECKLIST:
        raise PolicyError(_("That item is not on the school's due-diligence checklist."))
    if status not in RECORDABLE_STATUSES:
        raise PolicyError(_("Choose Missing, Requested, Held or Not applicable."))
    evidence = evidence.strip()
    if status == "held":
        if not evidence:
            raise PolicyError(_("Say what evidence the school has seen or holds, for example "
                                "'certificate seen, copy filed'."))
        checked_on = checked_on or today
        if checked_on > today:
            raise PolicyError(_("The check cannot be dated in the future."))
        if expires_on is not None and expires_on <= checked_on:
            raise PolicyError(_("The expiry must come after the date the evidence was checked."))
    elif status == "not_applicable":
        if not evidence:
            raise PolicyError(_("Say why this item does not apply to the provider."))
        checked_on, expires_on = checked_on or today, None
    else:
        checked_on, expires_on = None, None
    fields = dict(status=status, evidence=evidence, checked_on=checked_on,
                  checked_by=actor.user_id if checked_on else None, expires_on=expires_on)
    existing = DueDiligenceItem.get_or_none((DueDiligenceItem.provider == provider_id)
                                            & (DueDiligenceItem.item == code))
    if existing is not None:
        return update(actor, "due_diligence.update", existing, **fields)
    return create(actor, "due_diligence.create", DueDiligenceItem, provider=provider_id,
                  item=code, **fields)


# --- the write path: reviewing a placement ---------------------------------------------------

#: A placement is reviewed every half term: about six weeks after the last review.
PLACEMENT_REVIEW_WEEKS = 6


@action("placement.edit")
def review_placement(actor: Actor, placement_id: int, review_date: dt.date, score: int, *,
                     attendance_percent: int | None = None, notes: str = "",
                     family_feedback_on: dt.date | None = None, family_feedback: str = "",
                     next_review_date: dt.date | None = None,
                     today: dt.date | None = None) -> PlacementReview:
    """Record a placement's half-termly review with the provider (-2..+2, attendance) and
    what the family was told, and move its next review date."""
    today = today or dt.date.today()
    placement = Placement.get_or_none(Placement.id == placement_id)
    if placement is None:
        raise PolicyError(_("This placement could not be found. It may have been removed."))
    if placement.status not in LIVE_PLACEMENT_STATUSES:
        raise PolicyError(_("This placement has ended; there is nothing left to review."))
    check_review(score, review_date, placement.start_date, today,
                 before_start=_("The review is dated before the placement started ({date})."))
    if attendance_percent is not None and not 0 <= attendance_percent <= 100:
        raise PolicyError(_("Attendance is a percentage, from 0 to 100."))
    family_feedback = family_feedback.strip()
    if family_feedback_on is not None:
        if not family_feedback:
            raise PolicyError(_("Say what the family was told."))
        if family_feedback_on < review_date or family_feedback_on > today:
            raise PolicyError(_("The family can only be told after the review, and not in "
                              "the future."))
    elif family_feedback:
        raise PolicyError(_("Give the date the family was told."))
    if next_review_date is None:
        next_review_date = review_date + dt.timedelta(weeks=PLACEMENT_REVIEW_WEEKS)
    if next_review_date <= review_date:
        raise PolicyError(_("The next review must come after this one."))
    review = create(actor, "placement_review.create", PlacementReview,
                    pupil_id=placement.pupil_id, placement=placement.id,
                    review_date=review_date, score=score, attendance_percent=attendance_percent,
                    notes=notes.strip(), reviewed_by=actor.user_id,
                    family_feedback_on=family_feedback_on, family_feedback=family_feedback,
                    next_review_date=next_review_date)
    update(actor, "placement.next_review", placement, pupil_id=placement.pupil_id,
           next_review_date=next_review_date)
    return review
