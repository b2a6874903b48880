"""The register as staff read it: providers with their state, one in detail, the AP register, overrides."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from peewee import fn

from flexidesk.i18n import _
from flexidesk.policy.due import is_late
from flexidesk.policy.ourpolicy import policy_of
from flexidesk.policy.providers.commission import registration_warnings
from flexidesk.policy.providers.placements import (
    hours_a_week,
    hours_text,
    lapse_alert,
)
from flexidesk.policy.providers.register import LIVE_PLACEMENT_STATUSES
from flexidesk.policy.providers.status import (
    DueDiligenceStatus,
    checklist_template,
    due_diligence_status,
    item_due,
    item_problem,
)
from flexidesk.policy.records.access import Actor, PolicyError, require, viewed, viewed_each
from flexidesk.policy.vocabulary import DD_STATUS_LABELS, describe_sessions
from flexidesk.store.models import (
    DueDiligenceItem,
    Placement,
    PlacementFunding,
    PlacementReview,
    PlacementSite,
    Provider,
    ProviderSite,
    Pupil,
    StaffUser,
)
from flexidesk.store.query import as_tuples


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
    alerts: int = 0

    @property
    def ready(self) -> bool:
        return self.status.ready

    @property
    def next_expiry(self) -> dt.date | None:
        return self.status.next_expiry


def statuses(today: dt.date, provider_ids=None) -> dict[int, DueDiligenceStatus]:
    """Every provider's status today (or those in ``provider_ids``), in two queries."""
    template = checklist_template(today)
    items: dict[int, list] = {}
    query = DueDiligenceItem.select()
    providers = Provider.select()
    if provider_ids is not None:
        query = query.where(DueDiligenceItem.provider.in_(list(provider_ids)))
        providers = providers.where(Provider.id.in_(list(provider_ids)))
    for item in query:
        items.setdefault(item.provider_id, []).append(item)
    return {p.id: due_diligence_status(p, items.get(p.id, ()), today, template)
            for p in providers}


def placement_alerts(placements, today: dt.date) -> dict[int, str]:
    """The lapsed-check alert of each of ``placements`` (Placement rows) that has one."""
    placements = [p for p in placements if p.status in LIVE_PLACEMENT_STATUSES]
    if not placements:
        return {}
    status = statuses(today, {p.provider_id for p in placements})
    out = {}
    for p in placements:
        alert = lapse_alert(p, status[p.provider_id], today)
        if alert:
            out[p.id] = alert
    return out


def provider_rows(actor: Actor, today: dt.date) -> list[ProviderRow]:
    """Every provider with its state, running placements and alerts (no child is named)."""
    require(actor, "provider.view")
    status = statuses(today)
    live = list(Placement.select().where(Placement.status.in_(LIVE_PLACEMENT_STATUSES)))
    alerts = placement_alerts(live, today)
    counts = dict(as_tuples(Placement.select(Placement.provider, fn.COUNT(Placement.id))
                  .where(Placement.status.in_(LIVE_PLACEMENT_STATUSES))
                  .group_by(Placement.provider)))
    alert_counts: dict[int, int] = {}
    for p in live:
        if p.id in alerts:
            alert_counts[p.provider_id] = alert_counts.get(p.provider_id, 0) + 1
    return [ProviderRow(id=p.id, name=p.name, provider_type=p.provider_type,
                        la_approved=p.la_approved, active=p.active, status=status[p.id],
                        live_placements=counts.get(p.id, 0), alerts=alert_counts.get(p.id, 0))
            for p in Provider.select().order_by(Provider.name)]


@dataclass(frozen=True)
class ChecklistLine:
    """One checklist item as held on the provider (or not held at all)."""

    code: str
    label: str
    status: str
    status_label: str
    evidence: str
    checked_on: dt.date | None
    checked_by: str
    expires_on: dt.date | None
    problem: str | None  # 'missing', 'expired', 'expiring' or None
    recheck_months: int | None = None
    due: dt.date | None = None  # expiry or re-check, whichever comes first


