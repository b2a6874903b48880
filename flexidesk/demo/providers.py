"""The demo's alternative provision: providers, due diligence, placements."""

from __future__ import annotations

import datetime as dt
import random

from flexidesk.demo.common import SeedingParts, bulk, iso, weekday_on_or_after, weighted_sample
from flexidesk.demo.names import COUNTY, POSTCODE_LETTERS, STREETS, TOWN
from flexidesk.demo.wording import (
    EVIDENCE,
    EXPIRING,
    FAMILY_FEEDBACK,
    OBJECTIVES,
    PLACEMENT_NOTES,
    PLACEMENT_PLANS,
    PROVIDER_NOTES,
    PROVIDER_OFFERS,
    PROVIDERS,
    SETTING_TYPES,
)
from flexidesk.i18n import _
from flexidesk.policy.vocabulary import CHECKLIST, format_sessions
from flexidesk.store.models import (
    DueDiligenceItem,
    FamilyContact,
    Placement,
    PlacementFunding,
    PlacementReview,
    PlacementSite,
    Provider,
    ProviderSite,
)

#: Ofsted's latest word on the providers it inspects (registered schools), for the register.
_OFSTED = ("Good", 400)  # judgement, and how many days ago


class ProvidersSeeding(SeedingParts):
    """The alternative-provision part of the demo's Seeder."""

    def providers(self) -> None:
        rng = self._rng("providers")
        head, pastoral = self.staff["headteacher"], self.staff["pastoral_lead"]
        providers: list[tuple] = []
        sites: list[tuple] = []
        items: list[tuple] = []
        for provider_id, spec in enumerate(PROVIDERS, start=1):
            (name, kind, contact, urn, approved, registered, state, its_sites) = spec
            street = STREETS[(provider_id * 11) % len(STREETS)]
            address = f"{provider_id * 7 + 2} {street}\n{TOWN}\n{COUNTY}"
            postcode = f"KX{provider_id + 1} {provider_id + 2}{POSTCODE_LETTERS[provider_id]}Q"
            handle = name.lower().replace(" ", "-").replace("'", "")
            providers.append((provider_id, name, kind, address, postcode, contact,
                              f"01632 960{500 + provider_id * 17:03d}",
                              f"hello@{handle}.example.org", urn, approved, registered,
                              "" if not registered else f"990/6{provider_id:03d}",
                              PROVIDER_NOTES[state], True, self.stamp,
                              f"1001{2300 + provider_id * 7:04d}" if registered else "",
                              _OFSTED[0] if registered else "",
                              iso(self.days(-_OFSTED[1])) if registered else None,
                              *PROVIDER_OFFERS[state],
                              "" if urn or registered else SETTING_TYPES[state]))
            for site_name, site_street in its_sites:
                sites.append((len(sites) + 1, provider_id, site_name,
                              f"{rng.randint(1, 60)} {site_street}\n{TOWN}", postcode))
            items.extend(self._due_diligence(rng, provider_id, state, approved, registered,
                                             head, pastoral))
        bulk(Provider, (Provider.id, Provider.name, Provider.provider_type, Provider.address,
                         Provider.postcode, Provider.contact_name, Provider.phone,
                         Provider.email, Provider.ofsted_urn, Provider.la_approved,
                         Provider.registered_school, Provider.registration_number,
                         Provider.notes, Provider.active, Provider.created_at, Provider.ukprn,
                         Provider.ofsted_judgement, Provider.ofsted_date, Provider.offer,
                         Provider.costs, Provider.ap_setting_type), providers)
        bulk(ProviderSite, (ProviderSite.id, ProviderSite.provider, ProviderSite.name,
                             ProviderSite.address, ProviderSite.postcode), sites)
        bulk(DueDiligenceItem, (DueDiligenceItem.provider, DueDiligenceItem.item,
                                 DueDiligenceItem.status, DueDiligenceItem.evidence,
                                 DueDiligenceItem.checked_on, DueDiligenceItem.checked_by,
                                 DueDiligenceItem.expires_on), items)
        self._count("providers", len(providers))
        self._count("provider sites", len(sites))
        self._count("due-diligence items", len(items))
        self._placements(rng, sites)

    def _due_diligence(self, rng: random.Random, provider_id: int, state: str, approved: bool,
                       registered: bool, head: int, pastoral: int) -> list[tuple]:
        rows = []
        missing = {"ofsted_report", "risk_assessments", "child_protection", "data_protection"}
        for n, code in enumerate(CHECKLIST):
            checked_on = self.days(-rng.randint(20, 200))
            checked: dt.date | None = checked_on
            expires = checked_on + dt.timedelta(days=365) if code in EXPIRING else None
            status, evidence = "held", EVIDENCE.get(code, _("Copy seen and kept on file."))
            if code == "independent_registration" and not registered:
                status, evidence, expires = "not_applicable", _(
                    "Part-time provision only: registration is not required."), None
            if code == "ofsted_report" and not registered and state != "missing":
                status, evidence, expires = "not_applicable", _(
                    "Not inspected by Ofsted: the school's own visit report is on file."), None
            if state == "expired_insurance" and code == "insurance":
                expires = self.days(-rng.randint(5, 30))
                checked = expires - dt.timedelta(days=365)
                status, evidence = "expired", _(
                    "Public liability certificate on file has run out; renewal asked for.")
            if state == "missing" and code in missing:
                status = "requested" if code == "risk_assessments" else "missing"
                evidence, checked, expires = "", None, None
            if code == "la_approved_list" and not approved:
                status, evidence, checked, expires = "missing", _(
                    "Not on the local authority's list; the school's own checks are under way."), checked, None
            if state == "expiring" and code == "insurance":
                expires = self.days(rng.randint(10, 25))  # ready, but not for long
                checked = expires - dt.timedelta(days=365)
            if state == "new":
                status = "requested" if n == 0 else "missing"
                evidence, checked, expires = "", None, None
            who = (head if n % 3 == 0 else pastoral) if checked else None
            rows.append((provider_id, code, status, evidence, iso(checked), who, iso(expires)))
        return rows

    def _placements(self, rng: random.Random, sites: list[tuple]) -> None:
        pupils = [p for p in self.people.pupils if p.year >= 2]
        weights = [1 + 5 * p.sen + 8 * p.ehc + 4 * p.lac for p in pupils]
        plans = list(PLACEMENT_PLANS)
        plans += [plans[i % 2] for i in range(len(self.people.pupils) // 1000)]
        chosen = weighted_sample(rng, pupils, weights, len(plans))
        self.placed = {p.id for p in chosen}
        site_of: dict[int, int] = {}
        for site in sites:
            site_of.setdefault(site[1], site[0])
        placements: list[tuple] = []
        reviews: list[tuple] = []
        contacts: list[tuple] = []
        placement_sites: list[tuple] = []
        funding: list[tuple] = []
        pastoral = self.staff["pastoral_lead"]
        for placement_id, (pupil, plan) in enumerate(zip(chosen, plans, strict=True), start=1):
            (provider_id, status, code, start_weeks, weeks_long, sessions, override,
             reason) = plan
            start = weekday_on_or_after(self.days(7 * start_weeks))
            planned_end = start + dt.timedelta(weeks=weeks_long)
            end = None
            if status == "ended":
                end = min(planned_end, self.days(-14))
            review_dates = []
            if status in ("active", "ended"):
                when = start + dt.timedelta(weeks=6)
                while when <= (end or self.today):
                    review_dates.append(when)
                    when += dt.timedelta(weeks=6)
            for when in review_dates:
                score = rng.choices((-1, 0, 1, 2), (10, 25, 40, 25))[0]
                reviews.append((placement_id, iso(when), score, rng.randint(72, 100),
                                rng.choice(PLACEMENT_NOTES), pastoral,
                                iso(when + dt.timedelta(days=2)),
                                rng.choice(FAMILY_FEEDBACK),
                                iso(when + dt.timedelta(weeks=6)),
                                ("phone", "meeting", "email")[len(reviews) % 3]))
            next_review = None if status in ("ended", "cancelled") else (
                (review_dates[-1] if review_dates else start) + dt.timedelta(weeks=6))
            la_notified = start - dt.timedelta(days=7) if code != "K" else start - dt.timedelta(days=21)
            objective = rng.choice(OBJECTIVES)
            cost = rng.choice((0, 4500, 9000, 12000))  # pence a session
            stream = _("Pupil premium") if pupil.pp else _("School budget")
            if site_of.get(provider_id):
                placement_sites.append((placement_id, site_of[provider_id]))
            funding.append((placement_id, stream, cost))
            ended = status == "ended"
            placements.append((
                placement_id, pupil.id, provider_id, site_of.get(provider_id), status,
                iso(start), iso(planned_end), iso(end), objective,
                _("Back to a full week in class over the final six weeks, a session at a time, "
                  "with the class teacher meeting the provider's key worker first."),
                format_sessions(sessions), code,
                _("The provider emails the school office by 10am each day, and phones at once "
                  "if the child has not arrived."),
                cost, stream,
                iso(la_notified if status != "planned" else None), override,
                iso(next_review), self.stamp,
                12 if weeks_long <= 12 else weeks_long + 4,
                iso(min(start - dt.timedelta(days=10), self.today)),
                PROVIDERS[provider_id - 1][2],  # the provider's contact sends the register
                '["Came to every session but two, and settled back into class."]'
                if ended else "",
                _("Back to a full week in class") if ended else "", reason,
                iso(self.days(14)) if override else None))
            contacts.append((pupil.id, pupil.adults[0] if pupil.adults else None, placement_id,
                             iso(dt.datetime.combine(start - dt.timedelta(days=10),
                                                      dt.time(15, 30))),
                             "meeting", _("Met the family to agree the objectives and the plan "
                                          "for coming back to a full week in school."), pastoral))
        bulk(Placement, (Placement.id, Placement.pupil, Placement.provider, Placement.site,
                          Placement.status, Placement.start_date, Placement.planned_end_date,
                          Placement.end_date, Placement.objectives, Placement.return_plan,
                          Placement.sessions, Placement.attendance_code,
                          Placement.attendance_reporting, Placement.cost_pence,
                          Placement.funding_stream, Placement.la_notified_on,
                          Placement.override_justification, Placement.next_review_date,
                          Placement.created_at, Placement.max_weeks,
                          Placement.family_agreed_on, Placement.attendance_sender,
                          Placement.outcomes, Placement.next_destination,
                          Placement.primary_reason, Placement.checks_due_on), placements)
        bulk(PlacementSite, (PlacementSite.placement, PlacementSite.site), placement_sites)
        bulk(PlacementFunding, (PlacementFunding.placement, PlacementFunding.stream,
                                PlacementFunding.pence), funding)
        bulk(PlacementReview, (PlacementReview.placement, PlacementReview.review_date,
                                PlacementReview.score, PlacementReview.attendance_percent,
                                PlacementReview.notes, PlacementReview.reviewed_by,
                                PlacementReview.family_feedback_on,
                                PlacementReview.family_feedback,
                                PlacementReview.next_review_date,
                                PlacementReview.family_told_how), reviews)
        bulk(FamilyContact, (FamilyContact.pupil, FamilyContact.adult, FamilyContact.placement,
                              FamilyContact.contact_at, FamilyContact.method,
                              FamilyContact.summary, FamilyContact.staff), contacts)
        self._count("placements", len(placements))
        self._count("placement reviews", len(reviews))
        self._count("family contacts", len(contacts))