@dataclass(frozen=True)
class SiteLine:
    """A site where pupils may attend."""

    id: int
    name: str
    address: str
    postcode: str


@dataclass(frozen=True)
class ProviderPlacementLine:
    """A placement with the provider: its terms, latest review, flags and alert."""

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
    end_date: dt.date | None = None
    sessions: str = ""
    schedule: str = ""
    hours: str = ""
    attendance_code: str = ""
    attendance_sender: str = ""
    cost_pence: int = 0
    funding: tuple[tuple[str, int], ...] = ()
    objectives: str = ""
    return_plan: str = ""
    family_agreed_on: dt.date | None = None
    la_notified_on: dt.date | None = None
    override: str = ""
    continue_reason: str = ""
    alert: str = ""
    feedback_missing_review: int | None = None  # the review still waiting for family feedback
    outcomes: tuple[str, ...] = ()
    next_destination: str = ""
    primary_reason: str = ""  # a CENSUS_REASONS code
    checks_due_on: dt.date | None = None  # an override's missing checks are due by then
    sites: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # full time; the provider may need to register
    policy_line: str = ""  # the version of our policy it was made under ('' the default)


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
    ukprn: str = ""
    ofsted_judgement: str = ""
    ofsted_date: dt.date | None = None
    offer: str = ""
    costs: str = ""
    active: bool = True
    ap_setting_type: str = ""  # the census's type, for a provider with no URN or UKPRN


def _placement_lines(placements: list[Placement], site_names: dict[int | None, str],
                     status: DueDiligenceStatus, today: dt.date
                     ) -> list[ProviderPlacementLine]:
    ids = [p.id for p in placements]
    latest: dict[int, PlacementReview] = {}
    feedback: dict[int, dt.date] = {}
    waiting: dict[int, int] = {}
    funding: dict[int, list[tuple[str, int]]] = {}
    sites: dict[int, list[str]] = {}
    if ids:
        for r in (PlacementReview.select().where(PlacementReview.placement.in_(ids))
                  .order_by(PlacementReview.review_date, PlacementReview.id)):
            latest[r.placement_id] = r  # ordered oldest first, so the last one wins
            if r.family_feedback_on is not None:
                feedback[r.placement_id] = max(r.family_feedback_on,
                                               feedback.get(r.placement_id, r.family_feedback_on))
            else:
                waiting.setdefault(r.placement_id, r.id)
        for f in PlacementFunding.select().where(PlacementFunding.placement.in_(ids)) \
                .order_by(PlacementFunding.id):
            funding.setdefault(f.placement_id, []).append((f.stream, f.pence))
        for s in PlacementSite.select().where(PlacementSite.placement.in_(ids)) \
                .order_by(PlacementSite.id):
            sites.setdefault(s.placement_id, []).append(site_names.get(s.site_id, ""))
    lines = []
    for p in placements:
        review = latest.get(p.id)
        live = p.status in LIVE_PLACEMENT_STATUSES
        lines.append(ProviderPlacementLine(
            id=p.id, pupil_id=p.pupil_id, pupil=p.pupil.known_as,
            site=site_names.get(p.site_id, ""), status=p.status, start_date=p.start_date,
            planned_end_date=p.planned_end_date,
            next_review=p.next_review_date if live else None,
            review_overdue=live and is_late(p.next_review_date, today),
            last_review=review.review_date if review else None,
            last_score=review.score if review else None,
            family_feedback_on=feedback.get(p.id), end_date=p.end_date, sessions=p.sessions,
            schedule=describe_sessions(p.sessions),
            hours=hours_text(p.sessions, policy_of(p.policy_version_id).full_time_hours),
            attendance_code=p.attendance_code, attendance_sender=p.attendance_sender,
            cost_pence=p.cost_pence,
            funding=tuple(funding.get(p.id) or ([(p.funding_stream, p.cost_pence)]
                                                if p.funding_stream else [])),
            objectives=p.objectives, return_plan=p.return_plan,
            family_agreed_on=p.family_agreed_on, la_notified_on=p.la_notified_on,
            override=p.override_justification, continue_reason=p.continue_reason,
            alert=lapse_alert(p, status, today), feedback_missing_review=waiting.get(p.id),
            outcomes=tuple(json.loads(p.outcomes)) if p.outcomes else (),
            next_destination=p.next_destination, primary_reason=p.primary_reason,
            checks_due_on=p.checks_due_on,
            sites=tuple(sites.get(p.id) or ([site_names[p.site_id]]
                                            if p.site_id in site_names else [])),
            warnings=tuple(registration_warnings(p.provider_id, p.pupil_id,
                                                 hours_a_week(p.sessions.split(",")),
                                                 exclude_placement=p.id,
                                                 full_time=policy_of(
                                                     p.policy_version_id).full_time_hours)
                           if live else ()),
            policy_line=policy_of(p.policy_version_id).made_under("ap")))
    return lines


def _checklist(template, held: dict, today: dt.date) -> tuple[ChecklistLine, ...]:
    """The school's checklist in its order, each item as held at the provider (or not)."""
    staff = dict(as_tuples(StaffUser.select(StaffUser.id, StaffUser.display_name)))
    checklist = []
    for t in template:
        item = held.get(t.code)
        status = item.status if item else "missing"
        expires_on = item.expires_on if item else None
        checked_on = item.checked_on if item else None
        checklist.append(ChecklistLine(
            code=t.code, label=_(t.label), status=status,
            status_label=_(DD_STATUS_LABELS.get(status, status)),
            evidence=item.evidence if item else "", checked_on=checked_on,
            checked_by=staff.get(item.checked_by_id, "") if item else "",
            expires_on=expires_on,
            problem=item_problem(status, expires_on, today, checked_on=checked_on,
                                 recheck_months=t.recheck_months),
            recheck_months=t.recheck_months,
            due=item_due(status, expires_on, checked_on, t.recheck_months)))
    return tuple(checklist)


def checklist_lines(actor: Actor, provider_id: int, today: dt.date
                    ) -> tuple[ChecklistLine, ...]:
    """A provider's checklist as held today (no child is named, so no view is recorded)."""
    require(actor, "provider.view")
    held = {i.item: i for i in DueDiligenceItem.select()
            .where(DueDiligenceItem.provider == provider_id)}
    return _checklist(checklist_template(today), held, today)


def provider_detail(actor: Actor, provider_id: int, today: dt.date) -> ProviderDetail:
    """One provider: its checklist in the school's order, its sites and its placements
    (viewing the children placed there is recorded)."""
    require(actor, "provider.view")
    provider = Provider.get_by_id(provider_id)
    template = checklist_template(today)
    held = {i.item: i for i in DueDiligenceItem.select()
            .where(DueDiligenceItem.provider == provider_id)}
    checklist = _checklist(template, held, today)
    dd_status = due_diligence_status(provider, held.values(), today, template)

    every_site = list(ProviderSite.select().where(ProviderSite.provider == provider_id)
                      .order_by(ProviderSite.name))
    # A retired site is offered no more; ended placements still name it.
    sites = tuple(SiteLine(s.id, s.name, s.address, s.postcode) for s in every_site if s.active)
    placements = list(Placement.select(Placement, Pupil).join(Pupil)
                      .where(Placement.provider == provider_id)
                      .order_by(Placement.start_date.desc()))
    lines = _placement_lines(placements, {s.id: s.name for s in every_site}, dd_status, today)
    detail = ProviderDetail(
        id=provider.id, name=provider.name, provider_type=provider.provider_type,
        address=provider.address, postcode=provider.postcode,
        contact_name=provider.contact_name, phone=provider.phone, email=provider.email,
        ofsted_urn=provider.ofsted_urn, la_approved=provider.la_approved,
        registered_school=provider.registered_school,
        registration_number=provider.registration_number, notes=provider.notes,
        status=dd_status, checklist=tuple(checklist), sites=sites, placements=tuple(lines),
        ukprn=provider.ukprn, ofsted_judgement=provider.ofsted_judgement,
        ofsted_date=provider.ofsted_date, offer=provider.offer, costs=provider.costs,
        active=provider.active, ap_setting_type=provider.ap_setting_type)
    viewed_each(actor, "provider", {p.pupil_id for p in placements}, provider.id,
                permission="provider.view")
    return detail


def placement_line(actor: Actor, placement_id: int, today: dt.date
                   ) -> tuple[str, ProviderPlacementLine]:
    """One placement as its documents show it, with its provider's name. Only that child's
    view is recorded, not every child placed with the provider."""
    require(actor, "provider.view")
    placement = (Placement.select(Placement, Pupil).join(Pupil)
                 .where(Placement.id == placement_id).first())
    if placement is None:
        raise PolicyError(_("This placement could not be found. It may have been removed."))
    provider = placement.provider
    sites: dict[int | None, str] = {s.id: s.name for s in ProviderSite.select()
                                    .where(ProviderSite.provider == provider.id)}
    line = _placement_lines([placement], sites, statuses(today, {provider.id})[provider.id],
                            today)[0]
    viewed(actor, "placement", placement.pupil_id, placement.id, permission="provider.view")
    return provider.name, line


@dataclass(frozen=True)
class RegisterLine:
    """One current placement on the AP register report."""

    placement_id: int
    pupil: str
    year_group: int
    provider: str
    state: str
    state_reason: str
    start_date: dt.date
    planned_end_date: dt.date | None
    hours: float
    attendance_code: str
    next_review: dt.date | None
    override: str
    alert: str


def ap_register(actor: Actor, today: dt.date) -> list[RegisterLine]:
    """Every current placement: the child, the provider's state, the next review, any override."""
    require(actor, "provider.view")
    placements = list(Placement.select(Placement, Pupil, Provider).join(Pupil)
                      .switch(Placement).join(Provider)
                      .where(Placement.status.in_(LIVE_PLACEMENT_STATUSES))
                      .order_by(Provider.name, Pupil.legal_last_name))
    status = statuses(today, {p.provider_id for p in placements})
    lines = [RegisterLine(
        placement_id=p.id, pupil=p.pupil.known_as, year_group=p.pupil.year_group,
        provider=p.provider.name, state=status[p.provider_id].state_label,
        state_reason="" if status[p.provider_id].state == "ready"
        else status[p.provider_id].label, start_date=p.start_date,
        planned_end_date=p.planned_end_date, hours=hours_a_week(p.sessions.split(",")),
        attendance_code=p.attendance_code, next_review=p.next_review_date,
        override=p.override_justification, alert=lapse_alert(p, status[p.provider_id], today))
        for p in placements]
    viewed_each(actor, "ap_register", {p.pupil_id for p in placements},
                permission="provider.view")
    return lines


@dataclass(frozen=True)
class OverrideLine:
    """A placement the Headteacher made with a provider that was not ready (no child named).

    ``reason`` is what the governors may read: the Headteacher's reason as checked and
    released for them (``records.release``), or a line saying it is not checked yet."""

    provider: str
    start_date: dt.date
    reason: str
    status: str
    checked: bool = True


def placement_overrides(actor: Actor, start: dt.date, end: dt.date) -> list[OverrideLine]:
    """Placements begun between ``start`` and ``end`` with the Headteacher's override, for the
    governors (anonymised: the child is not named, and the reason only as released)."""
    require(actor, "report.anonymised")
    return override_lines(start, end)


def override_lines(start: dt.date, end: dt.date) -> list[OverrideLine]:
    """The overrides themselves, each reason only as released for the governors: for
    ``placement_overrides`` and the governors' own file."""
    import functools

    from flexidesk.policy.records.names import names_on_roll
    from flexidesk.policy.records.release import OVERRIDE, governor_wording, override_placements

    finder = functools.cache(names_on_roll)
    lines = []
    for p in override_placements(start, end):
        reason, checked = governor_wording(OVERRIDE, p.id, p.override_justification, finder)
        lines.append(OverrideLine(p.provider.name, p.start_date, reason, p.status, checked))
    return lines
